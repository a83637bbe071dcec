// keras.utils functions written in kscript itself on numpy (run inside the keras.utils module):
// pad_sequences and normalize, as Keras writes them on numpy, PyDataset (keras.utils.Sequence), and
// the registry of register_keras_serializable.

enum KerasUtilsSource {
    static let file = "<stdlib>/keras/utils/_sequences.ks"
    static let text = #"""
import numpy as _np

def normalize(x, axis=-1, order=2):
    """x divided by its norm of the given order along axis (rows of zero norm are left as they are)."""
    x = _np.asarray(x)
    norm = _np.atleast_1d(_np.linalg.norm(x, order, axis))
    norm[norm == 0] = 1
    axis = axis or -1
    return x / _np.expand_dims(norm, axis)

def pad_sequences(sequences, maxlen=None, dtype="int32", padding="pre", truncating="pre", value=0.0):
    """Pads (or truncates) sequences to one length: a 2-D array, padding and cutting at the start by default."""
    if not hasattr(sequences, "__len__"):
        raise ValueError("`sequences` must be iterable.")
    lengths = []
    sample_shape = ()
    found_shape = False
    for x in sequences:
        try:
            lengths.append(len(x))
            if not found_shape and len(x):
                sample_shape = _np.asarray(x).shape[1:]
                found_shape = True
        except TypeError:
            raise ValueError("`sequences` must be a list of iterables. Found non-iterable: " + str(x))
    if maxlen is None:
        maxlen = max(lengths) if lengths else 0
    out = _np.full((len(sequences), maxlen) + sample_shape, value, dtype=dtype)
    for index, s in enumerate(sequences):
        if not len(s):
            continue
        if truncating == "pre":
            kept = s[-maxlen:]
        elif truncating == "post":
            kept = s[:maxlen]
        else:
            raise ValueError(f'Truncating type "{truncating}" not understood')
        kept = _np.asarray(kept, dtype=dtype)
        if kept.shape[1:] != sample_shape:
            raise ValueError(f"Shape of sample {kept.shape[1:]} of sequence at position {index} is different from expected shape {sample_shape}")
        if padding == "post":
            out[index, :len(kept)] = kept
        elif padding == "pre":
            out[index, -len(kept):] = kept
        else:
            raise ValueError(f'Padding type "{padding}" not understood')
    return out

class PyDataset:
    """Batches for fit/evaluate/predict: subclasses give __len__ (batches per epoch) and __getitem__(index) -> (x, y)."""

    def __init__(self, workers=1, use_multiprocessing=False, max_queue_size=10):
        self._workers = workers
        self._use_multiprocessing = use_multiprocessing
        self._max_queue_size = max_queue_size

    def on_epoch_end(self):
        """Called after each epoch of fit (kscript calls it when the next epoch starts)."""

    @property
    def num_batches(self):
        return len(self)

    def _batch(self, index):
        item = self[index]
        if isinstance(item, list):
            item = tuple(item)
        return item if isinstance(item, tuple) else (item,)

    def _kscript_epochs(self):
        while True:
            for index in range(len(self)):
                yield self._batch(index)
            self.on_epoch_end()

    def _kscript_once(self):
        for index in range(len(self)):
            yield self._batch(index)

Sequence = PyDataset

_GLOBAL_CUSTOM_OBJECTS = {}

def register_keras_serializable(package="Custom", name=None):
    """A class decorator that records the class under 'package>name' in get_custom_objects()."""
    def decorator(arg):
        class_name = name if name is not None else arg.__name__
        _GLOBAL_CUSTOM_OBJECTS[package + ">" + class_name] = arg
        return arg
    return decorator

def get_custom_objects():
    """The dictionary of the objects registered with register_keras_serializable."""
    return _GLOBAL_CUSTOM_OBJECTS

def get_registered_name(obj):
    """The name obj was registered under ('package>name'), or its own name."""
    for key, value in _GLOBAL_CUSTOM_OBJECTS.items():
        if value is obj:
            return key
    return obj.__name__
"""#
}
