// The `textwrap` module, written in kscript itself: wrap, fill, shorten, dedent and indent for
// ordinary text (words separated by whitespace), as CPython's TextWrapper lays them out.

enum TextwrapSource {
    static let text = #"""
"""Text wrapping and filling."""

def wrap(text, width=70, *, initial_indent="", subsequent_indent="", break_long_words=True, **kwargs):
    """The text's words as lines of at most `width` characters."""
    if width <= 0:
        raise ValueError("invalid width %r (must be > 0)" % width)
    words = text.expandtabs().split()
    lines = []
    line = []
    length = 0
    indent = initial_indent
    while words:
        room = width - len(indent)
        word = words[0]
        needed = len(word) + (1 if line else 0)
        if length + needed <= room:
            line.append(word)
            length += needed
            words.pop(0)
            continue
        if not line and break_long_words and room > 0:
            line.append(word[:room])
            words[0] = word[room:]
            length = room
        elif not line:
            line.append(word)
            words.pop(0)
        lines.append(indent + " ".join(line))
        line, length, indent = [], 0, subsequent_indent
    if line:
        lines.append(indent + " ".join(line))
    return lines

def fill(text, width=70, **kwargs):
    """The wrapped lines joined into one text."""
    return "\n".join(wrap(text, width, **kwargs))

def shorten(text, width, *, placeholder=" [...]", **kwargs):
    """The text collapsed to one line and cut at a word to fit `width` with the placeholder."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    words = text.split()
    kept = []
    for word in words:
        if len(" ".join(kept + [word])) + len(placeholder) > width:
            break
        kept.append(word)
    if not kept:
        return placeholder.lstrip()
    return " ".join(kept) + placeholder

def dedent(text):
    """The text without the whitespace every non-blank line starts with."""
    lines = text.split("\n")
    margin = None
    for line in lines:
        stripped = line.lstrip()
        if not stripped:
            continue
        prefix = line[:len(line) - len(stripped)]
        if margin is None:
            margin = prefix
        else:
            common = 0
            while common < min(len(margin), len(prefix)) and margin[common] == prefix[common]:
                common += 1
            margin = margin[:common]
    out = []
    for line in lines:
        if not line.strip():
            out.append("")
        else:
            out.append(line[len(margin):] if margin else line)
    return "\n".join(out)

def indent(text, prefix, predicate=None):
    """The text with `prefix` before every line that is not blank (or that predicate picks)."""
    def should(line):
        return predicate(line) if predicate is not None else bool(line.strip())
    return "".join(prefix + line if should(line) else line for line in text.splitlines(True))
"""#
}
