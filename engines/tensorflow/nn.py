"""TensorFlow engine: neural-network functions on TensorFlow's kernels (``tf.raw_ops`` where a kernel does the whole
function: Relu, LeakyRelu, Elu, Softmax, Softplus, Softsign, Sigmoid, BiasAdd, InTopKV2, the softmax crossentropies; see
``_softmax_crossentropy`` for when the fused one is not used).

Semantics are those of ``kbackend.generic.nn``: integers compute in floatx; float16 losses, l2_normalize and batch
statistics compute in float32 and are cast back. ``dropout`` is the generic computation, natively so that its mask
is drawn on the device of ``x``; ``batch_normalization`` uses the generic version.
"""
from math import prod as _prod

import numpy as np

from kbackend.engine_api import FLOATS, bias_shape, promote

from tensorflow.python.eager import record  # whether a gradient tape records an op on given tensors

from .core import (ENUMS, TF_DTYPES, EagerTensor, R, _scalar, convert, dtype_of, enum_of, ints, reduction_axes,
                   shape_of, tf)
from .devices import follow_inputs_in_module
from .math import float_input, greater_equal, multiply, where
from .random import random_uniform

__all__ = ["relu", "elu", "softmax", "log_softmax", "softplus", "softsign", "sigmoid", "hard_sigmoid", "log1p",
           "expm1", "categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy",
           "l2_normalize", "in_top_k", "bias_add", "normalize_batch_in_training", "dropout"]

_Cast, _Select, _Mul, _Sub, _Add = R.Cast, R.SelectV2, R.Mul, R.Sub, R.AddV2
_FLOAT32 = TF_DTYPES["float32"]
_INT64 = TF_DTYPES["int64"]
_HALF_ENUM, _FLOAT32_ENUM = ENUMS["float16"], ENUMS["float32"]
_NANS = {}
_current_device = tf.__internal__.eager_context.get_device_name


def _nan(dtype):
    """A cached NaN scalar of ``dtype`` (NaN keys miss in ``_scalar``'s cache, which compares keys by value), one
    per device scope."""
    key = (dtype, _current_device())
    try:
        return _NANS[key]
    except KeyError:
        _NANS[key] = value = _scalar(float("nan"), dtype)
        return value


def relu(x, alpha=0.0, max_value=None, threshold=0.0):
    # Keras 2's TensorFlow computation, op for op (see kbackend.facade.activations.relu); gradients are TF's own.
    x = float_input(x)
    if alpha == 0.0 and max_value is None and threshold == 0.0:
        return R.Relu(features=x)
    dtype = dtype_of(x)
    if alpha != 0.0 and max_value is None and threshold == 0.0:
        if dtype != "float64":  # LeakyRelu's alpha is a float32 attribute: float64 selects, with the same gradient
            return R.LeakyRelu(features=x, alpha=alpha)
        return _Select(condition=R.Greater(x=x, y=_scalar(0.0, dtype)), t=x, e=_Mul(x=x, y=_scalar(alpha, dtype)))
    if threshold != 0.0:
        out = _Mul(x=x, y=_Cast(x=R.Greater(x=x, y=_scalar(threshold, dtype)), DstT=TF_DTYPES[dtype]))
    elif max_value == 6.0:
        out = R.Relu6(features=x)
        max_value = None
    else:
        out = R.Relu(features=x)
    if max_value is not None:  # clip_by_value: Minimum, then Maximum
        out = R.Maximum(x=R.Minimum(x=out, y=_scalar(max_value, dtype)), y=_scalar(0.0, dtype))
    if alpha != 0.0:
        negative = R.Relu(features=_Sub(x=_scalar(threshold, dtype), y=x))  # relu(-x + threshold)
        out = _Sub(x=out, y=_Mul(x=_scalar(alpha, dtype), y=negative))
    return out


def elu(x, alpha=1.0):
    x = float_input(x)
    out = R.Elu(features=x)
    if alpha == 1.0:
        return out
    return _Select(condition=R.Greater(x=x, y=_scalar(0.0, dtype_of(x))), t=x,
                   e=_Mul(x=out, y=_scalar(alpha, dtype_of(x))))


def _last_axis(raw, fn):
    def op(x, axis=-1):
        x = float_input(x)
        if axis == -1 or axis == len(shape_of(x)) - 1:
            return raw(logits=x)
        return fn(x, axis)
    op.__name__ = fn.__name__.split(".")[-1]
    return op


_softmax = _last_axis(R.Softmax, tf.nn.softmax)
log_softmax = _last_axis(R.LogSoftmax, tf.nn.log_softmax)


_HOST_SUM = 16384  # (about where NumPy's sum of a host view stops being cheaper than a TF op)
_add_reduce = np.add.reduce


def softmax(x, axis=-1):
    """TF's kernel, with kbackend's rule for non-finite rows: a row holding NaN or +inf is NaN across (TF's kernel
    gives ``[nan, 0, 0]``; ``-inf`` entries are 0, an all ``-inf`` row is NaN in both). Such a row is the only way a
    NaN gets into the output, so an eager call on a CPU device checks one sum of the output (NumPy's on the host
    buffer for small tensors, TF's above ``_HOST_SUM`` elements: host memory, no transfer) and fixes the rows only
    when it is NaN; a traced call, or one on another device, always selects (one ``SelectV2`` on the row sums), so
    that no value is read back from an accelerator."""
    y = _softmax(x, axis)
    shape = shape_of(y)
    rank = len(shape)
    if type(y) is EagerTensor and "CPU" in y.device:
        if _prod(shape) <= _HOST_SUM:
            total = _add_reduce(y.numpy(), None)
        else:
            total = R.Sum(input=y, axis=reduction_axes(None, rank)).numpy()
        if total == total:  # not NaN
            return y
    rows = R.Sum(input=y, axis=ints(axis % rank if rank else axis), keep_dims=True)
    return _Select(condition=R.IsNan(x=rows), t=_nan(dtype_of(y)), e=y)


def dropout(x, level, noise_shape, seed):
    """``x`` with entries zeroed with probability ``level`` (a uniform draw below it) and the others scaled by
    ``1 / (1 - level)``, as ``kbackend.generic.nn.dropout`` computes it; the mask is drawn on the device of ``x``."""
    x = float_input(x)
    if level == 0.0:
        return x
    keep = greater_equal(random_uniform(noise_shape, 0.0, 1.0, dtype_of(x), seed), level)
    return where(keep, multiply(x, 1.0 / (1.0 - level)), 0.0)


def _unary(name, raw):
    def op(x):
        return raw(features=float_input(x))
    op.__name__ = name
    return op


softplus = _unary("softplus", R.Softplus)
softsign = _unary("softsign", R.Softsign)


def sigmoid(x):
    return R.Sigmoid(x=float_input(x))


def log1p(x):
    return R.Log1p(x=float_input(x))


def expm1(x):
    return R.Expm1(x=float_input(x))


def hard_sigmoid(x):
    x = float_input(x)
    dtype = dtype_of(x)
    linear = _Add(x=_Mul(x=x, y=_scalar(0.2, dtype)), y=_scalar(0.5, dtype))
    return R.ClipByValue(t=linear, clip_value_min=_scalar(0.0, dtype), clip_value_max=_scalar(1.0, dtype))


# --- crossentropies ------------------------------------------------------------------------------------------------
def _work(x):
    """``(x as a float tensor to compute with, result dtype name)``: float16 computes in float32."""
    x = float_input(x)
    if enum_of(x) == _HALF_ENUM:
        return _Cast(x=x, DstT=_FLOAT32), "float16"
    return x, dtype_of(x)


def _result(x, dtype):
    return x if dtype != "float16" else _Cast(x=x, DstT=TF_DTYPES[dtype])


def _clip(x, epsilon):
    dtype = dtype_of(x)
    return R.ClipByValue(t=x, clip_value_min=_scalar(epsilon, dtype), clip_value_max=_scalar(1.0 - epsilon, dtype))


def _softmax_crossentropy(target, logits, axis):
    """``-sum(target * log_softmax(logits), axis)``. TF's fused kernel computes this value, but the gradient it gives
    for the logits is ``softmax - target``, right only for targets that sum to 1 (the true one is
    ``softmax * sum(target) - target``). So the kernel serves eager calls that no tape records, and the explicit
    form, whose gradients are exact for any target, serves the rest (including graphs being traced, which may be
    differentiated later)."""
    if tf.executing_eagerly() and not record.should_record_backprop((target, logits)) and 0 not in shape_of(logits):
        return tf.nn.softmax_cross_entropy_with_logits(labels=target, logits=logits, axis=axis)  # (fails when empty)
    log_p = tf.nn.log_softmax(logits, axis)
    return R.Neg(x=R.Sum(input=_Mul(x=target, y=log_p), axis=ints(axis), keep_dims=False))


def categorical_crossentropy(target, output, from_logits, axis, epsilon):
    output, dtype = _work(output)
    target = convert(target, dtype_of(output))
    if from_logits:
        loss = _softmax_crossentropy(target, output, axis)
    else:
        axes = ints(axis)
        output = R.RealDiv(x=output, y=R.Sum(input=output, axis=axes, keep_dims=True))
        log_p = R.Log(x=_clip(output, epsilon))
        loss = R.Neg(x=R.Sum(input=_Mul(x=target, y=log_p), axis=axes, keep_dims=False))
    return _result(loss, dtype)


def sparse_categorical_crossentropy(target, output, from_logits, axis, epsilon):
    output, dtype = _work(output)
    shape = shape_of(output)
    rank = len(shape)
    if axis != rank - 1:
        output = R.Transpose(x=output, perm=ints(tuple(i for i in range(rank) if i != axis) + (axis,)))
    rows = tuple(d for i, d in enumerate(shape) if i != axis)
    classes = shape[axis]
    target = _Cast(x=R.Reshape(tensor=convert(target), shape=ints(rows)), DstT=_INT64)
    if not from_logits:  # Keras 2.2.4: log(clip(output)) used as logits
        output = R.Log(x=_clip(output, epsilon))
    valid = R.LogicalAnd(x=R.GreaterEqual(x=target, y=_scalar(0, "int64")),
                         y=R.Less(x=target, y=_scalar(classes, "int64")))
    if classes == 0 or 0 in rows:
        return R.Fill(dims=ints(rows), value=_nan(dtype))
    labels = _Select(condition=valid, t=target, e=_scalar(0, "int64"))
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=output)
    return _result(_Select(condition=valid, t=loss, e=_nan(dtype_of(loss))), dtype)


def binary_crossentropy(target, output, from_logits, epsilon):
    output, dtype = _work(output)
    target = convert(target, dtype_of(output))
    if not from_logits:
        output = _clip(output, epsilon)
        output = R.Log(x=R.RealDiv(x=output, y=_Sub(x=_scalar(1.0, dtype_of(output)), y=output)))
    return _result(tf.nn.sigmoid_cross_entropy_with_logits(labels=target, logits=output), dtype)


# --- l2_normalize, in_top_k, bias_add, batch statistics ------------------------------------------------------------
def l2_normalize(x, axis=None):
    x, dtype = _work(x)
    square_sum = R.Sum(input=R.Square(x=x), axis=reduction_axes(axis, len(shape_of(x))), keep_dims=True)
    norm = R.Sqrt(x=R.Maximum(x=square_sum, y=_scalar(1e-12, dtype_of(x))))
    return _result(R.RealDiv(x=x, y=norm), dtype)


def in_top_k(predictions, targets, k):
    """TF's InTopKV2 kernel is exactly the rule (ties inclusive, non-finite rows and out-of-range targets give
    False) but only for float32: float16 is widened exactly, other dtypes use the same rule in ops."""
    predictions, targets = convert(predictions), convert(targets)
    batch, classes = shape_of(predictions)
    if k < 1 or batch == 0 or classes == 0:
        return R.Fill(dims=ints((batch,)), value=_scalar(False, "bool"))
    k = min(k, classes)  # the same answer, and it fits the targets' dtype
    enum = enum_of(predictions)
    if enum == _HALF_ENUM or enum == _FLOAT32_ENUM:
        if enum == _HALF_ENUM:
            predictions = _Cast(x=predictions, DstT=_FLOAT32)
        return R.InTopKV2(predictions=predictions, targets=targets, k=_scalar(k, dtype_of(targets)))
    zero = _scalar(0, dtype_of(targets))
    in_range = R.LogicalAnd(x=R.GreaterEqual(x=targets, y=zero), y=R.Less(x=targets, y=_scalar(classes, dtype_of(
        targets))))
    index = _Select(condition=in_range, t=targets, e=zero)
    value = tf.gather(predictions, R.ExpandDims(input=index, axis=ints(1)), axis=1, batch_dims=1)
    above = R.Sum(input=_Cast(x=R.Greater(x=predictions, y=value), DstT=TF_DTYPES["int32"]), axis=ints(1),
                  keep_dims=False)
    out = R.LogicalAnd(x=R.Less(x=above, y=_scalar(k, "int32")), y=in_range)
    if dtype_of(predictions) in FLOATS:
        finite = R.All(input=R.IsFinite(x=predictions), axis=ints(1), keep_dims=False)
        out = R.LogicalAnd(x=out, y=finite)
    return out


def bias_add(x, bias, data_format):
    x, bias = convert(x), convert(bias)
    dtype, db = dtype_of(x), dtype_of(bias)
    if dtype != db:
        dtype = promote(dtype, db)
        x, bias = convert(x, dtype), convert(bias, dtype)
    if len(shape_of(bias)) == 1 and dtype in FLOATS:
        # For rank 2 the channel axis is the last one in both formats (and NCHW needs rank >= 3 in graphs).
        channels_first = data_format == "channels_first" and len(shape_of(x)) > 2
        return R.BiasAdd(value=x, bias=bias, data_format="NCHW" if channels_first else "NHWC")
    return _Add(x=x, y=R.Reshape(tensor=bias, shape=ints(bias_shape(shape_of(x), shape_of(bias), data_format))))


def _affine(param, broadcast, dtype):
    param = convert(param, dtype)
    if len(shape_of(param)) != len(broadcast):
        param = R.Reshape(tensor=param, shape=ints(broadcast))
    return param


def normalize_batch_in_training(x, gamma, beta, reduction_axes, epsilon=0.001):
    x, dtype = _work(x)
    work = dtype_of(x)
    shape = shape_of(x)
    broadcast = tuple(1 if i in reduction_axes else d for i, d in enumerate(shape))
    kept = tuple(d for i, d in enumerate(shape) if i not in reduction_axes)
    axes = ints(reduction_axes)
    mean = R.Mean(input=x, axis=axes, keep_dims=True)
    centered = _Sub(x=x, y=mean)
    var = R.Mean(input=R.Square(x=centered), axis=axes, keep_dims=True)
    scale = R.Rsqrt(x=_Add(x=var, y=_scalar(epsilon, work)))
    if gamma is not None:
        scale = _Mul(x=scale, y=_affine(gamma, broadcast, work))
    normed = _Mul(x=centered, y=scale)
    if beta is not None:
        normed = _Add(x=normed, y=_affine(beta, broadcast, work))
    kept_shape = ints(kept)
    return (_result(normed, dtype), _result(R.Reshape(tensor=mean, shape=kept_shape), dtype),
            _result(R.Reshape(tensor=var, shape=kept_shape), dtype))


follow_inputs_in_module(globals(), __all__)
