"""The promotion rule applied to a pair of operands, and to the entries of a list (see ``kbackend._dtypes``)."""
import functools
import numbers

import numpy as np

from .. import _dtypes
from .._config import SETTINGS

__all__ = ["coerce_pair"]

_PY_SCALARS = (bool, int, float)
_SEQUENCES = (list, tuple)
_NUMERIC_SCALARS = (numbers.Number, np.bool_, np.number)


def value_shape(x):
    """The shape of a value that is not a tensor (a Python or NumPy number, a nested list of numbers, an object with
    ``__array__``), for the engines' ``shape_of``/``ndim`` fallbacks: ``np.shape`` gives ``()`` for anything, so a
    string, None, a dict or another object would pass as a scalar and fail later as a misleading ValueError (an axis
    out of range for rank 0). TypeError for them, naming what is expected."""
    if type(x) in _PY_SCALARS:
        return ()
    shape = np.shape(x)
    if shape == () and not isinstance(x, _NUMERIC_SCALARS) and not hasattr(x, "__array__"):
        raise TypeError(f"expected a tensor, a variable, a NumPy array, a number or a nested list of numbers, "
                        f"got {type(x).__name__} {x!r:.60}")
    return shape


_NUMPY_DTYPES = {name: np.dtype(name) for name in _dtypes.DTYPE_NAMES}
_KNOWN_NUMPY_DTYPES = frozenset(_NUMPY_DTYPES.values())


def _known(array):
    if array.dtype not in _KNOWN_NUMPY_DTYPES:
        raise TypeError(f"Cannot convert a value of dtype {array.dtype} to a tensor: expected numbers or booleans")
    return array


def host_array(x, dtype=None):
    """Host data as a NumPy array by kbackend's dtype rules: for engines whose ``convert`` meets values that are
    not tensors of its framework.

    Arguments:
        x: a Python number or bool, a nested list or tuple of them, a NumPy array or scalar, or an object with
            ``__array__``. (A list holding tensors or variables is the engine's to stack: ``stack_values``.)
        dtype: a kbackend dtype name, or None: then a Python scalar takes ``scalar_dtype`` (floats ``floatx``),
            a list of floats ``floatx``, a list of ints int32, and an array keeps its dtype.

    Returns:
        A ``numpy.ndarray`` (``x`` itself when it is an array of the right dtype).

    Raises:
        TypeError: a string, or values of a dtype kbackend does not know (complex, objects).
        OverflowError: a Python integer out of the dtype's range.
    """
    tx = type(x)
    if dtype is not None:
        if isinstance(x, np.ndarray):
            _known(x)
        elif isinstance(x, str):
            raise TypeError(f"Cannot convert the string {x!r} to a tensor: expected numbers or booleans")
        return np.asarray(x, dtype=_NUMPY_DTYPES[dtype])
    if tx in _PY_SCALARS:
        return np.asarray(x, _NUMPY_DTYPES[_dtypes.scalar_dtype(tx, SETTINGS.floatx)])
    if isinstance(x, _SEQUENCES):
        array = np.asarray(x)
        kind = array.dtype.kind
        if kind == "f":
            return array.astype(SETTINGS.floatx)
        if kind in "iu":
            return array.astype(np.int32) if array.dtype == np.int64 else array
        return _known(array)
    return _known(np.asarray(x))


def coerce_pair(E, x, y):
    """``x`` and ``y`` as engine tensors of their common dtype under the promotion rule."""
    return coerce_with(E.convert, E.dtype_of, x, y)


def coerce_with(convert, dtype_of, x, y):
    """``x`` and ``y`` as engine tensors of their common dtype under the promotion rule (``coerce_pair`` for engines
    that bind it to their own ``convert`` and ``dtype_of``: no namespace lookups).

    Arguments:
        convert: the engine's ``convert(x, dtype=None)``.
        dtype_of: the engine's ``dtype_of(x)``.
        x, y: the operands (engine tensors, variables, arrays or Python numbers, which are weak).

    Returns:
        The pair ``(x, y)`` converted to the promoted dtype.
    """
    tx, ty = type(x), type(y)
    if tx in _PY_SCALARS:
        if ty in _PY_SCALARS:
            dtype = _dtypes.promote(_dtypes.scalar_dtype(tx, SETTINGS.floatx), _dtypes.scalar_dtype(ty, SETTINGS.floatx))
            return convert(x, dtype), convert(y, dtype)
        y = convert(y)
        dtype = _dtypes.promote_weak(dtype_of(y), tx, SETTINGS.floatx)
        return convert(x, dtype), convert(y, dtype)
    x = convert(x)
    if ty in _PY_SCALARS:
        dtype = _dtypes.promote_weak(dtype_of(x), ty, SETTINGS.floatx)
        return convert(x, dtype), convert(y, dtype)
    y = convert(y)
    dx, dy = dtype_of(x), dtype_of(y)
    if dx == dy:
        return x, y
    dtype = _dtypes.promote(dx, dy)
    return convert(x, dtype), convert(y, dtype)


def holds_values(items):
    """Whether the (nested) list or tuple ``items`` holds anything but Python numbers: engine tensors (also the
    tracers of a compiled program), variables, NumPy arrays and scalars. Such lists are built by ``stack_values``,
    not through NumPy (which cannot hold a tracer, and would not keep the tensors' dtypes)."""
    for item in items:
        if type(item) in _PY_SCALARS:
            continue
        if not isinstance(item, _SEQUENCES) or holds_values(item):
            return True
    return False


def stack_values(items, convert, dtype_of, shape_of, stack, dtype=None):
    """A (nested) list or tuple mixing tensors and Python numbers (``holds_values``) as one engine tensor.

    The dtype is ``dtype`` if given, else the promotion of the tensors' dtypes, Python numbers being weak (they take
    it, as in a binary operation: ``[int32 tensor, 2]`` is int32, ``[int32 tensor, 2.5]`` floatx). The entries are
    converted to it and stacked along a new first axis with the engine's ``stack``; entries whose shapes differ are
    a ValueError. ``convert``, ``dtype_of``, ``shape_of`` and ``stack(list of tensors)`` are the engine's.
    """
    if dtype is None:
        strong, weak = set(), set()
        _collect_dtypes(items, convert, dtype_of, strong, weak)
        dtype = functools.reduce(_dtypes.promote, sorted(strong))
        for kind in weak:
            dtype = _dtypes.promote_weak(dtype, kind, SETTINGS.floatx)
    parts = [stack_values(item, convert, dtype_of, shape_of, stack, dtype)
             if isinstance(item, _SEQUENCES) and holds_values(item) else convert(item, dtype) for item in items]
    shapes = [tuple(shape_of(part)) for part in parts]
    for shape in shapes[1:]:
        if len(shape) != len(shapes[0]) or any(a is not None and b is not None and a != b
                                               for a, b in zip(shape, shapes[0])):
            raise ValueError(f"Cannot make one tensor of a list whose entries have different shapes: {shapes}")
    return stack(parts)


def _collect_dtypes(items, convert, dtype_of, strong, weak):
    for item in items:
        kind = type(item)
        if kind in _PY_SCALARS:
            weak.add(kind)
        elif isinstance(item, _SEQUENCES):
            _collect_dtypes(item, convert, dtype_of, strong, weak)
        else:
            strong.add(dtype_of(convert(item)))
