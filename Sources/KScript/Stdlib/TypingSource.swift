// The `typing` module, written in kscript itself: the names type hints use.

enum TypingSource {
    static let text = #"""
"""Type hints: the names of CPython's typing module, usable in annotations (they check nothing)."""

TYPE_CHECKING = False

class _Special:
    def __init__(self, name, args=()):
        self._name = name
        self.__args__ = args
    def __getitem__(self, params):
        if not isinstance(params, tuple):
            params = (params,)
        return _Special(self._name, params)
    def __call__(self, *args, **kwargs):
        raise TypeError('Cannot instantiate typing.' + self._name)
    def __repr__(self):
        if not self.__args__:
            return 'typing.' + self._name
        return 'typing.' + self._name + '[' + ', '.join(_type_repr(a) for a in self.__args__) + ']'

def _type_repr(t):
    if isinstance(t, type):
        if t.__module__ == 'builtins':
            return t.__name__
        return t.__module__ + '.' + t.__qualname__
    if t is None:
        return 'None'
    if t is ...:
        return '...'
    if isinstance(t, list):
        return '[' + ', '.join(_type_repr(a) for a in t) + ']'
    return repr(t)

Any = _Special('Any')
Union = _Special('Union')
Optional = _Special('Optional')
List = _Special('List')
Dict = _Special('Dict')
Set = _Special('Set')
FrozenSet = _Special('FrozenSet')
Tuple = _Special('Tuple')
Type = _Special('Type')
Callable = _Special('Callable')
Iterable = _Special('Iterable')
Iterator = _Special('Iterator')
Generator = _Special('Generator')
Sequence = _Special('Sequence')
Mapping = _Special('Mapping')
MutableMapping = _Special('MutableMapping')
MutableSequence = _Special('MutableSequence')
Literal = _Special('Literal')
Final = _Special('Final')
ClassVar = _Special('ClassVar')
NoReturn = _Special('NoReturn')
Hashable = _Special('Hashable')
Sized = _Special('Sized')
Collection = _Special('Collection')
DefaultDict = _Special('DefaultDict')
Deque = _Special('Deque')
Counter = _Special('Counter')
Annotated = _Special('Annotated')
Text = str
AnyStr = _Special('AnyStr')

class TypeVar:
    def __init__(self, name, *constraints, bound=None, covariant=False, contravariant=False):
        self.__name__ = name
        self.__constraints__ = constraints
        self.__bound__ = bound
    def __repr__(self):
        return '~' + self.__name__

class Generic:
    def __class_getitem__(cls, params):
        return cls

class Protocol(Generic):
    pass

def cast(typ, val):
    return val

def overload(func):
    return func

def final(f):
    return f

def no_type_check(f):
    return f

def get_type_hints(obj):
    return dict(getattr(obj, '__annotations__', {}))

def NewType(name, tp):
    def new_type(x):
        return x
    new_type.__name__ = name
    return new_type
"""#
}
