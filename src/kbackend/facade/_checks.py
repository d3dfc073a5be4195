"""Argument normalisation shared by the facade: axes, dtypes, shapes. Results are cached where they depend only on
hashable arguments, so the hot path pays a dict lookup."""
import functools
import numbers

import numpy as np

from .. import _dtypes
from .._config import SETTINGS
from .._registry import ops as _ops
from ..graph.leaves import VariableBase


@functools.lru_cache(maxsize=4096, typed=True)
def _normalize_axes(axis, ndim):
    if type(axis) is int and -ndim <= axis < ndim:  # the common case, before the checks that name what is wrong
        return axis % ndim
    if isinstance(axis, tuple):
        out = tuple(_normalize_axes(a, ndim) for a in axis)
        if len(set(out)) != len(out):
            raise ValueError(f"Repeated axis in {axis!r}")
        return out
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"axis must be None, an int or a list/tuple of ints, got {axis!r}")
    if not -ndim <= axis < ndim:
        raise ValueError(f"axis {axis} is out of range for a tensor of rank {ndim} "
                         f"(expected an axis in [{-ndim}, {ndim}))")
    return int(axis) % ndim


def axes(axis, x):
    """``axis`` (int or list/tuple of ints, possibly negative) as a non-negative int or tuple for ``x``'s rank."""
    if type(axis) is int:  # the common case first
        ndim = _ops.ndim(x)
        if -ndim <= axis < ndim:
            return axis % ndim
        return _normalize_axes(axis, ndim)
    if type(axis) is list or type(axis) is tuple:
        axis = tuple(axis)
        if not all(type(a) is int for a in axis):  # (1.0,) equals (1,) as a cache key: check the types first
            for a in axis:
                if isinstance(a, bool) or not isinstance(a, numbers.Integral):
                    raise TypeError(f"axis must be None, an int or a list/tuple of ints, got {axis!r}")
            axis = tuple(int(a) for a in axis)
    try:
        return _normalize_axes(axis, _ops.ndim(x))
    except TypeError:
        if isinstance(axis, tuple) or isinstance(axis, numbers.Integral):
            raise
        raise TypeError(f"axis must be None, an int or a list/tuple of ints, got {axis!r}") from None


def single_axis(axis, x, what="axis"):
    """A single int axis, normalised for ``x``'s rank (ValueError/TypeError otherwise)."""
    if type(axis) is int:
        ndim = _ops.ndim(x)
        if -ndim <= axis < ndim:
            return axis % ndim
        return _normalize_axes(axis, ndim)
    if isinstance(axis, (list, tuple)) or isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"{what} must be a single int, got {axis!r}")
    return _normalize_axes(int(axis), _ops.ndim(x))


def real_valued(value, fn):
    """``value`` unchanged, or a TypeError if it holds complex numbers (kbackend tensors hold real numbers and
    booleans; an engine would otherwise drop the imaginary part, or refuse, depending on its framework)."""
    if isinstance(value, complex) or getattr(getattr(value, "dtype", None), "kind", None) == "c":
        raise TypeError(f"{fn}(): complex values are not supported (got dtype "
                        f"{getattr(value, 'dtype', type(value).__name__)}); expected real numbers or booleans")
    return value


def dtype_or_floatx(dtype):
    """Canonical dtype name; ``None`` means ``floatx()``. TypeError for an unknown dtype."""
    if dtype is None:
        return SETTINGS.floatx
    return _dtypes.dtype_name(dtype)


@functools.lru_cache(maxsize=1024)
def _shape_tuple(shape):
    out = []
    for dim in shape:
        if isinstance(dim, bool) or not isinstance(dim, numbers.Integral) or dim < 0:
            raise ValueError(f"Invalid shape {shape!r}: expected non-negative integers")
        out.append(int(dim))
    return tuple(out)


def shape_arg(shape):
    """A shape given as an int, a list or a tuple, as a tuple of non-negative ints."""
    if isinstance(shape, numbers.Integral) and not isinstance(shape, bool):
        shape = (shape,)
    elif isinstance(shape, list):
        shape = tuple(shape)
    elif not isinstance(shape, tuple):
        try:
            shape = tuple(int(d) for d in shape)
        except TypeError:
            raise ValueError(f"Invalid shape {shape!r}: expected a tuple of non-negative integers") from None
    return _shape_tuple(shape)


def require_variable(x, function):
    """``x`` itself, or a TypeError naming ``function`` when it is not a variable."""
    if not isinstance(x, VariableBase):
        raise TypeError(f"{function}() expects a variable created with K.variable(), got {type(x).__name__}")
    return x


def random_seed(seed, high=10e8):
    """The int seed of a random op: ``seed`` itself, or (``None``) one drawn from NumPy's global generator, as Keras 2
    does, so that ``np.random.seed(n)`` makes a run reproducible. TypeError for a non-integer seed, ValueError for a
    negative one."""
    if seed is None:
        return int(np.random.randint(high))
    if _ops.is_native_tensor(seed) and not isinstance(seed, np.ndarray) and _ops.shape_of(seed) == ():
        return seed  # a traced seed: a compiled K.function draws fresh values on every call
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be None or a non-negative int, got {seed!r}")
    if seed < 0:
        raise ValueError(f"seed must be None or a non-negative int, got {seed}")
    return int(seed)


def real_number(value, function, what):
    """A real number argument as a Python float (NumPy numbers and 0-d tensors accepted); TypeError otherwise."""
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
