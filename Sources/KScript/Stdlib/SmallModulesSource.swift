// Small standard modules written in kscript itself: `types` (SimpleNamespace), `gc` (collect,
// a no-op under reference counting) and `timeit` (timeit and repeat of callables or strings).

enum SmallModulesSource {
    static let types = #"""
"""Names of the types of the language."""

class SimpleNamespace:
    """An object whose attributes are the keyword arguments it was made with."""
    def __init__(self, mapping=None, /, **kwargs):
        if mapping is not None:
            for k, v in dict(mapping).items():
                setattr(self, k, v)
        for k, v in kwargs.items():
            setattr(self, k, v)
    def __repr__(self):
        return "namespace(" + ", ".join(k + "=" + repr(v) for k, v in self.__dict__.items()) + ")"
    def __eq__(self, other):
        return isinstance(other, SimpleNamespace) and self.__dict__ == other.__dict__

FunctionType = type(lambda: None)
LambdaType = FunctionType
def _gen():
    yield None
GeneratorType = type(_gen())
BuiltinFunctionType = type(len)
ModuleType = type(__import__("sys"))
NoneType = type(None)
"""#

    static let gc = #"""
"""Garbage collection: kscript counts references, so there is nothing to collect."""

def collect(generation=2):
    return 0

def enable():
    pass

def disable():
    pass

def isenabled():
    return True
"""#

    static let timeit = #"""
"""Timing small pieces of code."""

import time as _time

default_timer = _time.perf_counter

def _runner(stmt, globals):
    if callable(stmt):
        return stmt
    namespace = {} if globals is None else globals
    return lambda: exec(stmt, namespace)

def timeit(stmt="pass", setup="pass", timer=default_timer, number=1000000, globals=None):
    """Seconds taken by `number` runs of stmt (a callable or source text)."""
    if not callable(setup):
        exec(setup, {} if globals is None else globals)
    else:
        setup()
    run = _runner(stmt, globals)
    start = timer()
    for _ in range(number):
        run()
    return timer() - start

def repeat(stmt="pass", setup="pass", timer=default_timer, repeat=5, number=1000000, globals=None):
    """timeit, `repeat` times."""
    return [timeit(stmt, setup, timer, number, globals) for _ in range(repeat)]
"""#
}
