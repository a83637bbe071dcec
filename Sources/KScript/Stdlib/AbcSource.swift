// The `abc` module, written in kscript itself: ABC and abstractmethod.

enum AbcSource {
    static let text = #"""
"""Abstract base classes: ABC and abstractmethod, with CPython's error on instantiating an abstract class."""

def abstractmethod(funcobj):
    funcobj.__isabstractmethod__ = True
    return funcobj

def _abstract_names(cls):
    names = []
    seen = set()
    for klass in cls.__mro__:
        for name, value in vars(klass).items():
            if name in seen:
                continue
            seen.add(name)
            if getattr(value, '__isabstractmethod__', False):
                names.append(name)
    return sorted(names)

class ABCMeta(type):
    pass

class ABC:
    """Helper class that provides a standard way to create an ABC using inheritance."""

    def __new__(cls, *args, **kwargs):
        names = _abstract_names(cls)
        if names:
            plural = 's' if len(names) > 1 else ''
            raise TypeError("Can't instantiate abstract class " + cls.__name__ + ' with abstract method' + plural + ' ' + ', '.join(repr(n)[1:-1] for n in names))
        return object.__new__(cls)
"""#
}
