"""NumPy engine: matrix products (``dot`` also of SciPy sparse matrices, as Keras 2 on TF multiplied sparse tensors)."""
import types

import numpy as np

from kbackend.engine_api import coerce_with, sparse_dot

from .core import array_result, convert, dtype_of, shape_of
from .sparse import is_sparse, sparse_matmul, sparse_tensor, to_dense

__all__ = ["matmul", "tensordot", "dot"]

_ndarray = np.ndarray


def matmul(x, y):
    if type(x) is not np.ndarray or type(y) is not np.ndarray or x.dtype != y.dtype:
        x, y = coerce_with(convert, dtype_of, x, y)
    out = np.matmul(x, y)
    return out if type(out) is _ndarray else array_result(out)


def tensordot(x, y, axes):
    x, y = coerce_with(convert, dtype_of, x, y)
    out = np.tensordot(x, y, axes)
    return out if type(out) is _ndarray else array_result(out)


def dot(x, y):
    if type(x) is not np.ndarray or type(y) is not np.ndarray or x.dtype != y.dtype:
        try:
            x, y = coerce_with(convert, dtype_of, x, y)
        except TypeError:  # (a sparse operand cannot be converted: looked for only then, at no cost to dense calls)
            if is_sparse(x) or is_sparse(y):
                out = _sparse_dot(x, y)
                return out if type(out) is _ndarray else array_result(out)
            raise
    if y.ndim <= 2:
        out = np.matmul(x, y) if x.ndim >= 1 and y.ndim >= 1 else x * y
        return out if type(out) is _ndarray else array_result(out)
    out = np.tensordot(x, y, ((x.ndim - 1,), (y.ndim - 2,)))
    return out if type(out) is _ndarray else array_result(out)


def _sparse_dot(x, y):
    """``dot`` with a sparse operand: the generic version (``kbackend.generic.linalg.sparse_dot``) on this engine's
    functions."""
    return sparse_dot(_SPARSE_DOT_OPS, x, y)


_SPARSE_DOT_OPS = types.SimpleNamespace(is_sparse=is_sparse, to_dense=to_dense, convert=convert, shape_of=shape_of,
                                        dtype_of=dtype_of, sparse_tensor=sparse_tensor, sparse_matmul=sparse_matmul,
                                        dot=dot)
