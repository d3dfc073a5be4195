"""Argument checks shared by the shape, padding and resizing functions of the facade: integers given as Python or NumPy
integers or 0-d integer tensors, sequences of them, axes, tensor lists (promoted to one dtype), paddings.
"""
import functools
import numbers

import numpy as np

from .. import _dtypes
from .._config import SETTINGS
from .._registry import ops as _ops
from .tensors import dtype as _dtype

PY_SCALARS = (bool, int, float)


def as_int(value, what, fn):
    """``value`` as an int: a Python or NumPy integer, or a 0-d integer tensor (TypeError otherwise)."""
    if type(value) is int:
        return value
    if isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_)):
        return int(value)
    if not isinstance(value, (bool, np.bool_, float, str, bytes, list, tuple, type(None))):
        try:
            array = np.asarray(_ops.to_numpy(value))
        except Exception:  # not something the engine knows as a tensor
            array = None
        if array is not None and array.ndim == 0 and array.dtype.kind in "iu":
            return int(array)
    raise TypeError(f"{fn}(): {what} must be an int, got {value!r}")


def as_ints(values, what, fn):
    """A tuple of ints from a list/tuple of ints or a 1-D integer tensor/array (TypeError otherwise)."""
    if type(values) is tuple or type(values) is list:
        if all(type(v) is int for v in values):
            return tuple(values)
        return tuple(as_int(v, what, fn) for v in values)
    if isinstance(values, (numbers.Number, str, bytes, type(None))):
        raise TypeError(f"{fn}(): {what} must be a list or tuple of ints, got {values!r}")
    try:
        array = np.asarray(_ops.to_numpy(values))
    except Exception:
        array = None
    if array is None or array.ndim != 1 or (array.dtype.kind not in "iu" and array.size):
        raise TypeError(f"{fn}(): {what} must be a list or tuple of ints, got {values!r}")
    return tuple(int(v) for v in array)


def count_arg(value, what, fn, minimum=0):
    """A non-negative (or >= ``minimum``) int."""
    value = as_int(value, what, fn)
    if value < minimum:
        raise ValueError(f"{fn}(): {what} must be an int >= {minimum}, got {value}")
    return value


def axis_in(axis, size, fn, what="axis"):
    """A single int axis in ``[-size, size)`` made non-negative (``size`` is the number of valid positions)."""
    if type(axis) is int and -size <= axis < size:
        return axis % size
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"{fn}(): {what} must be a single int, got {axis!r}")
    if not -size <= axis < size:
        raise ValueError(f"{fn}(): {what} {axis} is out of range (expected an int in [{-size}, {size}))")
    return int(axis) % size


def tensor_list(tensors, fn):
    if not isinstance(tensors, (list, tuple)):
        raise TypeError(f"{fn}() expects a list or tuple of tensors, got {type(tensors).__name__}")
    if not tensors:
        raise ValueError(f"{fn}() needs at least one tensor")
    return tensors


def promoted(tensors):
    """The tensors of a list cast to their common dtype under the promotion rule (Python scalars are weak)."""
    try:  # the common case: tensors whose dtype objects are all equal, returned as they are
        first = tensors[0].dtype
        for t in tensors:
            if t.dtype != first:
                break
        else:
            return tensors
    except AttributeError:  # Python scalars, nested lists
        pass
    dtype_of = _dtype
    strong, weak = [], []
    for t in tensors:
        (weak if type(t) in PY_SCALARS else strong).append(t)
    names = {dtype_of(t) for t in strong}
    if len(names) == 1 and not weak:
        return tensors
    if names:
        common = functools.reduce(_dtypes.promote, sorted(names))
    else:
        common = functools.reduce(_dtypes.promote, (_dtypes.scalar_dtype(type(t), SETTINGS.floatx) for t in weak))
        weak = []
    for t in weak:
        common = _dtypes.promote_weak(common, type(t), SETTINGS.floatx)
    return [_ops.convert(t, common) for t in tensors]


def factor_arg(value, what, fn):
    return count_arg(value, what, fn, minimum=1)


def check_rank(x, rank, fn):
    ndim = _ops.ndim(x)
    if ndim != rank:
        raise ValueError(f"{fn}() expects a tensor of rank {rank}, got rank {ndim}")


def padding_pairs(padding, count, fn):
    """``count`` (before, after) pairs of non-negative ints (``count == 1``: one pair)."""
    expected = "(before, after)" if count == 1 else "(" + ", ".join(["(before, after)"] * count) + ")"
    if isinstance(padding, np.ndarray):
        padding = padding.tolist()
    pairs = (padding,) if count == 1 else padding
    if not isinstance(pairs, (list, tuple)) or len(pairs) != count or not all(
            isinstance(p, (list, tuple)) and len(p) == 2 for p in pairs):
        raise ValueError(f"{fn}(): padding must be {expected} with non-negative ints, got {padding!r}")
    out = []
    for before, after in pairs:
        for value in (before, after):
            if type(value) is not int and (isinstance(value, (bool, np.bool_))
                                           or not isinstance(value, numbers.Integral)):
                raise TypeError(f"{fn}(): padding values must be ints, got {padding!r}")
            if value < 0:
                raise ValueError(f"{fn}(): padding values must be >= 0, got {padding!r}")
        out.append((int(before), int(after)))
    return tuple(out)
