"""Public API: variables and constants: creation, in-place updates, reading and assigning values.

A variable (``kbackend.Variable``) holds an engine tensor and is updated in place: outside graph mode ``update``,
``update_add``, ``update_sub``, ``moving_average_update`` and ``set_value`` assign at once; in graph mode the
``update*`` functions record update operations, applied when a ``K.function`` (as ``updates``) or ``K.eval`` runs
them. Values are read as NumPy arrays (``get_value``).
"""
from typing import Callable, Iterable, List, Optional, Sequence, Tuple, Union

import numpy as np

from .. import _state
from .._registry import ops as _ops
from .._types import DTypeLike, ShapeLike, Tensor, TensorLike
from ..generic.tensors import is_scipy_sparse
from ..graph.dispatch import SymbolicTensor, record
from ..graph.evaluate import evaluate
from ..graph.variable import Variable
from . import tensors as _tensors
from ._checks import dtype_or_floatx, random_seed, real_valued, require_variable, shape_arg

GRAPH = _state.GRAPH


def variable(value: TensorLike, dtype: DTypeLike = None, name: Optional[str] = None,
             constraint: Optional[Callable[[Tensor], Tensor]] = None) -> Union[Variable, Tensor]:
    """A new variable holding a copy of ``value`` converted to ``dtype``.

    ``dtype=None`` means ``floatx()``, even for integer input (Keras 2). The variable is updated in place by
    ``update``, ``update_add``, ``update_sub``, ``moving_average_update`` and ``set_value``. A symbolic ``value``
    (``K.variable(K.random_uniform(shape))``, as Keras initializers do in graph mode) is computed once, now. A
    sparse ``value`` (a ``scipy.sparse`` matrix or a sparse tensor of the engine) gives, as Keras 2 on TensorFlow
    did, a sparse tensor of the engine (a copy, as ``dtype``), not an updatable variable; on an engine without
    sparse tensors (capability ``sparse``) it is densified into an ordinary variable.

    Arguments:
        value: a tensor, variable, symbolic tensor, NumPy array, Python number, nested list of numbers or sparse
            matrix.
        dtype: a dtype name such as ``'float32'``, ``'int64'`` or ``'bool'`` (or a dtype object); None means
            ``floatx()``.
        name: the variable's name (``.name``); a name already used gets a suffix (``w``, ``w_1``, ...); None gives
            ``'variable'`` with a suffix.
        constraint: None or a function stored as ``.constraint`` for optimizers to apply after an update;
            kbackend does not call it.

    Returns:
        A ``kbackend.Variable`` (of the active engine's subclass) whose ``.value`` is an engine tensor; for
        a sparse ``value`` on an engine with sparse tensors, that engine's sparse tensor.

    Raises:
        TypeError: ``dtype`` is unknown; ``value`` holds strings or complex numbers.
        ValueError: ``value`` is a ragged nested list; a symbolic ``value`` needs a placeholder's value.
    """
    dtype = dtype_or_floatx(dtype)
    real_valued(value, "variable")
    if isinstance(value, SymbolicTensor):
        value = _initial_value(value)
    elif isinstance(value, Variable):
        value = value.value
    elif _ops.is_sparse(value) or is_scipy_sparse(value):
        if _ops._engine.capabilities.get("sparse"):
            return _ops.sparse_tensor(value, dtype)
        value = _ops.to_dense(value)
    return _ops.Variable(_ops.copy(_ops.convert(value, dtype)), name, constraint)


def constant(value: TensorLike, dtype: DTypeLike = None, shape: Optional[ShapeLike] = None,
             name: Optional[str] = None) -> Tensor:
    """A constant tensor holding ``value`` converted to ``dtype``.

    Without ``shape`` the result has the shape of ``value``. With ``shape``, a scalar ``value`` fills a tensor of
    that shape and a ``value`` with the same number of elements is reshaped to it. The result is a plain tensor,
    not a variable, also in graph mode.

    Arguments:
        value: a tensor, variable, NumPy array, Python number or nested list of numbers.
        dtype: a dtype name such as ``'float32'``, ``'int32'`` or ``'bool'`` (or a dtype object); None means
            ``floatx()``.
        shape: None, or an int or list/tuple of non-negative ints: the shape of the result.
        name: accepted for Keras 2 compatibility and ignored.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``) of
        ``dtype``.

    Raises:
        TypeError: ``dtype`` is unknown; ``value`` holds strings or complex numbers, or is a symbolic tensor.
        ValueError: ``shape`` is not a valid shape, or ``value`` has neither one element nor as many as
            ``shape``; ``value`` is a ragged nested list.
    """
    dtype = dtype_or_floatx(dtype)
    real_valued(value, "constant")
    if shape is None:
        return _ops.convert(value, dtype)
    shape = shape_arg(shape)
    array = np.asarray(value)
    if array.ndim == 0:
        return _ops.full(shape, array.item(), dtype)
    if array.size != int(np.prod(shape)):
        raise ValueError(f"constant(): a value of shape {array.shape} cannot fill shape {shape}")
    return _ops.reshape(_ops.convert(array, dtype), shape)


def _initial_value(tensor):
    """The value of a symbolic initial value (``K.variable(K.random_uniform(shape))``, as every Keras initializer
    does in graph mode), computed once; it must not depend on a placeholder."""
    try:
        return evaluate([tensor])[0]
    except ValueError as error:
        raise ValueError(f"variable(): the initial value {tensor!r} must be computable without feeding "
                         f"placeholders ({error})") from None


def random_uniform_variable(shape: ShapeLike, low: float, high: float, dtype: DTypeLike = None,
                            name: Optional[str] = None, seed: Optional[int] = None) -> Variable:
    """A new variable of values drawn uniformly from ``[low, high)``.

    The values are drawn once, now (also in graph mode). A given seed gives the same values on the same engine.

    Arguments:
        shape: an int or a list/tuple of non-negative ints.
        low: the lower bound (included), a number.
        high: the upper bound (excluded), a number greater than ``low``.
        dtype: a float dtype name (``'float16'``, ``'float32'``, ``'float64'``) or dtype object; None means
            ``floatx()``.
        name: the variable's name (default ``'variable'``, with a suffix when already used).
        seed: None (a seed drawn from NumPy's global generator, so ``np.random.seed`` reproduces it) or a
            non-negative int.

    Returns:
        A ``kbackend.Variable`` of ``shape`` and ``dtype``.

    Raises:
        ValueError: ``shape`` is not an int or a list/tuple of non-negative ints; ``seed`` is negative.
        TypeError: ``dtype`` is unknown; ``seed`` is not None or an int.
    """
    value = _ops.random_uniform(shape_arg(shape), low, high, dtype_or_floatx(dtype), random_seed(seed))
    return _ops.Variable(value, name, None)


def random_normal_variable(shape: ShapeLike, mean: float, scale: float, dtype: DTypeLike = None,
                           name: Optional[str] = None, seed: Optional[int] = None) -> Variable:
    """A new variable of values drawn from the normal distribution of mean ``mean`` and standard deviation ``scale``.

    The values are drawn once, now (also in graph mode). A given seed gives the same values on the same engine.

    Arguments:
        shape: an int or a list/tuple of non-negative ints.
        mean: the mean, a number.
        scale: the standard deviation, a non-negative number.
        dtype: a float dtype name (``'float16'``, ``'float32'``, ``'float64'``) or dtype object; None means
            ``floatx()``.
        name: the variable's name (default ``'variable'``, with a suffix when already used).
        seed: None (a seed drawn from NumPy's global generator, so ``np.random.seed`` reproduces it) or a
            non-negative int.

    Returns:
        A ``kbackend.Variable`` of ``shape`` and ``dtype``.

    Raises:
        ValueError: ``shape`` is not an int or a list/tuple of non-negative ints; ``seed`` is negative.
        TypeError: ``dtype`` is unknown; ``seed`` is not None or an int.
    """
    value = _ops.random_normal(shape_arg(shape), mean, scale, dtype_or_floatx(dtype), random_seed(seed))
    return _ops.Variable(value, name, None)


def _new_value(kind, current, value, momentum=None):
    if kind == "update":
        return value
    if kind == "update_add":
        return _ops.add(current, value)
    if kind == "update_sub":
        return _ops.subtract(current, value)
    return _ops.subtract(current, _ops.multiply(_ops.subtract(current, value), 1.0 - momentum))


def _update(kind, x, value, momentum=None):
    require_variable(x, kind)
    if GRAPH.on and not _state.THREAD.frames:  # graph mode: an update node, applied when K.function / K.eval runs it
        out = record(kind, _new_value, (kind, x, value, momentum), {}, kind="update", target=x)
        if out.shape is not None and None not in out.shape and tuple(out.shape) != tuple(x.shape):
            raise ValueError(f"Cannot assign a value of shape {out.shape} to variable {x.name!r} of shape "
                             f"{tuple(x.shape)}")
        return out
    if isinstance(value, SymbolicTensor):
        raise ValueError(f"{kind}() of a symbolic value needs graph mode")
    with x.lock:  # read, compute and assign as one step: updates from several threads are never lost
        return x.assign(_new_value(kind, x.value, value, momentum))


def update(x: Variable, new_x: TensorLike) -> Union[Variable, Tensor]:
    """Set the value of the variable ``x`` to ``new_x`` (converted to the dtype of ``x``).

    Outside graph mode the assignment happens now and ``x`` is returned. In graph mode the call records an
    update node and returns it as a symbolic tensor whose value is the new value; the assignment happens each time
    that node runs: listed in the ``updates`` (or outputs) of a ``K.function``, or given to ``K.eval``.

    Arguments:
        x: a variable.
        new_x: a tensor, variable, symbolic tensor (graph mode) or NumPy array with the shape of ``x``.

    Returns:
        The variable ``x``, or in graph mode a ``kbackend.SymbolicTensor`` (the update).

    Raises:
        TypeError: ``x`` is not a variable.
        ValueError: ``new_x`` does not have the shape of ``x``, or holds strings; ``new_x`` is symbolic outside
            graph mode.
    """
    return _update("update", x, new_x)


def update_add(x: Variable, increment: TensorLike) -> Union[Variable, Tensor]:
    """Add ``increment`` to the variable ``x``: ``x <- x + increment`` (in the dtype of ``x``).

    ``increment`` broadcasts against ``x`` (a scalar adds to every element). Outside graph mode the update
    happens now and ``x`` is returned; in graph mode it is recorded and happens each time the returned update
    node runs (in the ``updates`` of a ``K.function``, or given to ``K.eval``), as for ``update``.

    Arguments:
        x: a variable.
        increment: a tensor, variable, symbolic tensor (graph mode), NumPy array or Python number that
            broadcasts to the shape of ``x``.

    Returns:
        The variable ``x``, or in graph mode a ``kbackend.SymbolicTensor`` (the update, valued ``x + increment``).

    Raises:
        TypeError: ``x`` is not a variable; ``increment`` is not numeric.
        ValueError: ``x + increment`` does not have the shape of ``x``; ``increment`` is symbolic outside graph
            mode.
    """
    return _update("update_add", x, increment)


def update_sub(x: Variable, decrement: TensorLike) -> Union[Variable, Tensor]:
    """Subtract ``decrement`` from the variable ``x``: ``x <- x - decrement`` (in the dtype of ``x``).

    ``decrement`` broadcasts against ``x``. Outside graph mode the update happens now and ``x`` is returned; in
    graph mode it is recorded and happens each time the returned update node runs, as for ``update``.

    Arguments:
        x: a variable.
        decrement: a tensor, variable, symbolic tensor (graph mode), NumPy array or Python number that
            broadcasts to the shape of ``x``.

    Returns:
        The variable ``x``, or in graph mode a ``kbackend.SymbolicTensor`` (the update, valued ``x - decrement``).

    Raises:
        TypeError: ``x`` is not a variable; ``decrement`` is not numeric.
        ValueError: ``x - decrement`` does not have the shape of ``x``; ``decrement`` is symbolic outside graph
            mode.
    """
    return _update("update_sub", x, decrement)


def moving_average_update(x: Variable, value: TensorLike, momentum: Union[float, Tensor]) -> Union[Variable, Tensor]:
    """Move the variable ``x`` toward ``value``: ``x <- x - (x - value) * (1 - momentum)``.

    This is the exponential moving average of Keras 2.3.1 (no zero-debias correction), as used for the moving
    mean and variance of batch normalisation. Outside graph mode the update happens now and ``x`` is returned; in
    graph mode it is recorded and happens each time the returned update node runs, as for ``update``.

    Arguments:
        x: a variable.
        value: a tensor, variable, symbolic tensor (graph mode), NumPy array or Python number that broadcasts to
            the shape of ``x``.
        momentum: a number (or 0-d tensor), usually close to 1: the weight kept by the old value.

    Returns:
        The variable ``x``, or in graph mode a ``kbackend.SymbolicTensor`` (the update, valued the new ``x``).

    Raises:
        TypeError: ``x`` is not a variable; ``value`` is not numeric.
        ValueError: the new value does not have the shape of ``x``; ``value`` is symbolic outside graph mode.
    """
    return _update("moving_average_update", x, value, momentum)


def get_value(x: TensorLike) -> np.ndarray:
    """The value of a variable (or any tensor) as a NumPy array; the same as ``eval(x)``.

    A sparse tensor gives its dense value; a symbolic tensor is computed (it must not need a placeholder).

    Arguments:
        x: a variable, tensor, symbolic tensor, sparse tensor, NumPy array, Python number or nested list.

    Returns:
        A NumPy array (``numpy.ndarray``) on every engine.

    Raises:
        ValueError: a symbolic ``x`` needs the value of a placeholder.
    """
    return _tensors.eval(x)


def batch_get_value(ops: Sequence[TensorLike]) -> List[np.ndarray]:
    """The values of several variables or tensors: ``[get_value(x) for x in ops]``.

    Arguments:
        ops: a list/tuple (any iterable) of variables, tensors or symbolic tensors.

    Returns:
        A list of NumPy arrays, in the order of ``ops``.

    Raises:
        ValueError: a symbolic element needs the value of a placeholder.
    """
    return [_tensors.eval(x) for x in ops]


def set_value(x: Variable, value: TensorLike) -> None:
    """Set the value of the variable ``x`` to ``value``, now (also in graph mode), converted to the dtype of ``x``.

    Arguments:
        x: a variable.
        value: a NumPy array, Python number, nested list of numbers or concrete tensor with the shape of ``x``.

    Returns:
        None.

    Raises:
        TypeError: ``x`` is not a variable; ``value`` is a symbolic tensor.
        ValueError: ``value`` does not have the shape of ``x``.
    """
    variable = require_variable(x, "set_value")
    # an engine tensor is copied where it lives (a placed one places the variable), anything else through NumPy
    variable.assign(_ops.copy(value) if _ops.is_native_tensor(value) else np.asarray(value))


def batch_set_value(tuples: Iterable[Tuple[Variable, TensorLike]]) -> None:
    """Set several variables: ``set_value(x, value)`` for every ``(x, value)`` pair, in order.

    Arguments:
        tuples: a list (any iterable) of ``(variable, value)`` pairs.

    Returns:
        None.

    Raises:
        TypeError: an ``x`` is not a variable, or a ``value`` is symbolic.
        ValueError: a ``value`` does not have the shape of its variable (the pairs before it are already set).
    """
    for x, value in tuples:
        set_value(x, value)


ENGINE_FUNCTIONS = {"variable": "Variable", "random_uniform_variable": "random_uniform",
                    "random_normal_variable": "random_normal"}
