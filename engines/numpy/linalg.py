"""NumPy engine: matrix products."""
import numpy as np

from kbackend.generic.coerce import coerce_with

from .core import convert, dtype_of

__all__ = ["matmul", "tensordot", "dot"]


def matmul(x, y):
    if type(x) is not np.ndarray or type(y) is not np.ndarray or x.dtype != y.dtype:
        x, y = coerce_with(convert, dtype_of, x, y)
    return np.matmul(x, y)


def tensordot(x, y, axes):
    x, y = coerce_with(convert, dtype_of, x, y)
    return np.tensordot(x, y, axes)


def dot(x, y):
    if type(x) is not np.ndarray or type(y) is not np.ndarray or x.dtype != y.dtype:
        x, y = coerce_with(convert, dtype_of, x, y)
    if y.ndim <= 2:
        return np.matmul(x, y) if x.ndim >= 1 and y.ndim >= 1 else x * y
    return np.tensordot(x, y, ((x.ndim - 1,), (y.ndim - 2,)))
