// The `dataclasses` module, written in kscript itself: @dataclass and its helpers.

enum DataclassesSource {
    static let text = #"""
"""Data classes: the @dataclass decorator, field(), fields(), asdict(), astuple() and replace()."""

class _MissingType:
    def __repr__(self):
        return 'MISSING'

MISSING = _MissingType()

class FrozenInstanceError(AttributeError):
    pass

class Field:
    def __init__(self, default, default_factory, init, repr, compare):
        self.name = None
        self.type = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.compare = compare

    def __repr__(self):
        return 'Field(name=' + repr(self.name) + ',type=' + repr(self.type) + ',default=' + repr(self.default) + ',default_factory=' + repr(self.default_factory) + ',init=' + repr(self.init) + ',repr=' + repr(self.repr) + ',compare=' + repr(self.compare) + ')'

def field(*, default=MISSING, default_factory=MISSING, init=True, repr=True, compare=True, hash=None, metadata=None, kw_only=False):
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError('cannot specify both default and default_factory')
    return Field(default, default_factory, init, repr, compare)

def fields(class_or_instance):
    f = getattr(class_or_instance, '__dataclass_fields__', None)
    if f is None:
        raise TypeError('must be called with a dataclass type or instance')
    return tuple(f.values())

def is_dataclass(obj):
    return hasattr(obj, '__dataclass_fields__')

def _collect_fields(cls):
    result = {}
    for base in reversed(cls.__mro__[1:]):
        result.update(getattr(base, '__dataclass_fields__', {}))
    annotations = cls.__dict__.get('__annotations__', {})
    for name, tp in annotations.items():
        if repr(tp).startswith('typing.ClassVar'):
            continue
        value = cls.__dict__.get(name, MISSING)
        if isinstance(value, Field):
            f = value
            if f.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, f.default)
        else:
            if isinstance(value, (list, dict, set)):
                raise ValueError('mutable default ' + repr(type(value)) + ' for field ' + name + ' is not allowed: use default_factory')
            f = Field(value, MISSING, True, True, True)
        f.name = name
        f.type = tp
        result[name] = f
    return result

def _make_init(cls, flds, frozen):
    params = [f for f in flds.values() if f.init]
    seen_default = False
    for f in params:
        if f.default is not MISSING or f.default_factory is not MISSING:
            seen_default = True
        elif seen_default:
            raise TypeError('non-default argument ' + repr(f.name) + ' follows default argument')
    qual = cls.__qualname__ + '.__init__()'

    def __init__(self, *args, **kwargs):
        if len(args) > len(params):
            raise TypeError(qual + ' takes ' + str(len(params) + 1) + ' positional argument' + ('' if len(params) == 0 else 's') + ' but ' + str(len(args) + 1) + ' were given')
        values = {}
        for f, a in zip(params, args):
            values[f.name] = a
        for k, v in kwargs.items():
            if not any(f.name == k for f in params):
                raise TypeError(qual + " got an unexpected keyword argument '" + k + "'")
            if k in values:
                raise TypeError(qual + " got multiple values for argument '" + k + "'")
            values[k] = v
        missing = [f.name for f in params if f.name not in values and f.default is MISSING and f.default_factory is MISSING]
        if missing:
            quoted = ["'" + m + "'" for m in missing]
            if len(quoted) == 1:
                listed = quoted[0]
            else:
                listed = ', '.join(quoted[:-1]) + ' and ' + quoted[-1]
            raise TypeError(qual + ' missing ' + str(len(missing)) + ' required positional argument' + ('s' if len(missing) > 1 else '') + ': ' + listed)
        for f in flds.values():
            if f.name in values:
                v = values[f.name]
            elif f.default_factory is not MISSING:
                v = f.default_factory()
            elif f.default is not MISSING:
                v = f.default
            else:
                continue
            object.__setattr__(self, f.name, v)
        post = getattr(self, '__post_init__', None)
        if post is not None:
            post()
    return __init__

def _tuple_of(self):
    return tuple(getattr(self, f.name) for f in self.__dataclass_fields__.values() if f.compare)

def _process(cls, init, repr_, eq, order, frozen):
    flds = _collect_fields(cls)
    cls.__dataclass_fields__ = flds
    if init and '__init__' not in cls.__dict__:
        cls.__init__ = _make_init(cls, flds, frozen)
    if repr_ and '__repr__' not in cls.__dict__:
        def __repr__(self):
            return type(self).__qualname__ + '(' + ', '.join(f.name + '=' + repr(getattr(self, f.name)) for f in flds.values() if f.repr) + ')'
        cls.__repr__ = __repr__
    if eq and '__eq__' not in cls.__dict__:
        def __eq__(self, other):
            if other.__class__ is self.__class__:
                return _tuple_of(self) == _tuple_of(other)
            return NotImplemented
        cls.__eq__ = __eq__
        if not frozen:
            cls.__hash__ = None
    if frozen:
        def __setattr__(self, name, value):
            raise FrozenInstanceError("cannot assign to field '" + name + "'")
        def __delattr__(self, name):
            raise FrozenInstanceError("cannot delete field '" + name + "'")
        cls.__setattr__ = __setattr__
        cls.__delattr__ = __delattr__
        if eq:
            def __hash__(self):
                return hash(_tuple_of(self))
            cls.__hash__ = __hash__
    if order:
        def __lt__(self, other):
            if other.__class__ is self.__class__:
                return _tuple_of(self) < _tuple_of(other)
            return NotImplemented
        def __le__(self, other):
            if other.__class__ is self.__class__:
                return _tuple_of(self) <= _tuple_of(other)
            return NotImplemented
        def __gt__(self, other):
            if other.__class__ is self.__class__:
                return _tuple_of(self) > _tuple_of(other)
            return NotImplemented
        def __ge__(self, other):
            if other.__class__ is self.__class__:
                return _tuple_of(self) >= _tuple_of(other)
            return NotImplemented
        cls.__lt__ = __lt__
        cls.__le__ = __le__
        cls.__gt__ = __gt__
        cls.__ge__ = __ge__
    return cls

def dataclass(cls=None, *, init=True, repr=True, eq=True, order=False, unsafe_hash=False, frozen=False, match_args=True, kw_only=False, slots=False):
    def wrap(c):
        made = _process(c, init, repr, eq, order, frozen)
        # match statements bind a dataclass's fields by position through __match_args__.
        if match_args and '__match_args__' not in made.__dict__:
            made.__match_args__ = tuple(f.name for f in fields(made) if f.init)
        return made
    if cls is None:
        return wrap
    return wrap(cls)

def _as(obj, factory):
    if is_dataclass(obj) and not isinstance(obj, type):
        return factory([(f.name, _as(getattr(obj, f.name), factory)) for f in fields(obj)])
    if isinstance(obj, (list, tuple)):
        return type(obj)(_as(v, factory) for v in obj)
    if isinstance(obj, dict):
        return type(obj)((_as(k, factory), _as(v, factory)) for k, v in obj.items())
    return obj

def asdict(obj, *, dict_factory=dict):
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError('asdict() should be called on dataclass instances')
    return _as(obj, dict_factory)

def astuple(obj, *, tuple_factory=tuple):
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError('astuple() should be called on dataclass instances')
    return tuple_factory(getattr(obj, f.name) if not is_dataclass(getattr(obj, f.name)) else astuple(getattr(obj, f.name)) for f in fields(obj))

def replace(obj, **changes):
    values = {f.name: getattr(obj, f.name) for f in fields(obj) if f.init}
    values.update(changes)
    return type(obj)(**values)
"""#
}
