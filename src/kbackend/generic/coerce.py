"""The promotion rule applied to a pair of operands (see ``kbackend._dtypes``)."""
from .. import _dtypes
from .._config import SETTINGS

__all__ = ["coerce_pair"]

_PY_SCALARS = (bool, int, float)


def coerce_pair(E, x, y):
    """``x`` and ``y`` as engine tensors of their common dtype under the promotion rule."""
    return coerce_with(E.convert, E.dtype_of, x, y)


def coerce_with(convert, dtype_of, x, y):
    """The same, for engines that bind it to their own ``convert`` and ``dtype_of`` (no namespace lookups)."""
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
