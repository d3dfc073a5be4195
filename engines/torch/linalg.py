"""PyTorch engine: matrix products (bool products are computed on integers, as NumPy's logical sum of products); an
operand on the CPU (a NumPy array) joins the other's device."""
import functools

import torch

from kbackend.engine_api import coerce_with

from .core import BOOL, INT64, Tensor, convert, dtype_of, retry_on_one_device, same_device
from .sparse import sparse_matmul

__all__ = ["matmul", "tensordot", "dot"]

_matmul, _bmm, _tensordot = torch.matmul, torch.bmm, torch.tensordot
_STRIDED = torch.strided


def _pair(x, y):
    if type(x) is not Tensor or type(y) is not Tensor or x.dtype is not y.dtype:
        x, y = coerce_with(convert, dtype_of, x, y)
        x, y = same_device(x, y)
    return x, y


def _bool_product(fn, x, y, *args):
    """torch has no bool matmul: count the true products instead."""
    return fn(x.to(INT64), y.to(INT64), *args) != 0


def _product(fn, x, y, *args):
    if x.dtype is BOOL:
        fn = functools.partial(_bool_product, fn)
    try:
        return fn(x, y, *args)
    except RuntimeError as err:
        return retry_on_one_device(fn, err, x, y, *args)


def matmul(x, y):
    if type(x) is Tensor and type(y) is Tensor and x.dtype is y.dtype and x.dtype is not BOOL and x.ndim == 3 \
            and y.ndim == 3:
        try:
            return _bmm(x, y)  # what torch.matmul does for these, for half its dispatch cost
        except RuntimeError:
            pass  # different batch sizes (matmul broadcasts a batch of 1) or shapes that do not fit: below
    x, y = _pair(x, y)
    return _product(_matmul, x, y)


def _dims(axes):
    """NumPy tensordot ``axes`` (an int, or a pair of ints / sequences of ints) as torch ``dims``."""
    if isinstance(axes, int):
        return axes
    a, b = axes
    return ([a] if isinstance(a, int) else list(a)), ([b] if isinstance(b, int) else list(b))


def tensordot(x, y, axes):
    x, y = _pair(x, y)
    return _product(_tensordot, x, y, _dims(axes))


def dot(x, y):
    if type(x) is Tensor and type(y) is Tensor and y.ndim == 2:  # the common case: one matmul, no other checks
        dtype = x.dtype
        if dtype is y.dtype and dtype is not BOOL:
            try:
                out = _matmul(x, y)
            except RuntimeError:
                pass  # a 0-d x, sizes or devices that do not fit: below, with their errors
            else:
                return out if out.layout is _STRIDED else out.to_dense()  # (sparse times sparse)
    x, y = _pair(x, y)
    if y.ndim <= 2 and x.dtype is not BOOL:
        try:
            out = _matmul(x, y) if x.ndim >= 1 and y.ndim >= 1 else x * y
        except RuntimeError as err:
            if x.layout is not _STRIDED or y.layout is not _STRIDED:
                return _sparse_dot(x, y)
            return retry_on_one_device(dot, err, x, y)
        return out if out.layout is _STRIDED else out.to_dense()  # (sparse times sparse)
    if x.layout is not _STRIDED or y.layout is not _STRIDED:
        return _sparse_dot(x, y)
    if y.ndim <= 2:
        return _product(_matmul, x, y) if x.ndim >= 1 and y.ndim >= 1 else x * y
    return _product(_tensordot, x, y, ([x.ndim - 1], [y.ndim - 2]))


def _sparse_dot(x, y):
    """``dot`` with a sparse operand (both of one dtype), as Keras 2 on TF: a 2-D sparse ``x`` times a 2-D ``y`` is
    the sparse product; any other sparse operand is densified first. The result is dense."""
    if y.layout is not _STRIDED:
        y = y.to_dense()
    if x.layout is not _STRIDED:
        if x.ndim == 2 and y.ndim == 2:
            return sparse_matmul(x, y)
        x = x.to_dense()
    return dot(x, y)
