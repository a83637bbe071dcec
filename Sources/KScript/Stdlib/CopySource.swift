// The `copy` module, written in kscript itself: shallow and deep copies.

enum CopySource {
    static let text = #"""
"""Shallow and deep copy operations, as CPython's copy module."""

class Error(Exception):
    pass

_atomic = (type(None), int, float, bool, str, bytes, type, range, type(len), type(lambda: 0))

def copy(x):
    cls = type(x)
    if isinstance(x, _atomic):
        return x
    if hasattr(x, '__copy__'):
        return x.__copy__()
    if cls in (list, dict, set):
        return cls(x)
    if cls in (tuple, frozenset):
        return x
    if hasattr(x, '__dict__') and not isinstance(x, type):
        y = object.__new__(cls)
        for k, v in x.__dict__.items():
            object.__setattr__(y, k, v)
        return y
    if hasattr(x, 'copy'):
        return x.copy()
    raise Error('un(shallow)copyable object of type ' + repr(cls))

def deepcopy(x, memo=None):
    if memo is None:
        memo = {}
    key = id(x)
    if key in memo:
        return memo[key]
    if isinstance(x, _atomic):
        return x
    cls = type(x)
    if hasattr(x, '__deepcopy__'):
        y = x.__deepcopy__(memo)
    elif cls is list:
        y = []
        memo[key] = y
        for item in x:
            y.append(deepcopy(item, memo))
    elif cls is dict:
        y = {}
        memo[key] = y
        for k, v in x.items():
            y[deepcopy(k, memo)] = deepcopy(v, memo)
    elif cls is tuple:
        y = tuple(deepcopy(item, memo) for item in x)
    elif cls in (set, frozenset):
        y = cls(deepcopy(item, memo) for item in x)
    elif hasattr(x, '__dict__') and not isinstance(x, type):
        y = object.__new__(cls)
        memo[key] = y
        for k, v in x.__dict__.items():
            object.__setattr__(y, k, deepcopy(v, memo))
    elif hasattr(x, 'copy'):
        y = x.copy()
    else:
        raise Error('un(deep)copyable object of type ' + repr(cls))
    memo[key] = y
    return y
"""#
}
