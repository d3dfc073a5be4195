"""NumPy engine: sparse tensors are ``scipy.sparse`` matrices and arrays (SciPy is imported on first use only; it
is optional: ``pip install "kbackend[sparse]"``).

``sparse_coo`` builds a ``scipy.sparse.coo_array``; ``sparse_tensor`` (``K.variable`` of a sparse value) keeps the
given SciPy format and casts its values.
"""
import numpy as np

from kbackend._optional import require_capability
from kbackend.generic.tensors import is_scipy_sparse

from . import OPTIONAL
from .core import NP_DTYPES, convert

__all__ = ["is_sparse", "to_dense", "sparse_coo", "sparse_tensor"]


def is_sparse(tensor):
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
