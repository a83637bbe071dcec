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
    if isinstance(indices_or_sections, int):
        sections = indices_or_sections
        if sections <= 0:
            raise ValueError("number sections must be larger than 0.")
        size, extra = divmod(n, sections)
        bounds = [0]
        for i in range(sections):
            bounds.append(bounds[-1] + size + (1 if i < extra else 0))
    else:
        bounds = [0] + [int(i) for i in indices_or_sections] + [n]
    return [_take_range(a, axis, bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]

def split(ary, indices_or_sections, axis=0):
    """Splits an array into equal sections (or at the given indices) along an axis."""
    a = asarray(ary)
    if isinstance(indices_or_sections, int):
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
    reps = (reps,) if isinstance(reps, int) else tuple(reps)
    if len(reps) > a.ndim:
        a = a.reshape((1,) * (len(reps) - a.ndim) + a.shape)
    reps = (1,) * (a.ndim - len(reps)) + reps
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
    counts = [repeats] * n if isinstance(repeats, int) else [int(r) for r in asarray(repeats).ravel().tolist()]
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
    axes = range(a.ndim) if axis is None else ((axis,) if isinstance(axis, int) else axis)
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
        return array(result).reshape((1,) * a.ndim) if keepdims else result
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
    if not isinstance(bins, int):
        edges = asarray(bins)
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

def cumprod(a, axis=None):
    """Running products along `axis` (of the flattened array when None)."""
    a = asarray(a)
    if axis is None:
        a = a.ravel()
        axis = 0
    axis = _axis_index(axis, a.ndim)
    parts = []
    running = None
    for i in range(a.shape[axis]):
        step = _take_range(a, axis, i, i + 1)
        running = step if running is None else running * step
        parts.append(running)
    return concatenate(parts, axis=axis) if parts else a.copy()

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
    return sum(diag(asarray(a), offset))

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
    a = asarray(a, dtype=float64)
    mean = nanmean(a, axis=axis, keepdims=True)
    counts = sum(~isnan(a), axis=axis, keepdims=keepdims)
    return sqrt(nansum((a - mean) ** 2, axis=axis, keepdims=keepdims) / (counts - ddof))

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
    return array([place(v) for v in xs.ravel().tolist()], dtype=int64).reshape(xs.shape)

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
"""#
}
