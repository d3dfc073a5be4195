"""Public API: shape manipulation (padding and resizing of images: ``kbackend.facade.images``).

Tensor arguments may be the engine's tensors, ``kbackend.Variable`` objects, NumPy arrays, Python numbers or nested
lists of numbers. Results keep the dtype of their input, except where a function says otherwise (``concatenate``
and ``stack`` promote mixed dtypes by ``kbackend._dtypes.promote``; ``one_hot`` gives ``floatx()``).

The facade checks and normalises every argument (axes become non-negative ints, shapes/patterns/paddings tuples of
ints, data formats canonical strings), so the engines receive plain values and every engine raises the same
exceptions: ValueError for a bad shape, axis, size or setting, TypeError for an argument of the wrong type.
Integer arguments (sizes, factors, starts) may be Python or NumPy integers or 0-d integer tensors; sequences of them
may also be 1-D integer tensors (``K.reshape(x, K.shape(y))`` works eagerly). ``data_format`` is 'channels_last'
(``(batch, spatial..., channels)``) or 'channels_first' (``(batch, channels, spatial...)``), in any letter case;
None means ``image_data_format()``.

In graph mode, a call given a symbolic tensor or a variable records a node and returns a ``kbackend.SymbolicTensor``
of inferred static shape; with known sizes the checks run when the call is recorded, otherwise when the graph runs.
"""
import builtins
import functools
import numbers
from typing import Optional, Sequence, Union

import numpy as np

from .. import _dtypes
from .._config import SETTINGS
from .._registry import ops as _ops
from .._types import DTypeLike, Tensor, TensorLike
from ..graph.dispatch import graph_aware, sizes_from_values
from . import static_shapes as _rules
from ._checks import axes as _axes
from ._checks import single_axis
from ._shape_args import as_ints, axis_in, count_arg, promoted, tensor_list
from .tensors import dtype as _dtype
from .tensors import int_shape


# --- the public functions ------------------------------------------------------------------------------------------
@graph_aware
def concatenate(tensors: Sequence[TensorLike], axis: int = -1) -> Tensor:
    """Join a list of tensors along an existing axis.

    The tensors must have one rank and the same sizes except along ``axis``. Mixed dtypes are promoted
    (``kbackend._dtypes.promote``: int32 with float32 gives float32; Python scalars do not widen a tensor's dtype).
    Sparse inputs follow Keras 2 on TensorFlow: when every input is sparse the result is the engine's sparse
    tensor; a mix of sparse and dense inputs is densified and gives a dense tensor.

    Arguments:
        tensors: a non-empty list or tuple of tensors (variables, NumPy arrays, nested lists, the engine's sparse
            tensors) of rank >= 1.
        axis: a single int in ``[-rank, rank)``; default -1 (the last axis).

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode; the engine's sparse tensor when every input is sparse), with the sizes along ``axis`` added.

    Raises:
        ValueError: ``tensors`` is empty; the tensors are 0-d, or differ in rank or in a size other than ``axis``;
            ``axis`` is out of range.
        TypeError: ``tensors`` is not a list or tuple; ``axis`` is not a single int.
    """
    if type(tensors) is not list and type(tensors) is not tuple or not tensors:
        tensors = tensor_list(tensors, "concatenate")  # raises
    is_sparse = _ops.is_sparse
    for t in tensors:
        if is_sparse(t):
            if all(is_sparse(t) for t in tensors):
                return _sparse_concatenate(tensors, axis)
            tensors = [_ops.to_dense(t) for t in tensors]
            break
    ndim = _ops.ndim(tensors[0])
    if type(axis) is int and -ndim <= axis < ndim:  # the common case: the checks below name what is wrong
        axis %= ndim
    else:
        if ndim == 0:
            raise ValueError("concatenate(): zero-dimensional tensors cannot be concatenated")
        axis = axis_in(axis, ndim, "concatenate")
    return _ops.concatenate(promoted(tensors), axis)


def _sparse_concatenate(tensors, axis):
    """Sparse tensors joined along ``axis``, checked here (the engines' sparse kernels raise their own errors)."""
    shapes = [tuple(int_shape(t)) for t in tensors]
    ndim = len(shapes[0])
    if ndim == 0:
        raise ValueError("concatenate(): zero-dimensional tensors cannot be concatenated")
    axis = axis_in(axis, ndim, "concatenate")
    for shape in shapes[1:]:
        if len(shape) != ndim or any(a is not None and b is not None and a != b
                                     for i, (a, b) in enumerate(zip(shape, shapes[0])) if i != axis):
            raise ValueError(f"concatenate(): shapes {shapes[0]} and {shape} differ outside axis {axis}")
    names = [_dtype(t) for t in tensors]
    common = functools.reduce(_dtypes.promote, sorted(set(names)))
    return _ops.sparse_concatenate([t if n == common else _ops.sparse_tensor(t, common)
                                    for t, n in zip(tensors, names)], axis)


@graph_aware
def reshape(x: TensorLike, shape: Union[int, Sequence[int], Tensor]) -> Tensor:
    """``x`` with the same entries, in row-major order, and a new ``shape``.

    One entry of ``shape`` may be -1: it is inferred from the number of entries of ``x``.

    Arguments:
        x: a tensor, variable, NumPy array or nested list of numbers.
        shape: an int, a tuple/list of ints or a 1-D integer tensor; entries >= 0, except at most one -1.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of shape ``shape``, in the dtype of ``x``.

    Raises:
        ValueError: the number of entries differs from that of ``x``; more than one -1, or an entry < -1.
        TypeError: ``shape`` is not an int or a sequence of ints.
    """
    if type(shape) is tuple:
        for d in shape:  # (a loop, not all(...): no generator to make on the common path)
            if type(d) is not int:
                break
        else:
            return _ops.reshape(x, _checked_shape(shape))
    if isinstance(shape, numbers.Integral) and not isinstance(shape, (bool, np.bool_)):
        shape = (int(shape),)
    return _ops.reshape(x, _checked_shape(as_ints(shape, "shape", "reshape")))


@functools.lru_cache(maxsize=2048)
def _checked_shape(shape):
    if any(d < -1 for d in shape) or builtins.sum(d == -1 for d in shape) > 1:
        raise ValueError(f"reshape(): invalid shape {shape!r}: expected non-negative ints and at most one -1")
    return shape


@functools.lru_cache(maxsize=1024)
def _permutation(pattern, ndim):
    out = tuple(axis_in(a, ndim, "permute_dimensions", "pattern entry") for a in pattern)
    if sorted(out) != list(range(ndim)):
        raise ValueError(f"permute_dimensions(): pattern {pattern!r} is not a permutation of the {ndim} axes "
                         f"(expected each of 0..{ndim - 1} exactly once)")
    return out


@graph_aware
def permute_dimensions(x: TensorLike, pattern: Union[Sequence[int], Tensor]) -> Tensor:
    """``x`` with its axes reordered: axis ``i`` of the result is axis ``pattern[i]`` of ``x``.

    Arguments:
        x: a tensor, variable, NumPy array or nested list of numbers.
        pattern: a permutation of ``range(ndim(x))`` as a tuple/list of ints or a 1-D integer tensor (negative
            entries count from the end).

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode), in the dtype of ``x``.

    Raises:
        ValueError: ``pattern`` is not a permutation of the axes of ``x`` (wrong length, repeated or out-of-range
            entries).
        TypeError: ``pattern`` is not a sequence of ints.
    """
    return _ops.permute(x, _permutation(as_ints(pattern, "pattern", "permute_dimensions"), _ops.ndim(x)))


@graph_aware
def repeat_elements(x: TensorLike, rep: int, axis: int) -> Tensor:
    """Repeat each entry of ``x`` ``rep`` times along ``axis``, as ``np.repeat``: ``[1, 2]`` gives ``[1, 1, 2, 2]``.

    Arguments:
        x: a tensor, variable, NumPy array or nested list of numbers, of rank >= 1.
        rep: an int >= 0.
        axis: a single int in ``[-rank, rank)``.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) with ``x.shape[axis] * rep`` entries along ``axis``, in the dtype of ``x``.

    Raises:
        ValueError: ``axis`` is out of range; ``rep`` is negative.
        TypeError: ``rep`` is not an int; ``axis`` is not a single int.
    """
    rep = count_arg(rep, "rep", "repeat_elements")
    return _ops.repeat_elements(x, rep, single_axis(axis, x))


@graph_aware
def repeat(x: TensorLike, n: int) -> Tensor:
    """Repeat a 2-D tensor ``n`` times along a new axis 1: ``(samples, dim)`` becomes ``(samples, n, dim)``.

    Arguments:
        x: a 2-D tensor ``(samples, dim)``.
        n: an int >= 0.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode), ``(samples, n, dim)`` in the dtype of ``x``.

    Raises:
        ValueError: ``x`` is not 2-D; ``n`` is negative.
        TypeError: ``n`` is not an int.
    """
    n = count_arg(n, "n", "repeat")
    ndim = _ops.ndim(x)
    if ndim != 2:
        raise ValueError(f"repeat() expects a 2-D tensor (samples, dim), got rank {ndim}")
    return _ops.repeat(x, n)


@graph_aware(shape_rule=sizes_from_values, fallback=_rules.arange, values_matter=True)
def arange(start: Union[float, Tensor], stop: Optional[Union[float, Tensor]] = None, step: Union[float, Tensor] = 1,
           dtype: DTypeLike = "int32") -> Tensor:
    """The numbers ``start, start + step, ...`` up to ``stop`` excluded, as a 1-D tensor (``np.arange``).

    With only ``start`` given, it is the stop and the range starts at 0; a negative single argument gives an empty
    tensor (as Keras 2). ``start``, ``stop`` and ``step`` may be Python or NumPy numbers or 0-d tensors; a
    symbolic scalar in graph mode gives a result of unknown length. The default dtype is int32: pass a float
    ``dtype`` for fractional values.

    Arguments:
        start: the first value (or, alone, the stop), a number or a 0-d tensor.
        stop: None (see above; default) or the end of the range (excluded).
        step: the difference between consecutive values, non-zero (negative counts down); default 1.
        dtype: the result's dtype, a name such as 'int32' (default), 'int64', 'float32' or a dtype object.

    Returns:
        A 1-D tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a
        kbackend.SymbolicTensor in graph mode) of ``dtype``.

    Raises:
        ValueError: ``step`` is zero.
        TypeError: ``start``, ``stop`` or ``step`` is not a number or a 0-d numeric tensor; ``dtype`` is unknown.
    """
    dtype = _dtypes.dtype_name(dtype)
    start, step = _number(start, "start"), _number(step, "step")
    if stop is None:
        start, stop = 0, builtins.max(start, 0)
    else:
        stop = _number(stop, "stop")
    if step == 0:
        raise ValueError("arange(): step must not be zero")
    return _ops.arange(start, stop, step, dtype)


def _number(value, what):
    """A bound of ``arange`` as a Python int or float: a real number, or a 0-d numeric tensor's value."""
    if type(value) is int or type(value) is float:
        return value
    if isinstance(value, (bool, np.bool_, str)):
        raise TypeError(f"arange(): {what} must be a number or a 0-d tensor, got {value!r}")
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    try:
        array = np.asarray(_ops.to_numpy(value))
    except (TypeError, ValueError):
        array = None
    if array is None or array.shape != () or array.dtype.kind not in "iuf":
        raise TypeError(f"arange(): {what} must be a number or a 0-d numeric tensor, got {value!r}")
    return array.item()


@functools.lru_cache(maxsize=1024)
def _tile_reps(n, ndim):
    if len(n) > ndim:
        raise ValueError(f"tile(): n has {len(n)} entries but x has rank {ndim}; n may have at most one entry per "
                         f"axis (shorter n is left-padded with 1s)")
    if any(r < 0 for r in n):
        raise ValueError(f"tile(): n must hold ints >= 0, got {n!r}")
    return (1,) * (ndim - len(n)) + n


@graph_aware
def tile(x: TensorLike, n: Union[int, Sequence[int], Tensor]) -> Tensor:
    """``x`` repeated ``n[i]`` times along each axis ``i`` (``np.tile``).

    A shorter ``n`` is left-padded with 1s (Keras 2.3): ``tile(x, 2)`` on a matrix repeats its columns.

    Arguments:
        x: a tensor, variable, NumPy array or nested list of numbers.
        n: an int (meaning ``(n,)``), a tuple/list of ints or a 1-D integer tensor; at most ``ndim(x)`` entries,
            each >= 0.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of shape ``x.shape[i] * n[i]`` per axis, in the dtype of ``x``.

    Raises:
        ValueError: ``n`` has more entries than ``x`` has axes (Keras raised NotImplementedError), or a negative one.
        TypeError: ``n`` is not an int or a sequence of ints.
    """
    if isinstance(n, numbers.Integral) and not isinstance(n, (bool, np.bool_)):
        n = (int(n),)
    else:
        n = as_ints(n, "n", "tile")
    return _ops.tile(x, _tile_reps(n, _ops.ndim(x)))


@graph_aware
def flatten(x: TensorLike) -> Tensor:
    """All entries of ``x`` in row-major order, as a 1-D tensor (a 0-d ``x`` gives shape ``(1,)``).

    Arguments:
        x: a tensor, variable, NumPy array, number or nested list of numbers.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of shape ``(size(x),)``, in the dtype of ``x``.

    Raises:
        TypeError: ``x`` is not numeric.
    """
    return _ops.flatten(x)


@graph_aware
def batch_flatten(x: TensorLike) -> Tensor:
    """``x`` reshaped to ``(batch, -1)``: axis 0 is kept and the others are flattened in row-major order.

    A 1-D ``x`` gives ``(batch, 1)``; a 0-d ``x`` gives ``(1, 1)``, as Keras on TensorFlow.

    Arguments:
        x: a tensor, variable, NumPy array, number or nested list of numbers.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of rank 2, in the dtype of ``x``.

    Raises:
        TypeError: ``x`` is not numeric.
    """
    return _ops.batch_flatten(x)


@graph_aware
def expand_dims(x: TensorLike, axis: int = -1) -> Tensor:
    """``x`` with a new axis of size 1 inserted at position ``axis`` of the result.

    Arguments:
        x: a tensor, variable, NumPy array, number or nested list of numbers.
        axis: a single int in ``[-ndim(x) - 1, ndim(x)]``; default -1 (the new axis is last).

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of rank ``ndim(x) + 1``, in the dtype of ``x``.

    Raises:
        ValueError: ``axis`` is out of range.
        TypeError: ``axis`` is not a single int.
    """
    return _ops.expand_dims(x, axis_in(axis, _ops.ndim(x) + 1, "expand_dims"))


@graph_aware
def squeeze(x: TensorLike, axis: int) -> Tensor:
    """``x`` without ``axis``, which must have size 1.

    Arguments:
        x: a tensor, variable, NumPy array or nested list of numbers, of rank >= 1.
        axis: a single int in ``[-rank, rank)`` (required; None is not accepted).

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of rank ``ndim(x) - 1``, in the dtype of ``x``.

    Raises:
        ValueError: ``axis`` is out of range, or its size is not 1.
        TypeError: ``axis`` is not a single int.
    """
    axis = single_axis(axis, x)
    size = _ops.shape_of(x)[axis]
    if size != 1:
        raise ValueError(f"squeeze(): axis {axis} has size {size}; only an axis of size 1 can be squeezed")
    return _ops.squeeze(x, axis)


@graph_aware
def stack(x: Sequence[TensorLike], axis: int = 0) -> Tensor:
    """Join a list of tensors of one shape along a new axis.

    Mixed dtypes are promoted as in ``concatenate`` (Python scalars do not widen a tensor's dtype).

    Arguments:
        x: a non-empty list or tuple of tensors (variables, NumPy arrays, numbers, nested lists) of one shape.
        axis: where the new axis goes, a single int in ``[-ndim - 1, ndim]`` for inputs of rank ``ndim``; default 0.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of rank ``ndim + 1`` with ``len(x)`` entries along ``axis``.

    Raises:
        ValueError: ``x`` is empty; the shapes differ; ``axis`` is out of range.
        TypeError: ``x`` is not a list or tuple; ``axis`` is not a single int.
    """
    x = tensor_list(x, "stack")
    return _ops.stack(promoted(x), axis_in(axis, _ops.ndim(x[0]) + 1, "stack"))


@graph_aware
def one_hot(indices: TensorLike, num_classes: int) -> Tensor:
    """One-hot encoding of integer class indices.

    Entry ``[..., c]`` is 1 where ``indices == c``. An index outside ``[0, num_classes)`` gives a row of zeros (as
    ``tf.one_hot``); a trailing size-1 axis of ``indices`` is kept (unlike ``keras.utils.to_categorical``). The
    dtype is ``floatx()`` (``tf.one_hot`` defaults to float32).

    Arguments:
        indices: an integer tensor, NumPy array or nested list of ints, of any shape.
        num_classes: an int >= 0.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of shape ``indices.shape + (num_classes,)``, in ``floatx()``.

    Raises:
        ValueError: ``num_classes`` is negative.
        TypeError: ``indices`` is not of an integer dtype (floats and bools are refused); ``num_classes`` is not an
            int.
    """
    num_classes = count_arg(num_classes, "num_classes", "one_hot")
    name = _dtype(indices)
    if not _dtypes.is_int(name):
        raise TypeError(f"one_hot(): indices must be an integer tensor, got dtype {name}")
    return _ops.one_hot(indices, num_classes, SETTINGS.floatx)


@graph_aware
def reverse(x: TensorLike, axes: Union[int, Sequence[int]]) -> Tensor:
    """``x`` with the order of its entries reversed along ``axes``.

    Arguments:
        x: a tensor, variable, NumPy array or nested list of numbers.
        axes: an int or a list/tuple of distinct ints in ``[-rank, rank)``.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of the shape and dtype of ``x``.

    Raises:
        ValueError: an axis is out of range or repeated.
        TypeError: ``axes`` is not an int or a list/tuple of ints.
    """
    if isinstance(axes, (list, tuple)):
        if any(isinstance(a, (bool, np.bool_)) or not isinstance(a, numbers.Integral) for a in axes):
            raise TypeError(f"reverse(): axes must be an int or a list/tuple of ints, got {axes!r}")
        axes = _axes(tuple(int(a) for a in axes), x)
    else:
        axes = (single_axis(axes, x, "axes"),)
    return _ops.flip(x, axes)


@functools.lru_cache(maxsize=1024)
def _slice_sizes(start, size, shape):
    if not len(shape) == len(start) == len(size):
        raise ValueError("The dimension and the size of indices should match.")
    out = []
    for begin, length, dim in zip(start, size, shape):
        if not 0 <= begin <= dim:
            raise ValueError(f"slice(): start {start} is out of range for shape {shape}")
        if length == -1:
            length = dim - begin
        if length < 0 or begin + length > dim:
            raise ValueError(f"slice(): size {size} from start {start} does not fit shape {shape} "
                             f"(each size must be -1 or in [0, dim - start])")
        out.append(length)
    return tuple(out)


@graph_aware(fallback=_rules.slice)
def slice(x: TensorLike, start: Union[Sequence[int], Tensor], size: Union[Sequence[int], Tensor]) -> Tensor:
    """The block of ``x`` that begins at ``start`` and spans ``size`` along each axis (``tf.slice``).

    Axis ``i`` keeps ``x[start[i]:start[i] + size[i]]``; a size of -1 keeps the rest of the axis.

    Arguments:
        x: a tensor, variable, NumPy array or nested list of numbers.
        start: one int per axis of ``x``, each in ``[0, x.shape[i]]`` (a tuple/list or a 1-D integer tensor).
        size: one int per axis of ``x``, each -1 or in ``[0, x.shape[i] - start[i]]`` (same forms as ``start``).

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of shape ``size`` (with -1 entries resolved), in the dtype of ``x``.

    Raises:
        ValueError: ``start`` or ``size`` does not have one entry per axis ("The dimension and the size of indices
            should match."); a start is out of range; the block does not fit.
        TypeError: ``start`` or ``size`` is not a sequence of ints.
    """
    start = as_ints(start, "start", "slice")
    size = as_ints(size, "size", "slice")
    return _ops.slice(x, start, _slice_sizes(start, size, tuple(_ops.shape_of(x))))


ENGINE_FUNCTIONS = {
    "concatenate": "concatenate", "reshape": "reshape", "permute_dimensions": "permute",
    "repeat_elements": "repeat_elements", "repeat": "repeat", "arange": "arange", "tile": "tile", "flatten": "flatten",
    "batch_flatten": "batch_flatten", "expand_dims": "expand_dims", "squeeze": "squeeze", "stack": "stack",
    "one_hot": "one_hot", "reverse": "flip", "slice": "slice",
}
