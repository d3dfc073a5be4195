"""Public API: tensors, variables and values."""
import numpy as np

from .. import _dtypes
from .._config import SETTINGS
from .._registry import ops as _ops
from .._symbolic import SymbolicTensor
from .._variable import GRAPH, Variable
from ..generic.tensors import is_scipy_sparse
from ._checks import dtype_or_floatx, random_seed, real_valued, require_variable, shape_arg

_seed = random_seed  # the seed rule now lives in _checks (other facade modules import it from here)


def variable(value, dtype=None, name=None, constraint=None):
    """A variable holding ``value`` (copied) as ``dtype`` (default ``floatx()``, even for integer input).

    A sparse ``value`` (a ``scipy.sparse`` matrix or a sparse tensor of the engine) gives, as Keras 2 on TF did, a
    sparse tensor of the engine (a copy, as ``dtype``), not an updatable variable; on an engine without sparse
    tensors (capability ``sparse``), the value is densified into an ordinary variable."""
    dtype = dtype_or_floatx(dtype)
    real_valued(value, "variable")
    if isinstance(value, Variable):
        value = value.value
    elif _ops.is_sparse(value) or is_scipy_sparse(value):
        if _ops._engine.capabilities.get("sparse"):
            return _ops.sparse_tensor(value, dtype)
        value = _ops.to_dense(value)
    return _ops.Variable(_ops.copy(_ops.convert(value, dtype)), name, constraint)


def constant(value, dtype=None, shape=None, name=None):
    """A constant tensor of ``dtype`` (default ``floatx()``); with ``shape``, a scalar fills it and an array of the
    same size is reshaped to it."""
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


def placeholder(shape=None, ndim=None, dtype=None, sparse=False, name=None):
    """A symbolic input of static ``shape`` (entries may be None) or rank ``ndim``, and ``dtype`` (floatx)."""
    dtype = dtype_or_floatx(dtype)
    if shape is None and ndim is not None:
        shape = (None,) * int(ndim)
    elif shape is not None:
        if isinstance(shape, int):
            shape = (shape,)
        shape = tuple(None if d is None else int(d) for d in shape)
    return SymbolicTensor(shape, dtype, name=name, is_placeholder=True, sparse=sparse)


def is_variable(x):
    """Whether ``x`` is a kbackend variable."""
    return isinstance(x, Variable)


_NUMPY_DATA = (np.ndarray, np.generic)


def is_tensor(x):
    """Whether ``x`` is a tensor: a variable, a symbolic tensor, or a tensor (dense or sparse) of the active engine.

    NumPy arrays and scalars and SciPy sparse matrices are data, never tensors, on every engine (Keras 2's ``fit``,
    ``evaluate`` and ``predict`` tell data from symbolic inputs this way). So on the NumPy engine, whose eager
    results are NumPy arrays, only variables and symbolic tensors are tensors.

    Arguments:
        x: any value.

    Returns:
        A bool.
    """
    if isinstance(x, (Variable, SymbolicTensor)):
        return True
    if isinstance(x, _NUMPY_DATA) or is_scipy_sparse(x):
        return False
    return _ops.is_native_tensor(x) or _ops.is_sparse(x)


def is_keras_tensor(x):
    """Whether ``x`` is the output of a Keras layer (carries ``_keras_history``); placeholders and variables are not.

    Arguments:
        x: a tensor (see ``is_tensor``).

    Returns:
        A bool.

    Raises:
        ValueError: ``x`` is not a tensor (a NumPy array, a Python number or list, ...).
    """
    if not is_tensor(x):
        raise ValueError(f"Unexpectedly found an instance of type {type(x)!r}. Expected a symbolic tensor instance.")
    return hasattr(x, "_keras_history")


def is_placeholder(x):
    """Whether ``x`` was created by ``placeholder``."""
    return bool(getattr(x, "_is_placeholder", False))


def is_sparse(tensor):
    """Whether ``tensor`` is a sparse tensor of the active engine (``scipy.sparse`` on NumPy, a sparse-layout
    ``torch.Tensor``, a ``jax.experimental.sparse`` array, a ``tf.SparseTensor``) or a sparse placeholder."""
    if isinstance(tensor, SymbolicTensor):
        return bool(tensor.sparse)
    return _ops.is_sparse(tensor)


def to_dense(tensor):
    """A dense tensor from a sparse one (an engine sparse tensor or a ``scipy.sparse`` matrix); dense tensors are
    returned as they are."""
    return _ops.to_dense(tensor)


def _host(x):
    """``x`` as a NumPy array; sparse tensors are densified first (as Keras 2 on TF evaluated them)."""
    if _ops.is_sparse(x):
        x = _ops.to_dense(x)
    return _ops.to_numpy(x)


def shape(x):
    """The shape of ``x`` as an int32 tensor."""
    return _ops.convert(np.asarray(int_shape(x), dtype=np.int32), "int32")


def int_shape(x):
    """The static shape of ``x`` as a tuple of ints (None for unknown dimensions)."""
    if _ops.is_native_tensor(x):
        return tuple(_ops.shape_of(x))
    keras_shape = getattr(x, "_keras_shape", None)
    if keras_shape is not None and not isinstance(x, Variable):
        return keras_shape
    if isinstance(x, SymbolicTensor):
        return x.shape
    return _ops.shape_of(x)


def ndim(x):
    """The rank of ``x`` as an int (None for a symbolic tensor of unknown rank)."""
    if isinstance(x, SymbolicTensor):
        return x.ndim
    return _ops.ndim(x)


def size(x, name=None):
    """The number of elements of ``x`` as an int32 scalar tensor."""
    return _ops.convert(int(np.prod(int_shape(x), dtype=np.int64)), "int32")


def dtype(x):
    """The dtype name of ``x`` (e.g. ``'float32'``)."""
    if isinstance(x, (SymbolicTensor, Variable)):
        return x.dtype
    return _ops.dtype_of(x)


def _evaluated(x):
    from ..graph.evaluate import evaluate
    return _ops.to_numpy(evaluate([x])[0])


def eval(x):
    """The value of ``x`` as a NumPy array (a sparse tensor gives its dense value; a symbolic tensor is computed:
    its placeholders must not be needed, and an update among its nodes is applied)."""
    if isinstance(x, SymbolicTensor):
        return _evaluated(x)
    return _host(x)


def _filled(fill, shape, dtype, name):
    shape = shape_arg(shape)
    value = fill(shape, dtype_or_floatx(dtype))
    if all(shape):  # Keras 2 on TF: a variable when every dimension is non-zero
        return _ops.Variable(value, name or "variable", None)
    return value


def zeros(shape, dtype=None, name=None):
    """All-zeros of ``shape`` and ``dtype`` (floatx); like Keras 2 on TF, a variable when no dimension is zero."""
    return _filled(_ops.zeros, shape, dtype, name)


def ones(shape, dtype=None, name=None):
    """All-ones of ``shape`` and ``dtype`` (floatx); like Keras 2 on TF, a variable when no dimension is zero."""
    return _filled(_ops.ones, shape, dtype, name)


def eye(size, dtype=None, name=None):
    """The identity matrix of ``size`` (an int n, or a tuple ``(n, m)``) and ``dtype`` (floatx)."""
    if isinstance(size, (list, tuple)):
        if len(size) != 2:
            raise ValueError(f"eye(): size must be an int or a pair (n, m), got {size!r}")
        rows, cols = shape_arg(size)
    else:
        (rows,) = shape_arg(size)
        cols = rows
    return _ops.eye(rows, cols, dtype_or_floatx(dtype))


def zeros_like(x, dtype=None, name=None):
    """Zeros with the shape of ``x`` and ``dtype`` (default ``floatx()``)."""
    return _ops.zeros(_ops.shape_of(x), dtype_or_floatx(dtype))


def ones_like(x, dtype=None, name=None):
    """Ones with the shape of ``x`` and ``dtype`` (default ``floatx()``)."""
    return _ops.ones(_ops.shape_of(x), dtype_or_floatx(dtype))


def identity(x, name=None):
    """A tensor with the value of ``x`` (a variable's current value, copied)."""
    return _ops.copy(_ops.convert(x))


def random_uniform_variable(shape, low, high, dtype=None, name=None, seed=None):
    """A variable of values drawn uniformly from ``[low, high)``; ``seed=None`` draws one from NumPy's RNG."""
    value = _ops.random_uniform(shape_arg(shape), low, high, dtype_or_floatx(dtype), random_seed(seed))
    return _ops.Variable(value, name, None)


def random_normal_variable(shape, mean, scale, dtype=None, name=None, seed=None):
    """A variable of values drawn from N(mean, scale**2); ``seed=None`` draws one from NumPy's RNG."""
    value = _ops.random_normal(shape_arg(shape), mean, scale, dtype_or_floatx(dtype), random_seed(seed))
    return _ops.Variable(value, name, None)


def count_params(x):
    """The number of scalars in ``x`` (its shape must be fully known)."""
    shape = int_shape(x)
    if shape is None or None in shape:
        raise ValueError(f"count_params(): the shape {shape} of {x!r} is not fully known")
    return int(np.prod(shape, dtype=np.int64))


def cast(x, dtype):
    """``x`` converted to ``dtype`` (a tensor, never a variable); an unknown dtype is a TypeError."""
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
    if GRAPH.active and not GRAPH.depth:  # graph mode: an update node, applied when K.function / K.eval runs it
        from ..graph.mode import record
        out = record(kind, _new_value, (kind, x, value, momentum), {}, kind="update", target=x)
        if out.shape is not None and None not in out.shape and tuple(out.shape) != tuple(x.shape):
            raise ValueError(f"Cannot assign a value of shape {out.shape} to variable {x.name!r} of shape "
                             f"{tuple(x.shape)}")
        return out
    if isinstance(value, SymbolicTensor):
        raise ValueError(f"{kind}() of a symbolic value needs graph mode")
    return x.assign(_new_value(kind, x.value, value, momentum))


def update(x, new_x):
    """Assign ``new_x`` to the variable ``x`` (in graph mode: when the returned update runs); returns the
    variable (eager) or the symbolic new value (graph mode)."""
    return _update("update", x, new_x)


def update_add(x, increment):
    """Add ``increment`` to the variable ``x``, in place (graph mode: when the update runs)."""
    return _update("update_add", x, increment)


def update_sub(x, decrement):
    """Subtract ``decrement`` from the variable ``x``, in place (graph mode: when the update runs)."""
    return _update("update_sub", x, decrement)


def moving_average_update(x, value, momentum):
    """``x -= (x - value) * (1 - momentum)`` (no zero-debias), in place (graph mode: when the update runs)."""
    return _update("moving_average_update", x, value, momentum)


def get_value(x):
    """The value of a variable or tensor as a NumPy array (sparse: its dense value; symbolic: computed)."""
    return eval(x)


def batch_get_value(ops):
    """``[get_value(x) for x in ops]``."""
    return [eval(x) for x in ops]


def set_value(x, value):
    """Assign the NumPy-convertible ``value`` (cast to the variable's dtype) to the variable ``x``."""
    require_variable(x, "set_value").assign(np.asarray(value))


def batch_set_value(tuples):
    """``set_value(x, value)`` for every ``(x, value)`` pair."""
    for x, value in tuples:
        set_value(x, value)


def _print_value(x, message):
    from ..graph.mode import STATE
    if not STATE.probing:
        _ops.print_value(x, message)
    return x


def print_tensor(x, message=""):
    """Print ``message`` and the value of ``x`` to stdout when it is computed (at once for a concrete tensor; at
    every evaluation in a graph), and return ``x`` (use the returned tensor)."""
    if GRAPH.active and not GRAPH.depth and isinstance(x, (SymbolicTensor, Variable)):
        from ..graph.mode import record
        return record("print_tensor", _print_value, (x, message), {})
    return _print_value(x, message)


ENGINE_FUNCTIONS = {name: name for name in ("is_sparse", "to_dense", "ndim", "cast", "eye", "zeros", "ones")}
ENGINE_FUNCTIONS.update({"variable": "Variable", "identity": "copy", "random_uniform_variable": "random_uniform",
                         "random_normal_variable": "random_normal"})
