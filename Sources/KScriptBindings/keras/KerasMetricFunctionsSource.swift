// keras.metrics' accuracy functions written in kscript on numpy (run inside the keras.metrics
// module), with Keras 3's shapes: binary_accuracy elementwise, the others one value per sample.

enum KerasMetricFunctionsSource {
    static let file = "<stdlib>/keras/metrics/_accuracy.ks"
    static let text = #"""
import numpy as _np

def _float32(x):
    return _np.asarray(x).astype("float32")

def binary_accuracy(y_true, y_pred, threshold=0.5):
    """1 where the prediction, cut at threshold, equals the target, else 0, element by element."""
    y_true = _float32(y_true)
    y_pred = (_float32(y_pred) > threshold).astype("float32")
    return (y_true == y_pred).astype("float32")

def categorical_accuracy(y_true, y_pred):
    """1 for each sample whose most likely class is its one-hot target's, else 0."""
    return (_np.argmax(_float32(y_true), axis=-1) == _np.argmax(_float32(y_pred), axis=-1)).astype("float32")

def _sparse_labels(y_true, y_pred):
    labels = _np.asarray(y_true)
    if labels.ndim == y_pred.ndim and labels.shape[-1] == 1:
        labels = _np.squeeze(labels, axis=-1)
    return labels.astype("int64")

def sparse_categorical_accuracy(y_true, y_pred):
    """1 for each sample whose most likely class is its integer label, else 0."""
    y_pred = _float32(y_pred)
    return (_np.argmax(y_pred, axis=-1) == _sparse_labels(y_true, y_pred)).astype("float32")

def _in_top_k(y_pred, labels, k):
    rows = y_pred.reshape(-1, y_pred.shape[-1])
    flat_labels = labels.reshape(-1)
    target = rows[_np.arange(rows.shape[0]), flat_labels]
    return ((rows > target[:, None]).sum(axis=-1) < k).astype("float32").reshape(labels.shape)

def top_k_categorical_accuracy(y_true, y_pred, k=5):
    """1 for each sample whose one-hot target is among its k most likely classes, else 0."""
    y_pred = _float32(y_pred)
    return _in_top_k(y_pred, _np.argmax(_float32(y_true), axis=-1), k)

def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5):
    """1 for each sample whose integer label is among its k most likely classes, else 0."""
    y_pred = _float32(y_pred)
    return _in_top_k(y_pred, _sparse_labels(y_true, y_pred), k)
"""#
}
