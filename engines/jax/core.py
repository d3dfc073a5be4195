"""JAX engine: conversion, dtypes, variables and tensor creation.

Tensors are ``jax.Array``. Eager JAX pays about 5 µs for every dispatched call, whether a ``jnp`` function or a
``jax.jit`` function, and some ``jnp`` functions add tens of µs of Python work (``jnp.asarray``, ``jnp.zeros``,
``jnp.reshape``...). So conversions and multi-step functions here are ``jax.jit`` functions (jit caches one
compilation per signature; static arguments such as shapes and dtypes are part of it), and NumPy arrays and Python
scalars are handed to a jitted function directly, which moves them to the device in the same dispatch.
"""
import functools

import jax

# 64-bit mode, a decision of the project: Keras semantics need int64 tensors (argmax/argmin return int64) and float64
# tensors, which JAX only creates with x64 enabled. The switch is process-wide, so other JAX code in this process
# sees 64-bit defaults too (jnp.arange(3) is int64). kbackend itself always passes explicit dtypes, so floatx()
# stays float32 and Python ints still become int32.
jax.config.update("jax_enable_x64", True)

import jax.numpy as jnp  # noqa: E402  (after the x64 switch)
import numpy as np  # noqa: E402
from jax import lax  # noqa: E402

from kbackend.engine_api import (  # noqa: E402
    DTYPE_NAMES as KBACKEND_DTYPES, FLOATS, SETTINGS, SIGNED, UNSIGNED, Variable as _BaseVariable, holds_values,
    host_array, promote, promote_weak, register_dtype_names, scalar_dtype, stack_values, value_shape)

__all__ = ["convert", "copy", "to_numpy", "dtype_of", "shape_of", "ndim", "cast", "is_native_tensor", "Variable",
           "zeros", "ones", "full", "eye", "arange", "zeros_like", "ones_like"]

JNP_DTYPES = {name: np.dtype(name) for name in KBACKEND_DTYPES}  # JAX arrays carry NumPy dtype objects
DTYPE_NAMES = {dtype: name for name, dtype in JNP_DTYPES.items()}
register_dtype_names(DTYPE_NAMES)
register_dtype_names({getattr(jnp, name): name for name in KBACKEND_DTYPES if name != "bool"})
register_dtype_names({jnp.bool_: "bool"})
FLOAT_DTYPES = frozenset(JNP_DTYPES[name] for name in FLOATS)
INT_BOUNDS = {name: (int(np.iinfo(name).min), int(np.iinfo(name).max))
              for name in SIGNED + UNSIGNED}

Array = jax.Array
try:  # the concrete array type: the fast paths test `type(x) is ArrayImpl`
    from jax._src.array import ArrayImpl  # (making an array to learn its type would start the backend at import)
except ImportError:  # pragma: no cover - a JAX that moved it
    ArrayImpl = type(jnp.zeros((), np.float32))
_ndarray = np.ndarray
_SCALAR_TYPES = (bool, int, float)


_INT64 = JNP_DTYPES["int64"]
_WRAPPED = ("int8", "int16", "uint8", "uint16", "uint32", "uint64")


def _cast_fn(name):
    target = JNP_DTYPES[name]
    through_int64 = name in _WRAPPED

    def cast_to(x):
        if through_int64 and x.dtype in FLOAT_DTYPES:
            # NumPy wraps floats around into narrow and unsigned integers (-1.0 -> 255 for uint8, 300.0 -> 44 for
            # int8), where XLA would saturate: go through int64 as NumPy does (for values within int64).
            x = lax.convert_element_type(x, _INT64)
        return lax.convert_element_type(x, target)
    return jax.jit(cast_to)


CAST = {name: _cast_fn(name) for name in JNP_DTYPES}  # name -> jitted cast (also moves NumPy input)
_IDENTITY = jax.jit(lambda x: x)  # NumPy array -> device array, in one dispatch (jnp.asarray costs ~20 µs more)


class Variable(_BaseVariable):
    """A JAX-engine variable. ``__jax_array__`` plus its registration as a pytree (one leaf: the value) let ``jnp``
    functions and ``jax.jit`` functions take it (JAX >= 0.7 no longer reads ``__jax_array__`` of non-pytrees)."""

    def __jax_array__(self):
        return self.current_value()

    def assign(self, new_value):
        """Replace the value by ``new_value`` converted to the variable's dtype, keeping the variable's placement.

        A variable whose value is committed (placed with ``jax.device_put``, or computed from placed arrays) keeps
        its sharding when given NumPy or Python values or uncommitted arrays (NumPy values go straight to the
        sharding, without a stop on the default device). A committed array brings its own placement: assigning
        one is how a variable is moved.

        Arguments:
            new_value: a JAX array, variable, NumPy array, Python number or nested list of the variable's shape.

        Returns:
            The variable.

        Raises:
            ValueError: the shape differs from the variable's.
        """
        if isinstance(new_value, _BaseVariable):
            new_value = new_value.value
        current = self.value
        if type(current) is ArrayImpl and current.committed and not (
                type(new_value) is ArrayImpl and new_value.committed) and not isinstance(new_value, jax.core.Tracer):
            value = new_value if type(new_value) is ArrayImpl else host_array(new_value, self.dtype)
            if tuple(value.shape) == current.shape:  # (else the base class raises the shape error)
                new_value = jax.device_put(value, current.sharding)
        return super().assign(new_value)


def _flatten_variable(variable):
    return (variable.current_value(),), variable.name


def _unflatten_variable(name, children):
    variable = object.__new__(Variable)  # no __init__: the leaf may be a tracer or a placeholder object
    variable.value, = children
    variable.name = name
    variable.constraint = None
    variable._keras_shape = None
    variable._uses_learning_phase = False
    return variable


jax.tree_util.register_pytree_node(Variable, _flatten_variable, _unflatten_variable)


def name_of(dtype):
    """kbackend name of a NumPy/JAX dtype object; TypeError for dtypes kbackend does not know (bfloat16...)."""
    try:
        return DTYPE_NAMES[dtype]
    except KeyError:
        raise TypeError(f"Unsupported dtype {dtype}") from None


def check_int(value, name):
    """OverflowError (as NumPy raises) when the Python int ``value`` does not fit the integer dtype ``name``."""
    low, high = INT_BOUNDS[name]
    if not low <= value <= high:
        raise OverflowError(f"Python integer {value} out of bounds for {name}")


def in_host_memory(x):
    """Whether the values of ``x`` can be read without a transfer between devices: NumPy arrays, and JAX
    arrays on one CPU device (reading one waits for it to be computed). Tracers, arrays spread over several devices
    (which may not even be addressable from this process) and arrays on accelerators are never read."""
    if type(x) is not ArrayImpl:
        return not isinstance(x, jax.Array)  # (a tracer inside jit or grad)
    devices = x.sharding.device_set
    return len(devices) == 1 and next(iter(devices)).platform == "cpu"


def operand(x):
    """``(value, dtype name)`` for an input of a jitted function: JAX and NumPy arrays stay as they are, a Python
    scalar stays a (weakly typed) scalar named by kbackend's rule, anything else goes through ``host_array``."""
    tx = type(x)
    if tx is ArrayImpl or tx is _ndarray:
        return x, name_of(x.dtype)
    if tx in _SCALAR_TYPES:
        name = scalar_dtype(tx, SETTINGS.floatx)
        if tx is int:
            check_int(x, "int32")
        return x, name
    if isinstance(x, _BaseVariable):
        return operand(x.value)
    if isinstance(x, Array):  # tracers inside jit/grad
        return x, name_of(x.dtype)
    if isinstance(x, (list, tuple)) and holds_values(x):  # arrays (or tracers) in a list: stacked by JAX
        x = convert(x)
        return x, name_of(x.dtype)
    x = host_array(x)
    return x, DTYPE_NAMES[x.dtype]


def as_array(x):
    """A JAX array, or a NumPy array of a known dtype (jitted and jnp functions take those directly and move them to
    the device in the same dispatch); Python scalars and lists are converted by kbackend's rules."""
    if type(x) is ArrayImpl:
        return x
    x, _ = operand(x)
    return convert(x) if type(x) in _SCALAR_TYPES else x


def _scalar(value, dtype):
    """The Python scalar ``value`` checked for conversion to ``dtype`` inside a jitted function (which would wrap
    an out-of-range int around instead of raising as NumPy does)."""
    if type(value) is int:
        if dtype in INT_BOUNDS:
            check_int(value, dtype)
        elif not -2 ** 63 <= value < 2 ** 63:
            return float(value)
    return value


def pair(x, y):
    """``(x, y, dtype name)``: the operands (uncast, ready for a jitted function) and their common dtype under the
    promotion rule, exactly as ``kbackend.generic.coerce.coerce_with`` decides it."""
    tx, ty = type(x), type(y)
    floatx = SETTINGS.floatx
    if tx in _SCALAR_TYPES:
        if ty in _SCALAR_TYPES:
            dtype = promote(scalar_dtype(tx, floatx), scalar_dtype(ty, floatx))
            return _scalar(x, dtype), _scalar(y, dtype), dtype
        y, dy = operand(y)
        dtype = promote_weak(dy, tx, floatx)
        return _scalar(x, dtype), y, dtype
    x, dx = operand(x)
    if ty in _SCALAR_TYPES:
        dtype = promote_weak(dx, ty, floatx)
        return x, _scalar(y, dtype), dtype
    y, dy = operand(y)
    return x, y, (dx if dx == dy else promote(dx, dy))


def convert(x, dtype=None):
    """``x`` (array, variable, scalar, nested list) as a ``jax.Array``, of ``dtype`` when given."""
    if type(x) is ArrayImpl:
        if dtype is None or DTYPE_NAMES.get(x.dtype) == dtype:
            return x
        name_of(x.dtype)  # TypeError for a dtype kbackend does not know (complex...)
        return CAST[dtype](x)
    if isinstance(x, _BaseVariable):
        return convert(x.value, dtype)
    if isinstance(x, Array):  # tracers
        if dtype is None or DTYPE_NAMES.get(x.dtype) == dtype:
            return x
        name_of(x.dtype)
        return CAST[dtype](x)
    if isinstance(x, (list, tuple)) and holds_values(x):  # arrays (or tracers) in a list: stacked by JAX
        return stack_values(x, convert, dtype_of, shape_of, jnp.stack, dtype)
    return _IDENTITY(host_array(x, dtype))


def copy(x):
    return jnp.array(convert(x), copy=True)


def to_numpy(x):
    """A writable NumPy array (a copy; ``np.asarray`` of a JAX array is a read-only view)."""
    if isinstance(x, _BaseVariable):
        x = x.value
    return np.array(x)


def dtype_of(x):
    try:
        return name_of(x.dtype)
    except TypeError:  # a variable's dtype is already a name
        if isinstance(x, _BaseVariable):
            return x.dtype
        raise
    except AttributeError:
        if type(x) in _SCALAR_TYPES:
            return scalar_dtype(type(x), SETTINGS.floatx)
        if isinstance(x, _BaseVariable):
            return x.dtype
        return operand(x)[1]


def shape_of(x):
    try:
        return tuple(x.shape)
    except AttributeError:
        if isinstance(x, (list, tuple)) and holds_values(x):
            return tuple(convert(x).shape)
        return value_shape(x)


def ndim(x):
    try:
        return x.ndim
    except AttributeError:
        if isinstance(x, (list, tuple)) and holds_values(x):
            return convert(x).ndim
        return len(value_shape(x))


def cast(x, dtype):
    x = convert(x)
    return x if DTYPE_NAMES.get(x.dtype) == dtype else CAST[dtype](x)


def is_native_tensor(x):
    return isinstance(x, Array)


@functools.partial(jax.jit, static_argnums=(0, 1))
def _zeros(shape, dtype):
    return jnp.zeros(shape, dtype)


@functools.partial(jax.jit, static_argnums=(0, 1))
def _ones(shape, dtype):
    return jnp.ones(shape, dtype)


@functools.partial(jax.jit, static_argnums=(0, 2))
def _full(shape, value, dtype):
    return jnp.full(shape, value, dtype)


@functools.partial(jax.jit, static_argnums=(0, 1, 2))
def _eye(rows, cols, dtype):
    return jnp.eye(rows, cols, dtype=dtype)


def zeros(shape, dtype):
    return _zeros(tuple(shape), JNP_DTYPES[dtype])


def ones(shape, dtype):
    return _ones(tuple(shape), JNP_DTYPES[dtype])


def full(shape, value, dtype):
    if type(value) is int and dtype in INT_BOUNDS:
        check_int(value, dtype)
    elif isinstance(value, _BaseVariable):
        value = value.value
    return _full(tuple(shape), value, JNP_DTYPES[dtype])


def eye(rows, cols, dtype):
    return _eye(rows, cols, JNP_DTYPES[dtype])


def arange(start, stop, step, dtype):
    # Computed by NumPy, then cast, exactly as the NumPy engine does (the values of a float range depend on how the
    # steps are accumulated); not on the hot path.
    return _IDENTITY(np.arange(start, stop, step).astype(JNP_DTYPES[dtype]))


@functools.lru_cache(maxsize=64)
def _fill_on(sharding):
    """``jnp.full`` jitted to give its result with ``sharding`` (one compiled program per shape and dtype)."""
    return jax.jit(jnp.full, static_argnums=(0, 1, 2), out_shardings=sharding)


def _filled_like(x, value, dtype, uncommitted):
    if isinstance(x, _BaseVariable):
        x = x.value
    if type(x) is ArrayImpl:
        if x.committed:  # placed by the user: the result takes its sharding
            return _fill_on(x.sharding)(x.shape, value, JNP_DTYPES[dtype])
        return uncommitted(x.shape, JNP_DTYPES[dtype])
    if isinstance(x, Array):  # a tracer: jnp keeps its sharding where JAX tracks it
        return jnp.full_like(x, value, JNP_DTYPES[dtype])
    return uncommitted(shape_of(x), JNP_DTYPES[dtype])


def zeros_like(x, dtype):
    """Zeros of the shape of ``x`` and of ``dtype``, with the sharding of ``x`` when ``x`` is placed.

    Arguments:
        x: a JAX array, variable or value.
        dtype: a kbackend dtype name.

    Returns:
        A ``jax.Array``.
    """
    return _filled_like(x, 0, dtype, _zeros)


def ones_like(x, dtype):
    """Ones of the shape of ``x`` and of ``dtype``, with the sharding of ``x`` when ``x`` is placed.

    Arguments:
        x: a JAX array, variable or value.
        dtype: a kbackend dtype name.

    Returns:
        A ``jax.Array``.
    """
    return _filled_like(x, 1, dtype, _ones)
