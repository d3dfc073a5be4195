"""NumPy engine: neural-network functions with NumPy's fused ufuncs (``expm1``, ``log1p``, ``logaddexp``) and fewer
temporaries than the generic versions. The others (softsign, hard_sigmoid, crossentropies, dropout, bias_add, batch
normalisation) come from ``kbackend.generic.nn``, written on this engine's primitives. float16 losses and
``l2_normalize`` compute in float32, as the generic versions do."""
import numpy as np

from kbackend.engine_api import SETTINGS, log_probability_bounds

from .core import DTYPE_NAMES, array_result, convert

__all__ = ["relu", "elu", "softmax", "log_softmax", "softplus", "sigmoid", "log1p", "expm1", "in_top_k",
           "l2_normalize", "softmax_categorical_crossentropy", "sparse_categorical_crossentropy"]

_ndarray = np.ndarray
_exp, _log, _where = np.exp, np.log, np.where


def _float(x):
    if type(x) is not _ndarray:
        x = convert(x)
    if x.dtype.kind != "f":
        return convert(x).astype(SETTINGS.floatx)  # (convert: TypeError for complex input)
    return x


def relu(x, alpha=0.0, max_value=None, threshold=0.0):
    # Keras 2's TensorFlow computation, step by step (see kbackend.facade.activations.relu); gradients come from the
    # generic version, whose selects give TF's gradients at the kinks.
    if type(x) is _ndarray and max_value is None and threshold == 0.0 and alpha == 0.0 and x.ndim \
            and x.dtype.kind == "f":
        return np.maximum(x, 0.0)  # the common case: the plain relu of a float array (an array result: ndim > 0)
    x = _float(x)
    if max_value is None and threshold == 0.0:
        if alpha == 0.0:
            out = np.maximum(x, 0.0)  # the plain relu (a Python float is weak: the result keeps x's dtype)
            return out if type(out) is _ndarray else array_result(out)
        out = _where(x > 0, x, x * x.dtype.type(alpha))  # leaky relu
        return out if type(out) is _ndarray else array_result(out)
    dtype = x.dtype.type
    if threshold != 0.0:
        with np.errstate(invalid="ignore"):  # -inf * 0 is NaN, as in TF, without a warning
            out = x * (x > dtype(threshold)).astype(x.dtype)
    else:
        out = np.maximum(x, 0.0)  # (a Python float is weak: the result keeps x's dtype)
        if max_value == 6.0:
            out = np.minimum(out, 6.0)
            max_value = None
    if max_value is not None:  # clip_by_value: minimum, then maximum
        out = np.maximum(np.minimum(out, dtype(max_value)), 0.0)
    if alpha != 0.0:
        negative = np.maximum(dtype(threshold) - x, 0.0)
        out = out - negative * dtype(alpha)
    return out if type(out) is _ndarray else array_result(out)


def elu(x, alpha=1.0):
    x = _float(x)
    negative = np.expm1(np.minimum(x, x.dtype.type(0)))
    if alpha != 1.0:
        negative = negative * x.dtype.type(alpha)
    out = _where(x > 0, x, negative)
    return out if type(out) is _ndarray else array_result(out)


def softmax(x, axis=-1):
    x = _float(x)
    if x.size == 0:
        return x.copy()
    e = _exp(x - np.max(x, axis, keepdims=True))
    return e / np.sum(e, axis, keepdims=True)


def log_softmax(x, axis=-1):
    x = _float(x)
    if x.size == 0:
        return x.copy()
    z = x - np.max(x, axis, keepdims=True)
    return z - _log(np.sum(_exp(z), axis, keepdims=True))


def softmax_categorical_crossentropy(target, logits, axis, epsilon):
    logits = convert(logits)
    log_p = log_softmax(logits, axis)
    np.clip(log_p, *log_probability_bounds(epsilon, DTYPE_NAMES[logits.dtype]), out=log_p)
    out = -np.sum(convert(target, DTYPE_NAMES[logits.dtype]) * log_p, axis)
    return out if type(out) is _ndarray else array_result(out)


def softplus(x):
    x = _float(x)
    out = np.logaddexp(x, x.dtype.type(0))
    return out if type(out) is _ndarray else array_result(out)


# exp(-x) is capped below the overflow threshold of the dtype: 1 / (1 + exp(-x)) is then accurate everywhere (and
# the tiny result for x very negative has no overflow warning); float16 computes in float32.
_SIGMOID_EXP_CAP = {np.dtype("float32"): np.float32(88.0), np.dtype("float64"): np.float64(709.0)}


def sigmoid(x):
    x = _float(x)
    cap = _SIGMOID_EXP_CAP.get(x.dtype)
    if cap is None:
        out = sigmoid(x.astype(np.float32)).astype(x.dtype)
        return out if type(out) is _ndarray else array_result(out)
    # (0-d input: an array too, for the in-place steps; np.negative alone would give a NumPy scalar)
    out = np.negative(x) if x.ndim else np.negative(x, out=np.empty_like(x))
    np.minimum(out, cap, out=out)
    np.exp(out, out=out)
    out += 1
    out = np.reciprocal(out, out=out)
    return out if type(out) is _ndarray else array_result(out)


def log1p(x):
    out = np.log1p(_float(x))
    return out if type(out) is _ndarray else array_result(out)


def expm1(x):
    out = np.expm1(_float(x))
    return out if type(out) is _ndarray else array_result(out)


def l2_normalize(x, axis=None):
    x = _float(x)
    work = x.astype(np.float32) if x.dtype == np.float16 else x
    norm = np.sqrt(np.maximum(np.sum(work * work, axis, keepdims=True), work.dtype.type(1e-12)))
    return (work / norm).astype(x.dtype, copy=False)


def in_top_k(predictions, targets, k):
    predictions, targets = convert(predictions), convert(targets)
    batch, classes = predictions.shape
    if k < 1 or batch == 0:
        return np.zeros(batch, dtype=bool)
    in_range = (targets >= 0) & (targets < classes)
    value = np.take_along_axis(predictions, np.where(in_range, targets, 0)[:, None], 1)
    above = np.count_nonzero(predictions > value, axis=1)
    finite = np.isfinite(predictions).all(axis=1) if predictions.dtype.kind == "f" else True
    return (above < k) & finite & in_range


def sparse_categorical_crossentropy(target, output, from_logits, axis, epsilon):
    """As the generic version, with ``take_along_axis`` instead of a one-hot mask of the classes."""
    output = _float(output)
    dtype = output.dtype
    work = np.moveaxis(output.astype(np.float32) if dtype == np.float16 else output, axis, -1)
    classes = work.shape[-1]
    target = convert(target).reshape(work.shape[:-1]).astype(np.int64)
    valid = (target >= 0) & (target < classes)
    if classes == 0 or target.size == 0:
        out = np.full(target.shape, np.nan, dtype)
        return out if type(out) is _ndarray else array_result(out)
    picked = np.take_along_axis(work, np.where(valid, target, 0)[..., None], -1)[..., 0]
    if from_logits:  # log_softmax at the target: x_t - max - log(sum(exp(x - max)))
        peak = np.max(work, -1)
        loss = peak - picked + _log(np.sum(_exp(work - peak[..., None]), -1))
    else:  # Keras 2.2.4: log(clip(output)) used as logits, so the clipped output is normalised
        work = np.clip(work, work.dtype.type(epsilon), work.dtype.type(1.0 - epsilon))
        picked = np.clip(picked, work.dtype.type(epsilon), work.dtype.type(1.0 - epsilon))
        loss = _log(np.sum(work, -1)) - _log(picked)
    out = _where(valid, loss, np.nan).astype(dtype, copy=False)
    return out if type(out) is _ndarray else array_result(out)
