// numpy functions written in kscript itself on top of the native ones. They run inside the numpy
// module, so they see its names directly (`sum`, `max`, `abs`, `min` are numpy's here): splitting, tiling, flipping, grids, set membership,
// order statistics, histograms, vector norms and the r_/c_ concatenators.

enum NumpyExtrasSource {
    static let file = "<stdlib>/numpy/_extras.ks"
    static let text = #"""
def _axis_index(axis, ndim, prefix=""):
    if axis < -ndim or axis >= ndim:
        raise exceptions.AxisError(f"{prefix}axis {axis} is out of bounds for array of dimension {ndim}")
    return axis + ndim if axis < 0 else axis

def _take_range(a, axis, start, stop):
    key = [slice(None)] * a.ndim
    key[axis] = slice(start, stop)
    return a[tuple(key)]

def array_split(ary, indices_or_sections, axis=0):
    """Splits an array into sub-arrays along an axis; the sections may differ in size by one."""
    a = asarray(ary)
    axis = _axis_index(axis, a.ndim)
    n = a.shape[axis]
    if isinstance(indices_or_sections, (int, integer)):
        sections = indices_or_sections
        if sections <= 0:
            raise ValueError("number sections must be larger than 0.")
        size, extra = _builtins.divmod(n, sections)
        bounds = [0]
        for i in range(sections):
            bounds.append(bounds[-1] + size + (1 if i < extra else 0))
    else:
        bounds = [0] + [int(i) for i in indices_or_sections] + [n]
    return [_take_range(a, axis, bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]

def split(ary, indices_or_sections, axis=0):
    """Splits an array into equal sections (or at the given indices) along an axis."""
    a = asarray(ary)
    if isinstance(indices_or_sections, (int, integer)):
        if indices_or_sections <= 0:
            raise ValueError("number sections must be larger than 0.")
        if a.shape[_axis_index(axis, a.ndim)] % indices_or_sections:
            raise ValueError("array split does not result in an equal division")
    return array_split(a, indices_or_sections, axis)

def diag(v, k=0):
    """The k-th diagonal of a 2-D array, or a 2-D array with a 1-D array on its k-th diagonal."""
    a = asarray(v)
    if a.ndim == 1:
        n = a.shape[0] + (k if k >= 0 else -k)
        out = zeros((n, n), dtype=a.dtype)
        for i in range(a.shape[0]):
            if k >= 0:
                out[i, i + k] = a[i]
            else:
                out[i - k, i] = a[i]
        return out
    if a.ndim == 2:
        rows, cols = a.shape
        items = []
        i, j = (0, k) if k >= 0 else (-k, 0)
        while i < rows and j < cols:
            items.append(a[i, j])
            i += 1
            j += 1
        return array(items, dtype=a.dtype)
    raise ValueError("Input must be 1- or 2-d.")

def tile(A, reps):
    """The array repeated `reps` times along each axis."""
    a = asarray(A)
    reps = (reps,) if isinstance(reps, (int, integer)) else tuple(reps)
    if len(reps) > a.ndim:
        a = a.reshape((1,) * (len(reps) - a.ndim) + a.shape)
    reps = (1,) * (a.ndim - len(reps)) + reps
    for r in reps:
        if r < 0:
            raise ValueError("negative dimensions are not allowed")
    for axis, r in enumerate(reps):
        if r != 1:
            a = concatenate([a] * r, axis=axis)
    return a.copy() if a is A else a

def repeat(a, repeats, axis=None):
    """Each element repeated (along an axis, or over the flattened array)."""
    a = asarray(a)
    if axis is None:
        a, axis = a.ravel(), 0
    axis = _axis_index(axis, a.ndim)
    n = a.shape[axis]
    counts = [repeats] * n if isinstance(repeats, (int, integer)) else [int(r) for r in asarray(repeats).ravel().tolist()]
    if len(counts) == 1:
        counts = counts * n
    if len(counts) != n:
        raise ValueError(f"operands could not be broadcast together with shape ({n},) ({len(counts)},)")
    picks = []
    for i, times in enumerate(counts):
        if times < 0:
            raise ValueError("repeats may not contain negative values.")
        picks += [i] * times
    key = [slice(None)] * a.ndim
    key[axis] = array(picks, dtype=int64)
    return a[tuple(key)]

def flip(m, axis=None):
    """The array with the order of its elements reversed along the given axes (all by default)."""
    a = asarray(m)
    axes = range(a.ndim) if axis is None else ((axis,) if isinstance(axis, (int, integer)) else axis)
    key = [slice(None)] * a.ndim
    for ax in axes:
        key[_axis_index(ax, a.ndim)] = slice(None, None, -1)
    return a[tuple(key)]

def fliplr(m):
    """The array with its columns in reverse order."""
    a = asarray(m)
    if a.ndim < 2:
        raise ValueError("Input must be >= 2-d.")
    return a[:, ::-1]

def flipud(m):
    """The array with its rows in reverse order."""
    a = asarray(m)
    if a.ndim < 1:
        raise ValueError("Input must be >= 1-d.")
    return a[::-1]

def swapaxes(a, axis1, axis2):
    """A view with two axes interchanged."""
    a = asarray(a)
    order = list(range(a.ndim))
    i, j = _axis_index(axis1, a.ndim), _axis_index(axis2, a.ndim)
    order[i], order[j] = order[j], order[i]
    return a.transpose(order)

def moveaxis(a, source, destination):
    """A view with one axis moved to a new position."""
    a = asarray(a)
    source = _axis_index(source, a.ndim, "source: ")
    order = [n for n in range(a.ndim) if n != source]
    order.insert(_axis_index(destination, a.ndim, "destination: "), source)
    return a.transpose(order)

def meshgrid(*xi, indexing="xy"):
    """Coordinate matrices from coordinate vectors."""
    if indexing not in ("xy", "ij"):
        raise ValueError("Valid values for `indexing` are 'xy' and 'ij'.")
    vectors = [asarray(x).ravel() for x in xi]
    shape = [v.shape[0] for v in vectors]
    swap = indexing == "xy" and len(vectors) > 1
    if swap:
        shape[0], shape[1] = shape[1], shape[0]
    grids = []
    for i, v in enumerate(vectors):
        where = (1 - i if i < 2 else i) if swap else i
        place = [1] * len(vectors)
        place[where] = v.shape[0]
        grids.append(v.reshape(place) + zeros(shape, dtype=v.dtype))
    return tuple(grids)

def isin(element, test_elements, invert=False):
    """Whether each element is among the test elements."""
    e = asarray(element)
    wanted = set(asarray(test_elements).ravel().tolist())
    found = array([(x in wanted) != invert for x in e.ravel().tolist()], dtype=bool)
    return found.reshape(e.shape)

def argwhere(a):
    """The indices of the nonzero elements, one row per element."""
    a = asarray(a)
    if a.ndim == 0:
        return zeros((1 if a else 0, 0), dtype=int64)
    return stack(nonzero(a), axis=1)

def power(x1, x2):
    """The first argument raised to the powers of the second, elementwise."""
    return asarray(x1) ** asarray(x2)

def _lerp(low, high, t):
    # numpy's linear interpolation, exact at both ends.
    if t >= 0.5:
        return high - (high - low) * (1 - t)
    return low + (high - low) * t

def _order_statistic(values, q):
    # values: sorted Python floats; q in [0, 1].
    position = q * (len(values) - 1)
    low = int(position // 1)
    high = low + 1 if low + 1 < len(values) else low  # (min is numpy's here)
    return _lerp(values[low], values[high], position - low)

def _along(a, axis, keepdims, reduce):
    a = asarray(a)
    if axis is None:
        result = reduce(sorted(float(x) for x in a.ravel().tolist()))
        return array(result).reshape((1,) * a.ndim) if keepdims else float64(result)
    axis = _axis_index(axis, a.ndim)
    moved = moveaxis(a, axis, -1)
    rest = moved.shape[:-1]
    flat = moved.reshape((-1, moved.shape[-1]))
    results = [reduce(sorted(float(x) for x in row.tolist())) for row in flat]
    out = array(results, dtype=float64).reshape(rest)
    if keepdims:
        out = expand_dims(out, axis)
    return out

def median(a, axis=None, keepdims=False):
    """The median along an axis (of the flattened array by default)."""
    if asarray(a).size == 0:
        return nan
    return _along(a, axis, keepdims, lambda v: _order_statistic(v, 0.5))

def _quantiles(a, q, axis, keepdims, scale):
    qs = asarray(q, dtype=float64) / scale
    if not ((qs >= 0) & (qs <= 1)).all():
        raise ValueError("Percentiles must be in the range [0, 100]" if scale == 100 else "Quantiles must be in the range [0, 1]")
    if qs.ndim == 0:
        return _along(a, axis, keepdims, lambda v: _order_statistic(v, float(qs)))
    return array([_along(a, axis, keepdims, lambda v, p=p: _order_statistic(v, p)) for p in qs.ravel().tolist()]).reshape(
        qs.shape + asarray(_along(a, axis, keepdims, lambda v: 0.0)).shape)

def percentile(a, q, axis=None, keepdims=False):
    """The q-th percentiles (0-100) along an axis, by linear interpolation."""
    return _quantiles(a, q, axis, keepdims, 100.0)

def quantile(a, q, axis=None, keepdims=False):
    """The q-th quantiles (0-1) along an axis, by linear interpolation."""
    return _quantiles(a, q, axis, keepdims, 1.0)

def histogram(a, bins=10, range=None):
    """The counts of values in each bin, and the bin edges."""
    values = asarray(a).ravel().astype(float64)
    if not isinstance(bins, (int, integer)):
        edges = asarray(bins)
    elif bins < 1:
        raise ValueError("`bins` must be positive, when an integer")
    else:
        if range is None:
            first, last = (float(values.min()), float(values.max())) if values.size else (0.0, 1.0)
        else:
            first, last = float(range[0]), float(range[1])
            if first > last:
                raise ValueError("max must be larger than min in range parameter.")
        if first == last:
            first, last = first - 0.5, last + 0.5
        edges = linspace(first, last, bins + 1)
    bounds = edges.tolist()
    count = len(bounds) - 1
    counts = [0] * count
    for x in values.tolist():
        if x < bounds[0] or x > bounds[-1]:
            continue
        low, high = 0, count
        while high - low > 1:
            middle = (low + high) // 2
            if x >= bounds[middle]:
                low = middle
            else:
                high = middle
        counts[low] += 1
    return array(counts, dtype=int64), edges

def _norm(x, ord=None, axis=None, keepdims=False):
    """The norm of a vector or matrix (2-norm or Frobenius by default)."""
    a = asarray(x)
    if str(a.dtype) not in ("float32", "float64"):
        a = a.astype(float64)
    if ord is None or (ord == 2 and (axis is not None or a.ndim == 1)):
        if axis is None and not keepdims:
            flat = a.ravel()
            return sqrt(dot(flat, flat))
        return sqrt(sum(a * a, axis=axis, keepdims=keepdims))
    if (axis is not None or a.ndim == 1) and ord == 1:
        return sum(abs(a), axis=axis, keepdims=keepdims)
    if (axis is not None or a.ndim == 1) and ord == inf:
        return max(abs(a), axis=axis, keepdims=keepdims)
    raise NotImplementedError(f"numpy.linalg.norm with ord={ord!r} is not supported by kscript yet")

_norm.__name__ = _norm.__qualname__ = "norm"

import builtins as _builtins

def logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None):
    """Numbers spaced evenly on a log scale: base ** linspace(start, stop, num)."""
    values = power(base, linspace(start, stop, num, endpoint=endpoint))
    return values if dtype is None else values.astype(dtype)

def outer(a, b):
    """The outer product of two vectors (flattened first)."""
    return asarray(a).ravel().reshape((-1, 1)) * asarray(b).ravel().reshape((1, -1))

def diff(a, n=1, axis=-1):
    """Differences of neighbours along `axis`, n times."""
    a = asarray(a)
    axis = _axis_index(axis, a.ndim)
    for _ in range(n):
        size = a.shape[axis]
        a = _take_range(a, axis, 1, size) - _take_range(a, axis, 0, size - 1)
    return a

def trace(a, offset=0):
    """The sum along the diagonal."""
    a = asarray(a)
    if a.ndim < 2:
        raise ValueError("diag requires an array of at least two dimensions")
    return sum(diag(a, offset))

def _without_nan(a, fill):
    a = asarray(a)
    return where(isnan(a), fill, a)

def nansum(a, axis=None, keepdims=False):
    """The sum, NaNs counted as zero."""
    return sum(_without_nan(a, 0.0), axis=axis, keepdims=keepdims)

def nanmean(a, axis=None, keepdims=False):
    """The mean of the values that are not NaN."""
    a = asarray(a)
    counts = sum(~isnan(a), axis=axis, keepdims=keepdims)
    return nansum(a, axis=axis, keepdims=keepdims) / counts

def nanmax(a, axis=None, keepdims=False):
    """The maximum, NaNs ignored."""
    return max(_without_nan(a, -inf), axis=axis, keepdims=keepdims)

def nanmin(a, axis=None, keepdims=False):
    """The minimum, NaNs ignored."""
    return min(_without_nan(a, inf), axis=axis, keepdims=keepdims)

def nanstd(a, axis=None, ddof=0, keepdims=False):
    """The standard deviation of the values that are not NaN."""
    return sqrt(nanvar(a, axis=axis, ddof=ddof, keepdims=keepdims))

def empty(shape, dtype=float64):
    """A new array; kscript fills it with zeros (numpy leaves whatever memory held)."""
    return zeros(shape, dtype=dtype)

def empty_like(prototype, dtype=None):
    """A new array shaped like `prototype` (zero-filled in kscript)."""
    return zeros_like(prototype) if dtype is None else zeros_like(prototype).astype(dtype)

def tri(N, M=None, k=0, dtype=float64):
    """Ones at and below the k-th diagonal."""
    M = N if M is None else M
    return (arange(N).reshape((-1, 1)) + k >= arange(M).reshape((1, -1))).astype(dtype)

def tril(m, k=0):
    """The array with the elements above the k-th diagonal set to zero."""
    m = asarray(m)
    return where(tri(m.shape[-2], m.shape[-1], k, dtype=bool), m, zeros_like(m))

def triu(m, k=0):
    """The array with the elements below the k-th diagonal set to zero."""
    m = asarray(m)
    return where(tri(m.shape[-2], m.shape[-1], k - 1, dtype=bool), zeros_like(m), m)

def mod(x1, x2):
    """The remainder with the divisor's sign, as `%`."""
    return asarray(x1) % x2

remainder = mod

def fmax(x1, x2):
    """The larger of each pair, a NaN losing to a number."""
    a, b = asarray(x1), asarray(x2)
    return where(isnan(a), b, where(isnan(b), a, maximum(a, b)))

def fmin(x1, x2):
    """The smaller of each pair, a NaN losing to a number."""
    a, b = asarray(x1), asarray(x2)
    return where(isnan(a), b, where(isnan(b), a, minimum(a, b)))

def roll(a, shift, axis=None):
    """The elements shifted by `shift` places, those leaving at one end coming back at the other."""
    a = asarray(a)
    if axis is None:
        return roll(a.ravel(), shift, 0).reshape(a.shape)
    axis = _axis_index(axis, a.ndim)
    n = a.shape[axis]
    if n == 0:
        return a.copy()
    shift = shift % n
    if shift == 0:
        return a.copy()
    return concatenate([_take_range(a, axis, n - shift, n), _take_range(a, axis, 0, n - shift)], axis=axis)

def bincount(x, weights=None, minlength=0):
    """How many times each non-negative integer occurs (or the sum of its weights)."""
    values = asarray(x).ravel().tolist()
    for v in values:
        if v < 0:
            raise ValueError("'list' argument must have no negative elements")
    size = _builtins.max([minlength] + [v + 1 for v in values])
    counts = [0.0 if weights is not None else 0] * size
    ws = None if weights is None else asarray(weights).ravel().tolist()
    for i, v in enumerate(values):
        counts[v] += 1 if ws is None else ws[i]
    return array(counts, dtype=int64 if weights is None else float64)

def digitize(x, bins, right=False):
    """The index of the bin each value falls in (bins increasing)."""
    edges = asarray(bins).tolist()
    def place(v):
        n = 0
        for e in edges:
            if (v > e) if right else (v >= e):
                n += 1
        return n
    xs = asarray(x)
    return _scalar_if_0d(array([place(v) for v in xs.ravel().tolist()], dtype=int64).reshape(xs.shape))

def atleast_1d(a):
    """The array with at least one dimension."""
    a = asarray(a)
    return a.reshape((1,)) if a.ndim == 0 else a

def atleast_2d(a):
    """The array with at least two dimensions (new ones in front)."""
    a = asarray(a)
    return a.reshape((1,) * (2 - a.ndim) + a.shape) if a.ndim < 2 else a

def atleast_3d(a):
    """The array with at least three dimensions, as numpy adds them."""
    a = asarray(a)
    if a.ndim == 0:
        return a.reshape((1, 1, 1))
    if a.ndim == 1:
        return a.reshape((1, a.shape[0], 1))
    if a.ndim == 2:
        return a.reshape(a.shape + (1,))
    return a

def unravel_index(indices, shape):
    """The coordinates that flat indices have in an array of `shape`."""
    flat = asarray(indices)
    out = []
    rest = flat
    for size in reversed(tuple(shape)):
        out.append(rest % size)
        rest = rest // size
    out.reverse()
    if flat.ndim == 0:
        return tuple(int64(v) for v in out)
    return tuple(out)

def ravel_multi_index(multi_index, dims):
    """The flat index of coordinates in an array of shape `dims`."""
    flat = 0
    for coordinate, size in zip(multi_index, dims):
        flat = flat * size + asarray(coordinate)
    return flat if asarray(flat).ndim else int(flat)

def _lu_solve(a, b):
    """Gaussian elimination with partial pivoting: the solution of a x = b (None without b), the
    sign of the row permutation and the pivots."""
    a = asarray(a, dtype=float64)
    n = a.shape[0]
    if a.ndim != 2 or a.shape[1] != n:
        raise LinAlgError("Last 2 dimensions of the array must be square")
    m = a.tolist()
    rhs = None if b is None else asarray(b, dtype=float64).reshape((n, -1)).tolist()
    sign = 1.0
    pivots = []
    for col in range(n):
        pivot = _builtins.max(range(col, n), key=lambda r: _builtins.abs(m[r][col]))
        if m[pivot][col] == 0:
            if b is None:
                return None, 0.0, pivots + [0.0]
            raise LinAlgError("Singular matrix")
        if pivot != col:
            m[col], m[pivot] = m[pivot], m[col]
            if rhs is not None:
                rhs[col], rhs[pivot] = rhs[pivot], rhs[col]
            sign = -sign
        pivots.append(m[col][col])
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            if f:
                m[r] = [x - f * y for x, y in zip(m[r], m[col])]
                if rhs is not None:
                    rhs[r] = [x - f * y for x, y in zip(rhs[r], rhs[col])]
    if rhs is None:
        return None, sign, pivots
    x = [[0.0] * len(rhs[0]) for _ in range(n)]
    for r in reversed(range(n)):
        for c in range(len(rhs[0])):
            s = rhs[r][c] - _builtins.sum(m[r][k] * x[k][c] for k in range(r + 1, n))
            x[r][c] = s / m[r][r]
    return array(x), sign, pivots

class LinAlgError(ValueError):
    """Raised by numpy.linalg functions for a singular or non-square matrix."""

def _det(a):
    # numpy forms the determinant from its sign and the sum of the logarithms of the pivots.
    _, sign, pivots = _lu_solve(a, None)
    if 0.0 in pivots:
        return float64(0.0)
    for p in pivots:
        if p < 0:
            sign = -sign
    return float64(sign * exp(_builtins.sum(log(_builtins.abs(p)) for p in pivots)))

def _solve(a, b):
    b = asarray(b)
    return _lu_solve(a, b)[0].reshape(b.shape)

def _inv(a):
    n = asarray(a).shape[0]
    return _lu_solve(a, eye(n))[0]

_det.__name__ = _det.__qualname__ = "det"
_solve.__name__ = _solve.__qualname__ = "solve"
_inv.__name__ = _inv.__qualname__ = "inv"

def _concatenator(key, columns):
    items = key if isinstance(key, tuple) else (key,)
    parts = []
    for item in items:
        if isinstance(item, slice):
            part = arange(0 if item.start is None else item.start, item.stop, 1 if item.step is None else item.step)
        else:
            part = asarray(item)
            if part.ndim == 0:
                part = part.reshape((1,))
        if columns and part.ndim == 1:
            part = part.reshape((-1, 1))
        parts.append(part)
    return concatenate(parts, axis=-1 if columns else 0)

class _RowConcatenator:
    """np.r_: arrays, scalars and slices joined along the first axis."""
    def __getitem__(self, key):
        return _concatenator(key, False)

class _ColumnConcatenator:
    """np.c_: 1-D arrays as columns, joined along the last axis."""
    def __getitem__(self, key):
        return _concatenator(key, True)

r_ = _RowConcatenator()
c_ = _ColumnConcatenator()

class printoptions:
    """Print options set for the length of a with block, then restored."""
    def __init__(self, **options):
        self._options = options
    def __enter__(self):
        self._saved = get_printoptions()
        set_printoptions(**self._options)
        return get_printoptions()
    def __exit__(self, *exc):
        saved = self._saved
        set_printoptions(precision=saved["precision"], threshold=saved["threshold"], edgeitems=saved["edgeitems"],
                         linewidth=saved["linewidth"], suppress=saved["suppress"])

def ravel(a):
    """The elements as a 1-D array, in row-major order."""
    return asarray(a).ravel()

def shape(a):
    """The shape of an array (or of what array() would make of the value)."""
    return asarray(a).shape

def size(a, axis=None):
    """The number of elements, or the length along one axis."""
    a = asarray(a)
    return a.size if axis is None else a.shape[axis]

def ndim(a):
    """The number of dimensions."""
    return asarray(a).ndim

def copy(a):
    """A new array with the same elements."""
    return asarray(a).copy()

def full_like(a, fill_value, dtype=None):
    """An array of the same shape (and dtype unless given) filled with one value."""
    a = asarray(a)
    return full(a.shape, fill_value, dtype=a.dtype if dtype is None else dtype)

def flatnonzero(a):
    """The indices of the nonzero elements of the flattened array."""
    return nonzero(ravel(a))[0]

def issubdtype(arg1, arg2):
    """Whether the first dtype or scalar type is the second or below it in numpy's type tree (np.floating, np.integer, ...)."""
    def scalar_type(t):
        return t if isinstance(t, type) and issubclass(t, generic) else dtype(t).type
    return issubclass(scalar_type(arg1), scalar_type(arg2))

def _scalar_if_0d(x):
    # A 0-d result as the numpy scalar a ufunc gives.
    return x[()] if isinstance(x, ndarray) and x.ndim == 0 else x

def _is_float(a):
    return a.dtype == float32 or a.dtype == float64

def rint(x):
    """Each element rounded to the nearest whole number (halves to even), as floats."""
    x = asarray(x)
    return around(x if _is_float(x) else x.astype(float64))

def _finite_limits(dtype):
    return (3.4028234663852886e38, 1.1754943508222875e-38) if dtype == float32 else (1.7976931348623157e308, 2.2250738585072014e-308)

def nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None):
    """NaN replaced by `nan`, infinities by the largest finite values (or the ones given)."""
    x = asarray(x)
    if not _is_float(x):
        return x.copy()
    big = _finite_limits(x.dtype)[0]
    x = where(isnan(x), nan, x)
    x = where(x == inf, big if posinf is None else posinf, x)
    return where(x == -inf, -big if neginf is None else neginf, x).astype(x.dtype)

def add(x1, x2):
    """x1 + x2, elementwise."""
    return asarray(x1) + x2

def subtract(x1, x2):
    """x1 - x2, elementwise."""
    return asarray(x1) - x2

def multiply(x1, x2):
    """x1 * x2, elementwise."""
    return asarray(x1) * x2

def divide(x1, x2):
    """x1 / x2 (true division), elementwise."""
    return asarray(x1) / x2

true_divide = divide

def floor_divide(x1, x2):
    """x1 // x2, elementwise."""
    return asarray(x1) // x2

def negative(x):
    """-x, elementwise."""
    return -asarray(x)

def positive(x):
    """+x: a copy."""
    return asarray(x).copy()

def reciprocal(x):
    """1 / x, elementwise."""
    return 1 / asarray(x)

def absolute(x):
    """|x|, elementwise."""
    return abs(asarray(x))

def fabs(x):
    """|x| as floats, elementwise."""
    x = asarray(x)
    return abs(x if _is_float(x) else x.astype(float64))

def equal(x1, x2):
    """x1 == x2, elementwise."""
    return asarray(x1) == x2

def not_equal(x1, x2):
    """x1 != x2, elementwise."""
    return asarray(x1) != x2

def greater(x1, x2):
    """x1 > x2, elementwise."""
    return asarray(x1) > x2

def greater_equal(x1, x2):
    """x1 >= x2, elementwise."""
    return asarray(x1) >= x2

def less(x1, x2):
    """x1 < x2, elementwise."""
    return asarray(x1) < x2

def less_equal(x1, x2):
    """x1 <= x2, elementwise."""
    return asarray(x1) <= x2

def logical_and(x1, x2):
    """x1 and x2 as booleans, elementwise."""
    return asarray(x1).astype(bool) & asarray(x2).astype(bool)

def logical_or(x1, x2):
    """x1 or x2 as booleans, elementwise."""
    return asarray(x1).astype(bool) | asarray(x2).astype(bool)

def logical_xor(x1, x2):
    """Exactly one of x1, x2 true, elementwise."""
    return asarray(x1).astype(bool) ^ asarray(x2).astype(bool)

def logical_not(x):
    """not x, elementwise."""
    return ~asarray(x).astype(bool)

def degrees(x):
    """Radians to degrees."""
    return asarray(x) * (180.0 / pi)

rad2deg = degrees

def radians(x):
    """Degrees to radians."""
    return asarray(x) * (pi / 180.0)

deg2rad = radians

def exp2(x):
    """2 ** x, elementwise."""
    return 2.0 ** asarray(x)

def average(a, axis=None, weights=None, returned=False):
    """The mean, or the weighted mean with `weights` (the same shape as `a`, or 1-D along `axis`)."""
    a = asarray(a)
    if weights is None:
        avg = mean(a, axis=axis)
        scale = a.size / avg.size if axis is not None else a.size
    else:
        w = asarray(weights, dtype=float64)
        if w.shape != a.shape:
            if axis is None:
                raise TypeError("Axis must be specified when shapes of a and weights differ.")
            shape_ = [1] * a.ndim
            shape_[axis] = w.shape[0]
            w = w.reshape(shape_) + zeros(a.shape)
        scale = sum(w, axis=axis)
        if any(scale == 0.0):
            raise ZeroDivisionError("Weights sum to zero, can't be normalized")
        avg = sum(a * w, axis=axis) / scale
    return (avg, scale) if returned else avg

def ptp(a, axis=None, keepdims=False):
    """The range (maximum minus minimum)."""
    return max(a, axis=axis, keepdims=keepdims) - min(a, axis=axis, keepdims=keepdims)

def amax(a, axis=None, keepdims=False):
    """The maximum (np.max)."""
    return max(a, axis=axis, keepdims=keepdims)

def amin(a, axis=None, keepdims=False):
    """The minimum (np.min)."""
    return min(a, axis=axis, keepdims=keepdims)

def append(arr, values, axis=None):
    """A copy of `arr` with `values` added at the end (flattened when axis is None)."""
    if axis is None:
        return concatenate([ravel(arr), ravel(values)])
    return concatenate([asarray(arr), asarray(values)], axis=axis)

def delete(arr, obj, axis=None):
    """A copy without the entries `obj` (an index, slice or indices) along `axis` (flattened when None)."""
    a = ravel(arr) if axis is None else asarray(arr)
    axis = 0 if axis is None else _axis_index(axis, a.ndim)
    n = a.shape[axis]
    keep = ones(n, dtype=bool)
    if isinstance(obj, slice):
        keep[obj] = False
    else:
        for i in asarray(obj).ravel().tolist():
            if i < -n or i >= n:
                raise IndexError(f"index {i} is out of bounds for axis {axis} with size {n}")
            keep[i] = False
    key = [slice(None)] * a.ndim
    key[axis] = keep
    return a[tuple(key)]

def insert(arr, obj, values, axis=None):
    """A copy with `values` inserted before index `obj` along `axis` (flattened when None)."""
    a = ravel(arr) if axis is None else asarray(arr)
    axis = 0 if axis is None else _axis_index(axis, a.ndim)
    if not isinstance(obj, (int, integer)):
        raise NotImplementedError("np.insert with several positions is not supported by kscript yet")
    n = a.shape[axis]
    if obj < 0:
        obj += n
    v = asarray(values, dtype=a.dtype)
    if a.ndim == 1:
        v = v.ravel()
    else:
        shape_ = list(a.shape)
        shape_[axis] = 1
        v = v.reshape(shape_) if v.size == prod(shape_) else v + zeros(shape_, dtype=a.dtype)
    return concatenate([_take_range(a, axis, 0, obj), v, _take_range(a, axis, obj, n)], axis=axis)

def column_stack(tup):
    """1-D arrays as the columns of a 2-D array (2-D ones side by side)."""
    return concatenate([asarray(x).reshape(-1, 1) if asarray(x).ndim == 1 else asarray(x) for x in tup], axis=1)

def dstack(tup):
    """Arrays stacked along a third axis."""
    return concatenate([atleast_3d(x) if asarray(x).ndim != 2 else asarray(x)[:, :, None] for x in tup], axis=2)

def broadcast_to(array_, shape_):
    """The array repeated to a broadcast shape (a copy in kscript, not a read-only view)."""
    a = asarray(array_)
    return a + zeros(shape_, dtype=a.dtype)

def take(a, indices, axis=None):
    """Elements picked by index from the flattened array, or along an axis."""
    a = asarray(a)
    if axis is None:
        return a.ravel()[asarray(indices)]
    key = [slice(None)] * a.ndim
    key[_axis_index(axis, a.ndim)] = asarray(indices)
    return a[tuple(key)]

def select(condlist, choicelist, default=0):
    """Per element, the choice of the first condition that holds, else `default`."""
    if len(condlist) != len(choicelist):
        raise ValueError("list of cases must be same length as list of conditions")
    out = asarray(default)
    for cond, choice in reversed(list(zip(condlist, choicelist))):
        out = where(cond, choice, out)
    return out

def triu_indices(n, k=0, m=None):
    """The row and column indices of the upper triangle."""
    return nonzero(triu(ones((n, n if m is None else m), dtype=bool), k))

def tril_indices(n, k=0, m=None):
    """The row and column indices of the lower triangle."""
    return nonzero(tril(ones((n, n if m is None else m), dtype=bool), k))

def nanargmax(a, axis=None):
    """The index of the maximum, NaNs ignored."""
    return argmax(_without_nan(a, -inf), axis=axis)

def nanargmin(a, axis=None):
    """The index of the minimum, NaNs ignored."""
    return argmin(_without_nan(a, inf), axis=axis)

def nanvar(a, axis=None, ddof=0, keepdims=False):
    """The variance of the values that are not NaN."""
    a = asarray(a, dtype=float64)
    mean = nanmean(a, axis=axis, keepdims=True)
    counts = sum(~isnan(a), axis=axis, keepdims=keepdims)
    return nansum((a - mean) ** 2, axis=axis, keepdims=keepdims) / (counts - ddof)

def nanprod(a, axis=None, keepdims=False):
    """The product, NaNs counted as one."""
    result = prod(_without_nan(a, 1.0), axis=axis)
    return expand_dims(result, axis if axis is not None else tuple(range(asarray(a).ndim))) if keepdims else result

def nanmedian(a, axis=None, keepdims=False):
    """The median of the values that are not NaN."""
    a = asarray(a, dtype=float64)
    if axis is None:
        kept = a.ravel()[~isnan(a.ravel())]
        return median(kept) if kept.size else nan
    return apply_along_axis(lambda row: nanmedian(row), axis, a)

def intersect1d(ar1, ar2):
    """The sorted unique values in both arrays."""
    a = unique(ar1)
    return a[isin(a, ar2)]

def union1d(ar1, ar2):
    """The sorted unique values in either array."""
    return unique(concatenate([ravel(ar1), ravel(ar2)]))

def setdiff1d(ar1, ar2):
    """The sorted unique values of the first array not in the second."""
    a = unique(ar1)
    return a[isin(a, ar2, invert=True)]

def isscalar(element):
    """Whether the value is a scalar (a Python or numpy number, bool or string; not an array)."""
    return isinstance(element, (int, float, bool, str, bytes, generic))

def array_equiv(a1, a2):
    """Whether the arrays are equal after broadcasting."""
    try:
        return bool(all(asarray(a1) == asarray(a2)))
    except ValueError:
        return False

def convolve(a, v, mode="full"):
    """The discrete linear convolution of two 1-D sequences ('full', 'same' or 'valid')."""
    a, v = asarray(a).ravel(), asarray(v).ravel()
    if a.size < v.size:
        a, v = v, a
    n, m = a.size, v.size
    av, vv = a.tolist(), v.tolist()
    out = array([_builtins.sum(av[i] * vv[k - i] for i in range(_builtins.max(0, k - m + 1), _builtins.min(k, n - 1) + 1)) for k in range(n + m - 1)])
    if mode == "full":
        return out
    if mode == "same":
        start = (m - 1) // 2
        return out[start:start + n]
    if mode == "valid":
        return out[m - 1:n]
    raise ValueError(f"mode must be one of 'full', 'same', or 'valid' (got {mode!r})")

def polyval(p, x):
    """The polynomial with coefficients `p` (highest power first) at `x`, by Horner's rule."""
    x = asarray(x)
    y = zeros_like(x)
    for c in asarray(p).ravel().tolist():
        y = y * x + c
    return y

def inner(a, b):
    """The inner product over the last axes (the dot product of 1-D arrays)."""
    a, b = asarray(a), asarray(b)
    if a.ndim <= 1 and b.ndim <= 1:
        return dot(a, b)
    return dot(a, swapaxes(b, -1, -2) if b.ndim > 1 else b)

def vdot(a, b):
    """The dot product of the flattened arrays."""
    return dot(ravel(a), ravel(b))

def cross(a, b):
    """The cross product of 3-element vectors (along the last axis)."""
    a, b = asarray(a), asarray(b)
    if a.shape[-1] != 3 or b.shape[-1] != 3:
        raise NotImplementedError("np.cross of vectors that are not 3-dimensional is not supported by kscript yet")
    x = a[..., 1] * b[..., 2] - a[..., 2] * b[..., 1]
    y = a[..., 2] * b[..., 0] - a[..., 0] * b[..., 2]
    z = a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]
    return stack([x, y, z], axis=-1)

def pad(array_, pad_width, mode="constant", constant_values=0):
    """The array with borders added: constant values, or the edge values repeated (mode='edge')."""
    a = asarray(array_)
    widths = asarray(pad_width).tolist()
    if isinstance(widths, (int, integer)):
        widths = [[widths, widths]] * a.ndim
    elif len(widths) and isinstance(widths[0], int):
        widths = [widths if len(widths) == 2 else [widths[0], widths[0]]] * a.ndim
    elif len(widths) == 1:
        widths = widths * a.ndim
    for pair in widths:
        if pair[0] < 0 or pair[1] < 0:
            raise ValueError("index can't contain negative values")
    if mode not in ("constant", "edge"):
        raise NotImplementedError(f"np.pad(mode={mode!r}) is not supported by kscript yet")
    for axis, (before, after) in enumerate(widths):
        n = a.shape[axis]
        parts = []
        for count, at in ((before, 0), (after, n - 1)):
            shape_ = list(a.shape)
            shape_[axis] = count
            if mode == "constant":
                parts.append(full(shape_, constant_values, dtype=a.dtype))
            else:
                parts.append(repeat(_take_range(a, axis, at, at + 1), count, axis=axis))
        a = concatenate([parts[0], a, parts[1]], axis=axis)
    return a

def rot90(m, k=1, axes=(0, 1)):
    """The array rotated by 90 degrees k times, from the first axis towards the second."""
    m = asarray(m)
    k %= 4
    if k == 0:
        return m.copy()
    if k == 2:
        return flip(flip(m, axes[0]), axes[1])
    order = list(range(m.ndim))
    order[axes[0]], order[axes[1]] = order[axes[1]], order[axes[0]]
    if k == 1:
        return transpose(flip(m, axes[1]), order)
    return flip(transpose(m, order), axes[1])

def cov(m, y=None, rowvar=True, bias=False, ddof=None):
    """The covariance matrix of variables in rows (columns with rowvar=False)."""
    x = atleast_2d(asarray(m, dtype=float64))
    if not rowvar and x.shape[0] != 1:
        x = x.T
    if y is not None:
        y = atleast_2d(asarray(y, dtype=float64))
        if not rowvar and y.shape[0] != 1:
            y = y.T
        x = concatenate([x, y], axis=0)
    if ddof is None:
        ddof = 0 if bias else 1
    x = x - mean(x, axis=1, keepdims=True)
    c = dot(x, x.T) * (1.0 / (x.shape[1] - ddof))  # numpy scales by the reciprocal
    return c.squeeze() if c.size == 1 else c

def corrcoef(x, y=None, rowvar=True):
    """The correlation coefficients of variables in rows (columns with rowvar=False)."""
    c = cov(x, y, rowvar)
    if asarray(c).ndim == 0:
        return c / c
    d = sqrt(diag(c))
    return clip(c / d[:, None] / d[None, :], -1, 1)

def searchsorted(a, v, side="left"):
    """Where each value would be inserted to keep the sorted array sorted."""
    a = asarray(a).tolist()
    vs = asarray(v)
    def place(x):
        lo, hi = 0, len(a)
        while lo < hi:
            mid = (lo + hi) // 2
            if a[mid] < x or (side == "right" and a[mid] == x):
                lo = mid + 1
            else:
                hi = mid
        return lo
    if vs.ndim == 0:
        return int64(place(vs.item()))
    return array([place(x) for x in vs.ravel().tolist()], dtype=int64).reshape(vs.shape)

def interp(x, xp, fp, left=None, right=None):
    """Linear interpolation of the points (xp, fp) at x (xp increasing)."""
    xp, fp = asarray(xp, dtype=float64), asarray(fp, dtype=float64)
    xs = asarray(x, dtype=float64)
    lo = fp[0] if left is None else left
    hi = fp[-1] if right is None else right
    points, values = xp.tolist(), fp.tolist()
    def at(t):
        if t < points[0]:
            return lo
        if t > points[-1]:
            return hi
        j = searchsorted(xp, t, side="right") - 1
        if j >= len(points) - 1:
            return values[-1]
        slope = (values[j + 1] - values[j]) / (points[j + 1] - points[j])
        return slope * (t - points[j]) + values[j]
    if xs.ndim == 0:
        return float64(at(xs.item()))
    return array([at(t) for t in xs.ravel().tolist()]).reshape(xs.shape)

def apply_along_axis(func1d, axis, arr, *args, **kwargs):
    """func1d applied to every 1-D slice along `axis`; its results take that axis's place."""
    a = asarray(arr)
    axis = _axis_index(axis, a.ndim)
    moved = moveaxis(a, axis, -1)
    lead = moved.shape[:-1]
    rows = moved.reshape(-1, moved.shape[-1])
    results = [asarray(func1d(row, *args, **kwargs)) for row in rows]
    out = stack(results).reshape(lead + results[0].shape)
    return moveaxis(out, -1, axis) if results[0].ndim == 1 else out

class vectorize:
    """A function of scalars made to map over arrays, element by element."""
    def __init__(self, pyfunc, otypes=None):
        self.pyfunc = pyfunc
        self.otypes = otypes
    def __call__(self, *args):
        arrays = [asarray(a) for a in args]
        shape_ = zeros(()).shape
        for a in arrays:
            shape_ = (zeros(shape_) + zeros(a.shape)).shape
        flats = [(a + zeros(shape_, dtype=a.dtype)).ravel().tolist() for a in arrays]
        values = [self.pyfunc(*items) for items in zip(*flats)]
        dtype = None if self.otypes is None else self.otypes[0]
        return array(values, dtype=dtype).reshape(shape_)

def ndindex(*shape_):
    """Every index tuple of an array of the given shape, in row-major order."""
    if len(shape_) == 1 and isinstance(shape_[0], tuple):
        shape_ = shape_[0]
    return _product(*[range(n) for n in shape_])

def ndenumerate(arr):
    """(index tuple, element) pairs of an array, in row-major order."""
    a = asarray(arr)
    return zip(ndindex(a.shape), a.ravel().tolist())

def _product(*pools):
    result = [()]
    for pool in pools:
        result = [r + (x,) for r in result for x in pool]
    return iter(result)

_error_settings = {"divide": "warn", "over": "warn", "under": "ignore", "invalid": "warn"}

def seterr(all=None, divide=None, over=None, under=None, invalid=None):
    """Records how floating-point errors are treated; kscript never prints numpy's warnings anyway."""
    old = dict(_error_settings)
    for key, value in (("divide", divide), ("over", over), ("under", under), ("invalid", invalid)):
        if value is not None or all is not None:
            _error_settings[key] = value if value is not None else all
    return old

def geterr():
    """How floating-point errors are treated, as set by seterr."""
    return dict(_error_settings)

class errstate:
    """Floating-point error handling for the length of a with block."""
    def __init__(self, **kwargs):
        self._kwargs = kwargs
    def __enter__(self):
        self._old = seterr(**self._kwargs)
    def __exit__(self, *exc):
        seterr(**self._old)

def _dtype_of(x):
    # The dtype an array, a scalar, a scalar type, a dtype or a name stands for.
    return x.dtype if isinstance(x, (ndarray, generic)) else dtype(x)

class finfo:
    """Machine limits of a float type: eps, max, min, tiny, resolution, bits."""
    def __init__(self, dtype=float64):
        single = _dtype_of(dtype) == float32
        self.dtype = float32 if single else float64
        self.bits = 32 if single else 64
        big, tiny = _finite_limits(self.dtype)
        values = [1.1920929e-07 if single else 2.220446049250313e-16, big, -big, tiny, 1e-06 if single else 1e-15]
        self.eps, self.max, self.min, self.tiny, self.resolution = [self.dtype(v) for v in values]
        self.smallest_normal = self.tiny
        self.precision = 6 if single else 15

class iinfo:
    """Machine limits of an integer type: min, max, bits."""
    def __init__(self, int_type):
        name = str(_dtype_of(int_type))
        if "int32" in name:
            self.bits, self.min, self.max = 32, -2147483648, 2147483647
        elif "uint8" in name:
            self.bits, self.min, self.max = 8, 0, 255
        elif "int64" in name:
            self.bits, self.min, self.max = 64, -9223372036854775808, 9223372036854775807
        else:
            raise ValueError(f"Invalid integer data type {name!r}.")

def lexsort(keys, axis=-1):
    """The order that sorts by the last key, then the one before it, and so on (stable)."""
    columns = [asarray(k).ravel().tolist() for k in keys]
    n = len(columns[0]) if columns else 0
    order = sorted(range(n), key=lambda i: tuple(c[i] for c in reversed(columns)))
    return array(order, dtype=int64)

def einsum(subscripts, *operands):
    """Einstein summation over explicit subscripts ('ij,jk->ik', 'ij->j', 'i,i->', ...)."""
    spec = subscripts.replace(" ", "")
    if "..." in spec:
        raise NotImplementedError("np.einsum with '...' is not supported by kscript yet")
    inputs, _, output = spec.partition("->")
    terms = inputs.split(",")
    if len(terms) != len(operands):
        raise ValueError("more operands provided to einstein sum function than specified in the subscripts string" if len(operands) > len(terms) else "fewer operands provided to einstein sum function than specified in the subscripts string")
    if "->" not in spec:
        counts = {}
        for t in terms:
            for c in t:
                counts[c] = counts.get(c, 0) + 1
        output = "".join(sorted(c for c in counts if counts[c] == 1))
    letters = list(output) + sorted(set("".join(terms)) - set(output))
    sizes = {}
    product = None
    for term, operand in zip(terms, operands):
        a = asarray(operand)
        if len(set(term)) != len(term):
            raise NotImplementedError("np.einsum with a repeated subscript in one operand is not supported by kscript yet")
        if len(term) != a.ndim:
            raise ValueError(f"einstein sum subscripts string contains too many subscripts for operand")
        for c, n in zip(term, a.shape):
            if sizes.setdefault(c, n) != n:
                raise ValueError(f"operands could not be broadcast together with remapped shapes")
        present = [c for c in letters if c in term]
        a = transpose(a, [term.index(c) for c in present]) if a.ndim else a
        a = a.reshape([sizes[c] if c in term else 1 for c in letters])
        product = a if product is None else product * a
    summed = tuple(range(len(output), len(letters)))
    return sum(product, axis=summed) if summed else product

int_ = int64

def astype(x, dtype, copy=True):
    """x converted to another dtype (numpy 2's np.astype)."""
    return asarray(x).astype(dtype)

def diagonal(a, offset=0, axis1=0, axis2=1):
    """The diagonal of a 2-D array, `offset` above (or below) the main one."""
    a = asarray(a)
    if a.ndim < 2:
        raise ValueError("diag requires an array of at least two dimensions")
    if a.ndim > 2 or (axis1, axis2) not in ((0, 1), (-2, -1)):
        raise NotImplementedError("np.diagonal of arrays with more than two dimensions (or other axes) is not supported by kscript yet")
    return diag(a, offset)

def _split_along(name, ary, indices_or_sections, least, axis):
    a = asarray(ary)
    if a.ndim < least:
        raise ValueError(f"{name} only works on arrays of {least} or more dimensions")
    return split(a, indices_or_sections, axis)

def hsplit(ary, indices_or_sections):
    """Splits an array into columns (along axis 1; axis 0 for a 1-D array)."""
    a = asarray(ary)
    return _split_along("hsplit", a, indices_or_sections, 1, 1 if a.ndim > 1 else 0)

def vsplit(ary, indices_or_sections):
    """Splits an array into rows (along axis 0)."""
    return _split_along("vsplit", ary, indices_or_sections, 2, 0)

def dsplit(ary, indices_or_sections):
    """Splits an array along its third axis."""
    return _split_along("dsplit", ary, indices_or_sections, 3, 2)

def fill_diagonal(a, val, wrap=False):
    """Writes val (cycled when a sequence) on the main diagonal of a, in place."""
    if a.ndim != 2:
        raise NotImplementedError("np.fill_diagonal of arrays that are not 2-D is not supported by kscript yet")
    values = asarray(val).ravel().tolist()
    rows, cols = a.shape
    count = rows if wrap and rows > cols else _builtins.min(rows, cols)
    k = 0
    for i in range(count):
        r = i + (i // cols if wrap and rows > cols else 0)
        if r >= rows:
            break
        a[r, i % cols] = values[k % len(values)]
        k += 1

def indices(dimensions, dtype=int64):
    """An array of each position's index along every axis: shape (len(dimensions), *dimensions)."""
    dimensions = tuple(dimensions)
    if not dimensions:
        return zeros((0,), dtype=dtype)
    grids = meshgrid(*[arange(n) for n in dimensions], indexing="ij")
    return stack(grids).astype(dtype)

def fromfunction(function, shape, dtype=float64, **kwargs):
    """function called once with an index array per axis (as indices() gives them)."""
    return function(*indices(shape, dtype=dtype), **kwargs)

def fromiter(iter, dtype, count=-1):
    """A 1-D array of the values an iterable gives (the first `count` of them)."""
    values = []
    for v in iter:
        if count >= 0 and len(values) >= count:
            break
        values.append(v)
    if count >= 0 and len(values) < count:
        raise ValueError(f"iterator too short: Expected {count} but iterator had only {len(values)} items.")
    return array(values, dtype=dtype)

def kron(a, b):
    """The Kronecker product: blocks of b, each scaled by an element of a."""
    a, b = asarray(a), asarray(b)
    ndim = _builtins.max(a.ndim, b.ndim)
    a = a.reshape((1,) * (ndim - a.ndim) + a.shape)
    b = b.reshape((1,) * (ndim - b.ndim) + b.shape)
    if ndim == 1:
        return outer(a, b).ravel()
    if ndim != 2:
        raise NotImplementedError("np.kron of arrays with more than two dimensions is not supported by kscript yet")
    product = a[:, None, :, None] * b[None, :, None, :]
    return product.reshape((a.shape[0] * b.shape[0], a.shape[1] * b.shape[1]))

def tensordot(a, b, axes=2):
    """Sums products over the last `axes` axes of a and the first of b (or the axes listed for each)."""
    a, b = asarray(a), asarray(b)
    if isinstance(axes, (int, integer)):
        axes_a, axes_b = list(range(a.ndim - axes, a.ndim)), list(range(0, axes))
    else:
        axes_a, axes_b = axes
        axes_a = [axes_a] if isinstance(axes_a, (int, integer)) else list(axes_a)
        axes_b = [axes_b] if isinstance(axes_b, (int, integer)) else list(axes_b)
    axes_a = [x % a.ndim for x in axes_a]
    axes_b = [x % b.ndim for x in axes_b]
    if len(axes_a) != len(axes_b) or _builtins.any(a.shape[i] != b.shape[j] for i, j in zip(axes_a, axes_b)):
        raise ValueError("shape-mismatch for sum")
    free_a = [i for i in range(a.ndim) if i not in axes_a]
    free_b = [i for i in range(b.ndim) if i not in axes_b]
    n = 1
    for i in axes_a:
        n *= a.shape[i]
    left = a.transpose(free_a + axes_a).reshape((-1, n))
    right = b.transpose(axes_b + free_b).reshape((n, -1))
    return dot(left, right).reshape(tuple(a.shape[i] for i in free_a) + tuple(b.shape[j] for j in free_b))

def rollaxis(a, axis, start=0):
    """The axis moved to before position `start` (np.moveaxis is the newer way)."""
    a = asarray(a)
    n = a.ndim
    axis = _axis_index(axis, n)
    if start < 0:
        start += n
    if not 0 <= start < n + 1:
        raise exceptions.AxisError(f"'start' arg requires {-n} <= start < {n + 1}, but {start - n if start >= n + 1 else start} was passed in")
    if axis < start:
        start -= 1
    if axis == start:
        return a[...]
    order = list(range(n))
    order.remove(axis)
    order.insert(start, axis)
    return a.transpose(order)

def resize(a, new_shape):
    """An array of the new shape filled with a's elements, repeated as often as needed."""
    a = asarray(a)
    shape = (new_shape,) if isinstance(new_shape, (int, integer)) else tuple(new_shape)
    n = 1
    for d in shape:
        if d < 0:
            raise ValueError("all elements of `new_shape` must be non-negative")
        n *= d
    flat = a.ravel()
    if flat.size == 0 or n == 0:
        return zeros(shape, dtype=a.dtype)
    repeats = -(-n // flat.size)
    return concatenate([flat] * repeats)[:n].reshape(shape)

def put(a, ind, v):
    """Writes v (cycled) at the flat positions ind of a, in place."""
    positions = asarray(ind).ravel()
    values = asarray(v).ravel().tolist()
    for k, p in enumerate(positions.tolist()):
        a[unravel_index(p % a.size if p < 0 else p, a.shape)] = values[k % len(values)]

def ediff1d(ary, to_end=None, to_begin=None):
    """The differences between consecutive elements of the flattened array, with optional ends."""
    d = diff(asarray(ary).ravel())
    parts = ([asarray(to_begin).ravel().astype(d.dtype)] if to_begin is not None else []) + [d]
    if to_end is not None:
        parts.append(asarray(to_end).ravel().astype(d.dtype))
    return concatenate(parts)

def cumulative_sum(x, axis=None, dtype=None, include_initial=False):
    """Running sums along an axis (numpy 2's array-API cumsum), optionally starting with 0."""
    x = asarray(x)
    if axis is None:
        if x.ndim > 1:
            raise ValueError("For arrays which have more than one dimension ``axis`` argument is required.")
        axis = 0
    out = cumsum(x, axis=axis)
    if dtype is not None:
        out = out.astype(dtype)
    if include_initial:
        shape = list(out.shape)
        shape[_axis_index(axis, x.ndim)] = 1
        out = concatenate([zeros(tuple(shape), dtype=out.dtype), out], axis=axis)
    return out

def unique_values(x):
    """The distinct values of x (numpy 2's array-API unique)."""
    return unique(x)

def unique_counts(x):
    """The distinct values of x and how often each occurs, as a named pair (values, counts)."""
    values, counts = unique(x, return_counts=True)
    return UniqueCountsResult(values, counts)

import collections as _collections
UniqueCountsResult = _collections.namedtuple("UniqueCountsResult", ["values", "counts"])

def gcd(x1, x2):
    """The greatest common divisor, element by element (integers)."""
    return _integer_pairs(x1, x2, _math.gcd)

def lcm(x1, x2):
    """The least common multiple, element by element (integers)."""
    return _integer_pairs(x1, x2, lambda p, q: 0 if p == 0 or q == 0 else _builtins.abs(p * q) // _math.gcd(p, q))

import math as _math

def _integer_pairs(x1, x2, f):
    a, b = asarray(x1), asarray(x2)
    if a.dtype in (float32, float64) or b.dtype in (float32, float64):
        raise TypeError("ufunc 'gcd' did not contain a loop with signature matching types")
    shape = broadcast_to(a, (a + b).shape).shape
    left, right = broadcast_to(a, shape).ravel().tolist(), broadcast_to(b, shape).ravel().tolist()
    return _scalar_if_0d(array([f(int(p), int(q)) for p, q in zip(left, right)], dtype=int64).reshape(shape))

def heaviside(x1, x2):
    """0 where x1 < 0, x2 where x1 == 0, 1 where x1 > 0 (nan stays nan)."""
    x1 = asarray(x1, dtype=float64)
    return _scalar_if_0d(where(x1 < 0, 0.0, where(x1 > 0, 1.0, where(isnan(x1), x1, asarray(x2, dtype=float64)))))

def sinc(x):
    """sin(pi x) / (pi x), 1 at 0."""
    x = asarray(x, dtype=float64)
    y = pi * where(x == 0, 1.0e-20, x)
    return sin(y) / y

def cbrt(x):
    """The real cube root, element by element."""
    x = asarray(x)
    x = x if x.dtype in (float32, float64) else x.astype(float64)
    return sign(x) * power(abs(x), 1.0 / 3.0)

def float_power(x1, x2):
    """x1 ** x2 computed in float64."""
    return power(asarray(x1, dtype=float64), asarray(x2, dtype=float64))

def divmod(x1, x2):
    """Floor quotient and remainder, element by element (as Python's divmod)."""
    return floor_divide(x1, x2), remainder(x1, x2)

def modf(x):
    """The fractional and whole parts, each with x's sign."""
    x = asarray(x)
    x = x if x.dtype in (float32, float64) else x.astype(float64)
    whole = trunc(x)
    return x - whole, whole

def signbit(x):
    """Whether the sign bit is set (True for -0.0 too)."""
    x = asarray(x, dtype=float64)
    return (x < 0) | ((x == 0) & (copysign(1.0, x) < 0))

def nanpercentile(a, q, axis=None, keepdims=False):
    """percentile() ignoring nan values."""
    a = asarray(a, dtype=float64)
    if axis is None:
        return percentile(a[~isnan(a)], q, keepdims=keepdims) if not keepdims else percentile(a[~isnan(a)], q).reshape((1,) * a.ndim)
    return apply_along_axis(lambda v: percentile(v[~isnan(v)], q), axis, a)

def polyfit(x, y, deg):
    """The least-squares polynomial coefficients of degree deg, highest power first."""
    x, y = asarray(x, dtype=float64), asarray(y, dtype=float64)
    if deg < 0:
        raise ValueError("expected deg >= 0")
    if x.ndim != 1:
        raise TypeError("expected 1D vector for x")
    if x.size == 0:
        raise TypeError("expected non-empty vector for x")
    if y.ndim < 1 or y.ndim > 2:
        raise TypeError("expected 1D or 2D array for y")
    if x.shape[0] != y.shape[0]:
        raise TypeError("expected x and y to have same length")
    lhs = stack([x ** p for p in range(deg, -1, -1)], axis=1)
    scale = sqrt((lhs * lhs).sum(axis=0))
    lhs = lhs / scale
    c = linalg.solve(lhs.T @ lhs, lhs.T @ y)
    return (c.T / scale).T
"""#
}
