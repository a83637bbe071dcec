// keras.datasets.boston_housing and california_housing, written in kscript on numpy as Keras
// writes them: the cached .npz file, shuffled by a seeded RandomState, split at test_split.

enum HousingDatasetsSource {
    static let file = "<stdlib>/keras/datasets/_housing.ks"
    static let text = #"""
import numpy as _np

def _split(x, y, test_split, seed):
    rng = _np.random.RandomState(seed)
    indices = _np.arange(len(x))
    rng.shuffle(indices)
    x = x[indices]
    y = y[indices]
    cut = int(len(x) * (1 - test_split))
    return (_np.array(x[:cut]), _np.array(y[:cut])), (_np.array(x[cut:]), _np.array(y[cut:]))

def _check_split(test_split):
    if not (0 <= test_split < 1):
        raise ValueError("Invalid `test_split` argument: " + str(test_split) + ". It must be between 0 and 1 (exclusive of 1).")

def _load(path, name):
    with _np.load(_cached_file(path, "https://storage.googleapis.com/tensorflow/tf-keras-datasets/" + name)) as f:
        return f["x"], f["y"]

def load_boston(path="boston_housing.npz", test_split=0.2, seed=113):
    """Loads the Boston Housing dataset: (x_train, y_train), (x_test, y_test), 13 features a house."""
    _check_split(test_split)
    x, y = _load(path, "boston_housing.npz")
    return _split(x, y, test_split, seed)

def load_california(version="large", path="california_housing.npz", test_split=0.2, seed=113):
    """Loads the California Housing dataset (version 'large', or 'small': its first 600 samples)."""
    _check_split(test_split)
    x, y = _load(path, "california_housing.npz")
    if version == "small":
        x = x[:600]
        y = y[:600]
    elif version != "large":
        raise ValueError("Argument `version` must be one of 'small', 'large'. Received: version=" + str(version))
    return _split(x, y, test_split, seed)
"""#
}
