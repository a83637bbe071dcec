// The `pprint` module, written in kscript itself: CPython's layout of nested dicts, lists,
// tuples and sets within a width (dict keys sorted unless sort_dicts=False).

enum PprintSource {
    static let text = #"""
"""Pretty-printing of Python data structures, laid out as CPython's pprint lays them out."""

import sys as _sys

def _safe_repr(obj, sort_dicts):
    if isinstance(obj, dict) and type(obj).__repr__ is dict.__repr__:
        items = sorted(obj.items(), key=_safe_key) if sort_dicts else obj.items()
        return "{" + ", ".join(_safe_repr(k, sort_dicts) + ": " + _safe_repr(v, sort_dicts) for k, v in items) + "}"
    if isinstance(obj, list) and type(obj).__repr__ is list.__repr__:
        return "[" + ", ".join(_safe_repr(v, sort_dicts) for v in obj) + "]"
    if isinstance(obj, tuple) and type(obj).__repr__ is tuple.__repr__:
        if len(obj) == 1:
            return "(" + _safe_repr(obj[0], sort_dicts) + ",)"
        return "(" + ", ".join(_safe_repr(v, sort_dicts) for v in obj) + ")"
    return repr(obj)

def _safe_key(item):
    key = item[0]
    return (str(type(key)), key) if not isinstance(key, (int, float, str)) else (0, key)

class PrettyPrinter:
    def __init__(self, indent=1, width=80, depth=None, stream=None, *, compact=False, sort_dicts=True, underscore_numbers=False):
        self._indent = indent
        self._width = width
        self._stream = stream
        self._sort_dicts = sort_dicts

    def pformat(self, obj):
        parts = []
        self._format(obj, parts, 0, 0)
        return "".join(parts)

    def pprint(self, obj):
        text = self.pformat(obj) + "\n"
        if self._stream is None:
            print(text, end="")
        else:
            self._stream.write(text)

    def _format(self, obj, out, indent, allowance):
        rep = _safe_repr(obj, self._sort_dicts)
        if len(rep) <= self._width - indent - allowance:
            out.append(rep)
            return
        if isinstance(obj, dict) and obj:
            out.append("{")
            if self._indent > 1:
                out.append(" " * (self._indent - 1))
            items = sorted(obj.items(), key=_safe_key) if self._sort_dicts else list(obj.items())
            inner = indent + self._indent
            for i, (key, value) in enumerate(items):
                last = i == len(items) - 1
                key_rep = _safe_repr(key, self._sort_dicts)
                out.append(key_rep + ": ")
                self._format(value, out, inner + len(key_rep) + 2, allowance + 1 if last else 1)
                if not last:
                    out.append(",\n" + " " * inner)
            out.append("}")
            return
        if isinstance(obj, (list, tuple, set, frozenset)) and obj:
            if isinstance(obj, list):
                opening, closing = "[", "]"
            elif isinstance(obj, tuple):
                opening, closing = "(", ",)" if len(obj) == 1 else ")"
            else:
                opening, closing = ("{", "}") if isinstance(obj, set) else ("frozenset({", "})")
                obj = sorted(obj, key=lambda v: (str(type(v)), v))
            out.append(opening)
            inner = indent + len(opening) if opening.startswith("frozenset") else indent + self._indent
            if self._indent > 1:
                out.append(" " * (self._indent - 1))
            items = list(obj)
            for i, value in enumerate(items):
                last = i == len(items) - 1
                self._format(value, out, inner, allowance + len(closing) if last else 1)
                if not last:
                    out.append(",\n" + " " * inner)
            out.append(closing)
            return
        out.append(rep)

def pformat(object, indent=1, width=80, depth=None, *, compact=False, sort_dicts=True, underscore_numbers=False):
    """The pretty-printed text of an object."""
    return PrettyPrinter(indent=indent, width=width, depth=depth, compact=compact, sort_dicts=sort_dicts).pformat(object)

def pprint(object, stream=None, indent=1, width=80, depth=None, *, compact=False, sort_dicts=True, underscore_numbers=False):
    """Prints an object laid out within `width` columns."""
    PrettyPrinter(indent=indent, width=width, depth=depth, stream=stream, compact=compact, sort_dicts=sort_dicts).pprint(object)

def pp(object, *args, sort_dicts=False, **kwargs):
    """pprint without sorting dict keys."""
    pprint(object, *args, sort_dicts=sort_dicts, **kwargs)
"""#
}
