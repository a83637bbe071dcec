// The `functools` module, written in kscript itself: reduce, partial, wraps and memoizing caches.

enum FunctoolsSource {
    static let text = #"""
"""Higher-order functions: folding, partial application, wrapper metadata and result caches."""

_missing = object()

def reduce(function, iterable, initial=_missing):
    it = iter(iterable)
    if initial is _missing:
        try:
            value = next(it)
        except StopIteration:
            raise TypeError("reduce() of empty iterable with no initial value") from None
    else:
        value = initial
    for item in it:
        value = function(value, item)
    return value

class partial:
    """A callable that calls `func` with some arguments already given."""

    def __init__(self, func, *args, **keywords):
        if not callable(func):
            raise TypeError("the first argument must be callable")
        self.func = func
        self.args = args
        self.keywords = keywords

    def __call__(self, *args, **keywords):
        merged = dict(self.keywords)
        merged.update(keywords)
        return self.func(*self.args, *args, **merged)

    def __repr__(self):
        parts = [repr(self.func)] + [repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in self.keywords.items()]
        return "functools.partial(" + ", ".join(parts) + ")"

WRAPPER_ASSIGNMENTS = ('__module__', '__name__', '__qualname__', '__doc__')

def update_wrapper(wrapper, wrapped, assigned=WRAPPER_ASSIGNMENTS):
    for name in assigned:
        if hasattr(wrapped, name):
            setattr(wrapper, name, getattr(wrapped, name))
    wrapper.__wrapped__ = wrapped
    return wrapper

def wraps(wrapped, assigned=WRAPPER_ASSIGNMENTS):
    def decorate(wrapper):
        return update_wrapper(wrapper, wrapped, assigned)
    return decorate

class _CacheInfo:
    def __init__(self, hits, misses, maxsize, currsize):
        self.hits, self.misses, self.maxsize, self.currsize = hits, misses, maxsize, currsize

    def __repr__(self):
        return f"CacheInfo(hits={self.hits}, misses={self.misses}, maxsize={self.maxsize}, currsize={self.currsize})"

def _make_key(args, kwargs):
    return args + tuple(sorted(kwargs.items())) if kwargs else args

def lru_cache(maxsize=128):
    if callable(maxsize):
        return lru_cache(128)(maxsize)
    def decorate(function):
        results = {}
        stats = [0, 0]
        def cached(*args, **kwargs):
            key = _make_key(args, kwargs)
            if key in results:
                stats[0] += 1
                value = results.pop(key)
                results[key] = value
                return value
            stats[1] += 1
            value = function(*args, **kwargs)
            results[key] = value
            if maxsize is not None and len(results) > maxsize:
                del results[next(iter(results))]
            return value
        def cache_info():
            return _CacheInfo(stats[0], stats[1], maxsize, len(results))
        def cache_clear():
            results.clear()
            stats[0] = stats[1] = 0
        cached.cache_info = cache_info
        cached.cache_clear = cache_clear
        return update_wrapper(cached, function)
    return decorate

def cache(function):
    return lru_cache(None)(function)


def cmp_to_key(mycmp):
    """Convert an old-style comparison function into a key function."""
    class K:
        __slots__ = ("obj",)
        def __init__(self, obj):
            self.obj = obj
        def __lt__(self, other):
            return mycmp(self.obj, other.obj) < 0
        def __gt__(self, other):
            return mycmp(self.obj, other.obj) > 0
        def __eq__(self, other):
            return mycmp(self.obj, other.obj) == 0
        def __le__(self, other):
            return mycmp(self.obj, other.obj) <= 0
        def __ge__(self, other):
            return mycmp(self.obj, other.obj) >= 0
        __hash__ = None
    return K
"""#
}
