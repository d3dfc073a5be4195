"""Public API: linear algebra (dot, batch_dot, transpose, gather).

Inputs may be tensors of the active engine, variables, NumPy arrays or nested lists of numbers. Products of two
inputs compute in their promoted dtype (the promotion rule of ``kbackend._dtypes``: int32 with float32 gives
float32, float32 with float64 gives float64). In graph mode, a call given a symbolic tensor or a variable records a
node and returns a ``kbackend.SymbolicTensor``.
"""
import functools
import numbers
from typing import Optional, Sequence, Union

import numpy as np

from .._registry import ops as _ops
from .._types import Tensor, TensorLike
from ..graph.dispatch import graph_aware
from .tensors import int_shape


@graph_aware
def dot(x: TensorLike, y: TensorLike) -> Tensor:
    """Dot product of ``x`` and ``y``: the matrix product, generalised to N-D inputs as ``numpy.dot`` does.

    For 2-D inputs this is ``x @ y``. Otherwise the last axis of ``x`` is contracted with the second-to-last axis
    of ``y``, giving shape ``x.shape[:-1] + y.shape[:-2] + y.shape[-1:]``: ``(2, 3) . (4, 3, 5) -> (2, 4, 5)``,
    ``(32, 28, 3) . (3, 4) -> (32, 28, 4)``. A 1-D ``y`` is contracted over its only axis (shape
    ``x.shape[:-1]``; two vectors give a 0-d result). A sparse ``x`` of rank 2 times a rank-2 ``y`` is the
    engine's sparse-dense product, as Keras 2 on TensorFlow computed it; any other sparse operand is densified
    first. The result is dense, in the promoted dtype of ``x`` and ``y`` (int32 with float32 gives float32).

    Arguments:
        x: a tensor (dense or sparse), variable, NumPy array or nested list of numbers.
        y: a tensor (dense or sparse), variable, NumPy array or nested list of numbers.

    Returns:
        A dense tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``;
        a ``kbackend.SymbolicTensor`` in graph mode).

    Raises:
        ValueError: the contracted axes have different sizes.
        TypeError: an input is not numeric (strings, complex numbers).
    """
    return _ops.dot(x, y)


@functools.lru_cache(maxsize=1024)
def _batch_dot_axes(x_shape, y_shape, axes):
    x_ndim, y_ndim = len(x_shape), len(y_shape)
    if x_ndim < 2 or y_ndim < 2:
        raise ValueError(f"batch_dot() needs inputs of rank >= 2, got shapes {x_shape} and {y_shape}")
    if x_shape[0] is not None and y_shape[0] is not None and x_shape[0] != y_shape[0]:
        raise ValueError(f"batch_dot(): the batch sizes differ: {x_shape} and {y_shape}")
    if axes is None:
        axes = (x_ndim - 1, y_ndim - 1) if y_ndim == 2 else (x_ndim - 1, y_ndim - 2)
    elif isinstance(axes, numbers.Integral) and not isinstance(axes, bool):
        axes = (axes, axes)
    if not isinstance(axes, tuple) or len(axes) != 2:
        raise ValueError(f"batch_dot(): axes must be None, an int or a pair of ints, got {axes!r}")
    if not all(isinstance(a, numbers.Integral) and not isinstance(a, bool) for a in axes):
        raise ValueError(f"Multiple target dimensions are not supported: batch_dot() axes must be ints, got {axes!r}")
    a0, a1 = axes
    if not (-x_ndim <= a0 < x_ndim and -y_ndim <= a1 < y_ndim):
        raise ValueError(f"batch_dot(): axes {axes} out of range for shapes {x_shape} and {y_shape}")
    a0, a1 = a0 % x_ndim, a1 % y_ndim
    if a0 == 0 or a1 == 0:
        raise ValueError(f"Can not perform batch_dot over axis 0 (the batch axis): axes {axes} for shapes "
                         f"{x_shape} and {y_shape}")
    d0, d1 = x_shape[a0], y_shape[a1]
    if d0 is not None and d1 is not None and d0 != d1:
        raise ValueError(f"batch_dot(): cannot contract axis {a0} of shape {x_shape} (size {d0}) with axis "
                         f"{a1} of shape {y_shape} (size {d1})")
    return a0, a1


@graph_aware
def batch_dot(x: TensorLike, y: TensorLike, axes: Optional[Union[int, Sequence[int]]] = None) -> Tensor:
    """Batched dot product: for every sample ``i`` (axis 0), ``x[i]`` and ``y[i]`` contracted over one axis each.

    Keras 2.2.5+ rules: axis ``axes[0]`` of ``x`` is contracted with axis ``axes[1]`` of ``y`` (both counted with
    the batch axis, which cannot be contracted). The result has the shape of ``x`` without ``axes[0]`` followed
    by ``y.shape[1:]`` without ``axes[1]``; a result that would be 1-D becomes ``(batch, 1)``. For example
    ``batch_dot(ones((32, 20, 1)), ones((32, 30, 20)), axes=(1, 2))`` has shape ``(32, 1, 30)``, and
    ``(b, n, k)`` with ``(b, k, m)`` is the batched matrix product ``(b, n, m)``.

    Arguments:
        x: a tensor of rank >= 2 whose axis 0 is the batch.
        y: a tensor of rank >= 2 with the same batch size.
        axes: None for ``(x.ndim - 1, y.ndim - 1)`` when ``y`` is 2-D and ``(x.ndim - 1, y.ndim - 2)`` otherwise;
            an int ``a`` for ``(a, a)``; or a pair (list/tuple) of ints, negative ones counting from the end.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the promoted dtype of ``x`` and ``y``.

    Raises:
        ValueError: an input has rank < 2; the batch sizes differ; ``axes`` is not None, an int or a pair of ints
            (nested lists included); an axis is out of range or is 0 (the batch axis); the contracted axes have
            different sizes.
        TypeError: an input holds values that are not numbers (strings, complex numbers).
    """
    if isinstance(axes, list):
        axes = tuple(tuple(a) if isinstance(a, list) else a for a in axes)
    if axes is None or type(axes) is tuple and axes == (2, 1) and type(axes[0]) is int and type(axes[1]) is int:
        x_shape, y_shape = _ops.shape_of(x), _ops.shape_of(y)
        if len(x_shape) == 3 and len(y_shape) == 3 and x_shape[0] == y_shape[0] and x_shape[2] == y_shape[1]:
            return _ops.matmul(x, y)  # the common case, (b, n, k) x (b, k, m): one matmul; else checked below
    x_shape, y_shape = int_shape(x), int_shape(y)
    try:
        normalized = _batch_dot_axes(x_shape, y_shape, axes)
    except TypeError:  # unhashable axes
        raise ValueError(f"Multiple target dimensions are not supported: batch_dot() axes must be ints, "
                         f"got {axes!r}") from None
    if normalized == (2, 1) and len(x_shape) == 3 and len(y_shape) == 3:  # (b, n, k) x (b, k, m): a matmul
        return _ops.matmul(x, y)
    return _ops.batch_dot(x, y, normalized)


@graph_aware
def transpose(x: TensorLike) -> Tensor:
    """``x`` with the order of all its axes reversed: a ``(a, b, c)`` input gives ``(c, b, a)``.

    A matrix gives its transpose; 0-d and 1-d inputs come back unchanged. The result keeps the dtype of ``x``.

    Arguments:
        x: a tensor, variable, NumPy array or nested list of numbers, of any rank.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the dtype of ``x``.

    Raises:
        TypeError: ``x`` is not numeric (a string, None, a complex number).
    """
    return _ops.permute(x, tuple(range(_ops.ndim(x) - 1, -1, -1)))


@graph_aware
def gather(reference: TensorLike, indices: TensorLike) -> Tensor:
    """The slices of ``reference`` along axis 0 at ``indices`` (an embedding lookup).

    The result has shape ``indices.shape + reference.shape[1:]`` and the dtype of ``reference``:
    ``gather(table, [[0, 2]])`` of a ``(5, 3)`` table has shape ``(1, 2, 3)``. Negative indices count from the
    end (``-1`` is the last row). An empty list ``[]`` is an empty int32 index (a ``(0,) + reference.shape[1:]``
    result).

    Arguments:
        reference: a tensor, variable, NumPy array or nested list of numbers, of rank >= 1.
        indices: an int, or a tensor, NumPy array or nested list of ints (int32 or int64), of any shape.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the dtype of ``reference``.

    Raises:
        IndexError: an index is outside ``[-n, n)`` for ``n = reference.shape[0]``.
        TypeError: ``indices`` are floats (an empty float array too, as in ``np.take``); an input is not numeric.
    """
    if type(indices) is list and not indices:  # no indices: int32 (converting [] would give floatx())
        indices = _NO_INDICES
    return _ops.gather(reference, indices)


_NO_INDICES = np.zeros((0,), np.int32)


ENGINE_FUNCTIONS = {"dot": "dot", "batch_dot": "batch_dot", "gather": "gather", "transpose": "permute"}
