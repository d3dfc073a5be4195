"""Reference reductions and element-wise math (float64)."""
import numpy as np


def _axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


def reduce(np_function):
    def reference(x, axis=None, keepdims=False):
        return np_function(np.asarray(x), axis=_axis(axis), keepdims=keepdims)
    return reference


sum = reduce(np.sum)
prod = reduce(np.prod)
max = reduce(np.max)
min = reduce(np.min)
any = reduce(np.any)
all = reduce(np.all)


def mean(x, axis=None, keepdims=False):
    x = np.asarray(x, dtype=np.float64)
    return np.sum(x, axis=_axis(axis), keepdims=keepdims) / _count(x, axis)


def _count(x, axis):
    if axis is None:
        return x.size
    axes = axis if isinstance(axis, (list, tuple)) else [axis]
    return int(np.prod([x.shape[a] for a in axes]))


def var(x, axis=None, keepdims=False):
    x = np.asarray(x, dtype=np.float64)
    centred = x - mean(x, axis, keepdims=True)
    return mean(centred * centred, axis, keepdims)


def std(x, axis=None, keepdims=False):
    return np.sqrt(var(x, axis, keepdims))


def logsumexp(x, axis=None, keepdims=False):
    x = np.asarray(x, dtype=np.float64)
    peak = np.max(x, axis=_axis(axis), keepdims=True)
    out = np.log(np.sum(np.exp(x - peak), axis=_axis(axis), keepdims=True)) + peak
    return out if keepdims else np.squeeze(out, axis=_axis(axis))


def cumsum(x, axis=0):
    return np.cumsum(np.asarray(x), axis=axis)


def cumprod(x, axis=0):
    return np.cumprod(np.asarray(x), axis=axis)


def argmax(x, axis=-1):
    return np.argmax(np.asarray(x), axis=axis)


def argmin(x, axis=-1):
    return np.argmin(np.asarray(x), axis=axis)


def square(x):
    return np.asarray(x) * np.asarray(x)


def sqrt(x):
    x = np.asarray(x, dtype=np.float64)
    return np.sqrt(np.where(x < 0, 0.0, x))


def round(x):
    """Half to even, written out: floor(x + 0.5) except exact halves, which go to the even neighbour."""
    x = np.asarray(x)
    if x.dtype.kind != "f":
        return x
    lower = np.floor(x)
    diff = x - lower
    up = (diff > 0.5) | ((diff == 0.5) & (np.mod(lower, 2) == 1))
    return lower + up


def sign(x):
    x = np.asarray(x)
    return (x > 0).astype(x.dtype) - (x < 0).astype(x.dtype) if x.dtype != np.bool_ else x


def pow(x, a):
    # C99 pow (what TensorFlow, PyTorch and JAX compute): pow(-inf, 0.5) is +inf, where NumPy's power, which takes
    # the square root for an exponent of 0.5, gives NaN
    x = np.asarray(x, dtype=np.float64)
    out = np.power(x, a)
    if np.ndim(a) == 0 and a == 0.5:
        out = np.where(x == -np.inf, np.inf, out)
    return out


def clip(x, min_value, max_value):
    x = np.asarray(x)
    low = -np.inf if min_value is None else np.asarray(min_value, dtype=np.float64)
    high = np.inf if max_value is None else np.asarray(max_value, dtype=np.float64)
    if np.ndim(low) == 0 and np.ndim(high) == 0 and high < low:
        high = low
    return np.minimum(np.maximum(x, low), high)


def elementwise(np_function):
    def reference(*args):
        return np_function(*[np.asarray(a) for a in args])
    return reference


abs = elementwise(np.abs)
exp = elementwise(np.exp)
log = elementwise(np.log)
sin = elementwise(np.sin)
cos = elementwise(np.cos)
equal = elementwise(np.equal)
not_equal = elementwise(np.not_equal)
greater = elementwise(np.greater)
greater_equal = elementwise(np.greater_equal)
less = elementwise(np.less)
less_equal = elementwise(np.less_equal)
maximum = elementwise(np.maximum)
minimum = elementwise(np.minimum)
