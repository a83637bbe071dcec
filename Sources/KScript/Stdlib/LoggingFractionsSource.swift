// `logging` (loggers with levels, basicConfig with level/format/stream, %-style records written
// to stderr by default) and `fractions` (Fraction: exact rational arithmetic), written in kscript.

enum LoggingFractionsSource {
    static let logging = #"""
"""Logging: messages at levels, written to stderr as 'LEVEL:logger:message' unless configured."""

import sys as _sys

CRITICAL, FATAL, ERROR, WARNING, WARN, INFO, DEBUG, NOTSET = 50, 50, 40, 30, 30, 20, 10, 0
_names = {50: "CRITICAL", 40: "ERROR", 30: "WARNING", 20: "INFO", 10: "DEBUG", 0: "NOTSET"}
_config = {"format": "%(levelname)s:%(name)s:%(message)s", "stream": None, "configured": False}

def getLevelName(level):
    return _names.get(level, "Level %s" % level)

class Logger:
    def __init__(self, name, level=NOTSET):
        self.name = name
        self.level = level
        self.disabled = False
    def setLevel(self, level):
        self.level = level if isinstance(level, int) else {v: k for k, v in _names.items()}[level.upper()]
    def getEffectiveLevel(self):
        return self.level if self.level != NOTSET else root.level
    def isEnabledFor(self, level):
        return level >= self.getEffectiveLevel()
    def log(self, level, msg, *args, **kwargs):
        if self.disabled or not self.isEnabledFor(level):
            return
        message = str(msg) % args if args else str(msg)
        if not _config["configured"]:
            # Without any configuration, Python's last-resort handler prints warnings and worse, bare.
            if level >= WARNING:
                print(message, file=_sys.stderr)
            return
        record = {"levelname": getLevelName(level), "name": self.name, "message": message, "levelno": level}
        stream = _config["stream"] if _config["stream"] is not None else _sys.stderr
        print(_config["format"] % record, file=stream)
    def debug(self, msg, *args, **kwargs): self.log(DEBUG, msg, *args)
    def info(self, msg, *args, **kwargs): self.log(INFO, msg, *args)
    def warning(self, msg, *args, **kwargs): self.log(WARNING, msg, *args)
    warn = warning
    def error(self, msg, *args, **kwargs): self.log(ERROR, msg, *args)
    def exception(self, msg, *args, **kwargs): self.log(ERROR, msg, *args)
    def critical(self, msg, *args, **kwargs): self.log(CRITICAL, msg, *args)
    fatal = critical

root = Logger("root", WARNING)
_loggers = {}

def getLogger(name=None):
    """The logger of that name (the root logger without one)."""
    if name is None or name == "root":
        return root
    if name not in _loggers:
        _loggers[name] = Logger(name)
    return _loggers[name]

def basicConfig(level=None, format=None, stream=None, force=False, **kwargs):
    """Sets the root level, the record format and the stream, once (again with force=True)."""
    if _config["configured"] and not force:
        return
    _config["configured"] = True
    if level is not None:
        root.setLevel(level)
    if format is not None:
        _config["format"] = format
    if stream is not None:
        _config["stream"] = stream

def disable(level=CRITICAL):
    root.disabled = level >= CRITICAL

# The module's functions configure logging with the defaults first, as Python's do.
def debug(msg, *args, **kwargs): basicConfig(); root.debug(msg, *args)
def info(msg, *args, **kwargs): basicConfig(); root.info(msg, *args)
def warning(msg, *args, **kwargs): basicConfig(); root.warning(msg, *args)
warn = warning
def error(msg, *args, **kwargs): basicConfig(); root.error(msg, *args)
def exception(msg, *args, **kwargs): basicConfig(); root.error(msg, *args)
def critical(msg, *args, **kwargs): basicConfig(); root.critical(msg, *args)
def log(level, msg, *args, **kwargs): basicConfig(); root.log(level, msg, *args)
"""#

    static let fractions = #"""
"""Rational numbers."""

import math as _math

class Fraction:
    """numerator/denominator in lowest terms, the denominator positive."""
    def __init__(self, numerator=0, denominator=None):
        if denominator is None:
            if isinstance(numerator, Fraction):
                n, d = numerator.numerator, numerator.denominator
            elif isinstance(numerator, float):
                n, d = numerator.as_integer_ratio()
            elif isinstance(numerator, str):
                text = numerator.strip()
                if "/" in text:
                    a, b = text.split("/")
                    n, d = int(a), int(b)
                elif "." in text or "e" in text.lower():
                    f = Fraction(float(text))
                    n, d = f.numerator, f.denominator
                else:
                    n, d = int(text), 1
            else:
                n, d = int(numerator), 1
        else:
            if isinstance(numerator, Fraction) or isinstance(denominator, Fraction):
                q = Fraction(numerator) / Fraction(denominator)
                n, d = q.numerator, q.denominator
            else:
                n, d = numerator, denominator
        if d == 0:
            raise ZeroDivisionError("Fraction(%s, 0)" % n)
        g = _math.gcd(n, d)
        if d < 0:
            g = -g
        self._n, self._d = n // g, d // g
    @property
    def numerator(self): return self._n
    @property
    def denominator(self): return self._d
    def __repr__(self): return "Fraction(%d, %d)" % (self._n, self._d)
    def __str__(self): return str(self._n) if self._d == 1 else "%d/%d" % (self._n, self._d)
    @staticmethod
    def _of(x):
        if isinstance(x, Fraction): return x
        if isinstance(x, int): return Fraction(x)
        return None
    def __add__(self, o):
        if isinstance(o, float): return float(self) + o
        o = Fraction._of(o)
        return NotImplemented if o is None else Fraction(self._n * o._d + o._n * self._d, self._d * o._d)
    __radd__ = __add__
    def __sub__(self, o):
        if isinstance(o, float): return float(self) - o
        o = Fraction._of(o)
        return NotImplemented if o is None else Fraction(self._n * o._d - o._n * self._d, self._d * o._d)
    def __rsub__(self, o):
        if isinstance(o, float): return o - float(self)
        o = Fraction._of(o)
        return NotImplemented if o is None else o - self
    def __mul__(self, o):
        if isinstance(o, float): return float(self) * o
        o = Fraction._of(o)
        return NotImplemented if o is None else Fraction(self._n * o._n, self._d * o._d)
    __rmul__ = __mul__
    def __truediv__(self, o):
        if isinstance(o, float): return float(self) / o
        o = Fraction._of(o)
        if o is None: return NotImplemented
        if o._n == 0: raise ZeroDivisionError("Fraction(%d, 0)" % (self._n * o._d))
        return Fraction(self._n * o._d, self._d * o._n)
    def __rtruediv__(self, o):
        if isinstance(o, float): return o / float(self)
        o = Fraction._of(o)
        return NotImplemented if o is None else o / self
    def __floordiv__(self, o):
        o = Fraction._of(o)
        return (self._n * o._d) // (self._d * o._n)
    def __mod__(self, o):
        o = Fraction._of(o)
        return self - o * (self // o)
    def __pow__(self, p):
        if isinstance(p, int):
            return Fraction(self._n ** p, self._d ** p) if p >= 0 else Fraction(self._d ** -p, self._n ** -p)
        return float(self) ** p
    def __neg__(self): return Fraction(-self._n, self._d)
    def __pos__(self): return self
    def __abs__(self): return Fraction(abs(self._n), self._d)
    def __float__(self): return self._n / self._d
    def __int__(self): return int(self._n / self._d) if abs(self._n) < 2 ** 53 else (self._n // self._d if self._n >= 0 else -((-self._n) // self._d))
    def __bool__(self): return self._n != 0
    def __hash__(self): return hash(self._n) if self._d == 1 else hash((self._n, self._d))
    def _cmp(self, o):
        if isinstance(o, float): return (float(self) > o) - (float(self) < o)
        o = Fraction._of(o)
        a, b = self._n * o._d, o._n * self._d
        return (a > b) - (a < b)
    def __eq__(self, o):
        if isinstance(o, (Fraction, int, float)): return self._cmp(o) == 0
        return NotImplemented
    def __lt__(self, o): return self._cmp(o) < 0
    def __le__(self, o): return self._cmp(o) <= 0
    def __gt__(self, o): return self._cmp(o) > 0
    def __ge__(self, o): return self._cmp(o) >= 0
    def limit_denominator(self, max_denominator=1000000):
        """The closest fraction with a denominator at most max_denominator."""
        if self._d <= max_denominator:
            return Fraction(self)
        p0, q0, p1, q1 = 0, 1, 1, 0
        n, d = self._n, self._d
        while True:
            a = n // d
            q2 = q0 + a * q1
            if q2 > max_denominator:
                break
            p0, q0, p1, q1 = p1, q1, p0 + a * p1, q2
            n, d = d, n - a * d
        k = (max_denominator - q0) // q1
        bound1 = Fraction(p0 + k * p1, q0 + k * q1)
        bound2 = Fraction(p1, q1)
        return bound2 if abs(bound2 - self) <= abs(bound1 - self) else bound1
    def as_integer_ratio(self): return (self._n, self._d)
"""#
}
