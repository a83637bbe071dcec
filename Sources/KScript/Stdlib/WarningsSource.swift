// The `warnings` module, written in kscript itself: warn, filters, catch_warnings.

enum WarningsSource {
    static let text = #"""
"""Warning control: warn() writes 'Category: message' to stderr unless a filter ignores it
(kscript does not print the file and line CPython puts before it); filters, simplefilter, catch_warnings."""

import sys

filters = []
_once = set()

def filterwarnings(action, message='', category=Warning, module='', lineno=0, append=False):
    entry = (action, message, category, module, lineno)
    if append:
        filters.append(entry)
    else:
        filters.insert(0, entry)

def simplefilter(action, category=Warning, lineno=0, append=False):
    filterwarnings(action, '', category, '', lineno, append)

def resetwarnings():
    filters.clear()

def _action_for(category, text):
    for action, message, cat, module, lineno in filters:
        if issubclass(category, cat) and text.lower().startswith(message.lower()):
            return action
    return 'default'

def warn(message, category=None, stacklevel=1, source=None):
    if isinstance(message, Warning):
        category = type(message)
        text = str(message)
    else:
        text = str(message)
        if category is None:
            category = UserWarning
    action = _action_for(category, text)
    if action == 'ignore':
        return
    if action == 'error':
        raise category(text)
    key = (category, text)
    if action in ('default', 'once', 'module') and key in _once:
        return
    _once.add(key)
    print(category.__name__ + ': ' + text, file=sys.stderr)

class catch_warnings:
    """Saves the filters on entry and restores them on exit."""
    def __init__(self, *, record=False, **kwargs):
        self._record = record
    def __enter__(self):
        self._saved = list(filters)
        return [] if self._record else None
    def __exit__(self, *exc):
        filters[:] = self._saved
        return False
"""#
}
