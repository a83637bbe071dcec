// `io` (StringIO: a text file in memory) and `csv` (reader, writer, DictReader, DictWriter with
// the default dialect: commas, double quotes doubled inside quoted fields, minimal quoting,
// '\r\n' line ends), written in kscript itself.

enum IoCsvSource {
    static let io = #"""
"""In-memory text streams."""

class StringIO:
    """A text file held in memory: write, read, readline, iteration, getvalue, seek."""
    def __init__(self, initial_value="", newline="\n"):
        self._text = initial_value
        self._pos = 0
        self.closed = False
    def write(self, s):
        if not isinstance(s, str):
            raise TypeError("string argument expected, got '" + type(s).__name__ + "'")
        self._text = self._text[:self._pos] + s + self._text[self._pos + len(s):]
        self._pos += len(s)
        return len(s)
    def writelines(self, lines):
        for line in lines:
            self.write(line)
    def getvalue(self):
        return self._text
    def read(self, size=-1):
        end = len(self._text) if size is None or size < 0 else min(len(self._text), self._pos + size)
        out = self._text[self._pos:end]
        self._pos = end
        return out
    def readline(self, size=-1):
        end = self._text.find("\n", self._pos)
        end = len(self._text) if end < 0 else end + 1
        if size is not None and size >= 0:
            end = min(end, self._pos + size)
        out = self._text[self._pos:end]
        self._pos = end
        return out
    def readlines(self):
        return list(self)
    def __iter__(self):
        while True:
            line = self.readline()
            if not line:
                return
            yield line
    def seek(self, pos, whence=0):
        self._pos = pos if whence == 0 else (self._pos + pos if whence == 1 else len(self._text) + pos)
        return self._pos
    def tell(self):
        return self._pos
    def truncate(self, size=None):
        self._text = self._text[:self._pos if size is None else size]
        return len(self._text)
    def flush(self):
        pass
    def close(self):
        self.closed = True
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        self.close()
"""#

    static let csv = #"""
"""Reading and writing comma-separated values."""

QUOTE_MINIMAL, QUOTE_ALL, QUOTE_NONNUMERIC, QUOTE_NONE = 0, 1, 2, 3

class Error(Exception):
    pass

def _parse(line, delimiter, quotechar):
    fields, field, quoted, i = [], "", False, 0
    line = line.rstrip("\r\n")
    while i < len(line):
        c = line[i]
        if quoted:
            if c == quotechar:
                if i + 1 < len(line) and line[i + 1] == quotechar:
                    field += quotechar
                    i += 1
                else:
                    quoted = False
            else:
                field += c
        elif c == quotechar and field == "":
            quoted = True
        elif c == delimiter:
            fields.append(field)
            field = ""
        else:
            field += c
        i += 1
    fields.append(field)
    return fields

def reader(csvfile, delimiter=",", quotechar='"', **kwargs):
    """The rows of the lines as lists of strings."""
    lines = iter(csvfile)
    for line in lines:
        if not line.strip():
            yield []
            continue
        # A quoted field may hold line breaks: read on until its quotes close.
        while line.count(quotechar) % 2 == 1:
            more = next(lines, None)
            if more is None:
                raise Error("unexpected end of data")
            line += more
        yield _parse(line, delimiter, quotechar)

class _Writer:
    def __init__(self, f, delimiter, quotechar, lineterminator, quoting):
        self._f, self._delimiter, self._quotechar = f, delimiter, quotechar
        self._lineterminator, self._quoting = lineterminator, quoting
    def _field(self, value):
        if value is None:
            return ""
        text = str(value)
        needs = self._quoting == QUOTE_ALL or (self._quoting == QUOTE_NONNUMERIC and not isinstance(value, (int, float)))
        if not needs and self._quoting != QUOTE_NONE:
            needs = any(ch in text for ch in (self._delimiter, self._quotechar, "\n", "\r"))
        if needs:
            return self._quotechar + text.replace(self._quotechar, self._quotechar * 2) + self._quotechar
        return text
    def writerow(self, row):
        line = self._delimiter.join(self._field(v) for v in row) + self._lineterminator
        self._f.write(line)
        return len(line)
    def writerows(self, rows):
        for row in rows:
            self.writerow(row)

def writer(csvfile, delimiter=",", quotechar='"', lineterminator="\r\n", quoting=QUOTE_MINIMAL, **kwargs):
    """An object whose writerow(s) write rows to the file."""
    return _Writer(csvfile, delimiter, quotechar, lineterminator, quoting)

class DictReader:
    """Rows as dicts keyed by the first row (or by fieldnames)."""
    def __init__(self, f, fieldnames=None, restkey=None, restval=None, delimiter=",", quotechar='"', **kwargs):
        self._rows = reader(f, delimiter, quotechar)
        self._fieldnames = fieldnames
        self.restkey, self.restval = restkey, restval
    @property
    def fieldnames(self):
        if self._fieldnames is None:
            self._fieldnames = next(self._rows, None)
        return self._fieldnames
    def __iter__(self):
        names = self.fieldnames
        for row in self._rows:
            if row == []:
                continue
            d = dict(zip(names, row))
            if len(row) > len(names):
                d[self.restkey] = row[len(names):]
            for name in names[len(row):]:
                d[name] = self.restval
            yield d

class DictWriter:
    """Writes dicts as rows in the order of fieldnames."""
    def __init__(self, f, fieldnames, restval="", extrasaction="raise", delimiter=",", quotechar='"', lineterminator="\r\n", **kwargs):
        self.fieldnames = list(fieldnames)
        self.restval = restval
        self._writer = writer(f, delimiter, quotechar, lineterminator)
    def writeheader(self):
        return self._writer.writerow(self.fieldnames)
    def writerow(self, rowdict):
        return self._writer.writerow([rowdict.get(k, self.restval) for k in self.fieldnames])
    def writerows(self, rows):
        for r in rows:
            self.writerow(r)
"""#
}
