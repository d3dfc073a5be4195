"""TensorFlow engine: sparse tensors are ``tf.SparseTensor``s (indices in canonical row-major order);
``sparse_coo`` and ``sparse_tensor`` (``K.variable`` of a sparse value) build them. ``sparse_matmul`` is
``tf.sparse.sparse_dense_matmul`` (int64 and bool, which have no kernel, compute on dense values);
``sparse_concatenate`` is ``tf.sparse.concat``."""
import numpy as np

from kbackend.engine_api import is_scipy_sparse

from .core import TF_DTYPES, EagerTensor, convert, dtype_of, tf
from .devices import follow_inputs_in_module

__all__ = ["is_sparse", "to_dense", "sparse_coo", "sparse_tensor", "sparse_matmul", "sparse_concatenate"]

SparseTensor = tf.SparseTensor
_reorder = tf.sparse.reorder
_sparse_to_dense = tf.sparse.to_dense
_KERNEL_DTYPES = ("float16", "float32", "float64", "int32")  # of SparseTensorDenseMatMul


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


def sparse_matmul(x, y):
    """The dense product of the 2-D sparse tensor ``x`` and the dense 2-D tensor ``y`` (of one dtype)."""
    name = dtype_of(y)
    if name in _KERNEL_DTYPES:
        return tf.sparse.sparse_dense_matmul(x, y)
    wide = TF_DTYPES["int64"]  # int64 and bool: a dense product (bool: "any of the pairwise ands", as NumPy)
    out = tf.matmul(tf.cast(_sparse_to_dense(x, validate_indices=False), wide), tf.cast(y, wide))
    return out if name != "bool" else tf.not_equal(out, 0)


def sparse_concatenate(tensors, axis):
    """The sparse tensors (one dtype, shapes checked by the facade) joined along ``axis``."""
    return tf.sparse.concat(axis, list(tensors))


follow_inputs_in_module(globals(), __all__)
