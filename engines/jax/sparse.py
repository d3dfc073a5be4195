"""JAX engine: sparse tensors are ``jax.experimental.sparse`` arrays (BCOO, BCSR); ``sparse_coo`` and
``sparse_tensor`` (``K.variable`` of a sparse value) build BCOO arrays. ``jax.experimental.sparse`` (which imports
SciPy) is imported on first use only: before that, no value can be one of its arrays. ``sparse_matmul`` is the BCOO
product (bool computes on dense values); ``sparse_concatenate`` joins BCOO arrays."""
import sys

import numpy as np

from kbackend.engine_api import is_scipy_sparse

from .core import JNP_DTYPES, ArrayImpl, as_array, convert

__all__ = ["is_sparse", "to_dense", "sparse_coo", "sparse_tensor", "sparse_matmul", "sparse_concatenate"]

_MODULE = "jax.experimental.sparse"


def is_sparse(tensor):
    if type(tensor) is ArrayImpl:
        return False
    module = sys.modules.get(_MODULE)
    return module is not None and isinstance(tensor, module.JAXSparse)


def to_dense(tensor):
    if is_sparse(tensor):
        return tensor.todense()
    if is_scipy_sparse(tensor):
        return convert(tensor.toarray())
    return convert(tensor)


def _bcoo():
    from jax.experimental.sparse import BCOO
    return BCOO


def sparse_coo(indices, values, shape):
    indices = np.asarray(indices, dtype=np.int64).reshape(-1, len(shape))
    return _bcoo()((as_array(values), convert(indices)), shape=tuple(shape))


def sparse_tensor(value, dtype):
    if is_sparse(value):
        return value.astype(JNP_DTYPES[dtype])
    if not is_scipy_sparse(value):
        raise TypeError(f"Expected a sparse array or a scipy.sparse matrix, got {type(value).__name__}")
    coo = value.tocoo()
    indices = np.stack(coo.coords, axis=1).astype(np.int64)
    return _bcoo()((convert(np.asarray(coo.data), dtype), convert(indices)), shape=coo.shape)


def _as_bcoo(tensor):
    return tensor if isinstance(tensor, _bcoo()) else tensor.to_bcoo()


def sparse_matmul(x, y):
    """The dense product of the 2-D sparse array ``x`` and the dense 2-D array ``y`` (of one dtype)."""
    if x.dtype == bool:  # (the BCOO product of bools is an integer)
        return (x.todense().astype(np.int64) @ as_array(y).astype(np.int64)) != 0
    return _as_bcoo(x) @ as_array(y)


def sparse_concatenate(tensors, axis):
    """The sparse arrays (one dtype, shapes checked by the facade) joined along ``axis``, as a BCOO array."""
    from jax.experimental.sparse import bcoo_concatenate
    return bcoo_concatenate([_as_bcoo(t) for t in tensors], dimension=axis)
