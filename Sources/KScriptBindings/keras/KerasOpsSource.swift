// keras.ops functions written in kscript itself from the native ops (run inside keras.ops, so
// they see its names directly): differentiable wherever Keras's are, because they are made of
// differentiable ops; tests and index results are constants, computed with numpy. Each becomes
// one operation node when called on symbolic tensors, as in Keras.

enum KerasOpsSource {
    static let file = "<stdlib>/keras/ops/_composite.ks"
    static let text = #"""
import math as _math
import numpy as _np

def _constant(values):
    values = _np.asarray(values)
    tensor = convert_to_tensor(values)
    return tensor if values.dtype.kind == "f" else cast(tensor, str(values.dtype))

def reciprocal(x):
    return divide(1.0, x)

def rsqrt(x):
    return divide(1.0, sqrt(x))

def true_divide(x1, x2):
    return divide(x1, x2)

def log2(x):
    return divide(log(x), _math.log(2.0))

def log10(x):
    return divide(log(x), _math.log(10.0))

def expm1(x):
    return subtract(exp(x), 1.0)

def relu6(x):
    return minimum(relu(x), 6.0)

def leaky_relu(x, negative_slope=0.2):
    return add(relu(x), multiply(negative_slope, minimum(x, 0.0)))

def hard_sigmoid(x):
    return divide(relu6(add(x, 3.0)), 6.0)

def hard_silu(x):
    return multiply(x, hard_sigmoid(x))

hard_swish = hard_silu

def log_sigmoid(x):
    return negative(softplus(negative(x)))

def stop_gradient(variable):
    return _constant(convert_to_numpy(variable))

def logsumexp(x, axis=None, keepdims=False):
    x = convert_to_tensor(x)
    shift = stop_gradient(max(x, axis=axis, keepdims=True))
    total = add(log(sum(exp(subtract(x, shift)), axis=axis, keepdims=True)), shift)
    if keepdims:
        return total
    return squeeze(total, axis=axis) if axis is not None else reshape(total, ())

def moments(x, axes, keepdims=False, synchronized=False):
    x = convert_to_tensor(x)
    average_ = mean(x, axis=axes, keepdims=True)
    variance = mean(square(subtract(x, stop_gradient(average_))), axis=axes, keepdims=True)
    if keepdims:
        return average_, variance
    return squeeze(average_, axis=axes), squeeze(variance, axis=axes)

def broadcast_to(x, shape):
    return multiply(x, ones(shape))

def hstack(xs):
    first = convert_to_tensor(xs[0])
    return concatenate(xs, axis=0 if len(shape(first)) == 1 else 1)

def vstack(xs):
    first = convert_to_tensor(xs[0])
    if len(shape(first)) == 1:
        return stack(xs, axis=0)
    return concatenate(xs, axis=0)

def ndim(x):
    return len(shape(convert_to_tensor(x)))

def size(x):
    count = 1
    for n in shape(convert_to_tensor(x)):
        count *= n
    return count

def average(x, axis=None, weights=None):
    if weights is None:
        return mean(x, axis=axis)
    weights = convert_to_tensor(weights)
    x = convert_to_tensor(x)
    if axis is not None and len(shape(weights)) == 1 and len(shape(x)) > 1:
        target = [1] * len(shape(x))
        target[axis] = shape(weights)[0]
        weights = reshape(weights, target)
    return divide(sum(multiply(x, weights), axis=axis), sum(broadcast_to(weights, shape(x)), axis=axis))

def floor_divide(x1, x2):
    return _constant(_np.floor_divide(convert_to_numpy(x1), convert_to_numpy(x2)))

def mod(x1, x2):
    return subtract(x1, multiply(floor_divide(x1, x2), x2))

def any(x, axis=None, keepdims=False):
    return _constant(_np.any(convert_to_numpy(x), axis=axis, keepdims=keepdims))

def all(x, axis=None, keepdims=False):
    return _constant(_np.all(convert_to_numpy(x), axis=axis, keepdims=keepdims))

def isfinite(x):
    return _constant(_np.isfinite(convert_to_numpy(x)))

def isinf(x):
    return _constant(_np.isinf(convert_to_numpy(x)))

def count_nonzero(x, axis=None):
    return _constant(_np.asarray(_np.count_nonzero(convert_to_numpy(x), axis=axis)).astype("int32"))

def argsort(x, axis=-1):
    return _constant(_np.argsort(convert_to_numpy(x), axis=axis).astype("int32"))

def eye(N, M=None, k=0, dtype=None):
    return _constant(_np.eye(N, M, k, dtype=dtype or "float32"))

def identity(n, dtype=None):
    return eye(n, dtype=dtype)

def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    values = _np.linspace(start, stop, num, endpoint=endpoint, dtype=dtype or "float32")
    if retstep:
        step = (stop - start) / ((num - 1) if endpoint else num)
        return _constant(values), step
    return _constant(values)

def tri(N, M=None, k=0, dtype=None):
    return _constant(_np.tri(N, M, k, dtype=dtype or "float32"))

def _triangle(x, k, lower):
    x = convert_to_tensor(x)
    rows, cols = shape(x)[-2], shape(x)[-1]
    mask = _np.tri(rows, cols, k, dtype="float32") if lower else 1.0 - _np.tri(rows, cols, k - 1, dtype="float32")
    return multiply(x, _constant(mask))

def tril(x, k=0):
    return _triangle(x, k, True)

def triu(x, k=0):
    return _triangle(x, k, False)

def cumsum(x, axis=None, dtype=None):
    # Running sums as a product with a triangle of ones, so the gradient flows as Keras's does.
    x = convert_to_tensor(x)
    if axis is None:
        x = reshape(x, (-1,))
        axis = 0
    rank = len(shape(x))
    axis = axis + rank if axis < 0 else axis
    order = [a for a in range(rank) if a != axis] + [axis]
    back = [order.index(a) for a in range(rank)]
    moved = transpose(x, order)
    n = shape(x)[axis]
    return transpose(matmul(moved, _constant(_np.triu(_np.ones((n, n), dtype="float32")))), back)

def copy(x):
    return multiply(convert_to_tensor(x), 1.0)

def ravel(x):
    return reshape(x, (-1,))

def swapaxes(x, axis1, axis2):
    x = convert_to_tensor(x)
    order = list(range(len(shape(x))))
    order[axis1], order[axis2] = order[axis2], order[axis1]
    return transpose(x, order)

def moveaxis(x, source, destination):
    x = convert_to_tensor(x)
    rank = len(shape(x))
    source = source + rank if source < 0 else source
    destination = destination + rank if destination < 0 else destination
    order = [a for a in range(rank) if a != source]
    order.insert(destination, source)
    return transpose(x, order)

def outer(x1, x2):
    return multiply(reshape(x1, (-1, 1)), reshape(x2, (1, -1)))

def fabs(x):
    return abs(x)

def normalize(x, axis=-1, order=2, epsilon=None):
    if order != 2:
        raise NotImplementedError("keras.ops.normalize with an order other than 2 is not supported by kscript yet")
    inverse_norm = minimum(rsqrt(sum(square(x), axis=axis, keepdims=True)), 1.0 / (epsilon or 1e-7))
    return multiply(x, inverse_norm)
"""#
}
