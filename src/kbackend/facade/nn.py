"""Public API: neural-network functions (activations, crossentropies, dropout, normalisation, bias).

Integer and bool inputs of the float-valued functions compute in ``floatx()``; results keep the float dtype of the
input (``output`` for the crossentropies, ``x`` for the normalisations). float16 crossentropies, ``l2_normalize`` and
``normalize_batch_in_training`` compute in float32 and return float16 (``1 - epsilon()`` and ``1e-12`` do not exist
in float16). Shapes, axes, strings and numbers are checked here, with the same exception on every engine, before the
engine function runs. The crossentropies read ``K.epsilon()`` at call time and pass it on.
"""
import functools
import numbers

from .._config import SETTINGS
from .._registry import ops as _ops
from ._checks import axes, random_seed, single_axis
from .config import normalize_data_format
from .tensors import int_shape


def _number(value, function, what):
    """A real number argument as a Python float (0-d tensors accepted); TypeError otherwise."""
    if type(value) is float:
        return value
    if isinstance(value, bool):
        raise TypeError(f"{function}(): {what} must be a number, got {value!r}")
    if isinstance(value, numbers.Real):
        return float(value)
    try:
        return float(_ops.to_numpy(value))
    except (TypeError, ValueError):
        raise TypeError(f"{function}(): {what} must be a number, got {value!r}") from None


def _shape(x):
    shape = int_shape(x)
    return tuple(shape) if shape is not None else ()


def _size(shape):
    """The number of entries of a shape, None if a dimension is unknown."""
    size = 1
    for dim in shape:
        if dim is None:
            return None
        size *= dim
    return size


# --- activations ---------------------------------------------------------------------------------------------------
def relu(x, alpha=0.0, max_value=None, threshold=0.0):
    """Rectified linear unit, computed as Keras 2's TensorFlow backend computed it (its code, not its docstring:
    every model trained with Keras 2 ran the code).

    With ``alpha != 0``, ``max_value=None`` and ``threshold == 0`` it is the leaky relu ``x if x > 0 else alpha * x``.
    Otherwise:

    1. ``y = x * (x > threshold)`` (strict) if ``threshold != 0``; else ``y = min(max(x, 0), 6)`` (TF's relu6) if
       ``max_value == 6``; else ``y = max(x, 0)``;
    2. if ``max_value`` is given (and step 1 was not relu6): ``y = max(min(y, max_value), 0)``;
    3. if ``alpha != 0``: ``y = y - alpha * max(threshold - x, 0)``.

    So a negative threshold keeps ``x`` on ``(threshold, 0]`` unless ``max_value`` is given (the clip sets it to 0),
    ``max_value <= 0`` gives 0 before the alpha term, and ``relu([-1, -.5, 0, .5, .8], alpha=.1, max_value=5.,
    threshold=-2.8)`` is ``[0, 0, 0, .5, .8]``. Gradients are TF's: relu's is 0 at 0, relu6's is 0 at 0 and at 6, the
    clip passes it at its bounds (``relu(5., max_value=5.)`` has gradient 1), the mask ``x > threshold`` has none,
    the leaky slope at 0 is ``alpha``.

    Arguments:
        x: a tensor (integer and bool inputs compute in ``floatx()``).
        alpha: a real number (or 0-d tensor), the slope of the negative part.
        max_value: None or a real number (or 0-d tensor), the saturation value.
        threshold: a real number (or 0-d tensor), the threshold of the thresholded activation.

    Returns:
        A tensor of the float dtype of ``x`` and its shape.

    Raises:
        TypeError: ``alpha``, ``max_value`` or ``threshold`` is not a real number, or ``x`` is not numeric.
    """
    alpha = _number(alpha, "relu", "alpha")
    threshold = _number(threshold, "relu", "threshold")
    if max_value is not None:
        max_value = _number(max_value, "relu", "max_value")
    return _ops.relu(x, alpha, max_value, threshold)


def elu(x, alpha=1.0):
    """Exponential linear unit: ``x`` where ``x > 0``, else ``alpha * (exp(x) - 1)``."""
    return _ops.elu(x, _number(alpha, "elu", "alpha"))


def softmax(x, axis=-1):
    """Softmax along ``axis`` (default -1), computed stably (``x - max(x)`` first)."""
    return _ops.softmax(x, single_axis(axis, x))


def softplus(x):
    """``log(1 + exp(x))``, computed stably (``softplus(1e4) == 1e4``, no overflow)."""
    return _ops.softplus(x)


def softsign(x):
    """``x / (1 + abs(x))``."""
    return _ops.softsign(x)


def sigmoid(x):
    """Logistic sigmoid ``1 / (1 + exp(-x))``, computed without overflow for large ``|x|``."""
    return _ops.sigmoid(x)


def hard_sigmoid(x):
    """Piecewise linear sigmoid ``clip(0.2 * x + 0.5, 0, 1)``."""
    return _ops.hard_sigmoid(x)


def tanh(x):
    """Element-wise hyperbolic tangent; integer inputs compute in ``floatx()``."""
    return _ops.tanh(x)


# --- crossentropies ------------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1024)
def _same_shapes(function, target_shape, output_shape):
    if target_shape != output_shape:
        raise ValueError(f"{function}(): target and output must have the same shape, got {target_shape} and "
                         f"{output_shape}")


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Categorical crossentropy between a (one-hot or soft) ``target`` and ``output`` of the same shape, over the
    class ``axis``; the result has that axis removed. If ``from_logits`` is False, ``output`` holds probabilities: it
    is divided by its sum over ``axis``, clipped to ``[epsilon(), 1 - epsilon()]``, and the result is
    ``-sum(target * log(output), axis)``; otherwise ``output`` holds logits (a stable log-softmax is used)."""
    from_logits = bool(from_logits)
    _same_shapes("categorical_crossentropy", _shape(target), _shape(output))
    axis = single_axis(axis, output)
    return _ops.categorical_crossentropy(target, output, from_logits, axis, SETTINGS.epsilon)


def _crossentropy_of_softmax_logits(target, logits, axis):
    """What a recorded ``categorical_crossentropy(target, softmax(logits, axis))`` runs (``graph/fusion.py``): the
    same checks and values, computed from the logits."""
    _same_shapes("categorical_crossentropy", _shape(target), _shape(logits))
    return _ops.softmax_categorical_crossentropy(target, logits, single_axis(axis, logits), SETTINGS.epsilon)


@functools.lru_cache(maxsize=1024)
def _sparse_target_shape(target_shape, output_shape, axis):
    rows = output_shape[:axis] + output_shape[axis + 1:]
    if target_shape == rows:
        return rows
    size, count = _size(target_shape), _size(rows)
    if len(target_shape) != len(rows) and (size == count or size is None or count is None):
        return rows  # Keras flattens the target, so e.g. (batch, 1) targets work with (batch, classes) outputs
    raise ValueError(f"sparse_categorical_crossentropy(): the target of shape {target_shape} does not match the "
                     f"output of shape {output_shape} with the class axis {axis} removed, {rows}")


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Categorical crossentropy with integer class indices as ``target`` (int32/int64, or floats holding integers),
    of ``output``'s shape without the class ``axis`` (a target of the same size, such as ``(batch, 1)``, is
    flattened as in Keras). The result has ``output``'s shape without ``axis``. If ``from_logits`` is False,
    ``output`` is clipped to ``[epsilon(), 1 - epsilon()]`` and its log used as logits (Keras 2.2.4); a target
    outside ``[0, classes)`` gives NaN."""
    from_logits = bool(from_logits)
    axis = single_axis(axis, output)
    _sparse_target_shape(_shape(target), _shape(output), axis)
    return _ops.sparse_categorical_crossentropy(target, output, from_logits, axis, SETTINGS.epsilon)


def binary_crossentropy(target, output, from_logits=False):
    """Element-wise binary crossentropy of ``target`` and ``output`` (same shape). If ``from_logits`` is False,
    ``output`` holds probabilities, clipped to ``[epsilon(), 1 - epsilon()]`` and turned into logits
    ``log(output / (1 - output))``; the result is ``max(z, 0) - z * target + log(1 + exp(-abs(z)))``."""
    from_logits = bool(from_logits)
    _same_shapes("binary_crossentropy", _shape(target), _shape(output))
    return _ops.binary_crossentropy(target, output, from_logits, SETTINGS.epsilon)


# --- dropout, l2_normalize, in_top_k -------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1024)
def _noise_shape(noise_shape, x_shape):
    if noise_shape is None:
        return x_shape
    if len(noise_shape) != len(x_shape):
        raise ValueError(f"dropout(): noise_shape {noise_shape} must have the rank of x, {x_shape}")
    out = []
    for dim, size in zip(noise_shape, x_shape):
        if dim is None:
            dim = size
        if isinstance(dim, bool) or not isinstance(dim, numbers.Integral) or dim not in (1, size):
            raise ValueError(f"dropout(): noise_shape {noise_shape} must broadcast to the shape of x, {x_shape} "
                             f"(each entry the dimension of x, 1 or None)")
        out.append(int(dim))
    return tuple(out)


def dropout(x, level, noise_shape=None, seed=None):
    """``x`` with each entry set to 0 with probability ``level`` (in ``[0, 1)``) and the others scaled by
    ``1 / (1 - level)``; always applied (wrap it in ``in_train_phase`` for training only). ``noise_shape`` (default
    x's shape) is the shape of the keep/drop mask, broadcast to x (e.g. ``(batch, 1, features)``); ``seed=None``
    draws a seed from NumPy's global generator, a given seed reproduces the mask on one engine."""
    level = _number(level, "dropout", "level")
    if not 0.0 <= level < 1.0:
        raise ValueError(f"dropout(): level must be in [0, 1), got {level}")
    if noise_shape is not None:
        try:
            noise_shape = tuple(noise_shape)
        except TypeError:
            raise ValueError(f"dropout(): noise_shape must be a tuple, got {noise_shape!r}") from None
    return _ops.dropout(x, level, _noise_shape(noise_shape, _shape(x)), random_seed(seed))


def l2_normalize(x, axis=None):
    """``x / sqrt(max(sum(x**2, axis, keepdims=True), 1e-12))``; ``axis`` None normalises over all entries, an int
    or a list over those axes."""
    if axis is not None:
        axis = axes(axis, x)
        if isinstance(axis, int):
            axis = (axis,)
        elif not axis:
            raise ValueError("l2_normalize(): axis must be None, an int or a non-empty list of ints")
    return _ops.l2_normalize(x, axis)


def in_top_k(predictions, targets, k):
    """Whether ``targets[i]`` is among the ``k`` largest of ``predictions[i]`` (predictions ``(batch, classes)``,
    int32/int64 targets ``(batch,)``); a bool ``(batch,)`` tensor. Ties are inclusive (``predictions[i, target]``
    at least the k-th largest value); ``k < 1`` gives all False, ``k >= classes`` all True; a row with a non-finite
    prediction, or a target out of range, gives False (as TF)."""
    if isinstance(k, bool) or not isinstance(k, numbers.Integral):
        raise TypeError(f"in_top_k(): k must be an int, got {k!r}")
    p_shape, t_shape = _shape(predictions), _shape(targets)
    if len(p_shape) != 2 or len(t_shape) != 1 or p_shape[0] != t_shape[0]:
        raise ValueError(f"in_top_k(): expected predictions (batch, classes) and targets (batch,), got shapes "
                         f"{p_shape} and {t_shape}")
    if _ops.dtype_of(targets) not in ("int32", "int64"):
        raise TypeError(f"in_top_k(): targets must be int32 or int64, got {_ops.dtype_of(targets)}")
    k = max(int(k), 0)
    if p_shape[1] is not None:
        k = min(k, p_shape[1])  # the same answer, and k then fits any integer dtype
    return _ops.in_top_k(predictions, targets, k)


# --- bias and batch normalisation ----------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1024)
def _check_bias(x_shape, bias_shape, data_format):
    rank = len(x_shape)
    if rank < 2:
        raise ValueError(f"bias_add(): x must have rank >= 2, got shape {x_shape}")
    if len(bias_shape) not in (1, rank - 1):
        raise ValueError(f"Unexpected bias dimensions {len(bias_shape)}, expect to be 1 or {rank - 1} dimensions "
                         f"(x of shape {x_shape}, bias of shape {bias_shape})")
    channels = x_shape[1] if data_format == "channels_first" else x_shape[-1]
    if len(bias_shape) == 1:
        expected = (channels,)
    elif data_format == "channels_first":
        expected = x_shape[2:] + (x_shape[1],)  # given as (spatial..., channels), reshaped (Keras 2 convention)
    else:
        expected = x_shape[1:]
    if bias_shape != expected:
        raise ValueError(f"bias_add(): a bias of shape {bias_shape} does not fit x of shape {x_shape} with "
                         f"{data_format} (expected {expected})")


def bias_add(x, bias, data_format=None):
    """``x + bias``: a rank-1 ``bias`` (one value per channel) is added on the channel axis (1 for channels_first,
    the last for channels_last); a bias of rank ``ndim(x) - 1`` holds a value per position, given in ``(spatial...,
    channels)`` order, and for channels_first it is *reshaped* (not transposed) to ``(channels, spatial...)`` as
    Keras 2 did on every backend."""
    data_format = normalize_data_format(data_format)
    _check_bias(_shape(x), _shape(bias), data_format)
    return _ops.bias_add(x, bias, data_format)


@functools.lru_cache(maxsize=1024)
def _check_param(function, what, shape, x_shape, axis):
    """A batch-normalisation parameter: rank 1 on ``axis`` (or any rank that broadcasts to x)."""
    if len(shape) == 1 and len(x_shape) > 1:
        if shape[0] not in (1, x_shape[axis]):
            raise ValueError(f"{function}(): {what} of shape {shape} does not match axis {axis} of x, of shape "
                             f"{x_shape}")
        return
    if len(shape) > len(x_shape) or any(s not in (1, d) for s, d in zip(shape[::-1], x_shape[::-1])):
        raise ValueError(f"{function}(): {what} of shape {shape} does not broadcast to x, of shape {x_shape}")


def batch_normalization(x, mean, var, beta, gamma, axis=-1, epsilon=0.001):
    """``(x - mean) / sqrt(var + epsilon) * gamma + beta`` (``beta``/``gamma`` may be None). Rank-1 parameters apply
    along ``axis`` (the features axis, default -1); parameters of another rank broadcast to x as they are (e.g. the
    ``(1, C, 1, 1)`` shapes Keras layers build). Computed in x's float dtype."""
    axis = single_axis(axis, x) if _ops.ndim(x) else 0
    epsilon = _number(epsilon, "batch_normalization", "epsilon")
    x_shape = _shape(x)
    for what, value in (("mean", mean), ("var", var), ("beta", beta), ("gamma", gamma)):
        if value is None:
            if what in ("mean", "var"):
                raise TypeError(f"batch_normalization(): {what} must be a tensor, got None")
            continue
        _check_param("batch_normalization", what, _shape(value), x_shape, axis)
    return _ops.batch_normalization(x, mean, var, beta, gamma, axis, epsilon)


@functools.lru_cache(maxsize=1024)
def _check_affine(what, shape, x_shape, reduction_axes):
    if len(shape) == len(x_shape):
        if any(s not in (1, d) for s, d in zip(shape, x_shape)):
            raise ValueError(f"normalize_batch_in_training(): {what} of shape {shape} does not broadcast to x, of "
                             f"shape {x_shape}")
        return
    kept = tuple(d for i, d in enumerate(x_shape) if i not in reduction_axes)
    size, count = _size(shape), _size(kept)
    if size != count and size is not None and count is not None:
        raise ValueError(f"normalize_batch_in_training(): {what} of shape {shape} does not match the shape of x, "
                         f"{x_shape}, without the reduction axes {reduction_axes}, {kept}")


def normalize_batch_in_training(x, gamma, beta, reduction_axes, epsilon=0.001):
    """Batch statistics over ``reduction_axes`` (an iterable of ints) and the normalised batch:
    ``(normed, mean, var)`` with ``normed = (x - mean) / sqrt(var + epsilon) * gamma + beta`` (``gamma``/``beta`` may
    be None; given with the reduced axes removed, e.g. ``(C,)``, or broadcastable to x). ``var`` is the population
    variance; ``mean`` and ``var`` have x's shape with the reduced axes removed (as ``tf.nn.moments``)."""
    if isinstance(reduction_axes, numbers.Integral) and not isinstance(reduction_axes, bool):
        reduction_axes = (reduction_axes,)
    elif not isinstance(reduction_axes, (list, tuple)):
        try:
            reduction_axes = tuple(reduction_axes)
        except TypeError:
            raise TypeError(f"normalize_batch_in_training(): reduction_axes must be a list of ints, got "
                            f"{reduction_axes!r}") from None
    if not reduction_axes:
        raise ValueError("normalize_batch_in_training(): reduction_axes must name at least one axis")
    reduction_axes = axes(tuple(reduction_axes), x)
    reduction_axes = tuple(sorted(reduction_axes if isinstance(reduction_axes, tuple) else (reduction_axes,)))
    epsilon = _number(epsilon, "normalize_batch_in_training", "epsilon")
    x_shape = _shape(x)
    for what, value in (("gamma", gamma), ("beta", beta)):
        if value is not None:
            _check_affine(what, _shape(value), x_shape, reduction_axes)
    return _ops.normalize_batch_in_training(x, gamma, beta, reduction_axes, epsilon)


ENGINE_FUNCTIONS = {name: name for name in (
    "relu", "elu", "softmax", "softplus", "softsign", "sigmoid", "hard_sigmoid", "tanh", "categorical_crossentropy",
    "sparse_categorical_crossentropy", "binary_crossentropy", "dropout", "l2_normalize", "in_top_k", "bias_add",
    "batch_normalization", "normalize_batch_in_training")}
