"""NumPy engine: sparse tensors are ``scipy.sparse`` matrices and arrays (SciPy is imported on first use only; it
is optional: ``pip install "kbackend[sparse]"``).

``sparse_coo`` builds a ``scipy.sparse.coo_array``; ``sparse_tensor`` (``K.variable`` of a sparse value) keeps the
given SciPy format and casts its values. ``sparse_matmul`` (a 2-D sparse matrix times a dense one) is SciPy's product;
``sparse_concatenate`` joins the COO coordinates into a ``coo_array``.
"""
import numpy as np

from kbackend.engine_api import is_scipy_sparse, require_capability

from . import OPTIONAL
from .core import NP_DTYPES, convert

_ndarray = np.ndarray

__all__ = ["is_sparse", "to_dense", "sparse_coo", "sparse_tensor", "sparse_matmul", "sparse_concatenate"]


def is_sparse(tensor):
    if type(tensor) is _ndarray:  # the common case, without a call
        return False
    return is_scipy_sparse(tensor)


def to_dense(tensor):
    if is_scipy_sparse(tensor):
        return tensor.toarray()
    return convert(tensor)


def sparse_coo(indices, values, shape):
    sparse = require_capability(OPTIONAL, "sparse", "A sparse tensor on the NumPy engine (e.g. from "
                                "ctc_label_dense_to_sparse)")
    coords = tuple(np.asarray(indices, dtype=np.int64).reshape(-1, len(shape)).T)
    return sparse.coo_array((convert(values), coords), shape=tuple(shape))


def sparse_tensor(value, dtype):
    if not is_scipy_sparse(value):
        raise TypeError(f"Expected a scipy.sparse matrix, got {type(value).__name__}")
    return value.astype(NP_DTYPES[dtype], copy=True)


def sparse_matmul(x, y):
    """The dense product of the 2-D sparse matrix ``x`` and the dense 2-D array ``y`` (of one dtype)."""
    return np.asarray(x @ y)


def sparse_concatenate(tensors, axis):
    """The sparse matrices (one dtype, shapes checked by the facade) joined along ``axis``, as a ``coo_array``."""
    from scipy import sparse
    coords, values, offset = [], [], 0
    for tensor in tensors:
        coo = tensor.tocoo()
        at = np.stack(coo.coords).astype(np.int64)
        at[axis] += offset
        coords.append(at)
        values.append(coo.data)
        offset += tensor.shape[axis]
    shape = list(tensors[0].shape)
    shape[axis] = offset
    return sparse.coo_array((np.concatenate(values), tuple(np.concatenate(coords, axis=1))), shape=tuple(shape))
