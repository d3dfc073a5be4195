"""TensorFlow engine: sparse tensors are ``tf.SparseTensor``s (indices in canonical row-major order);
``sparse_coo`` and ``sparse_tensor`` (``K.variable`` of a sparse value) build them."""
import numpy as np

from kbackend.generic.tensors import is_scipy_sparse

from .core import TF_DTYPES, EagerTensor, convert, tf

__all__ = ["is_sparse", "to_dense", "sparse_coo", "sparse_tensor"]

SparseTensor = tf.SparseTensor
_reorder = tf.sparse.reorder
_sparse_to_dense = tf.sparse.to_dense


def is_sparse(tensor):
    kind = type(tensor)
    if kind is SparseTensor:
        return True
    return kind is not EagerTensor and isinstance(tensor, SparseTensor)  # (isinstance is slow on TF's classes)


def to_dense(tensor):
    if isinstance(tensor, SparseTensor):
        return _sparse_to_dense(tensor, validate_indices=False)
    if is_scipy_sparse(tensor):
        return convert(tensor.toarray())
    return convert(tensor)


def sparse_coo(indices, values, shape):
    indices = np.asarray(indices, dtype=np.int64).reshape(-1, len(shape))
    return _reorder(SparseTensor(indices, convert(values), tuple(shape)))


def sparse_tensor(value, dtype):
    if isinstance(value, SparseTensor):
        return tf.cast(value, TF_DTYPES[dtype])
    if not is_scipy_sparse(value):
        raise TypeError(f"Expected a sparse tensor or a scipy.sparse matrix, got {type(value).__name__}")
    coo = value.tocoo()
    indices = np.stack(coo.coords, axis=1).astype(np.int64)
    return _reorder(SparseTensor(indices, convert(np.asarray(coo.data), dtype), coo.shape))
