"""JAX engine: neural-network functions, each one jitted call (eager JAX pays ~5 µs per dispatch, so composites of
the generic versions would cost several times more). Parameters that select code (axes, flags, dtypes, shapes) are
static arguments; numbers (alpha, threshold, max_value, level, k) are traced, so that a new value does not
compile again. The crossentropies' epsilon is static: it changes rarely (``set_epsilon``), and a traced Python float
costs ~2 µs per call.

Semantics are those of ``kbackend.generic.nn``: integer inputs compute in floatx; float16 losses, l2_normalize and
batch statistics compute in float32 and are cast back.
"""
import functools

import jax
import jax.numpy as jnp
from jax import lax

from kbackend.engine_api import FLOATS, SETTINGS, bias_shape, promote

from .core import JNP_DTYPES, operand
from .devices import empty_placed_like
from .random import checked_seed

__all__ = ["relu", "elu", "softmax", "log_softmax", "softplus", "softsign", "sigmoid", "hard_sigmoid", "log1p",
           "expm1", "categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy", "dropout",
           "l2_normalize", "in_top_k", "bias_add", "batch_normalization", "normalize_batch_in_training"]

_FLOATS = FLOATS
_FLOAT16, _FLOAT32, _INT64 = JNP_DTYPES["float16"], JNP_DTYPES["float32"], JNP_DTYPES["int64"]
_static = functools.partial(functools.partial, jax.jit)
_cast = lax.convert_element_type
_jit = jax.jit


def _floating(x):
    """``(x ready for a jitted function, its float compute dtype)``: integers and bools compute in floatx."""
    x, name = operand(x)
    return x, JNP_DTYPES[name if name in _FLOATS else SETTINGS.floatx]


def _value(x):
    return operand(x)[0]


def _work(dtype):
    return _FLOAT32 if dtype == _FLOAT16 else dtype


def _unary(fn):
    """An element-wise function of a float tensor, jitted with the cast to the compute dtype."""
    compute = _static(static_argnums=(1,))(lambda x, dtype: fn(_cast(x, dtype)))

    def op(x):
        result = compute(*_floating(x))
        return result if result.size else empty_placed_like(result, x)
    op.__name__ = fn.__name__.lstrip("_")
    return op


def _softsign(x):
    return x / (1 + jnp.abs(x))


def _clip(x, low, high):
    """``x`` clipped to [low, high] whose gradient passes at the bounds, inclusive, as TF's clip_by_value and
    torch.clamp do (``jnp.clip`` halves it there: maximum/minimum split the gradient at ties)."""
    return jnp.where(x < low, low, jnp.where(x > high, high, x))


def _hard_sigmoid(x):
    return _clip(x * 0.2 + 0.5, 0.0, 1.0)


def _softplus(x):
    return jnp.logaddexp(x, 0)


softplus = _unary(_softplus)
softsign = _unary(_softsign)
sigmoid = _unary(jax.nn.sigmoid)
hard_sigmoid = _unary(_hard_sigmoid)
log1p = _unary(jnp.log1p)
expm1 = _unary(jnp.expm1)


@_static(static_argnums=(1, 2, 3, 4, 5))
def _relu(x, dtype, thresholded, relu6, clipped, leaky, alpha, max_value, threshold):
    """Keras 2's TensorFlow computation (see ``relu``) with selects whose gradients are TF's: 0 at relu's kink,
    0 at relu6's two kinks, passed at the clip's bounds."""
    x = _cast(x, dtype)
    zero = jnp.zeros((), dtype)
    if thresholded:
        # x * (x > threshold), written so that XLA cannot rewrite it as a select that loses NaN * 0 and inf * 0
        out = jnp.where(x > _cast(threshold, dtype), x, x * zero)
    elif relu6:
        out = jnp.where(x <= 0, zero, jnp.where(x >= 6, jnp.full((), 6, dtype), x))
    else:
        out = jnp.where(x <= 0, zero, x)
    if clipped:  # clip_by_value: minimum, then maximum (ties keep out)
        max_value = _cast(max_value, dtype)
        out = jnp.where(out > max_value, max_value, out)
        out = jnp.where(out < 0, zero, out)
    if leaky:
        negative = _cast(threshold, dtype) - x
        out = out - jnp.where(negative <= 0, zero, negative) * _cast(alpha, dtype)
    return out


@_static(static_argnums=(1,))
def _leaky_relu(x, dtype, alpha):
    x = _cast(x, dtype)
    return jnp.where(x > 0, x, x * _cast(alpha, dtype))  # the slope at 0 is alpha, as in TF


_plain_relu = _unary(jax.nn.relu)


def relu(x, alpha=0.0, max_value=None, threshold=0.0):
    """Keras 2's TensorFlow computation (see ``kbackend.facade.activations.relu``)."""
    if alpha == 0.0 and max_value is None and threshold == 0.0:
        return _plain_relu(x)  # one argument to the jitted function: the cheapest dispatch
    # alpha, max_value and threshold are traced (no compilation per value); only which steps run is static
    x, dtype = _floating(x)
    if alpha != 0.0 and max_value is None and threshold == 0.0:
        return _leaky_relu(x, dtype, alpha)
    relu6 = threshold == 0.0 and max_value == 6.0
    clipped = max_value is not None and not relu6
    return _relu(x, dtype, threshold != 0.0, relu6, clipped, alpha != 0.0, alpha, max_value or 0.0, threshold)


@_static(static_argnums=(1,))
def _elu(x, dtype, alpha):
    x = _cast(x, dtype)
    negative = jnp.where(x > 0, 0, x)  # not minimum(x, 0), whose gradient is halved at x == 0 (elu's slope is alpha)
    return jnp.where(x > 0, x, _cast(alpha, dtype) * jnp.expm1(negative))


def elu(x, alpha=1.0):
    x, dtype = _floating(x)
    return _elu(x, dtype, alpha)


@_static(static_argnums=(1, 2))
def _softmax(x, dtype, axis):
    return jax.nn.softmax(_cast(x, dtype), axis)


@_static(static_argnums=(1, 2))
def _log_softmax(x, dtype, axis):
    return jax.nn.log_softmax(_cast(x, dtype), axis)


def softmax(x, axis=-1):
    x, dtype = _floating(x)
    return _softmax(x, dtype, axis)


def log_softmax(x, axis=-1):
    x, dtype = _floating(x)
    return _log_softmax(x, dtype, axis)


# --- crossentropies ------------------------------------------------------------------------------------------------
@_static(static_argnums=(2, 3, 4, 5))
def _categorical(target, output, from_logits, axis, epsilon, dtype):
    work = _work(dtype)
    output, target = _cast(output, work), _cast(target, work)
    if from_logits:
        log_p = jax.nn.log_softmax(output, axis)
    else:
        output = output / jnp.sum(output, axis, keepdims=True)
        log_p = jnp.log(_clip(output, epsilon, 1.0 - epsilon))
    return _cast(-jnp.sum(target * log_p, axis), dtype)


def categorical_crossentropy(target, output, from_logits, axis, epsilon):
    output, dtype = _floating(output)
    return _categorical(_value(target), output, from_logits, axis, epsilon, dtype)


@_static(static_argnums=(2, 3, 4, 5))
def _sparse(target, output, from_logits, axis, epsilon, dtype):
    output = jnp.moveaxis(_cast(output, _work(dtype)), axis, -1)
    classes = output.shape[-1]
    target = _cast(jnp.reshape(target, output.shape[:-1]), _INT64)
    if from_logits:
        log_p = jax.nn.log_softmax(output, -1)
    else:  # Keras 2.2.4: log(clip(output)) used as logits
        clipped = _clip(output, epsilon, 1.0 - epsilon)
        log_p = jnp.log(clipped) - jnp.log(jnp.sum(clipped, -1, keepdims=True))
    valid = (target >= 0) & (target < classes)
    if classes == 0:
        return jnp.full(target.shape, jnp.nan, dtype)
    picked = jnp.take_along_axis(log_p, jnp.where(valid, target, 0)[..., None], -1)[..., 0]
    return _cast(jnp.where(valid, -picked, jnp.nan), dtype)


def sparse_categorical_crossentropy(target, output, from_logits, axis, epsilon):
    output, dtype = _floating(output)
    result = _sparse(_value(target), output, from_logits, axis, epsilon, dtype)
    return result if result.size else empty_placed_like(result, output, target)


@_static(static_argnums=(2, 3, 4))
def _binary(target, output, from_logits, epsilon, dtype):
    work = _work(dtype)
    z, target = _cast(output, work), _cast(target, work)
    if not from_logits:
        z = _clip(z, epsilon, 1.0 - epsilon)
        z = jnp.log(z / (1 - z))
    # softplus(z) - z t (TF's sigmoid_cross_entropy_with_logits); logaddexp, not max(z, 0) + log1p(exp(-|z|)),
    # whose gradient at z == 0 (an output of 0.5) is wrong: maximum splits it and abs has none
    return _cast(jnp.logaddexp(z, 0) - z * target, dtype)


def binary_crossentropy(target, output, from_logits, epsilon):
    output, dtype = _floating(output)
    return _binary(_value(target), output, from_logits, epsilon, dtype)


# --- dropout, l2_normalize, in_top_k -------------------------------------------------------------------------------
@_static(static_argnums=(4, 5))
def _dropout(seed, x, level, scale, noise_shape, dtype):
    x = _cast(x, dtype)
    uniform = jax.random.uniform(jax.random.key(seed), noise_shape, _work(dtype))
    return jnp.where(uniform >= _cast(level, uniform.dtype), x * _cast(scale, dtype), jnp.zeros((), dtype))


def dropout(x, level, noise_shape, seed):
    x, dtype = _floating(x)
    if level == 0.0:
        return _cast(x, dtype)
    return _dropout(checked_seed(seed), x, level, 1.0 / (1.0 - level), tuple(noise_shape), dtype)


@_static(static_argnums=(1, 2))
def _l2_normalize(x, dtype, axis):
    x = _cast(x, _work(dtype))
    square_sum = jnp.sum(x * x, axis, keepdims=True)
    return _cast(x / jnp.sqrt(jnp.maximum(square_sum, 1e-12)), dtype)


def l2_normalize(x, axis=None):
    x, dtype = _floating(x)
    return _l2_normalize(x, dtype, axis)


@_jit
def _in_top_k(predictions, targets, k):
    batch, classes = predictions.shape
    if classes == 0:
        return jnp.zeros((batch,), bool)
    in_range = (targets >= 0) & (targets < classes)
    value = jnp.take_along_axis(predictions, jnp.where(in_range, targets, 0)[:, None], 1)
    above = jnp.sum(predictions > value, 1)
    out = (above < k) & in_range
    if jnp.issubdtype(predictions.dtype, jnp.floating):
        out = out & jnp.all(jnp.isfinite(predictions), 1)
    return out


def in_top_k(predictions, targets, k):
    return _in_top_k(_value(predictions), _value(targets), k)


# --- bias and batch normalisation ----------------------------------------------------------------------------------
def _bias_add(x, bias, data_format):
    return x + jnp.reshape(bias, bias_shape(tuple(x.shape), tuple(bias.shape), data_format))


_bias_add_jit = _static(static_argnums=(2, 3))(
    lambda x, bias, data_format, dtype: _bias_add(_cast(x, dtype), _cast(bias, dtype), data_format))


def bias_add(x, bias, data_format):
    x, dx = operand(x)
    bias, db = operand(bias)
    return _bias_add_jit(x, bias, data_format, JNP_DTYPES[promote(dx, db)])


def _on_axis(param, rank, axis, dtype):
    param = _cast(param, dtype)
    if param.ndim == 1 and rank > 1:
        param = jnp.reshape(param, (1,) * axis + param.shape + (1,) * (rank - axis - 1))
    return param


@_static(static_argnums=(5, 7))
def _batch_normalization(x, mean, var, beta, gamma, axis, epsilon, dtype):
    x = _cast(x, dtype)
    rank = x.ndim
    scale = jax.lax.rsqrt(_on_axis(var, rank, axis, dtype) + _cast(epsilon, dtype))
    if gamma is not None:
        scale = scale * _on_axis(gamma, rank, axis, dtype)
    out = (x - _on_axis(mean, rank, axis, dtype)) * scale
    if beta is not None:
        out = out + _on_axis(beta, rank, axis, dtype)
    return out


def batch_normalization(x, mean, var, beta, gamma, axis=-1, epsilon=0.001):
    x, dtype = _floating(x)
    beta = None if beta is None else _value(beta)
    gamma = None if gamma is None else _value(gamma)
    return _batch_normalization(x, _value(mean), _value(var), beta, gamma, axis, epsilon, dtype)


def _affine(param, broadcast, dtype):
    param = _cast(param, dtype)
    return param if param.ndim == len(broadcast) else jnp.reshape(param, broadcast)


@_static(static_argnums=(3, 5))
def _normalize_batch(x, gamma, beta, reduction_axes, epsilon, dtype):
    work = _work(dtype)
    x = _cast(x, work)
    broadcast = tuple(1 if i in reduction_axes else d for i, d in enumerate(x.shape))
    kept = tuple(d for i, d in enumerate(x.shape) if i not in reduction_axes)
    mean = jnp.mean(x, reduction_axes, keepdims=True)
    centered = x - mean
    var = jnp.mean(centered * centered, reduction_axes, keepdims=True)
    scale = jax.lax.rsqrt(var + _cast(epsilon, work))
    if gamma is not None:
        scale = scale * _affine(gamma, broadcast, work)
    normed = centered * scale
    if beta is not None:
        normed = normed + _affine(beta, broadcast, work)
    return (_cast(normed, dtype), _cast(jnp.reshape(mean, kept), dtype), _cast(jnp.reshape(var, kept), dtype))


def normalize_batch_in_training(x, gamma, beta, reduction_axes, epsilon=0.001):
    x, dtype = _floating(x)
    gamma = None if gamma is None else _value(gamma)
    beta = None if beta is None else _value(beta)
    return _normalize_batch(x, gamma, beta, tuple(reduction_axes), epsilon, dtype)
