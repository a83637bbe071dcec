// The `json` module, written in kscript itself: dumps/dump and loads/load.

enum JsonSource {
    static let text = #"""
"""JSON encoding and decoding (dumps, dump, loads, load), as CPython's json module writes and reads it."""

class JSONDecodeError(ValueError):
    def __init__(self, msg, doc, pos):
        lineno = doc.count('\n', 0, pos) + 1
        colno = pos - doc.rfind('\n', 0, pos)
        ValueError.__init__(self, msg + ': line ' + str(lineno) + ' column ' + str(colno) + ' (char ' + str(pos) + ')')
        self.msg = msg
        self.doc = doc
        self.pos = pos
        self.lineno = lineno
        self.colno = colno

_ESCAPES = {'"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f'}

def _encode_string(s, ensure_ascii):
    out = ['"']
    for ch in s:
        e = _ESCAPES.get(ch)
        if e is not None:
            out.append(e)
        elif ch < ' ' or (ensure_ascii and ord(ch) > 126):
            n = ord(ch)
            if n > 0xFFFF:
                n -= 0x10000
                out.append('\\u%04x\\u%04x' % (0xD800 | (n >> 10), 0xDC00 | (n & 0x3FF)))
            else:
                out.append('\\u%04x' % n)
        else:
            out.append(ch)
    out.append('"')
    return ''.join(out)

def _encode_float(f, allow_nan):
    if f != f:
        text = 'NaN'
    elif f == float('inf'):
        text = 'Infinity'
    elif f == -float('inf'):
        text = '-Infinity'
    else:
        return repr(float(f))  # float.__repr__, as for float subclasses (numpy's float64)
    if not allow_nan:
        raise ValueError('Out of range float values are not JSON compliant: ' + repr(f))
    return text

class JSONEncoder:
    def __init__(self, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True, sort_keys=False, indent=None, separators=None, default=None):
        self.skipkeys = skipkeys
        self.ensure_ascii = ensure_ascii
        self.allow_nan = allow_nan
        self.sort_keys = sort_keys
        if indent is not None and not isinstance(indent, str):
            indent = ' ' * indent
        self.indent = indent
        if separators is not None:
            self.item_separator, self.key_separator = separators
        elif indent is not None:
            self.item_separator, self.key_separator = ',', ': '
        else:
            self.item_separator, self.key_separator = ', ', ': '
        if default is not None:
            self.default = default

    def default(self, o):
        raise TypeError('Object of type ' + type(o).__name__ + ' is not JSON serializable')

    def encode(self, o):
        parts = []
        self._encode(o, parts, 0)
        return ''.join(parts)

    def _key(self, k):
        if isinstance(k, str):
            return k
        if k is True:
            return 'true'
        if k is False:
            return 'false'
        if k is None:
            return 'null'
        if isinstance(k, float):
            return _encode_float(k, self.allow_nan)
        if isinstance(k, int):
            return str(k)
        if self.skipkeys:
            return None
        raise TypeError('keys must be str, int, float, bool or None, not ' + type(k).__name__)

    def _encode(self, o, parts, level):
        if isinstance(o, str):
            parts.append(_encode_string(o, self.ensure_ascii))
        elif o is None:
            parts.append('null')
        elif o is True:
            parts.append('true')
        elif o is False:
            parts.append('false')
        elif isinstance(o, int):
            parts.append(repr(int(o)))
        elif isinstance(o, float):
            parts.append(_encode_float(o, self.allow_nan))
        elif isinstance(o, (list, tuple)):
            if not o:
                parts.append('[]')
                return
            parts.append('[')
            sep = self.item_separator
            if self.indent is not None:
                inner = '\n' + self.indent * (level + 1)
                parts.append(inner)
                sep = self.item_separator + inner
            first = True
            for item in o:
                if not first:
                    parts.append(sep)
                first = False
                self._encode(item, parts, level + 1)
            if self.indent is not None:
                parts.append('\n' + self.indent * level)
            parts.append(']')
        elif isinstance(o, dict):
            if not o:
                parts.append('{}')
                return
            parts.append('{')
            sep = self.item_separator
            if self.indent is not None:
                inner = '\n' + self.indent * (level + 1)
                parts.append(inner)
                sep = self.item_separator + inner
            items = list(o.items())
            if self.sort_keys:
                items = sorted(items, key=lambda kv: kv[0])
            first = True
            for k, v in items:
                key = self._key(k)
                if key is None:
                    continue
                if not first:
                    parts.append(sep)
                first = False
                parts.append(_encode_string(key, self.ensure_ascii))
                parts.append(self.key_separator)
                self._encode(v, parts, level + 1)
            if self.indent is not None:
                parts.append('\n' + self.indent * level)
            parts.append('}')
        else:
            self._encode(self.default(o), parts, level)

def dumps(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True, cls=None, indent=None, separators=None, default=None, sort_keys=False):
    encoder = (cls or JSONEncoder)(skipkeys=skipkeys, ensure_ascii=ensure_ascii, allow_nan=allow_nan, indent=indent, separators=separators, default=default, sort_keys=sort_keys)
    return encoder.encode(obj)

def dump(obj, fp, **kwargs):
    fp.write(dumps(obj, **kwargs))

_WS = ' \t\n\r'
_UNESCAPE = {'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}
_NUMBER_CHARS = '+-0123456789.eE'

class _Decoder:
    def __init__(self, s, object_hook, parse_float, parse_int):
        self.s = s
        self.object_hook = object_hook
        self.parse_float = parse_float or float
        self.parse_int = parse_int or int

    def skip(self, i):
        s = self.s
        n = len(s)
        while i < n and s[i] in _WS:
            i += 1
        return i

    def value(self, i):
        s = self.s
        i = self.skip(i)
        if i >= len(s):
            raise JSONDecodeError('Expecting value', s, i)
        c = s[i]
        if c == '"':
            return self.string(i + 1)
        if c == '{':
            return self.obj(i + 1)
        if c == '[':
            return self.array(i + 1)
        if s.startswith('null', i):
            return None, i + 4
        if s.startswith('true', i):
            return True, i + 4
        if s.startswith('false', i):
            return False, i + 5
        if s.startswith('NaN', i):
            return float('nan'), i + 3
        if s.startswith('Infinity', i):
            return float('inf'), i + 8
        if s.startswith('-Infinity', i):
            return float('-inf'), i + 9
        if c == '-' or c.isdigit():
            return self.number(i)
        raise JSONDecodeError('Expecting value', s, i)

    def number(self, i):
        s = self.s
        j = i
        if s[j] == '-':
            j += 1
        start_digits = j
        while j < len(s) and s[j].isdigit():
            j += 1
        if j == start_digits:
            raise JSONDecodeError('Expecting value', s, i)
        is_float = False
        if j < len(s) and s[j] == '.' and j + 1 < len(s) and s[j + 1].isdigit():
            is_float = True
            j += 1
            while j < len(s) and s[j].isdigit():
                j += 1
        if j < len(s) and s[j] in 'eE':
            k = j + 1
            if k < len(s) and s[k] in '+-':
                k += 1
            if k < len(s) and s[k].isdigit():
                is_float = True
                j = k
                while j < len(s) and s[j].isdigit():
                    j += 1
        text = s[i:j]
        return (self.parse_float(text) if is_float else self.parse_int(text)), j

    def string(self, i):
        s = self.s
        out = []
        start = i
        n = len(s)
        while True:
            j = i
            while j < n and s[j] != '"' and s[j] != '\\' and s[j] >= ' ':
                j += 1
            out.append(s[i:j])
            if j >= n:
                raise JSONDecodeError('Unterminated string starting at', s, start - 1)
            c = s[j]
            if c == '"':
                return ''.join(out), j + 1
            if c != '\\':
                raise JSONDecodeError('Invalid control character at', s, j)
            if j + 1 >= n:
                raise JSONDecodeError('Unterminated string starting at', s, start - 1)
            e = s[j + 1]
            if e == 'u':
                code = int(s[j + 2:j + 6], 16)
                i = j + 6
                if 0xD800 <= code < 0xDC00 and s.startswith('\\u', i):
                    low = int(s[i + 2:i + 6], 16)
                    if 0xDC00 <= low < 0xE000:
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                out.append(chr(code))
            elif e in _UNESCAPE:
                out.append(_UNESCAPE[e])
                i = j + 2
            else:
                raise JSONDecodeError('Invalid \\escape', s, j)

    def obj(self, i):
        s = self.s
        result = {}
        i = self.skip(i)
        if i < len(s) and s[i] == '}':
            return self.hook(result), i + 1
        while True:
            i = self.skip(i)
            if i >= len(s) or s[i] != '"':
                raise JSONDecodeError('Expecting property name enclosed in double quotes', s, i)
            key, i = self.string(i + 1)
            i = self.skip(i)
            if i >= len(s) or s[i] != ':':
                raise JSONDecodeError("Expecting ':' delimiter", s, i)
            value, i = self.value(i + 1)
            result[key] = value
            i = self.skip(i)
            if i < len(s) and s[i] == '}':
                return self.hook(result), i + 1
            if i >= len(s) or s[i] != ',':
                raise JSONDecodeError("Expecting ',' delimiter", s, i)
            i += 1

    def hook(self, d):
        return d if self.object_hook is None else self.object_hook(d)

    def array(self, i):
        s = self.s
        result = []
        i = self.skip(i)
        if i < len(s) and s[i] == ']':
            return result, i + 1
        while True:
            value, i = self.value(i)
            result.append(value)
            i = self.skip(i)
            if i < len(s) and s[i] == ']':
                return result, i + 1
            if i >= len(s) or s[i] != ',':
                raise JSONDecodeError("Expecting ',' delimiter", s, i)
            i += 1

def loads(s, *, cls=None, object_hook=None, parse_float=None, parse_int=None, **kwargs):
    if isinstance(s, bytes):
        s = s.decode('utf-8')
    if not isinstance(s, str):
        raise TypeError('the JSON object must be str, bytes or bytearray, not ' + type(s).__name__)
    d = _Decoder(s, object_hook, parse_float, parse_int)
    value, end = d.value(0)
    end = d.skip(end)
    if end != len(s):
        raise JSONDecodeError('Extra data', s, end)
    return value

def load(fp, **kwargs):
    return loads(fp.read(), **kwargs)
"""#
}
