// The `collections` module, written in kscript itself: defaultdict, Counter, OrderedDict,
// namedtuple and deque, printing and behaving as CPython 3.11's do.

enum CollectionsSource {
    static let text = #"""
"""Container datatypes: dicts with defaults, counters, ordered dicts, named tuples and deques."""

def _type_repr(t):
    if t is None:
        return "None"
    return repr(t)

class defaultdict(dict):
    """A dict that calls default_factory to make the value of a missing key."""

    def __init__(self, default_factory=None, *args, **kwargs):
        if default_factory is not None and not callable(default_factory):
            raise TypeError("first argument must be callable or None")
        dict.__init__(self, *args, **kwargs)
        self.default_factory = default_factory

    def __missing__(self, key):
        if self.default_factory is None:
            raise KeyError(key)
        value = self.default_factory()
        self[key] = value
        return value

    def __repr__(self):
        return "defaultdict(" + _type_repr(self.default_factory) + ", " + repr(dict(self)) + ")"

    def copy(self):
        return defaultdict(self.default_factory, self)

    __copy__ = copy


class Counter(dict):
    """A dict of counts: missing keys count zero."""

    def __init__(self, iterable=None, /, **kwds):
        dict.__init__(self)
        self.update(iterable, **kwds)

    def __missing__(self, key):
        return 0

    def total(self):
        return sum(self.values())

    def most_common(self, n=None):
        ordered = sorted(self.items(), key=lambda item: item[1], reverse=True)
        return ordered if n is None else ordered[:n]

    def elements(self):
        for key, count in self.items():
            for _ in range(count):
                yield key

    def update(self, iterable=None, /, **kwds):
        if iterable is not None:
            if isinstance(iterable, dict) or hasattr(iterable, "keys"):
                for key in iterable.keys():
                    self[key] = self[key] + iterable[key]
            else:
                for key in iterable:
                    self[key] = self[key] + 1
        if kwds:
            self.update(kwds)

    def subtract(self, iterable=None, /, **kwds):
        if iterable is not None:
            if isinstance(iterable, dict) or hasattr(iterable, "keys"):
                for key in iterable.keys():
                    self[key] = self[key] - iterable[key]
            else:
                for key in iterable:
                    self[key] = self[key] - 1
        if kwds:
            self.subtract(kwds)

    def copy(self):
        return Counter(self)

    def __delitem__(self, key):
        if key in self:
            self.pop(key)

    def __repr__(self):
        if not self:
            return type(self).__name__ + "()"
        return type(self).__name__ + "(" + repr(dict(self.most_common())) + ")"

    def __eq__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return all(self[k] == other[k] for c in (self, other) for k in c)

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def _keep_positive(self):
        return Counter({k: v for k, v in self.items() if v > 0})

    def __add__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for key, count in self.items():
            if count + other[key] > 0:
                result[key] = count + other[key]
        for key, count in other.items():
            if key not in self and count > 0:
                result[key] = count
        return result

    def __sub__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for key, count in self.items():
            if count - other[key] > 0:
                result[key] = count - other[key]
        for key, count in other.items():
            if key not in self and count < 0:
                result[key] = -count
        return result

    def __or__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for key, count in self.items():
            best = max(count, other[key])
            if best > 0:
                result[key] = best
        for key, count in other.items():
            if key not in self and count > 0:
                result[key] = count
        return result

    def __and__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for key, count in self.items():
            least = min(count, other[key])
            if least > 0:
                result[key] = least
        return result

    def __pos__(self):
        return self._keep_positive()

    def __neg__(self):
        return Counter({k: -v for k, v in self.items() if v < 0})


class OrderedDict(dict):
    """A dict that can move keys to either end and compares order-sensitively with its kind."""

    def move_to_end(self, key, last=True):
        value = self.pop(key)
        if last:
            self[key] = value
        else:
            rest = list(self.items())
            self.clear()
            self[key] = value
            self.update(rest)

    def popitem(self, last=True):
        if not self:
            raise KeyError("dictionary is empty")
        key = next(reversed(list(self.keys()))) if last else next(iter(self.keys()))
        return key, self.pop(key)

    def copy(self):
        return type(self)(self)

    def __repr__(self):
        if not self:
            return type(self).__name__ + "()"
        return type(self).__name__ + "(" + repr(list(self.items())) + ")"

    def __eq__(self, other):
        if isinstance(other, OrderedDict):
            return list(self.items()) == list(other.items())
        if isinstance(other, dict):
            return dict(self) == dict(other)
        return NotImplemented

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result


def namedtuple(typename, field_names, *, rename=False, defaults=None, module=None):
    """A tuple subclass whose items are also attributes named by field_names."""
    if isinstance(field_names, str):
        field_names = field_names.replace(",", " ").split()
    field_names = [str(name) for name in field_names]
    seen = set()
    for index, name in enumerate(field_names):
        bad = not name.isidentifier() or name.startswith("_") or name in seen
        if rename and bad:
            field_names[index] = "_" + str(index)
        elif not name.isidentifier():
            raise ValueError("Type names and field names must be valid identifiers: " + repr(name))
        elif name.startswith("_"):
            raise ValueError("Field names cannot start with an underscore: " + repr(name))
        elif name in seen:
            raise ValueError("Encountered duplicate field name: " + repr(name))
        seen.add(field_names[index])
    fields = tuple(field_names)
    field_defaults = {}
    if defaults is not None:
        defaults = tuple(defaults)
        if len(defaults) > len(fields):
            raise TypeError("Got more default values than field names")
        field_defaults = dict(zip(fields[len(fields) - len(defaults):], defaults))

    def __new__(cls, *args, **kwargs):
        if len(args) > len(fields):
            raise TypeError(typename + ".__new__() takes " + str(len(fields) + 1) + " positional arguments but " + str(len(args) + 1) + " were given")
        values = list(args)
        for name in fields[len(args):]:
            if name in kwargs:
                values.append(kwargs.pop(name))
            elif name in field_defaults:
                values.append(field_defaults[name])
            else:
                values.append(_missing)
        for name in kwargs:
            if name in fields:
                raise TypeError(typename + ".__new__() got multiple values for argument " + repr(name))
            raise TypeError(typename + ".__new__() got an unexpected keyword argument " + repr(name))
        missing = [name for name, value in zip(fields, values) if value is _missing]
        if missing:
            quoted = [repr(name) for name in missing]
            if len(quoted) == 1:
                listed = quoted[0]
            else:
                listed = ", ".join(quoted[:-1]) + " and " + quoted[-1]
            plural = "argument" if len(missing) == 1 else "arguments"
            raise TypeError(typename + ".__new__() missing " + str(len(missing)) + " required positional " + plural + ": " + listed)
        return tuple.__new__(cls, values)

    def _make(cls, iterable):
        values = tuple(iterable)
        if len(values) != len(fields):
            raise TypeError("Expected " + str(len(fields)) + " arguments, got " + str(len(values)))
        return tuple.__new__(cls, values)

    def _replace(self, **kwargs):
        result = self._make([kwargs.pop(name, value) for name, value in zip(fields, self)])
        if kwargs:
            raise ValueError("Got unexpected field names: " + repr(list(kwargs)))
        return result

    def _asdict(self):
        return dict(zip(fields, self))

    def __repr__(self):
        return type(self).__name__ + "(" + ", ".join(name + "=" + repr(value) for name, value in zip(fields, self)) + ")"

    def __getnewargs__(self):
        return tuple(self)

    namespace = {
        "__doc__": typename + "(" + ", ".join(fields) + ")",
        "__slots__": (),
        "_fields": fields,
        "_field_defaults": field_defaults,
        "__new__": staticmethod(__new__),
        "_make": classmethod(_make),
        "_replace": _replace,
        "_asdict": _asdict,
        "__repr__": __repr__,
        "__getnewargs__": __getnewargs__,
        "__match_args__": fields,
    }
    for index, name in enumerate(fields):
        namespace[name] = property(_item_getter(index), doc="Alias for field number " + str(index))
    cls = type(typename, (tuple,), namespace)
    if module is not None:
        cls.__module__ = module
    return cls

_missing = object()

def _item_getter(index):
    def get(self):
        return self[index]
    return get


class deque:
    """A sequence with fast appends and pops at both ends, optionally bounded by maxlen."""

    def __init__(self, iterable=(), maxlen=None):
        if maxlen is not None:
            if not isinstance(maxlen, int):
                raise TypeError("an integer is required")
            if maxlen < 0:
                raise ValueError("maxlen must be non-negative")
        self._items = []
        self._head = 0
        self._maxlen = maxlen
        self.extend(iterable)

    @property
    def maxlen(self):
        return self._maxlen

    def _live(self):
        if self._head:
            del self._items[:self._head]
            self._head = 0
        return self._items

    def append(self, x):
        self._items.append(x)
        if self._maxlen is not None and len(self) > self._maxlen:
            self.popleft()

    def appendleft(self, x):
        self._live().insert(0, x)
        if self._maxlen is not None and len(self) > self._maxlen:
            self._items.pop()

    def extend(self, iterable):
        for x in list(iterable):
            self.append(x)

    def extendleft(self, iterable):
        for x in list(iterable):
            self.appendleft(x)

    def pop(self):
        if not len(self):
            raise IndexError("pop from an empty deque")
        x = self._items.pop()
        if self._head >= len(self._items):
            self._items = []
            self._head = 0
        return x

    def popleft(self):
        if not len(self):
            raise IndexError("pop from an empty deque")
        x = self._items[self._head]
        self._items[self._head] = None
        self._head += 1
        if self._head * 2 >= len(self._items):
            self._live()
        return x

    def clear(self):
        self._items = []
        self._head = 0

    def copy(self):
        return deque(self, self._maxlen)

    def count(self, x):
        return self._live().count(x)

    def index(self, x, start=0, stop=None):
        items = self._live()
        for i in range(start, len(items) if stop is None else min(stop, len(items))):
            if items[i] == x:
                return i
        raise ValueError(repr(x) + " is not in deque")

    def insert(self, i, x):
        if self._maxlen is not None and len(self) >= self._maxlen:
            raise IndexError("deque already at its maximum size")
        self._live().insert(i, x)

    def remove(self, value):
        items = self._live()
        for i, x in enumerate(items):
            if x == value:
                del items[i]
                return
        raise ValueError("deque.remove(x): x not in deque")

    def reverse(self):
        self._live().reverse()

    def rotate(self, n=1):
        items = self._live()
        if items:
            n %= len(items)
            if n:
                self._items = items[-n:] + items[:-n]

    def __len__(self):
        return len(self._items) - self._head

    def __bool__(self):
        return len(self) > 0

    def __iter__(self):
        return iter(self._live()[:])

    def __reversed__(self):
        return reversed(self._live()[:])

    def __contains__(self, x):
        return x in self._live()

    def __getitem__(self, i):
        if isinstance(i, slice):
            raise TypeError("sequence index must be integer, not 'slice'")
        try:
            return self._live()[i]
        except IndexError:
            raise IndexError("deque index out of range") from None

    def __setitem__(self, i, x):
        try:
            self._live()[i] = x
        except IndexError:
            raise IndexError("deque index out of range") from None

    def __delitem__(self, i):
        try:
            del self._live()[i]
        except IndexError:
            raise IndexError("deque index out of range") from None

    def __eq__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._live() == other._live()

    def __add__(self, other):
        if not isinstance(other, deque):
            raise TypeError('can only concatenate deque (not "' + type(other).__name__ + '") to deque')
        result = self.copy()
        result.extend(other)
        return result

    def __iadd__(self, other):
        self.extend(other)
        return self

    def __repr__(self):
        body = repr(self._live())
        if self._maxlen is None:
            return "deque(" + body + ")"
        return "deque(" + body + ", maxlen=" + str(self._maxlen) + ")"


class ChainMap:
    """Several mappings looked up as one, the first holding a key winning; writes go to the first."""

    def __init__(self, *maps):
        self.maps = list(maps) or [{}]

    def __getitem__(self, key):
        for mapping in self.maps:
            if key in mapping:
                return mapping[key]
        return self.__missing__(key)

    def __missing__(self, key):
        raise KeyError(key)

    def get(self, key, default=None):
        return self[key] if key in self else default

    def __contains__(self, key):
        return any(key in m for m in self.maps)

    def __len__(self):
        return len(set().union(*self.maps))

    def __iter__(self):
        seen = {}
        for mapping in reversed(self.maps):
            seen.update(dict.fromkeys(mapping))
        return iter(seen)

    def keys(self):
        return list(self)

    def items(self):
        return [(k, self[k]) for k in self]

    def values(self):
        return [self[k] for k in self]

    def __setitem__(self, key, value):
        self.maps[0][key] = value

    def __delitem__(self, key):
        try:
            del self.maps[0][key]
        except KeyError:
            raise KeyError("Key not found in the first mapping: " + repr(key)) from None

    def new_child(self, m=None):
        return ChainMap({} if m is None else m, *self.maps)

    @property
    def parents(self):
        return ChainMap(*self.maps[1:])

    def __repr__(self):
        return "ChainMap(" + ", ".join(repr(m) for m in self.maps) + ")"
"""#
}
