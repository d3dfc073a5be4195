"""Generic tensor helpers: rank, sparse fallbacks for dense-only engines, gather.

An engine without sparse tensors has none of its own (``is_sparse`` is False); ``to_dense`` still densifies
``scipy.sparse`` matrices (accepted as input on every engine, as NumPy arrays are), and ``sparse_coo`` /
``sparse_tensor`` build dense tensors. ``sparse_matmul`` and ``sparse_concatenate`` serve engines whose sparse
tensors lack those products: they compute on dense values.
"""
import sys

import numpy as np

__all__ = ["ndim", "zeros_like", "ones_like", "is_sparse", "to_dense", "sparse_coo", "sparse_tensor", "sparse_matmul", "sparse_concatenate",
           "gather"]

_ndarray = np.ndarray


def is_scipy_sparse(x):
    """Whether ``x`` is a ``scipy.sparse`` matrix or array (without importing SciPy: if it is not loaded, x is not)."""
    if type(x) is _ndarray:
        return False
    module = sys.modules.get("scipy.sparse")
    return module is not None and module.issparse(x)


def ndim(E, x):
    return len(E.shape_of(x))


def zeros_like(E, x, dtype):
    """Zeros of the shape of ``x`` and of ``dtype`` (an engine whose tensors live on devices gives its own, made on
    the device of ``x``)."""
    return E.zeros(E.shape_of(x), dtype)


def ones_like(E, x, dtype):
    """Ones of the shape of ``x`` and of ``dtype`` (see ``zeros_like``)."""
    return E.ones(E.shape_of(x), dtype)


def is_sparse(E, tensor):
    return False


def to_dense(E, tensor):
    if is_scipy_sparse(tensor):
        return E.convert(tensor.toarray())
    return E.convert(tensor)


def sparse_coo(E, indices, values, shape):
    """Dense fallback: ``values`` at ``indices`` ((nnz, ndim) ints) in zeros of ``shape``."""
    values = np.asarray(E.to_numpy(values))
    dense = np.zeros(shape, dtype=values.dtype)
    dense[tuple(np.asarray(indices, dtype=np.int64).reshape(-1, len(shape)).T)] = values
    return E.convert(dense)


def sparse_tensor(E, value, dtype):
    """Dense fallback for ``K.variable(sparse)``: the value densified, as ``dtype``."""
    return E.cast(E.to_dense(value), dtype)


def sparse_matmul(E, x, y):
    """Fallback: the product of the 2-D sparse ``x``, densified, and the dense ``y`` (of one dtype)."""
    return E.matmul(E.to_dense(x), y)


def sparse_concatenate(E, tensors, axis):
    """Fallback: the sparse tensors (one dtype, shapes checked by the facade) joined along ``axis`` as dense values,
    then made sparse again from the non-zero entries (on the host: eager only)."""
    dense = np.asarray(E.to_numpy(E.concatenate([E.to_dense(t) for t in tensors], axis)))
    indices = np.argwhere(dense)
    return E.sparse_coo(indices, E.convert(dense[tuple(indices.T)]), dense.shape)


def gather(E, reference, indices):
    return E.take(E.convert(reference), E.convert(indices), 0)
