// The `enum` module, written in kscript itself: Enum, IntEnum, auto, unique.

enum EnumSource {
    static let text = #"""
"""Enumerations: Enum and IntEnum with auto() and unique(); members are made when the class is defined."""

class auto:
    """Instances are replaced with an appropriate value for Enum members."""
    _counter = 0
    def __init__(self):
        auto._counter += 1
        self._order = auto._counter

def unique(enumeration):
    seen = {}
    for name, member in enumeration.__members__.items():
        if name != member._name_:
            raise ValueError('duplicate values found in ' + repr(enumeration) + ': ' + name + ' -> ' + member._name_)
    return enumeration

class EnumType(type):
    """The type of Enum classes: iterating, measuring and indexing a class gives its members."""

    def __iter__(cls):
        return iter(list(cls._member_map_.values()))

    def __reversed__(cls):
        return reversed(list(cls._member_map_.values()))

    def __len__(cls):
        return len(cls._member_map_)

    def __contains__(cls, member):
        return isinstance(member, cls) and member._name_ in cls._member_map_

    def __getitem__(cls, name):
        return cls._member_map_[name]

EnumMeta = EnumType

class Enum(metaclass=EnumType):
    """Create a collection of name/value pairs."""

    def __init_subclass__(cls, **kwargs):
        members = {}
        by_value = {}
        last = 0
        for name, value in list(vars(cls).items()):
            if name.startswith('_') or callable(value) or isinstance(value, (staticmethod, classmethod, property)):
                continue
            if isinstance(value, auto):
                value = cls._generate_next_value_(name, 1, len(members), [m._value_ for m in members.values()])
            if value in by_value:
                member = by_value[value]
            else:
                member = object.__new__(cls)
                member._name_ = name
                member._value_ = value
                by_value[value] = member
            members[name] = member
            setattr(cls, name, member)
        if members or not hasattr(cls, '_member_map_'):
            cls._member_map_ = members
            cls._value2member_map_ = by_value
            cls.__members__ = dict(members)

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        for v in reversed(last_values):
            if isinstance(v, int):
                return v + 1
        return start

    def __new__(cls, value):
        if isinstance(value, cls):
            return value
        try:
            return cls._value2member_map_[value]
        except (KeyError, TypeError):
            pass
        raise ValueError(repr(value) + ' is not a valid ' + cls.__qualname__)

    @property
    def name(self):
        return self._name_

    @property
    def value(self):
        return self._value_

    def __repr__(self):
        return '<' + type(self).__name__ + '.' + self._name_ + ': ' + repr(self._value_) + '>'

    def __str__(self):
        return type(self).__name__ + '.' + self._name_

    def __format__(self, spec):
        return format(str(self), spec)

    def __hash__(self):
        return hash(self._name_)

    def __eq__(self, other):
        return self is other

    def __reduce_ex__(self, proto):
        return self.__class__, (self._value_,)

class IntEnum(Enum):
    """An Enum whose members are also integers: they compare, hash and compute as their values."""

    def __str__(self):
        return str(self._value_)

    def __format__(self, spec):
        return format(self._value_, spec)

    def __int__(self):
        return self._value_

    def __index__(self):
        return self._value_

    def __hash__(self):
        return hash(self._value_)

    def __eq__(self, other):
        return self._value_ == (other._value_ if isinstance(other, Enum) else other)

    def __lt__(self, other):
        return self._value_ < int(other)

    def __le__(self, other):
        return self._value_ <= int(other)

    def __gt__(self, other):
        return self._value_ > int(other)

    def __ge__(self, other):
        return self._value_ >= int(other)

    def __add__(self, other):
        return self._value_ + other

    def __radd__(self, other):
        return other + self._value_

    def __sub__(self, other):
        return self._value_ - other

    def __mul__(self, other):
        return self._value_ * other
"""#
}
