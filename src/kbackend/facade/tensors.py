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
from typing import Any, Optional, Sequence, Union

import numpy as np

from .. import _dtypes, _state
from .._registry import ops as _ops
from .._types import DTypeLike, Shape, ShapeLike, Tensor, TensorLike
from ..generic.tensors import is_scipy_sparse
from ..graph.dispatch import SymbolicTensor, graph_aware, record
from ..graph.evaluate import evaluate
from ..graph.frames import probing
from ..graph.variable import Variable
from ._checks import dtype_or_floatx, shape_arg

GRAPH = _state.GRAPH



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
    """``x`` as a NumPy array; sparse tensors are densified first (as Keras 2 on TF evaluated them). TypeError for
    what is not numeric (a string, None, a dict, another object: NumPy would hold it as text or objects)."""
    if _ops.is_sparse(x):
        x = _ops.to_dense(x)
    value = _ops.to_numpy(x)
    if value.dtype.kind in _NOT_NUMERIC:
        raise TypeError(f"expected a tensor, a variable, a NumPy array, a number or a nested list of numbers, "
                        f"got {type(x).__name__} {x!r:.60}")
    return value


_NOT_NUMERIC = "OUSV"  # NumPy's kinds for objects, text, bytes and records


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
    return _ops.zeros_like(x, dtype_or_floatx(dtype))


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
    return _ops.ones_like(x, dtype_or_floatx(dtype))


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


def _print_value(x, message):
    _ops.ndim(x)  # TypeError for what is not numeric (a string, None, a dict, an object), on every engine
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
ENGINE_FUNCTIONS["identity"] = "copy"
