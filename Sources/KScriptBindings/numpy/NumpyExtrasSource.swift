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
"""#
}
