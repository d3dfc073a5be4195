"""JAX engine: sparse tensors are ``jax.experimental.sparse`` arrays (BCOO, BCSR); ``sparse_coo`` and
``sparse_tensor`` (``K.variable`` of a sparse value) build BCOO arrays. ``jax.experimental.sparse`` (which imports
SciPy) is imported on first use only: before that, no value can be one of its arrays."""
import sys

import numpy as np

from kbackend.generic.tensors import is_scipy_sparse

from .core import JNP_DTYPES, ArrayImpl, as_array, convert

__all__ = ["is_sparse", "to_dense", "sparse_coo", "sparse_tensor"]

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
