// The `datetime` module, written in kscript itself: timedelta, date and datetime (naive, local
// time) with their arithmetic, comparisons, isoformat, strftime and CPython's str/repr.

enum DatetimeSource {
    static let text = #"""
"""Dates, times and durations (naive, in local time)."""

import time as _time

MINYEAR, MAXYEAR = 1, 9999
_DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

def _is_leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)

def _days_in_month(y, m):
    return 29 if m == 2 and _is_leap(y) else _DAYS_IN_MONTH[m]

def _ordinal(y, m, d):
    before = (y - 1) * 365 + (y - 1) // 4 - (y - 1) // 100 + (y - 1) // 400
    return before + sum(_days_in_month(y, k) for k in range(1, m)) + d

def _from_ordinal(n):
    y = max(1, (n * 400) // 146097)
    while _ordinal(y + 1, 1, 1) <= n:
        y += 1
    while _ordinal(y, 1, 1) > n:
        y -= 1
    m = 1
    while m < 12 and _ordinal(y, m + 1, 1) <= n:
        m += 1
    return y, m, n - _ordinal(y, m, 1) + 1

class timedelta:
    """A duration: days, seconds (below a day) and microseconds (below a second)."""
    def __init__(self, days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0, weeks=0):
        total = (((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds
        us = round(total * 1000000 + milliseconds * 1000 + microseconds)
        self._us = us
        self.days, rest = divmod(us, 86400 * 1000000)
        self.seconds, self.microseconds = divmod(rest, 1000000)
    def total_seconds(self):
        return self._us / 1000000
    def __repr__(self):
        parts = [f"{k}={v}" for k, v in (("days", self.days), ("seconds", self.seconds), ("microseconds", self.microseconds)) if v]
        return "datetime.timedelta(" + (", ".join(parts) if parts else "0") + ")"
    def __str__(self):
        m, s = divmod(self.seconds, 60)
        h, m = divmod(m, 60)
        text = "%d:%02d:%02d" % (h, m, s)
        if self.microseconds:
            text += ".%06d" % self.microseconds
        if self.days:
            text = "%d day%s, " % (self.days, "" if abs(self.days) == 1 else "s") + text
        return text
    def __add__(self, o):
        if isinstance(o, timedelta):
            return timedelta(microseconds=self._us + o._us)
        return NotImplemented
    __radd__ = __add__
    def __sub__(self, o):
        if isinstance(o, timedelta):
            return timedelta(microseconds=self._us - o._us)
        return NotImplemented
    def __neg__(self):
        return timedelta(microseconds=-self._us)
    def __pos__(self):
        return self
    def __abs__(self):
        return timedelta(microseconds=abs(self._us))
    def __mul__(self, k):
        if isinstance(k, (int, float)):
            return timedelta(microseconds=round(self._us * k))
        return NotImplemented
    __rmul__ = __mul__
    def __truediv__(self, o):
        if isinstance(o, timedelta):
            return self._us / o._us
        return timedelta(microseconds=round(self._us / o))
    def __floordiv__(self, o):
        if isinstance(o, timedelta):
            return self._us // o._us
        return timedelta(microseconds=self._us // o)
    def __eq__(self, o):
        return isinstance(o, timedelta) and self._us == o._us
    def __lt__(self, o): return self._us < o._us
    def __le__(self, o): return self._us <= o._us
    def __gt__(self, o): return self._us > o._us
    def __ge__(self, o): return self._us >= o._us
    def __hash__(self): return hash(self._us)
    def __bool__(self): return self._us != 0

def _format(fmt, y, mo, d, h, mi, s, us):
    weekday = (_ordinal(y, mo, d) + 6) % 7
    codes = {"Y": "%04d" % y, "y": "%02d" % (y % 100), "m": "%02d" % mo, "d": "%02d" % d, "H": "%02d" % h,
             "I": "%02d" % (h % 12 or 12), "M": "%02d" % mi, "S": "%02d" % s, "f": "%06d" % us, "p": "AM" if h < 12 else "PM",
             "B": _MONTHS[mo - 1], "b": _MONTHS[mo - 1][:3], "A": _DAYS[weekday], "a": _DAYS[weekday][:3],
             "j": "%03d" % (_ordinal(y, mo, d) - _ordinal(y, 1, 1) + 1), "w": str((weekday + 1) % 7), "%": "%"}
    out, i = "", 0
    while i < len(fmt):
        if fmt[i] == "%" and i + 1 < len(fmt) and fmt[i + 1] in codes:
            out += codes[fmt[i + 1]]
            i += 2
        else:
            out += fmt[i]
            i += 1
    return out

class date:
    """A calendar date."""
    def __init__(self, year, month, day):
        if not 1 <= month <= 12:
            raise ValueError("month must be in 1..12")
        if not 1 <= day <= _days_in_month(year, month):
            raise ValueError("day is out of range for month")
        self.year, self.month, self.day = year, month, day
    @classmethod
    def today(cls):
        t = _time._localtime(_time.time())
        return cls(t[0], t[1], t[2])
    @classmethod
    def fromordinal(cls, n):
        return cls(*_from_ordinal(n))
    @classmethod
    def fromisoformat(cls, text):
        y, m, d = text[:10].split("-")
        return cls(int(y), int(m), int(d))
    def toordinal(self):
        return _ordinal(self.year, self.month, self.day)
    def weekday(self):
        return (self.toordinal() + 6) % 7
    def isoweekday(self):
        return self.weekday() + 1
    def isoformat(self):
        return "%04d-%02d-%02d" % (self.year, self.month, self.day)
    def strftime(self, fmt):
        return _format(fmt, self.year, self.month, self.day, 0, 0, 0, 0)
    def replace(self, year=None, month=None, day=None):
        return type(self)(year or self.year, month or self.month, day or self.day)
    def __str__(self):
        return self.isoformat()
    def __repr__(self):
        return "datetime.date(%d, %d, %d)" % (self.year, self.month, self.day)
    def _key(self):
        return (self.toordinal(),)
    def __add__(self, o):
        if isinstance(o, timedelta):
            return date.fromordinal(self.toordinal() + o.days)
        return NotImplemented
    __radd__ = __add__
    def __sub__(self, o):
        if isinstance(o, timedelta):
            return date.fromordinal(self.toordinal() - o.days)
        if isinstance(o, date):
            return timedelta(days=self.toordinal() - o.toordinal())
        return NotImplemented
    def __eq__(self, o): return isinstance(o, date) and self._key() == o._key()
    def __lt__(self, o): return self._key() < o._key()
    def __le__(self, o): return self._key() <= o._key()
    def __gt__(self, o): return self._key() > o._key()
    def __ge__(self, o): return self._key() >= o._key()
    def __hash__(self): return hash(self._key())

class datetime(date):
    """A date and a time of day (naive)."""
    def __init__(self, year, month, day, hour=0, minute=0, second=0, microsecond=0):
        super().__init__(year, month, day)
        if not (0 <= hour < 24 and 0 <= minute < 60 and 0 <= second < 60 and 0 <= microsecond < 1000000):
            raise ValueError("hour, minute, second or microsecond out of range")
        self.hour, self.minute, self.second, self.microsecond = hour, minute, second, microsecond
    @classmethod
    def fromtimestamp(cls, ts):
        t = _time._localtime(ts)
        return cls(t[0], t[1], t[2], t[3], t[4], t[5], int(round((ts - int(ts // 1)) * 1000000)) % 1000000)
    @classmethod
    def now(cls, tz=None):
        return cls.fromtimestamp(_time.time())
    @classmethod
    def today(cls):
        return cls.now()
    @classmethod
    def fromisoformat(cls, text):
        day, _, clock = text.replace(" ", "T").partition("T")
        y, m, d = (int(v) for v in day.split("-"))
        parts = (clock.split(":") + ["0", "0"])[:3] if clock else ["0", "0", "0"]
        sec, _, frac = parts[2].partition(".")
        return cls(y, m, d, int(parts[0]), int(parts[1]), int(sec), int((frac + "000000")[:6]))
    @classmethod
    def strptime(cls, text, fmt):
        raise NotImplementedError("datetime.strptime is not supported by kscript yet")
    def _seconds(self):
        return ((self.toordinal() * 24 + self.hour) * 60 + self.minute) * 60 + self.second
    def _key(self):
        return (self._seconds(), self.microsecond)
    def date(self):
        return date(self.year, self.month, self.day)
    def timestamp(self):
        """Seconds since the epoch of this local time."""
        naive = self._seconds() - _ordinal(1970, 1, 1) * 86400
        t = _time._localtime(naive)
        offset = ((_ordinal(t[0], t[1], t[2]) - _ordinal(1970, 1, 1)) * 86400 + t[3] * 3600 + t[4] * 60 + t[5]) - naive
        return naive - offset + self.microsecond / 1000000
    def isoformat(self, sep="T", timespec="auto"):
        text = "%04d-%02d-%02d%s%02d:%02d:%02d" % (self.year, self.month, self.day, sep, self.hour, self.minute, self.second)
        return text + (".%06d" % self.microsecond if self.microsecond else "")
    def strftime(self, fmt):
        return _format(fmt, self.year, self.month, self.day, self.hour, self.minute, self.second, self.microsecond)
    def replace(self, **changes):
        fields = {k: getattr(self, k) for k in ("year", "month", "day", "hour", "minute", "second", "microsecond")}
        fields.update(changes)
        return type(self)(**fields)
    def __str__(self):
        return self.isoformat(" ")
    def __repr__(self):
        values = [self.year, self.month, self.day, self.hour, self.minute, self.second, self.microsecond]
        while len(values) > 5 and values[-1] == 0:
            values.pop()
        return "datetime.datetime(" + ", ".join(str(v) for v in values) + ")"
    def __add__(self, o):
        if isinstance(o, timedelta):
            us = (self._seconds() * 1000000 + self.microsecond) + o._us
            secs, micro = divmod(us, 1000000)
            days, rest = divmod(secs, 86400)
            y, m, d = _from_ordinal(days)
            return datetime(y, m, d, rest // 3600, rest // 60 % 60, rest % 60, micro)
        return NotImplemented
    __radd__ = __add__
    def __sub__(self, o):
        if isinstance(o, timedelta):
            return self + (-o)
        if isinstance(o, datetime):
            return timedelta(seconds=self._seconds() - o._seconds(), microseconds=self.microsecond - o.microsecond)
        return NotImplemented
"""#
}
