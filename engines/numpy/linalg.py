"""NumPy engine: matrix products (``dot`` also of SciPy sparse matrices, as Keras 2 on TF multiplied sparse tensors)."""
import numpy as np

from kbackend import _dtypes
from kbackend.generic.coerce import coerce_with

from .core import convert, dtype_of
from .sparse import is_sparse, sparse_matmul, sparse_tensor, to_dense

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
        try:
            x, y = coerce_with(convert, dtype_of, x, y)
        except TypeError:  # (a sparse operand cannot be converted: looked for only then, at no cost to dense calls)
            if is_sparse(x) or is_sparse(y):
                return _sparse_dot(x, y)
            raise
    if y.ndim <= 2:
        return np.matmul(x, y) if x.ndim >= 1 and y.ndim >= 1 else x * y
    return np.tensordot(x, y, ((x.ndim - 1,), (y.ndim - 2,)))


def _sparse_dot(x, y):
    """``dot`` with a sparse operand, as Keras 2 on TF: a 2-D sparse ``x`` times a 2-D ``y`` is the sparse product;
    any other sparse operand is densified first. The result is dense."""
    if is_sparse(y):
        y = to_dense(y)
    if is_sparse(x):
        y = convert(y)
        if x.ndim == 2 and y.ndim == 2:
            dtype = _dtypes.promote(dtype_of(x), dtype_of(y))
            return sparse_matmul(x if dtype_of(x) == dtype else sparse_tensor(x, dtype), convert(y, dtype))
        x = to_dense(x)
    return dot(x, y)
