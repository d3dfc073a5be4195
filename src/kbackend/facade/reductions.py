"""Public API: reductions (sum, mean, max, ... over axes; cumulative sums and products; argmax/argmin).

Inputs may be tensors of the active engine, variables, NumPy arrays, Python numbers or nested lists of numbers;
strings, None and complex numbers are a TypeError. Reductions take ``axis`` as None (all axes), an int or a
list/tuple of ints in ``[-rank, rank)``; the facade checks and normalises it (ValueError out of range or repeated,
TypeError for anything else) before the engine sees it.

In graph mode, a call given a symbolic tensor or a variable records a node and returns a
``kbackend.SymbolicTensor`` (its value is computed when a ``K.function`` or ``K.eval`` runs the graph).
"""
from .._registry import ops as _ops
from .._types import Axis, Tensor, TensorLike
from ..graph.dispatch import graph_aware
from ._checks import axes, single_axis


@graph_aware
def max(x: TensorLike, axis: Axis = None, keepdims: bool = False) -> Tensor:
    """The largest element of ``x`` along ``axis``.

    The result keeps the dtype of ``x`` (bool included); a NaN in a reduced slice gives NaN.

    Arguments:
        x: a tensor, variable, NumPy array or nested list of numbers.
        axis: None (every axis), an int in ``[-rank, rank)`` or a list/tuple of such ints.
        keepdims: keep the reduced axes with size 1 (default False: drop them).

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the dtype of ``x``.

    Raises:
        ValueError: an axis is out of range or repeated; a reduced axis has size 0.
        TypeError: ``axis`` is not None, an int or a list/tuple of ints; ``x`` is not numeric.
    """
    if axis is not None:
        axis = axes(axis, x)
    return _ops.max(x, axis, keepdims)


@graph_aware
def min(x: TensorLike, axis: Axis = None, keepdims: bool = False) -> Tensor:
    """The smallest element of ``x`` along ``axis``.

    The result keeps the dtype of ``x`` (bool included); a NaN in a reduced slice gives NaN.

    Arguments:
        x: a tensor, variable, NumPy array or nested list of numbers.
        axis: None (every axis), an int in ``[-rank, rank)`` or a list/tuple of such ints.
        keepdims: keep the reduced axes with size 1 (default False: drop them).

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the dtype of ``x``.

    Raises:
        ValueError: an axis is out of range or repeated; a reduced axis has size 0.
        TypeError: ``axis`` is not None, an int or a list/tuple of ints; ``x`` is not numeric.
    """
    if axis is not None:
        axis = axes(axis, x)
    return _ops.min(x, axis, keepdims)


@graph_aware
def sum(x: TensorLike, axis: Axis = None, keepdims: bool = False) -> Tensor:
    """Sum of the elements of ``x`` along ``axis``.

    Integer and float inputs keep their dtype (integer sums wrap around on overflow, as in the frameworks; float16
    sums accumulate in float32 and round once); bool inputs are counted in int32. The sum over an empty axis is 0.

    Arguments:
        x: a tensor, variable, NumPy array or nested list of numbers.
        axis: None (every axis), an int in ``[-rank, rank)`` or a list/tuple of such ints.
        keepdims: keep the reduced axes with size 1 (default False: drop them).

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the dtype of ``x`` (int32 for bool).

    Raises:
        ValueError: an axis is out of range or repeated.
        TypeError: ``axis`` is not None, an int or a list/tuple of ints; ``x`` is not numeric.
    """
    if axis is not None:
        axis = axes(axis, x)
    return _ops.sum(x, axis, keepdims)


@graph_aware
def prod(x: TensorLike, axis: Axis = None, keepdims: bool = False) -> Tensor:
    """Product of the elements of ``x`` along ``axis``.

    Integer and float inputs keep their dtype (integer products wrap around on overflow; float16 products are
    computed in float32 and rounded once); bool inputs are multiplied in int32. The product over an empty axis is 1.

    Arguments:
        x: a tensor, variable, NumPy array or nested list of numbers.
        axis: None (every axis), an int in ``[-rank, rank)`` or a list/tuple of such ints.
        keepdims: keep the reduced axes with size 1 (default False: drop them).

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the dtype of ``x`` (int32 for bool).

    Raises:
        ValueError: an axis is out of range or repeated.
        TypeError: ``axis`` is not None, an int or a list/tuple of ints; ``x`` is not numeric.
    """
    if axis is not None:
        axis = axes(axis, x)
    return _ops.prod(x, axis, keepdims)


@graph_aware
def cumsum(x: TensorLike, axis: int = 0) -> Tensor:
    """Cumulative sum of ``x`` along one axis: element ``i`` is the sum of elements ``0..i``.

    The result has the shape of ``x`` and its dtype (int32 for bool inputs; integer sums wrap around on overflow).

    Arguments:
        x: a tensor, variable, NumPy array or nested list of numbers, of rank >= 1.
        axis: a single int in ``[-rank, rank)``; default 0.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the shape and dtype of ``x`` (int32 for bool).

    Raises:
        ValueError: ``axis`` is out of range (any axis is, for a 0-d ``x``).
        TypeError: ``axis`` is not a single int (None and lists included); ``x`` is not numeric.
    """
    return _ops.cumsum(x, single_axis(axis, x))


@graph_aware
def cumprod(x: TensorLike, axis: int = 0) -> Tensor:
    """Cumulative product of ``x`` along one axis: element ``i`` is the product of elements ``0..i``.

    The result has the shape of ``x`` and its dtype (int32 for bool inputs; integer products wrap around on
    overflow).

    Arguments:
        x: a tensor, variable, NumPy array or nested list of numbers, of rank >= 1.
        axis: a single int in ``[-rank, rank)``; default 0.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the shape and dtype of ``x`` (int32 for bool).

    Raises:
        ValueError: ``axis`` is out of range (any axis is, for a 0-d ``x``).
        TypeError: ``axis`` is not a single int (None and lists included); ``x`` is not numeric.
    """
    return _ops.cumprod(x, single_axis(axis, x))


@graph_aware
def var(x: TensorLike, axis: Axis = None, keepdims: bool = False) -> Tensor:
    """Population variance of ``x`` along ``axis``: ``mean((x - mean(x, axis)) ** 2, axis)`` (ddof=0).

    Float inputs keep their dtype (float16 is computed in float32 and rounded once); integer and bool inputs
    are computed in ``floatx()``. An empty axis gives NaN.

    Arguments:
        x: a tensor, variable, NumPy array or nested list of numbers.
        axis: None (every axis), an int in ``[-rank, rank)`` or a list/tuple of such ints.
        keepdims: keep the reduced axes with size 1 (default False: drop them).

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the float dtype of ``x``, or ``floatx()``.

    Raises:
        ValueError: an axis is out of range or repeated.
        TypeError: ``axis`` is not None, an int or a list/tuple of ints; ``x`` is not numeric.
    """
    if axis is not None:
        axis = axes(axis, x)
    return _ops.var(x, axis, keepdims)


@graph_aware
def std(x: TensorLike, axis: Axis = None, keepdims: bool = False) -> Tensor:
    """Population standard deviation of ``x`` along ``axis``: ``sqrt(var(x, axis))`` (ddof=0).

    Float inputs keep their dtype (float16 is computed in float32 and rounded once); integer and bool inputs
    are computed in ``floatx()``. An empty axis gives NaN.

    Arguments:
        x: a tensor, variable, NumPy array or nested list of numbers.
        axis: None (every axis), an int in ``[-rank, rank)`` or a list/tuple of such ints.
        keepdims: keep the reduced axes with size 1 (default False: drop them).

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the float dtype of ``x``, or ``floatx()``.

    Raises:
        ValueError: an axis is out of range or repeated.
        TypeError: ``axis`` is not None, an int or a list/tuple of ints; ``x`` is not numeric.
    """
    if axis is not None:
        axis = axes(axis, x)
    return _ops.std(x, axis, keepdims)


@graph_aware
def mean(x: TensorLike, axis: Axis = None, keepdims: bool = False) -> Tensor:
    """Arithmetic mean of the elements of ``x`` along ``axis``.

    Float inputs keep their dtype (float16 accumulates in float32, rounded once); integer and bool inputs are
    computed in ``floatx()`` (Keras 2 on TensorFlow kept an integer mean; kbackend gives the float one). An empty
    axis gives NaN.

    Arguments:
        x: a tensor, variable, NumPy array or nested list of numbers.
        axis: None (every axis), an int in ``[-rank, rank)`` or a list/tuple of such ints.
        keepdims: keep the reduced axes with size 1 (default False: drop them).

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the float dtype of ``x``, or ``floatx()``.

    Raises:
        ValueError: an axis is out of range or repeated.
        TypeError: ``axis`` is not None, an int or a list/tuple of ints; ``x`` is not numeric.
    """
    if axis is not None:
        axis = axes(axis, x)
    return _ops.mean(x, axis, keepdims)


@graph_aware
def any(x: TensorLike, axis: Axis = None, keepdims: bool = False) -> Tensor:
    """Logical OR of the elements of ``x`` along ``axis``: whether any element is true (non-zero).

    ``x`` of any dtype is read as bool; the OR over an empty axis is False.

    Arguments:
        x: a tensor, variable, NumPy array or nested list of numbers or booleans.
        axis: None (every axis), an int in ``[-rank, rank)`` or a list/tuple of such ints.
        keepdims: keep the reduced axes with size 1 (default False: drop them).

    Returns:
        A bool tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode).

    Raises:
        ValueError: an axis is out of range or repeated.
        TypeError: ``axis`` is not None, an int or a list/tuple of ints; ``x`` is not numeric.
    """
    if axis is not None:
        axis = axes(axis, x)
    return _ops.any(x, axis, keepdims)


@graph_aware
def all(x: TensorLike, axis: Axis = None, keepdims: bool = False) -> Tensor:
    """Logical AND of the elements of ``x`` along ``axis``: whether every element is true (non-zero).

    ``x`` of any dtype is read as bool; the AND over an empty axis is True.

    Arguments:
        x: a tensor, variable, NumPy array or nested list of numbers or booleans.
        axis: None (every axis), an int in ``[-rank, rank)`` or a list/tuple of such ints.
        keepdims: keep the reduced axes with size 1 (default False: drop them).

    Returns:
        A bool tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode).

    Raises:
        ValueError: an axis is out of range or repeated.
        TypeError: ``axis`` is not None, an int or a list/tuple of ints; ``x`` is not numeric.
    """
    if axis is not None:
        axis = axes(axis, x)
    return _ops.all(x, axis, keepdims)


@graph_aware
def argmax(x: TensorLike, axis: int = -1) -> Tensor:
    """Index of the largest element of ``x`` along one axis.

    On ties the first index wins; a NaN counts as larger than any number. The result has the shape of ``x``
    without ``axis``.

    Arguments:
        x: a tensor, variable, NumPy array or nested list of numbers, of rank >= 1.
        axis: a single int in ``[-rank, rank)``; default -1 (the last axis).

    Returns:
        An int64 tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or
        ``tf.Tensor``; a ``kbackend.SymbolicTensor`` in graph mode).

    Raises:
        ValueError: ``axis`` is out of range (any axis is, for a 0-d ``x``) or has size 0.
        TypeError: ``axis`` is not a single int (None and lists included); ``x`` is not numeric.
    """
    return _ops.argmax(x, single_axis(axis, x))


@graph_aware
def argmin(x: TensorLike, axis: int = -1) -> Tensor:
    """Index of the smallest element of ``x`` along one axis.

    On ties the first index wins; a NaN counts as smaller than any number. The result has the shape of ``x``
    without ``axis``.

    Arguments:
        x: a tensor, variable, NumPy array or nested list of numbers, of rank >= 1.
        axis: a single int in ``[-rank, rank)``; default -1 (the last axis).

    Returns:
        An int64 tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or
        ``tf.Tensor``; a ``kbackend.SymbolicTensor`` in graph mode).

    Raises:
        ValueError: ``axis`` is out of range (any axis is, for a 0-d ``x``) or has size 0.
        TypeError: ``axis`` is not a single int (None and lists included); ``x`` is not numeric.
    """
    return _ops.argmin(x, single_axis(axis, x))


@graph_aware
def logsumexp(x: TensorLike, axis: Axis = None, keepdims: bool = False) -> Tensor:
    """``log(sum(exp(x), axis))``, computed without overflow or underflow.

    The maximum along ``axis`` is taken out before the exponentials, so large and small values give the exact
    result (``logsumexp([1e4, 1e-4]) == 1e4``; a slice of ``-inf`` gives ``-inf``). Float inputs keep their
    dtype; integer and bool inputs are computed in ``floatx()``.

    Arguments:
        x: a tensor, variable, NumPy array or nested list of numbers.
        axis: None (every axis), an int in ``[-rank, rank)`` or a list/tuple of such ints.
        keepdims: keep the reduced axes with size 1 (default False: drop them).

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the float dtype of ``x``, or ``floatx()``.

    Raises:
        ValueError: an axis is out of range or repeated; a reduced axis has size 0.
        TypeError: ``axis`` is not None, an int or a list/tuple of ints; ``x`` is not numeric.
    """
    if axis is not None:
        axis = axes(axis, x)
    return _ops.logsumexp(x, axis, keepdims)


ENGINE_FUNCTIONS = {name: name for name in (
    "max", "min", "sum", "prod", "cumsum", "cumprod", "var", "std", "mean", "any", "all", "argmax", "argmin",
    "logsumexp")}
