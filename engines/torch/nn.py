"""PyTorch engine: neural-network functions on ``torch`` / ``torch.nn.functional`` kernels (out of place, so that
autograd can differentiate them).

Same semantics as ``kbackend.generic.nn`` (integers compute in floatx; float16 losses, l2_normalize and batch
statistics in float32). ``bias_add`` and ``batch_normalization`` use the generic versions (a few torch ops on this
engine's primitives); ``dropout`` is in ``random``. Targets and parameters given as NumPy arrays (or CPU tensors)
join the device of the predictions; constants are cached per device.
"""
import torch
import torch.nn.functional as F

from kbackend.engine_api import log_probability_bounds

from .core import DTYPE_NAMES, INT64, Tensor, convert, convert_on, same_device
from .math import float_input

__all__ = ["relu", "elu", "softmax", "log_softmax", "softplus", "softsign", "sigmoid", "hard_sigmoid", "log1p",
           "expm1", "categorical_crossentropy", "softmax_categorical_crossentropy", "sparse_categorical_crossentropy",
           "binary_crossentropy", "l2_normalize", "in_top_k", "normalize_batch_in_training"]

_HALF, _FLOAT32, _BOOL = torch.float16, torch.float32, torch.bool
_where, _relu, _sigmoid = torch.where, torch.relu, torch.sigmoid
_NAN = float("nan")


def relu(x, alpha=0.0, max_value=None, threshold=0.0):
    # Keras 2's TensorFlow computation, step by step (see kbackend.facade.activations.relu), on torch kernels whose
    # gradients are TF's: relu's is 0 at 0, relu6's (hardtanh) 0 at 0 and 6, clamp passes it at its bounds, leaky_relu's
    # slope at 0 is alpha.
    if type(x) is Tensor and max_value is None and threshold == 0.0 and alpha == 0.0 and x.is_floating_point():
        return _relu(x)  # the common case: the plain relu of a float tensor
    x = float_input(x)
    if max_value is None and threshold == 0.0:
        return _relu(x) if alpha == 0.0 else F.leaky_relu(x, alpha)
    if threshold != 0.0:
        out = x * (x > threshold).to(x.dtype)
    elif max_value == 6.0:
        out = F.relu6(x)
        max_value = None
    else:
        out = _relu(x)
    if max_value is not None:  # clip_by_value: minimum, then maximum (a no-op unless out can be below 0)
        out = torch.clamp(out, max=max_value)
        if threshold < 0.0 or max_value < 0.0:
            out = torch.clamp(out, min=0.0)
    if alpha != 0.0:
        out = out - _relu(threshold - x) * alpha
    return out


def elu(x, alpha=1.0):
    return F.elu(float_input(x), alpha)


def softmax(x, axis=-1):
    return torch.softmax(float_input(x), axis)


def log_softmax(x, axis=-1):
    return torch.log_softmax(float_input(x), axis)


def softplus(x):
    return F.softplus(float_input(x), 1.0, 40.0)  # x itself above 40 (exp(-40) is below every float's precision)


def softsign(x):
    return F.softsign(float_input(x))


def sigmoid(x):
    if type(x) is Tensor and x.is_floating_point():  # the common case, without a call
        return _sigmoid(x)
    return _sigmoid(float_input(x))


def hard_sigmoid(x):
    x = float_input(x)
    key = (x.dtype, x.device)
    point_five = _POINT_FIVE.get(key)
    if point_five is None:
        point_five = _point_five(*key)
    return torch.clamp(torch.add(point_five, x, alpha=0.2), 0.0, 1.0)  # 0.5 + 0.2 x, fused


_POINT_FIVE = {}


def _point_five(dtype, device):
    """The 0-d tensor 0.5 of ``dtype`` on ``device`` (cached per dtype and device): ``torch.add(0.5, x, alpha=0.2)``
    is one kernel, not two."""
    _POINT_FIVE[dtype, device] = torch.tensor(0.5, dtype=dtype, device=device)
    return _POINT_FIVE[dtype, device]


def log1p(x):
    return torch.log1p(float_input(x))


def expm1(x):
    return torch.expm1(float_input(x))


# --- crossentropies ------------------------------------------------------------------------------------------------
def _one_device(target, output):
    """``target`` as a tensor, and the tensor ``output``, on one device (the one on the CPU joins the other's)."""
    target = convert(target)
    if target.device != output.device:
        target, output = same_device(target, output)
    return target, output


def _work(x):
    """``(x as a float tensor to compute with, result dtype)``: float16 computes in float32."""
    x = float_input(x)
    dtype = x.dtype
    return (x.to(_FLOAT32), dtype) if dtype is _HALF else (x, dtype)


def categorical_crossentropy(target, output, from_logits, axis, epsilon):
    output, dtype = _work(output)
    target, output = _one_device(target, output)
    if target.dtype is not output.dtype:
        target = target.to(output.dtype)
    if from_logits:
        log_p = torch.log_softmax(output, axis)
    else:
        output = output / output.sum(axis, keepdim=True)
        log_p = torch.log(output.clamp(epsilon, 1.0 - epsilon))
    loss = -(target * log_p).sum(axis)
    return loss if dtype is loss.dtype else loss.to(dtype)


def softmax_categorical_crossentropy(target, logits, axis, epsilon):
    target, logits = _one_device(target, convert(logits))
    if target.dtype is not logits.dtype:
        target = target.to(logits.dtype)
    low, high = log_probability_bounds(epsilon, DTYPE_NAMES[logits.dtype])
    return -(target * torch.log_softmax(logits, axis).clamp(low, high)).sum(axis)


def sparse_categorical_crossentropy(target, output, from_logits, axis, epsilon):
    output, dtype = _work(output)
    output = torch.movedim(output, axis, -1)
    classes = output.shape[-1]
    target, output = _one_device(target, output)
    target = target.reshape(output.shape[:-1]).to(INT64)
    if from_logits:
        log_p = torch.log_softmax(output, -1)
    else:  # Keras 2.2.4: log(clip(output)) used as logits
        clipped = output.clamp(epsilon, 1.0 - epsilon)
        log_p = torch.log(clipped) - torch.log(clipped.sum(-1, keepdim=True))
    valid = (target >= 0) & (target < classes)
    if classes == 0:
        return torch.full(target.shape, _NAN, dtype=dtype, device=output.device)
    picked = torch.gather(log_p, -1, _where(valid, target, 0).unsqueeze(-1)).squeeze(-1)
    return _where(valid, -picked, _NAN).to(dtype)


def binary_crossentropy(target, output, from_logits, epsilon):
    output, dtype = _work(output)
    target, output = _one_device(target, output)
    target = target.to(output.dtype)
    if not from_logits:
        output = output.clamp(epsilon, 1.0 - epsilon)
        output = torch.log(output / (1.0 - output))
    return F.binary_cross_entropy_with_logits(output, target, reduction="none").to(dtype)


# --- l2_normalize, in_top_k, batch statistics ----------------------------------------------------------------------
def l2_normalize(x, axis=None):
    x, dtype = _work(x)
    square_sum = (x * x).sum(axis, keepdim=True) if axis is not None else (x * x).sum().reshape((1,) * x.ndim)
    return (x / torch.sqrt(square_sum.clamp_min(1e-12))).to(dtype)


def in_top_k(predictions, targets, k):
    targets, predictions = _one_device(targets, convert(predictions))
    batch, classes = predictions.shape
    if k < 1 or batch == 0 or classes == 0:
        return torch.zeros(batch, dtype=_BOOL, device=predictions.device)
    in_range = (targets >= 0) & (targets < classes)
    index = _where(in_range, targets, 0).to(INT64).unsqueeze(1)
    value = torch.gather(predictions, 1, index)
    above = (predictions > value).sum(1)
    out = (above < k) & in_range
    if predictions.is_floating_point():
        out &= torch.isfinite(predictions).all(1)
    return out


def _affine(param, broadcast, x):
    param = convert_on(param, x).to(x.dtype)
    return param if param.ndim == len(broadcast) else param.reshape(broadcast)


def normalize_batch_in_training(x, gamma, beta, reduction_axes, epsilon=0.001):
    x, dtype = _work(x)
    shape = tuple(x.shape)
    broadcast = tuple(1 if i in reduction_axes else d for i, d in enumerate(shape))
    kept = tuple(d for i, d in enumerate(shape) if i not in reduction_axes)
    # Two passes: torch.var_mean is 50-100 times slower on CPU when the reduced axes are not the last ones.
    mean = x.mean(reduction_axes, keepdim=True)
    centered = x - mean
    var = (centered * centered).mean(reduction_axes, keepdim=True)
    scale = torch.rsqrt(var + epsilon)
    if gamma is not None:
        scale = scale * _affine(gamma, broadcast, x)
    normed = centered * scale
    if beta is not None:
        normed = normed + _affine(beta, broadcast, x)
    return normed.to(dtype), mean.reshape(kept).to(dtype), var.reshape(kept).to(dtype)

