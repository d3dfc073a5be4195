"""Public API: tensors, variables and values.

Variables (``kbackend.Variable``) hold an engine tensor in ``.value`` and are updated in place; ``dtype=None``
means ``floatx()`` wherever Keras 2 says so (``variable`` even for integer input, ``constant``, ``zeros``, ``ones``,
``eye``, ``zeros_like``, ``ones_like``, the random variables). Dtypes are named by strings (``'float32'``); a NumPy
dtype or type, or a framework dtype object, is accepted too.

In graph mode (from the first ``placeholder`` until ``clear_session``), the functions decorated ``graph_aware``
below (``to_dense``, ``shape``, ``size``, ``zeros_like``, ``ones_like``, ``identity``, ``cast``) record a node and
return a ``kbackend.SymbolicTensor`` when given a symbolic tensor or a variable; the updates and ``print_tensor``
record their own nodes; the other functions work on concrete values (creating variables and constants, reading
static shapes and dtypes, evaluating).
"""
from typing import Any, Callable, Iterable, List, Optional, Sequence, Tuple, Union

import numpy as np

from .. import _dtypes, _state
from .._config import SETTINGS
from .._registry import ops as _ops
from .._types import DTypeLike, Shape, ShapeLike, Tensor, TensorLike
from ..generic.tensors import is_scipy_sparse
from ..graph.dispatch import SymbolicTensor, graph_aware, record
from ..graph.evaluate import evaluate
from ..graph.frames import probing
from ..graph.variable import Variable
from ._checks import dtype_or_floatx, random_seed, real_valued, require_variable, shape_arg

GRAPH = _state.GRAPH

_seed = random_seed  # the seed rule now lives in _checks (other facade modules import it from here)


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


def placeholder(shape: Optional[Union[int, Sequence[Optional[int]]]] = None, ndim: Optional[int] = None,
                dtype: DTypeLike = None, sparse: bool = False, name: Optional[str] = None) -> SymbolicTensor:
    """A symbolic input whose value is given when a ``K.function`` runs (``f([value, ...])``).

    Its static shape is ``shape`` (entries may be None for sizes known only at run time); with ``shape=None`` it
    has ``ndim`` unknown sizes, and with neither its rank is unknown too. Creating a placeholder starts graph mode:
    from then on public functions given a symbolic tensor or a variable record nodes, until ``clear_session``.

    Arguments:
        shape: None, an int ``n`` (shape ``(n,)``) or a list/tuple of ints and Nones.
        ndim: the rank, used only when ``shape`` is None.
        dtype: a dtype name such as ``'float32'`` or ``'int32'`` (or a dtype object); None means ``floatx()``.
        sparse: whether the placeholder stands for a sparse tensor (``is_sparse`` then returns True).
        name: the tensor's name; None gives ``'placeholder'`` (with a suffix when already used).

    Returns:
        A ``kbackend.SymbolicTensor`` (on every engine).

    Raises:
        TypeError: ``dtype`` is unknown; an entry of ``shape`` is not a number, a numeric string or None.
        ValueError: an entry of ``shape`` is a string that is not an int.
    """
    dtype = dtype_or_floatx(dtype)
    if shape is None and ndim is not None:
        shape = (None,) * int(ndim)
    elif shape is not None:
        if isinstance(shape, int):
            shape = (shape,)
        shape = tuple(None if d is None else int(d) for d in shape)
    return SymbolicTensor(shape, dtype, name=name, is_placeholder=True, sparse=sparse)


def is_variable(x: Any) -> bool:
    """Whether ``x`` is a variable made by ``variable`` (or ``zeros``, ``ones``, the random variables).

    Arguments:
        x: any value.

    Returns:
        A Python bool: True for a ``kbackend.Variable``; False for tensors, symbolic tensors and anything else.

    Raises:
        Nothing.
    """
    return isinstance(x, Variable)


_NUMPY_DATA = (np.ndarray, np.generic)


def is_tensor(x: Any) -> bool:
    """Whether ``x`` is a tensor: a variable, a symbolic tensor, or a tensor (dense or sparse) of the active engine.

    NumPy arrays, NumPy scalars and SciPy sparse matrices are data, never tensors, on every engine: Keras 2's
    ``fit``, ``evaluate`` and ``predict`` use this test to tell data from symbolic inputs. So on the NumPy engine,
    whose eager results are NumPy arrays, only variables and symbolic tensors are tensors.

    Arguments:
        x: any value.

    Returns:
        A Python bool: True for a ``kbackend.Variable``, a ``kbackend.SymbolicTensor``, a ``torch.Tensor``, a
        ``jax.Array`` or a ``tf.Tensor`` / ``tf.SparseTensor`` (on its engine); False for NumPy and SciPy values,
        Python numbers, lists and anything else.

    Raises:
        Nothing.
    """
    if isinstance(x, (Variable, SymbolicTensor)):
        return True
    if isinstance(x, _NUMPY_DATA) or is_scipy_sparse(x):
        return False
    return _ops.is_native_tensor(x) or _ops.is_sparse(x)


def is_keras_tensor(x: Any) -> bool:
    """Whether the tensor ``x`` is the output of a Keras layer, that is, carries a ``_keras_history`` attribute.

    As in Keras 2.2.4, placeholders, variables and the results of backend functions are not Keras tensors (False),
    and a value that is not a tensor at all (see ``is_tensor``) is an error.

    Arguments:
        x: a tensor, variable or symbolic tensor.

    Returns:
        A Python bool.

    Raises:
        ValueError: ``x`` is not a tensor (a NumPy array or scalar, a SciPy matrix, a Python number or list, ...).
    """
    if not is_tensor(x):
        raise ValueError(f"Unexpectedly found an instance of type {type(x)!r}. Expected a symbolic tensor instance.")
    return hasattr(x, "_keras_history")


def is_placeholder(x: Any) -> bool:
    """Whether ``x`` is a placeholder: made by ``placeholder``, or the symbolic ``learning_phase()``.

    Arguments:
        x: any value.

    Returns:
        A Python bool: False for the results of operations on placeholders, variables and anything else.

    Raises:
        Nothing.
    """
    return bool(getattr(x, "_is_placeholder", False))


def is_sparse(tensor: Any) -> bool:
    """Whether ``tensor`` is a sparse tensor of the active engine or a sparse placeholder.

    The engines' sparse types are a ``scipy.sparse`` matrix (NumPy), a sparse-layout ``torch.Tensor``, a
    ``jax.experimental.sparse`` array (JAX) and a ``tf.SparseTensor``.

    Arguments:
        tensor: any value.

    Returns:
        A Python bool: True for those sparse types and for ``placeholder(..., sparse=True)``; False otherwise.

    Raises:
        Nothing.
    """
    if isinstance(tensor, SymbolicTensor):
        return bool(tensor.sparse)
    return _ops.is_sparse(tensor)


@graph_aware
def to_dense(tensor: TensorLike) -> Tensor:
    """The dense equivalent of a sparse tensor (zeros where no value is stored).

    A sparse tensor of the engine or a ``scipy.sparse`` matrix is densified, keeping its dtype; any other value is
    converted to a dense tensor of the engine as it is.

    Arguments:
        tensor: a sparse tensor of the engine, a ``scipy.sparse`` matrix, a sparse placeholder, or a dense value
            (tensor, variable, NumPy array, Python number, nested list of numbers).

    Returns:
        A dense tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``;
        a ``kbackend.SymbolicTensor`` in graph mode).

    Raises:
        TypeError: a dense ``tensor`` holds strings or complex numbers.
    """
    return _ops.to_dense(tensor)


def _host(x):
    """``x`` as a NumPy array; sparse tensors are densified first (as Keras 2 on TF evaluated them)."""
    if _ops.is_sparse(x):
        x = _ops.to_dense(x)
    return _ops.to_numpy(x)


def _host_shape(x):
    """``shape`` as a recorded call runs it: the sizes of the computed value as a NumPy int32 array, concrete even
    while a compiled program is traced (``K.reshape(x, (K.shape(x)[0], 3))`` then has a static target)."""
    return np.asarray(int_shape(x), dtype=np.int32)


@graph_aware(graph_impl=_host_shape)
def shape(x: TensorLike) -> Tensor:
    """The shape of ``x`` as a 1-D int32 tensor (``int_shape`` gives the static shape as a tuple).

    In graph mode, for a symbolic ``x``, the result is symbolic and holds the actual shape of the value
    computed at run time, so sizes unknown when the graph was built are filled in.

    Arguments:
        x: a tensor, variable, symbolic tensor, NumPy array, Python number or nested list of numbers.

    Returns:
        A 1-D int32 tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or
        ``tf.Tensor``; a ``kbackend.SymbolicTensor`` in graph mode) of length ``ndim(x)``.

    Raises:
        Nothing for valid input.
    """
    return _ops.convert(np.asarray(int_shape(x), dtype=np.int32), "int32")


def int_shape(x: TensorLike) -> Optional[Shape]:
    """The static shape of ``x`` as a tuple of ints.

    For a symbolic tensor, sizes that are not known until run time are None, and a tensor of unknown rank gives
    None; a ``_keras_shape`` attribute set by Keras layers on a tensor takes precedence. Concrete values give
    their exact shape.

    Arguments:
        x: a tensor, variable, symbolic tensor, NumPy array, Python number or nested list of numbers.

    Returns:
        A tuple of ints and Nones (``()`` for a scalar), or None for a symbolic tensor of unknown rank.

    Raises:
        Nothing for valid input.
    """
    if _ops.is_native_tensor(x):
        return tuple(_ops.shape_of(x))
    keras_shape = getattr(x, "_keras_shape", None)
    if keras_shape is not None and not isinstance(x, Variable):
        return keras_shape
    if isinstance(x, SymbolicTensor):
        return x.shape
    return _ops.shape_of(x)


def ndim(x: TensorLike) -> Optional[int]:
    """The rank (number of axes) of ``x``.

    Arguments:
        x: a tensor, variable, symbolic tensor, NumPy array, Python number or nested list of numbers.

    Returns:
        A Python int (0 for a scalar), or None for a symbolic tensor of unknown rank.

    Raises:
        Nothing for valid input.
    """
    if isinstance(x, SymbolicTensor):
        return x.ndim
    return _ops.ndim(x)


@graph_aware
def size(x: TensorLike, name: Optional[str] = None) -> Tensor:
    """The number of elements of ``x``, the product of its sizes, as a 0-d int32 tensor.

    In graph mode, for a symbolic ``x``, the count is that of the value computed at run time.

    Arguments:
        x: a tensor, variable, symbolic tensor, NumPy array, Python number or nested list of numbers.
        name: accepted for Keras 2 compatibility and ignored.

    Returns:
        A 0-d int32 tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or
        ``tf.Tensor``; a ``kbackend.SymbolicTensor`` in graph mode).

    Raises:
        Nothing for valid input.
    """
    return _ops.convert(int(np.prod(int_shape(x), dtype=np.int64)), "int32")


def dtype(x: TensorLike) -> str:
    """The dtype of ``x`` as a name such as ``'float32'``, ``'int64'`` or ``'bool'``.

    A Python number or list gives the dtype it converts to: ``'int32'`` for ints, ``floatx()`` for floats,
    ``'bool'`` for booleans.

    Arguments:
        x: a tensor, variable, symbolic tensor, NumPy array, Python number or nested list of numbers.

    Returns:
        A Python str, one of ``kbackend.DTYPE_NAMES``.

    Raises:
        TypeError: ``x`` has a dtype kbackend does not support (complex, strings, objects).
    """
    if isinstance(x, (SymbolicTensor, Variable)):
        return x.dtype
    return _ops.dtype_of(x)


def _evaluated(x):
    return _host(evaluate([x])[0])


def eval(x: TensorLike) -> np.ndarray:
    """The value of ``x`` as a NumPy array.

    A sparse tensor gives its dense value. A symbolic tensor is computed now: the placeholders it depends on have
    no value here, so it must not need them (use ``K.function`` to feed them), and an update node it depends on
    (``K.update``, ...) is applied to its variable. A Python number or list is converted by NumPy's rules (its
    default int64/float64 dtypes).

    Arguments:
        x: a tensor, variable, symbolic tensor, sparse tensor, NumPy array, Python number or nested list.

    Returns:
        A NumPy array (``numpy.ndarray``) on every engine.

    Raises:
        ValueError: a symbolic ``x`` needs the value of a placeholder.
    """
    if isinstance(x, SymbolicTensor):
        return _evaluated(x)
    return _host(x)


def _filled(fill, shape, dtype, name):
    shape = shape_arg(shape)
    value = fill(shape, dtype_or_floatx(dtype))
    if all(shape):  # Keras 2 on TF: a variable when every dimension is non-zero
        return _ops.Variable(value, name or "variable", None)
    return value


def zeros(shape: ShapeLike, dtype: DTypeLike = None, name: Optional[str] = None) -> Union[Variable, Tensor]:
    """A tensor of ``shape`` filled with zeros.

    As in Keras 2 on TensorFlow, the result is a variable when no size is zero (a scalar shape ``()`` included),
    and a plain tensor when some size is zero.

    Arguments:
        shape: an int or a list/tuple of non-negative ints.
        dtype: a dtype name such as ``'float32'``, ``'int32'`` or ``'bool'`` (or a dtype object); None means
            ``floatx()``.
        name: the variable's name (default ``'variable'``, with a suffix when already used).

    Returns:
        A ``kbackend.Variable``, or (some size zero) a tensor of the active engine (``numpy.ndarray``,
        ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``).

    Raises:
        ValueError: ``shape`` is not an int or a list/tuple of non-negative ints.
        TypeError: ``dtype`` is unknown.
    """
    return _filled(_ops.zeros, shape, dtype, name)


def ones(shape: ShapeLike, dtype: DTypeLike = None, name: Optional[str] = None) -> Union[Variable, Tensor]:
    """A tensor of ``shape`` filled with ones.

    As in Keras 2 on TensorFlow, the result is a variable when no size is zero (a scalar shape ``()`` included),
    and a plain tensor when some size is zero.

    Arguments:
        shape: an int or a list/tuple of non-negative ints.
        dtype: a dtype name such as ``'float32'``, ``'int32'`` or ``'bool'`` (or a dtype object); None means
            ``floatx()``.
        name: the variable's name (default ``'variable'``, with a suffix when already used).

    Returns:
        A ``kbackend.Variable``, or (some size zero) a tensor of the active engine (``numpy.ndarray``,
        ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``).

    Raises:
        ValueError: ``shape`` is not an int or a list/tuple of non-negative ints.
        TypeError: ``dtype`` is unknown.
    """
    return _filled(_ops.ones, shape, dtype, name)


def eye(size: Union[int, Sequence[int]], dtype: DTypeLike = None, name: Optional[str] = None) -> Tensor:
    """An identity matrix: ones on the main diagonal, zeros elsewhere.

    Arguments:
        size: an int ``n`` for an ``(n, n)`` matrix, or a pair ``(n, m)`` for an ``(n, m)`` one (non-negative).
        dtype: a dtype name such as ``'float32'`` or ``'int32'`` (or a dtype object); None means ``floatx()``.
        name: accepted for Keras 2 compatibility and ignored.

    Returns:
        A 2-D tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``),
        not a variable.

    Raises:
        ValueError: ``size`` is not a non-negative int or a pair of them.
        TypeError: ``dtype`` is unknown.
    """
    if isinstance(size, (list, tuple)):
        if len(size) != 2:
            raise ValueError(f"eye(): size must be an int or a pair (n, m), got {size!r}")
        rows, cols = shape_arg(size)
    else:
        (rows,) = shape_arg(size)
        cols = rows
    return _ops.eye(rows, cols, dtype_or_floatx(dtype))


@graph_aware
def zeros_like(x: TensorLike, dtype: DTypeLike = None, name: Optional[str] = None) -> Tensor:
    """A tensor of zeros with the shape of ``x``.

    The dtype is ``dtype``, and ``dtype=None`` means ``floatx()``, not the dtype of ``x`` (Keras 2.2.5+).

    Arguments:
        x: a tensor, variable, symbolic tensor, NumPy array, Python number or nested list of numbers.
        dtype: a dtype name such as ``'float32'``, ``'int32'`` or ``'bool'`` (or a dtype object); None means
            ``floatx()``.
        name: accepted for Keras 2 compatibility and ignored.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode), not a variable.

    Raises:
        TypeError: ``dtype`` is unknown.
    """
    return _ops.zeros(_ops.shape_of(x), dtype_or_floatx(dtype))


@graph_aware
def ones_like(x: TensorLike, dtype: DTypeLike = None, name: Optional[str] = None) -> Tensor:
    """A tensor of ones with the shape of ``x``.

    The dtype is ``dtype``, and ``dtype=None`` means ``floatx()``, not the dtype of ``x`` (Keras 2.2.5+).

    Arguments:
        x: a tensor, variable, symbolic tensor, NumPy array, Python number or nested list of numbers.
        dtype: a dtype name such as ``'float32'``, ``'int32'`` or ``'bool'`` (or a dtype object); None means
            ``floatx()``.
        name: accepted for Keras 2 compatibility and ignored.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode), not a variable.

    Raises:
        TypeError: ``dtype`` is unknown.
    """
    return _ops.ones(_ops.shape_of(x), dtype_or_floatx(dtype))


@graph_aware
def identity(x: TensorLike, name: Optional[str] = None) -> Tensor:
    """A new tensor with the value of ``x``: a copy, so later updates of a variable ``x`` do not change it.

    The result has the dtype of ``x`` (a Python number or list converts by the engine rules: ints to int32,
    floats to ``floatx()``).

    Arguments:
        x: a tensor, variable, symbolic tensor, NumPy array, Python number or nested list of numbers.
        name: accepted for Keras 2 compatibility and ignored.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode), not a variable.

    Raises:
        TypeError: ``x`` holds strings or complex numbers.
    """
    return _ops.copy(_ops.convert(x))


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


def count_params(x: TensorLike) -> int:
    """The number of elements of ``x``, the product of its static sizes (1 for a scalar).

    Arguments:
        x: a variable, tensor, symbolic tensor of fully known shape, NumPy array or nested list of numbers.

    Returns:
        A Python int.

    Raises:
        ValueError: the static shape of ``x`` has an unknown size or an unknown rank.
    """
    shape = int_shape(x)
    if shape is None or None in shape:
        raise ValueError(f"count_params(): the shape {shape} of {x!r} is not fully known")
    return int(np.prod(shape, dtype=np.int64))


@graph_aware
def cast(x: TensorLike, dtype: DTypeLike) -> Tensor:
    """``x`` converted to ``dtype``, element by element.

    Floats cast to an integer type are truncated toward zero (``2.7 -> 2``, ``-2.7 -> -2``); values out of the
    integer range wrap around, and NaN or infinities give unspecified integers. Casting to bool gives True for
    non-zero values.

    Arguments:
        x: a tensor, variable, symbolic tensor, NumPy array, Python number or nested list of numbers.
        dtype: a dtype name such as ``'float32'``, ``'int64'`` or ``'bool'``, or a NumPy/framework dtype object.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of ``dtype``, never a variable.

    Raises:
        TypeError: ``dtype`` is not a known dtype (an int such as 3 included); ``x`` is not numeric.
    """
    return _ops.cast(x, _dtypes.dtype_name(dtype))


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
    return eval(x)


def batch_get_value(ops: Sequence[TensorLike]) -> List[np.ndarray]:
    """The values of several variables or tensors: ``[get_value(x) for x in ops]``.

    Arguments:
        ops: a list/tuple (any iterable) of variables, tensors or symbolic tensors.

    Returns:
        A list of NumPy arrays, in the order of ``ops``.

    Raises:
        ValueError: a symbolic element needs the value of a placeholder.
    """
    return [eval(x) for x in ops]


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
    require_variable(x, "set_value").assign(np.asarray(value))


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


def _print_value(x, message):
    if not probing():
        _ops.print_value(x, message)
    return x


def print_tensor(x: TensorLike, message: str = "") -> Tensor:
    """Print ``message`` and the value of ``x`` to standard output, and return ``x``.

    The line is ``message`` followed by a space and the value (the value alone when ``message`` is empty). A
    concrete ``x`` is printed at once. In graph mode a symbolic tensor or variable ``x`` records a node that
    prints each time it is computed, so use the returned tensor in place of ``x`` (Keras 2 on TensorFlow).

    Arguments:
        x: a tensor, variable, symbolic tensor or NumPy array.
        message: the text printed before the value; default ``''``.

    Returns:
        ``x`` itself, or in graph mode a ``kbackend.SymbolicTensor`` with the value of ``x``.

    Raises:
        Nothing for valid input.
    """
    if GRAPH.on and not _state.THREAD.frames and isinstance(x, (SymbolicTensor, Variable)):
        return record("print_tensor", _print_value, (x, message), {})
    return _print_value(x, message)


ENGINE_FUNCTIONS = {name: name for name in ("is_sparse", "to_dense", "ndim", "cast", "eye", "zeros", "ones")}
ENGINE_FUNCTIONS.update({"variable": "Variable", "identity": "copy", "random_uniform_variable": "random_uniform",
                         "random_normal_variable": "random_normal"})
