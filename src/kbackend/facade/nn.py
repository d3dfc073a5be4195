"""Public API: neural-network functions: crossentropies, dropout, normalisation, bias (activations:
``kbackend.facade.activations``).

Tensor arguments may be the engine's tensors, ``kbackend.Variable`` objects, NumPy arrays, Python numbers or nested
lists of numbers; strings, None and complex values are a TypeError. Integer and bool inputs of these float-valued
functions compute in ``floatx()``; results keep the float dtype of the input (``output`` for the crossentropies,
``x`` for the normalisations; ``bias_add`` promotes ``x`` with ``bias`` by ``kbackend._dtypes.promote``). float16
crossentropies, ``l2_normalize`` and ``normalize_batch_in_training`` compute in float32 and return float16
(``1 - epsilon()`` and ``1e-12`` do not exist in float16). Shapes, axes, strings and numbers are checked here, with
the same exception on every engine, before the engine function runs. The crossentropies read ``K.epsilon()`` at
call time and pass it on. Number arguments (``alpha``, ``level``, ``epsilon``...) may be Python or NumPy numbers or
0-d tensors.

In graph mode, a call given a symbolic tensor or a variable records a node and returns a ``kbackend.SymbolicTensor``
of inferred static shape; with known sizes the checks run when the call is recorded, otherwise when the graph runs.
"""
import functools
import numbers
from typing import Optional, Sequence, Tuple, Union

from .._config import SETTINGS
from .._registry import ops as _ops
from .._types import Axis, Tensor, TensorLike
from ..graph.dispatch import graph_aware
from ..graph.leaves import SymbolicTensorBase
from ._checks import axes, random_seed, real_number, single_axis
from .config import normalize_data_format
from .tensors import int_shape


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


# --- crossentropies ------------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1024)
def _same_shapes(function, target_shape, output_shape):
    if target_shape != output_shape:
        raise ValueError(f"{function}(): target and output must have the same shape, got {target_shape} and "
                         f"{output_shape}")


def _crossentropy_of_softmax_logits(target, logits, axis):
    """What a recorded ``categorical_crossentropy(target, softmax(logits, axis))`` runs: the same checks and values,
    computed from the logits."""
    _same_shapes("categorical_crossentropy", _shape(target), _shape(logits))
    return _ops.softmax_categorical_crossentropy(target, logits, single_axis(axis, logits), SETTINGS.epsilon)


_FUSED_DTYPES = ("float32", "float64")  # float16 probabilities are rounded before the crossentropy: not fused


def _from_softmax_logits(args, kwargs):
    """Record-time fusion of ``categorical_crossentropy(target, softmax(logits))`` (the usual end of a Keras 2
    classifier): recorded from the logits as ``clip(log_softmax(logits), log(eps), log(1 - eps))``. The formula
    normalises the probabilities, clips them to ``[eps, 1 - eps]`` and takes their log: with the softmax, 8
    operations; from the logits, half as many, with the same values up to rounding (the log is increasing, a softmax
    already sums to 1, the bounds are rounded as the explicit clip rounds them) and the same gradients. Unlike
    tf_keras, which also switches to logits here, the clip is kept. Not fused: float16, other axes,
    ``from_logits=True``, integer logits. None when the call does not have that form."""
    target, output, from_logits, axis = args
    if from_logits is not False or not isinstance(output, SymbolicTensorBase):
        return None
    node = output.node
    if node is None or node.name != "softmax" or node.kind != "call" or output.shape is None or \
            output.dtype not in _FUSED_DTYPES:
        return None
    logits, softmax_axis = node.args
    ndim = len(output.shape)
    if type(axis) is not int or type(softmax_axis) is not int or not -ndim <= axis < ndim or \
            axis % ndim != softmax_axis % ndim or getattr(logits, "dtype", None) != output.dtype:
        return None  # other axes, integer logits: the call as written (which also raises its own errors)
    return _crossentropy_of_softmax_logits, (target, logits, axis), {}, [output]


@graph_aware(fusion=_from_softmax_logits)
def categorical_crossentropy(target: TensorLike, output: TensorLike, from_logits: bool = False,
                             axis: int = -1) -> Tensor:
    """Categorical crossentropy between a one-hot (or soft) ``target`` and ``output``, over the class ``axis``.

    With ``from_logits`` False (Keras 2.2.4's explicit formula), ``output`` holds probabilities: it is divided by
    its sum over ``axis``, clipped to ``[epsilon(), 1 - epsilon()]``, and the result is ``-sum(target *
    log(output), axis)``. With ``from_logits`` True, ``output`` holds logits and a stable log-softmax replaces the
    log. In graph mode ``categorical_crossentropy(t, softmax(z))`` is recorded from the logits ``z`` with the same
    values and gradients (float32/float64, same axis); see the README.

    Arguments:
        target: the target distribution, of the shape of ``output`` (any numeric dtype).
        output: probabilities (or logits), rank >= 1.
        from_logits: whether ``output`` holds logits (any value, read as a bool); default False.
        axis: the class axis, a single int in ``[-rank, rank)``; default -1.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of the shape of ``output`` without ``axis``, in the float dtype of ``output``.

    Raises:
        ValueError: ``target`` and ``output`` differ in shape; ``axis`` is out of range (also for 0-d inputs).
        TypeError: ``axis`` is not a single int; an input is not numeric.
    """
    from_logits = bool(from_logits)
    _same_shapes("categorical_crossentropy", _shape(target), _shape(output))
    axis = single_axis(axis, output)
    return _ops.categorical_crossentropy(target, output, from_logits, axis, SETTINGS.epsilon)


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


@graph_aware
def sparse_categorical_crossentropy(target: TensorLike, output: TensorLike, from_logits: bool = False,
                                    axis: int = -1) -> Tensor:
    """Categorical crossentropy with integer class indices as ``target``: ``-log(p[target])`` over the class ``axis``.

    With ``from_logits`` False, ``output`` holds probabilities: they are clipped to ``[epsilon(), 1 - epsilon()]``
    and their log used as logits (Keras 2.2.4), so the result is ``-log_softmax(log(clipped))[target]`` (the
    probabilities are renormalised). With ``from_logits`` True, ``output`` holds logits. A target outside ``[0,
    classes)`` gives NaN for that entry.

    Arguments:
        target: class indices, of ``output``'s shape without ``axis``, or of the same number of entries (such as
            ``(batch, 1)`` for a ``(batch, classes)`` output; flattened as in Keras); integers, or floats (truncated).
        output: probabilities (or logits), rank >= 1, classes along ``axis``.
        from_logits: whether ``output`` holds logits (any value, read as a bool); default False.
        axis: the class axis, a single int in ``[-rank, rank)``; default -1.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of the shape of ``output`` without ``axis``, in the float dtype of ``output``.

    Raises:
        ValueError: ``target`` does not fit ``output``'s shape without ``axis``; ``axis`` is out of range.
        TypeError: ``axis`` is not a single int; an input is not numeric.
    """
    from_logits = bool(from_logits)
    axis = single_axis(axis, output)
    _sparse_target_shape(_shape(target), _shape(output), axis)
    return _ops.sparse_categorical_crossentropy(target, output, from_logits, axis, SETTINGS.epsilon)


@graph_aware
def binary_crossentropy(target: TensorLike, output: TensorLike, from_logits: bool = False) -> Tensor:
    """Binary crossentropy of ``target`` and ``output``, element-wise (no reduction).

    With ``from_logits`` False, ``output`` holds probabilities: they are clipped to ``[epsilon(), 1 - epsilon()]``
    and turned into logits ``z = log(output / (1 - output))`` (Keras 2.2.4); with ``from_logits`` True, ``z =
    output``. The result is the stable ``max(z, 0) - z * target + log(1 + exp(-abs(z)))``.

    Arguments:
        target: targets in ``[0, 1]``, of the shape of ``output`` (any numeric dtype).
        output: probabilities (or logits).
        from_logits: whether ``output`` holds logits (any value, read as a bool); default False.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of the shape of ``output``, in the float dtype of ``output``.

    Raises:
        ValueError: ``target`` and ``output`` differ in shape.
        TypeError: an input is not numeric.
    """
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


@graph_aware(seeded=True)
def dropout(x: TensorLike, level: float, noise_shape: Optional[Sequence[Optional[int]]] = None,
            seed: Optional[int] = None) -> Tensor:
    """Randomly zero entries of ``x`` with probability ``level`` and scale the others by ``1 / (1 - level)``.

    Always applied, whatever the learning phase (wrap it in ``in_train_phase`` for training only). In graph mode it
    is always recorded, also for a concrete ``x``, and draws a fresh mask on every evaluation of the graph.
    ``seed=None`` draws the seed from NumPy's global generator (``np.random.seed(n)`` makes a run reproducible);
    a given seed reproduces the mask on one engine (engines differ from each other).

    Arguments:
        x: a tensor, variable, NumPy array or nested list of numbers.
        level: the drop probability, a number in ``[0, 1)``.
        noise_shape: the shape of the keep/drop mask, broadcast to ``x``: a tuple/list of the rank of ``x`` whose
            entries are the size of ``x`` on that axis, 1 (one decision shared along the axis) or None (the size
            of ``x``); default None, the shape of ``x``.
        seed: None or an int >= 0.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of the shape of ``x``, in its float dtype (``floatx()`` for integer and bool inputs).

    Raises:
        ValueError: ``level`` is not in ``[0, 1)``; ``noise_shape`` is not a sequence of the rank of ``x`` or has
            an entry other than the size of ``x``, 1 or None; ``seed`` is negative.
        TypeError: ``level`` is not a number; ``seed`` is not an int; ``x`` is not numeric.
    """
    level = real_number(level, "dropout", "level")
    if not 0.0 <= level < 1.0:
        raise ValueError(f"dropout(): level must be in [0, 1), got {level}")
    if noise_shape is not None:
        try:
            noise_shape = tuple(noise_shape)
        except TypeError:
            raise ValueError(f"dropout(): noise_shape must be a tuple, got {noise_shape!r}") from None
    return _ops.dropout(x, level, _noise_shape(noise_shape, _shape(x)), random_seed(seed))


@graph_aware
def l2_normalize(x: TensorLike, axis: Axis = None) -> Tensor:
    """``x`` divided by its L2 norm over ``axis``: ``x / sqrt(max(sum(x ** 2, axis, keepdims=True), 1e-12))``.

    The ``1e-12`` floor keeps an all-zero slice at zero instead of NaN. float16 is computed in float32.

    Arguments:
        x: a tensor, variable, NumPy array or nested list of numbers.
        axis: None (the norm of all entries, as TF; default), an int in ``[-rank, rank)`` or a non-empty list/tuple
            of such ints.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of the shape of ``x``, in its float dtype (``floatx()`` for integer and bool inputs).

    Raises:
        ValueError: an axis is out of range or repeated; ``axis`` is an empty list.
        TypeError: ``axis`` is not None, an int or a list/tuple of ints; ``x`` is not numeric.
    """
    if axis is not None:
        axis = axes(axis, x)
        if isinstance(axis, int):
            axis = (axis,)
        elif not axis:
            raise ValueError("l2_normalize(): axis must be None, an int or a non-empty list of ints")
    return _ops.l2_normalize(x, axis)


@graph_aware
def in_top_k(predictions: TensorLike, targets: TensorLike, k: int) -> Tensor:
    """Whether each target class is among the ``k`` highest predictions of its row.

    Entry ``i`` is True when ``predictions[i, targets[i]]`` is at least the ``k``-th largest value of
    ``predictions[i]``; ties are inclusive (every class tied with the ``k``-th value counts). ``k < 1`` gives all
    False, ``k >= classes`` all True; a row with a non-finite prediction, or a target out of range, gives False (as
    TF).

    Arguments:
        predictions: scores ``(batch, classes)``, any real dtype.
        targets: class indices ``(batch,)``, int32 or int64.
        k: an int (Python or NumPy).

    Returns:
        A bool tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a
        kbackend.SymbolicTensor in graph mode) of shape ``(batch,)``.

    Raises:
        ValueError: ``predictions`` is not 2-D, ``targets`` not 1-D, or their batch sizes differ.
        TypeError: ``k`` is not an int; ``targets`` is not int32/int64.
    """
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


@graph_aware
def bias_add(x: TensorLike, bias: TensorLike, data_format: Optional[str] = None) -> Tensor:
    """``x + bias``, with the bias laid along the channel axis of ``data_format``.

    A rank-1 ``bias`` holds one value per channel, added on axis 1 (channels_first) or the last axis
    (channels_last). A bias of rank ``ndim(x) - 1`` holds one value per position and channel, given in
    ``(spatial..., channels)`` order; for channels_first it is *reshaped* (not transposed) to ``(channels,
    spatial...)``, as Keras 2 did on every backend. The dtypes of ``x`` and ``bias`` are promoted.

    Arguments:
        x: a tensor of rank >= 2, ``(batch, ..., channels)`` or ``(batch, channels, ...)``.
        bias: rank 1 ``(channels,)``, or rank ``ndim(x) - 1`` with the shape ``x.shape[1:]`` in channels_last order.
        data_format: 'channels_last' or 'channels_first' (any letter case); None means ``image_data_format()``.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of the shape of ``x``.

    Raises:
        ValueError: ``x`` has rank < 2; ``bias`` has another rank or does not match the channels (or positions) of
            ``x``; ``data_format`` is not accepted.
        TypeError: an input is not numeric.
    """
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


@graph_aware
def batch_normalization(x: TensorLike, mean: TensorLike, var: TensorLike, beta: Optional[TensorLike],
                        gamma: Optional[TensorLike], axis: int = -1, epsilon: float = 0.001) -> Tensor:
    """Normalise ``x`` with given statistics: ``(x - mean) / sqrt(var + epsilon) * gamma + beta``.

    Rank-1 parameters apply along ``axis`` (the features axis); parameters of another rank broadcast to ``x`` as
    they are (e.g. the ``(1, C, 1, 1)`` shapes Keras layers build). Computed in the float dtype of ``x``.

    Arguments:
        x: a tensor, variable, NumPy array or nested list of numbers.
        mean: the mean, rank 1 of size ``x.shape[axis]`` (or 1), or broadcastable to ``x``.
        var: the variance, shaped like ``mean``.
        beta: the offset, shaped like ``mean``, or None (no offset).
        gamma: the scale, shaped like ``mean``, or None (no scaling).
        axis: the features axis of rank-1 parameters, a single int in ``[-rank, rank)``; default -1.
        epsilon: a number added to ``var``; default 0.001.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of the shape of ``x``, in its float dtype (``floatx()`` for integer and bool inputs).

    Raises:
        ValueError: a parameter's shape does not match ``axis`` or broadcast to ``x``; ``axis`` is out of range.
        TypeError: ``mean`` or ``var`` is None; ``epsilon`` is not a number; ``axis`` is not a single int.
    """
    axis = single_axis(axis, x) if _ops.ndim(x) else 0
    epsilon = real_number(epsilon, "batch_normalization", "epsilon")
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


@graph_aware
def normalize_batch_in_training(x: TensorLike, gamma: Optional[TensorLike], beta: Optional[TensorLike],
                                reduction_axes: Union[int, Sequence[int]],
                                epsilon: float = 0.001) -> Tuple[Tensor, Tensor, Tensor]:
    """Batch statistics over ``reduction_axes`` and the batch normalised with them.

    ``mean`` and ``var`` (the population variance, as ``tf.nn.moments``) are taken over ``reduction_axes`` and have
    the shape of ``x`` without those axes; ``normed = (x - mean) / sqrt(var + epsilon) * gamma + beta``, with
    ``mean`` and ``var`` broadcast back. float16 is computed in float32.

    Arguments:
        x: a tensor, variable, NumPy array or nested list of numbers.
        gamma: the scale, or None: shaped like ``x`` without the reduced axes (e.g. ``(C,)``), with as many entries,
            or of the rank of ``x`` and broadcastable to it.
        beta: the offset, or None, shaped as ``gamma``.
        reduction_axes: an int or a non-empty list/tuple of distinct ints in ``[-rank, rank)`` (e.g. ``[0, 1, 2]``
            for a channels_last image batch).
        epsilon: a number added to ``var``; default 0.001.

    Returns:
        A tuple ``(normed, mean, var)`` of tensors of the active engine (numpy.ndarray, torch.Tensor, jax.Array or
        tf.Tensor; kbackend.SymbolicTensor objects in graph mode), in the float dtype of ``x``.

    Raises:
        ValueError: ``reduction_axes`` is empty, out of range or repeated; ``gamma``/``beta`` does not fit.
        TypeError: ``reduction_axes`` is not an int or a list of ints; ``epsilon`` is not a number.
    """
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
    epsilon = real_number(epsilon, "normalize_batch_in_training", "epsilon")
    x_shape = _shape(x)
    for what, value in (("gamma", gamma), ("beta", beta)):
        if value is not None:
            _check_affine(what, _shape(value), x_shape, reduction_axes)
    return _ops.normalize_batch_in_training(x, gamma, beta, reduction_axes, epsilon)


ENGINE_FUNCTIONS = {name: name for name in (
    "categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy", "dropout", "l2_normalize",
    "in_top_k", "bias_add", "batch_normalization", "normalize_batch_in_training")}
