"""PyTorch engine: reductions (NumPy's semantics: ``axis=()`` reduces nothing, sums keep the dtype, bool counts in
int32, mean/var/std compute integers in floatx, empty max/min/argmax/argmin are ValueErrors)."""
import builtins

import torch

from .core import BOOL, INT32, Tensor, convert
from .math import float_input

__all__ = ["sum", "prod", "max", "min", "mean", "var", "std", "any", "all", "argmax", "argmin", "cumsum", "cumprod"]

_UINT8 = torch.uint8
_HALF, _FLOAT32 = torch.float16, torch.float32


def _accumulate_dtype(x):
    """Sums and products keep x's dtype; bool counts in int32 (torch would widen integers to int64)."""
    if x.is_floating_point():
        return None
    return INT32 if x.dtype is BOOL else x.dtype


def sum(x, axis=None, keepdims=False):
    if type(x) is Tensor and type(axis) is int and x.is_floating_point():  # the common case: torch's own sum
        return torch.sum(x, axis, keepdims)
    x = convert(x)
    if axis == ():
        return x.to(_accumulate_dtype(x) or x.dtype, copy=True)
    return torch.sum(x, axis, keepdims, dtype=_accumulate_dtype(x))


def prod(x, axis=None, keepdims=False):
    x = convert(x)
    if x.dtype is _HALF:  # torch multiplies float16 in float16 (overflows where the product fits): float32, rounded
        return prod(x.to(_FLOAT32), axis, keepdims).to(_HALF)
    dtype = _accumulate_dtype(x)
    if axis is None:
        out = torch.prod(x, dtype=dtype)
        return out.reshape((1,) * x.ndim) if keepdims else out
    if type(axis) is int:
        return torch.prod(x, axis, keepdims, dtype=dtype)
    if not axis:
        return x.to(dtype or x.dtype, copy=True)
    for a in sorted(axis, reverse=True):  # torch.prod reduces one axis at a time
        x = torch.prod(x, a, keepdims, dtype=dtype)
    return x


def cumsum(x, axis):
    x = convert(x)
    return torch.cumsum(x, axis, dtype=_accumulate_dtype(x))


def cumprod(x, axis):
    x = convert(x)
    return torch.cumprod(x, axis, dtype=_accumulate_dtype(x))


def _check_nonempty(x, axis, what):
    dims = range(x.ndim) if axis is None else (axis if isinstance(axis, tuple) else (axis,))
    if axis is None or builtins.any(x.shape[a] == 0 for a in dims):
        raise ValueError(f"{what}() of an empty axis is undefined (shape {tuple(x.shape)}, axis {axis})")


def _extreme(full, partial, what):
    def op(x, axis=None, keepdims=False):
        x = convert(x)
        if x.numel() == 0:
            _check_nonempty(x, axis, what)
        if axis is None:
            out = full(x)
            return out.reshape((1,) * x.ndim) if keepdims else out
        if axis == ():
            return x.clone()
        return partial(x, axis, keepdims)
    op.__name__ = op.__qualname__ = what
    return op


max = _extreme(torch.max, torch.amax, "max")
min = _extreme(torch.min, torch.amin, "min")


def mean(x, axis=None, keepdims=False):
    x = float_input(x)
    if axis == ():
        return x.clone()
    return torch.mean(x, axis, keepdims)


def var(x, axis=None, keepdims=False):
    x = float_input(x)
    if axis == ():
        centered = x - x
        return centered * centered
    return torch.var(x, axis, correction=0, keepdim=keepdims)


def std(x, axis=None, keepdims=False):
    x = float_input(x)
    if axis == ():
        return torch.abs(x - x)
    return torch.std(x, axis, correction=0, keepdim=keepdims)


def _logical_reduction(fn, what):
    def op(x, axis=None, keepdims=False):
        x = convert(x)
        if axis == ():
            return x.to(BOOL, copy=True)
        out = fn(x, axis, keepdims)
        return out if out.dtype is BOOL else out.to(BOOL)  # torch keeps uint8 for uint8 input
    op.__name__ = op.__qualname__ = what
    return op


any = _logical_reduction(torch.any, "any")
all = _logical_reduction(torch.all, "all")


def _arg_extreme(fn, what):
    def op(x, axis):
        x = convert(x)
        if x.shape[axis] == 0:
            raise ValueError(f"{what}() over an empty axis (shape {tuple(x.shape)}, axis {axis})")
        if x.dtype is BOOL:
            x = x.to(_UINT8)
        return fn(x, axis)  # int64, first index on ties (and on NaN)
    op.__name__ = op.__qualname__ = what
    return op


argmax = _arg_extreme(torch.argmax, "argmax")
argmin = _arg_extreme(torch.argmin, "argmin")
