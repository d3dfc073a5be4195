"""Generic neural-network functions on the engine core (first argument: the engine namespace E).

The facade has checked shapes, axes and numbers; ``axis`` arguments are non-negative ints (tuples for
``l2_normalize`` and ``normalize_batch_in_training``), ``epsilon`` is a float. Integer inputs compute in
``floatx()``. float16 inputs of the crossentropies, ``l2_normalize`` and the batch statistics are computed in float32
and the results cast back: ``1 - epsilon()`` and ``1e-12`` do not exist in float16, and sums of squares overflow it.

The helpers ``log1p``, ``expm1``, ``log_softmax`` are engine-table functions too, so that an engine with native
kernels for them speeds up every generic that uses them.
"""
import functools
import math

import numpy as np

__all__ = ["relu", "elu", "softmax", "log_softmax", "softplus", "softsign", "sigmoid", "hard_sigmoid", "log1p",
           "expm1", "categorical_crossentropy", "softmax_categorical_crossentropy",
           "sparse_categorical_crossentropy", "binary_crossentropy",
           "dropout", "l2_normalize", "in_top_k", "bias_add", "batch_normalization", "normalize_batch_in_training"]

_INF = float("inf")
_NAN = float("nan")


def _size(shape):
    size = 1
    for dim in shape:
        size *= dim
    return size


# --- activations ---------------------------------------------------------------------------------------------------
def relu(E, x, alpha=0.0, max_value=None, threshold=0.0):
    """Keras 2's TensorFlow computation (``kbackend.facade.activations.relu`` states it), with selects whose gradients
    are TF's: relu's is 0 at 0, relu6's 0 at 0 and 6, the clip passes it at its bounds, the leaky slope at 0 is alpha.
    Values that compare false to everything (NaN) pass through."""
    x = E.float_input(x)
    if alpha != 0.0 and max_value is None and threshold == 0.0:
        return E.where(E.greater(x, 0.0), x, E.multiply(x, alpha))  # leaky relu
    if threshold != 0.0:
        out = E.multiply(x, E.cast(E.greater(x, threshold), E.dtype_of(x)))  # x where x > threshold, else 0
    elif max_value == 6.0:
        out = E.where(E.less_equal(x, 0.0), 0.0, E.where(E.greater_equal(x, 6.0), 6.0, x))  # relu6, not clipped
        max_value = None
    else:
        out = E.where(E.less_equal(x, 0.0), 0.0, x)
    if max_value is not None:  # clip_by_value(out, 0, max_value): minimum, then maximum (ties keep out)
        out = E.where(E.greater(out, max_value), max_value, out)
        out = E.where(E.less(out, 0.0), 0.0, out)
    if alpha != 0.0:
        negative = E.subtract(threshold, x) if threshold != 0.0 else E.negative(x)
        negative = E.where(E.less_equal(negative, 0.0), 0.0, negative)
        out = E.subtract(out, E.multiply(negative, alpha))
    return out


def log1p(E, x):
    """``log(1 + x)``, accurate for small ``x`` (Goldberg: ``log(u) * x / (u - 1)`` with ``u = 1 + x``)."""
    x = E.float_input(x)
    u = E.add(x, 1.0)
    delta = E.subtract(u, 1.0)
    exact = E.equal(delta, 0.0)
    ratio = E.divide(x, E.where(exact, 1.0, delta))
    return E.where(exact, x, E.multiply(E.log(u), ratio))


def expm1(E, x):
    """``exp(x) - 1``, accurate for small ``x`` (Kahan: ``(u - 1) * x / log(u)`` with ``u = exp(x)``)."""
    x = E.float_input(x)
    u = E.exp(x)
    small = E.less(E.abs(x), 0.5)
    log_u = E.log(E.where(small, u, 2.0))  # only used where u is in (0.6, 1.7): never log(0)
    exact = E.equal(log_u, 0.0)            # u == 1
    kahan = E.multiply(E.subtract(u, 1.0), E.divide(x, E.where(exact, 1.0, log_u)))
    return E.where(small, E.where(exact, x, kahan), E.subtract(u, 1.0))


def elu(E, x, alpha=1.0):
    x = E.float_input(x)
    positive = E.greater(x, 0.0)
    # where, not minimum(x, 0): a tie of minimum at 0 would give each side half of the gradient
    negative = E.expm1(E.where(positive, 0.0, x))
    if alpha != 1.0:
        negative = E.multiply(negative, alpha)
    return E.where(positive, x, negative)


def softmax(E, x, axis=-1):
    x = E.float_input(x)
    if _size(E.shape_of(x)) == 0:
        return x
    e = E.exp(E.subtract(x, E.max(x, axis, True)))
    return E.divide(e, E.sum(e, axis, True))


def log_softmax(E, x, axis=-1):
    x = E.float_input(x)
    if _size(E.shape_of(x)) == 0:
        return x
    z = E.subtract(x, E.max(x, axis, True))
    return E.subtract(z, E.log(E.sum(E.exp(z), axis, True)))


def softplus(E, x):
    x = E.float_input(x)
    return E.add(E.maximum(x, 0.0), E.log1p(E.exp(E.negative(E.abs(x)))))


def softsign(E, x):
    x = E.float_input(x)
    return E.divide(x, E.add(E.abs(x), 1.0))


def sigmoid(E, x):
    x = E.float_input(x)
    nonnegative = E.greater_equal(x, 0.0)
    # exp(-|x|) never overflows; -|x| as a where, since the derivative of abs at 0 is taken as 0 by autodiff
    z = E.exp(E.where(nonnegative, E.negative(x), x))
    positive = E.divide(1.0, E.add(z, 1.0))  # sigmoid(|x|)
    return E.where(nonnegative, positive, E.multiply(z, positive))


def hard_sigmoid(E, x):
    x = E.float_input(x)
    return E.clip(E.add(E.multiply(x, 0.2), 0.5), 0.0, 1.0)


# --- crossentropies ------------------------------------------------------------------------------------------------
def _compute_input(E, output):
    """``(output in its compute dtype, result dtype)``: float16 computes in float32."""
    output = E.float_input(output)
    dtype = E.dtype_of(output)
    return (E.cast(output, "float32"), dtype) if dtype == "float16" else (output, dtype)


def _result(E, loss, dtype):
    return loss if E.dtype_of(loss) == dtype else E.cast(loss, dtype)


def categorical_crossentropy(E, target, output, from_logits, axis, epsilon):
    output, dtype = _compute_input(E, output)
    target = E.convert(target, E.dtype_of(output))
    if from_logits:
        log_p = E.log_softmax(output, axis)
    else:
        output = E.divide(output, E.sum(output, axis, True))
        log_p = E.log(E.clip(output, epsilon, 1.0 - epsilon))
    return _result(E, E.negative(E.sum(E.multiply(target, log_p), axis, False)), dtype)


@functools.lru_cache(maxsize=64)
def log_probability_bounds(epsilon, dtype):
    """``(log(eps), log(1 - eps))`` with ``eps`` and ``1 - eps`` first rounded to ``dtype``, as the explicit formula
    clips the probabilities in that dtype before taking their log."""
    low, high = np.asarray([epsilon, 1.0 - epsilon], dtype=dtype).astype(np.float64)
    return math.log(low), math.log(high)


def softmax_categorical_crossentropy(E, target, logits, axis, epsilon):
    """``categorical_crossentropy(target, softmax(logits, axis), from_logits=False, axis)`` in log space: the
    normalised, clipped log-probabilities are ``clip(log_softmax(logits), log(eps), log(1 - eps))`` (the log is
    increasing and the softmax already sums to 1), in 4 operations instead of 8. float32/float64 ``logits``."""
    logits = E.convert(logits)
    dtype = E.dtype_of(logits)
    target = E.convert(target, dtype)
    low, high = log_probability_bounds(epsilon, dtype)
    log_p = E.clip(E.log_softmax(logits, axis), low, high)
    return E.negative(E.sum(E.multiply(target, log_p), axis, False))


def _classes_last(E, output, axis):
    rank = len(E.shape_of(output))
    if axis == rank - 1:
        return output
    return E.permute(output, tuple(i for i in range(rank) if i != axis) + (axis,))


def _pick(E, values, target, classes):
    """``values[..., target]`` for an int64 ``target`` of ``values.shape[:-1]``; NaN where the target is not in
    ``[0, classes)``."""
    last = len(E.shape_of(values)) - 1
    one_hot = E.equal(E.expand_dims(target, last), E.arange(0, classes, 1, "int64"))
    picked = E.sum(E.where(one_hot, values, 0.0), last, False)
    valid = E.logical_and(E.greater_equal(target, 0), E.less(target, classes))
    return E.where(valid, picked, _NAN)


def sparse_categorical_crossentropy(E, target, output, from_logits, axis, epsilon):
    output, dtype = _compute_input(E, output)
    output = _classes_last(E, output, axis)
    shape = tuple(E.shape_of(output))
    last = len(shape) - 1
    target = E.cast(E.reshape(E.convert(target), shape[:-1]), "int64")
    if from_logits:
        log_p = E.log_softmax(output, last)
    else:  # Keras 2.2.4: log(clip(output)) used as logits, so the clipped output is normalised
        clipped = E.clip(output, epsilon, 1.0 - epsilon)
        log_p = E.subtract(E.log(clipped), E.log(E.sum(clipped, last, True)))
    return _result(E, E.negative(_pick(E, log_p, target, shape[-1])), dtype)


def binary_crossentropy(E, target, output, from_logits, epsilon):
    output, dtype = _compute_input(E, output)
    target = E.convert(target, E.dtype_of(output))
    if not from_logits:
        output = E.clip(output, epsilon, 1.0 - epsilon)
        output = E.log(E.divide(output, E.subtract(1.0, output)))
    # sigmoid_cross_entropy_with_logits: max(z, 0) - z * t + log(1 + exp(-|z|))
    loss = E.add(E.subtract(E.maximum(output, 0.0), E.multiply(output, target)),
                 E.log1p(E.exp(E.negative(E.abs(output)))))
    return _result(E, loss, dtype)


# --- dropout, l2_normalize, in_top_k -------------------------------------------------------------------------------
def dropout(E, x, level, noise_shape, seed):
    x = E.float_input(x)
    if level == 0.0:
        return x
    keep = E.greater_equal(E.random_uniform(noise_shape, 0.0, 1.0, E.dtype_of(x), seed), level)
    return E.where(keep, E.multiply(x, 1.0 / (1.0 - level)), 0.0)


def l2_normalize(E, x, axis=None):
    x, dtype = _compute_input(E, x)
    norm = E.sqrt(E.maximum(E.sum(E.multiply(x, x), axis, True), 1e-12))
    return _result(E, E.divide(x, norm), dtype)


def in_top_k(E, predictions, targets, k):
    predictions = E.convert(predictions)
    targets = E.convert(targets)
    batch, classes = E.shape_of(predictions)
    if k < 1:
        return E.zeros((batch,), "bool")
    one_hot = E.equal(E.expand_dims(targets, 1), E.arange(0, classes, 1, E.dtype_of(targets)))
    value = E.sum(E.where(one_hot, predictions, 0), 1, True)
    above = E.sum(E.greater(predictions, value), 1, False)  # bool sums count in int32
    finite = E.all(E.less(E.abs(predictions), _INF), 1, False)
    in_range = E.logical_and(E.greater_equal(targets, 0), E.less(targets, classes))
    return E.logical_and(E.less(above, k), E.logical_and(finite, in_range))


# --- bias and batch normalisation ----------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1024)
def bias_shape(x_shape, bias_shape, data_format):
    """The shape a (facade-checked) bias is reshaped to before it is added to x."""
    rank = len(x_shape)
    if len(bias_shape) == 1:
        if data_format == "channels_first":
            return (1, bias_shape[0]) + (1,) * (rank - 2)
        return (1,) * (rank - 1) + bias_shape
    if data_format == "channels_first":  # (spatial..., C) reshaped, not transposed, to (C, spatial...)
        return (1, bias_shape[-1]) + bias_shape[:-1]
    return (1,) + bias_shape


def bias_add(E, x, bias, data_format):
    x, bias = E.convert(x), E.convert(bias)
    return E.add(x, E.reshape(bias, bias_shape(tuple(E.shape_of(x)), tuple(E.shape_of(bias)), data_format)))


def _on_axis(E, param, rank, axis, dtype):
    """A batch-normalisation parameter in ``dtype``; rank 1 is laid along ``axis`` of a rank-``rank`` tensor."""
    param = E.convert(param, dtype)
    shape = tuple(E.shape_of(param))
    if len(shape) == 1 and rank > 1:
        param = E.reshape(param, (1,) * axis + shape + (1,) * (rank - axis - 1))
    return param


def batch_normalization(E, x, mean, var, beta, gamma, axis=-1, epsilon=0.001):
    x = E.float_input(x)
    dtype, rank = E.dtype_of(x), len(E.shape_of(x))
    scale = E.divide(1.0, E.sqrt(E.add(_on_axis(E, var, rank, axis, dtype), epsilon)))
    if gamma is not None:
        scale = E.multiply(scale, _on_axis(E, gamma, rank, axis, dtype))
    out = E.multiply(E.subtract(x, _on_axis(E, mean, rank, axis, dtype)), scale)
    if beta is not None:
        out = E.add(out, _on_axis(E, beta, rank, axis, dtype))
    return out


def _affine(E, param, broadcast, dtype):
    param = E.convert(param, dtype)
    if len(E.shape_of(param)) != len(broadcast):
        param = E.reshape(param, broadcast)
    return param


def normalize_batch_in_training(E, x, gamma, beta, reduction_axes, epsilon=0.001):
    x, dtype = _compute_input(E, x)
    shape = tuple(E.shape_of(x))
    work = E.dtype_of(x)
    broadcast = tuple(1 if i in reduction_axes else d for i, d in enumerate(shape))
    kept = tuple(d for i, d in enumerate(shape) if i not in reduction_axes)
    mean = E.mean(x, reduction_axes, True)
    centered = E.subtract(x, mean)
    var = E.mean(E.multiply(centered, centered), reduction_axes, True)
    scale = E.divide(1.0, E.sqrt(E.add(var, epsilon)))
    if gamma is not None:
        scale = E.multiply(scale, _affine(E, gamma, broadcast, work))
    normed = E.multiply(centered, scale)
    if beta is not None:
        normed = E.add(normed, _affine(E, beta, broadcast, work))
    return (_result(E, normed, dtype), _result(E, E.reshape(mean, kept), dtype),
            _result(E, E.reshape(var, kept), dtype))
