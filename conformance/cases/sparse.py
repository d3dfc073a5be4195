"""Checks: sparse tensors (is_sparse, to_dense, and variable / placeholder / eval of sparse values).

Each engine has its own sparse tensors (``scipy.sparse`` on NumPy, sparse-layout ``torch.Tensor``,
``jax.experimental.sparse`` arrays, ``tf.SparseTensor``); ``K.variable`` of a sparse value gives one of them (an
engine without the ``sparse`` capability densifies it into an ordinary variable). ``scipy.sparse`` matrices are
accepted as input on every engine. The checks that build ``scipy.sparse`` inputs need SciPy: without it they
raise ``OptionalDependencyError`` and are reported as skipped, naming the extra to install.
"""
import numpy as np

from kbackend._optional import require

from ..model import CheckCase

# Keras 2.3.1 backend_test.py test_sparse_dot / test_sparse_concat: a (4, 5) CSR matrix, with a stored zero.
DATA = np.array([0, 7, 2, 3], dtype=np.float32)
ROWS = np.array([0, 2, 2, 3])
COLS = np.array([4, 3, 2, 3])


def _scipy():
    return require("scipy.sparse", "This check (scipy.sparse inputs)", 'pip install "kbackend[sparse]"')


def _csr(sparse):
    return sparse.csr_matrix((DATA, (ROWS, COLS)), shape=(4, 5))


def _has_sparse(K):
    return bool(K._registry.active_engine().capabilities.get("sparse"))


def sparse_variable(K):
    sparse = _scipy()
    matrix = _csr(sparse)
    dense = matrix.toarray()
    v = K.variable(matrix)
    assert K.is_sparse(v) == _has_sparse(K), f"is_sparse(variable(csr)) on {type(v).__name__}"
    assert K.is_tensor(v)
    assert K.dtype(v) == K.floatx(), K.dtype(v)
    assert tuple(K.int_shape(v)) == (4, 5) and K.ndim(v) == 2
    np.testing.assert_array_equal(K.eval(v), dense)          # eval and get_value densify
    np.testing.assert_array_equal(K.get_value(v), dense)
    np.testing.assert_array_equal(K.batch_get_value([v])[0], dense)
    d = K.to_dense(v)
    assert not K.is_sparse(d) and K.is_tensor(d)
    assert K.dtype(d) == K.floatx() and tuple(K.int_shape(d)) == (4, 5)
    np.testing.assert_array_equal(K.eval(d), dense)
    w = K.variable(matrix, dtype="float64")
    assert K.dtype(w) == "float64" and K.dtype(K.to_dense(w)) == "float64"
    np.testing.assert_array_equal(K.eval(K.to_dense(w)), dense)
    copy = K.variable(v)  # a variable of an engine sparse tensor
    assert K.is_sparse(copy) == _has_sparse(K)
    np.testing.assert_array_equal(K.eval(copy), dense)
    other = K.variable(sparse.coo_matrix(matrix), dtype="float32")  # any SciPy format
    np.testing.assert_array_equal(K.eval(other), dense)


def scipy_input(K):
    """to_dense accepts a scipy.sparse matrix on every engine; the engine's own sparse tensors only are sparse."""
    sparse = _scipy()
    matrix = _csr(sparse)
    d = K.to_dense(matrix)
    assert K.is_tensor(d) and not K.is_sparse(d)
    assert K.dtype(d) == "float32" and tuple(K.int_shape(d)) == (4, 5)
    np.testing.assert_array_equal(K.eval(d), matrix.toarray())
    empty = K.to_dense(sparse.csr_matrix((0, 3), dtype=np.float64))
    assert tuple(K.int_shape(empty)) == (0, 3) and K.dtype(empty) == "float64"


def dense_values(K):
    """Dense tensors, NumPy arrays and scalars are not sparse; to_dense returns their values."""
    x = K.constant(np.arange(6.0).reshape(2, 3))
    assert not K.is_sparse(x) and not K.is_sparse(np.ones(2)) and not K.is_sparse(1.0)
    assert not K.is_sparse(K.variable(np.ones(2)))
    np.testing.assert_array_equal(K.eval(K.to_dense(x)), np.arange(6.0).reshape(2, 3))
    np.testing.assert_array_equal(K.eval(K.to_dense(np.ones((2, 2), dtype=np.float32))), np.ones((2, 2)))
    assert K.dtype(K.to_dense(np.ones(2, dtype=np.int32))) == "int32"


def sparse_placeholder(K):
    p = K.placeholder((None, 5), sparse=True)
    assert K.is_sparse(p) and K.is_placeholder(p)
    assert tuple(K.int_shape(p)) == (None, 5) and K.dtype(p) == K.floatx()
    assert not K.is_sparse(K.placeholder((None, 5)))
    assert K.is_sparse(K.placeholder(ndim=2, sparse=True))


def engine_sparse_tensor(K):
    """A sparse tensor built by the engine (ctc_label_dense_to_sparse) is sparse and densifies to its values."""
    labels = np.array([[1, 2, 3], [4, 5, 6]])
    s = K.ctc_label_dense_to_sparse(K.constant(labels, dtype="int32"), K.constant([2, 3], dtype="int32"))
    assert K.is_sparse(s) == _has_sparse(K)
    expected = np.array([[1, 2, 0], [4, 5, 6]])
    np.testing.assert_array_equal(K.eval(K.to_dense(s)), expected)
    assert K.dtype(K.to_dense(s)) == "int32"


CASES = [
    CheckCase("is_sparse", sparse_variable, "variable-of-scipy-csr"),
    CheckCase("to_dense", sparse_variable, "variable-of-scipy-csr"),
    CheckCase("to_dense", scipy_input, "scipy-input"),
    CheckCase("is_sparse", dense_values, "dense-values"),
    CheckCase("to_dense", dense_values, "dense-values"),
    CheckCase("is_sparse", sparse_placeholder, "placeholder"),
    CheckCase("is_sparse", engine_sparse_tensor, "engine-sparse-tensor"),
    CheckCase("to_dense", engine_sparse_tensor, "engine-sparse-tensor"),
]
