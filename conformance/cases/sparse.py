"""Checks: sparse tensors (is_sparse, to_dense, variable / placeholder / eval of sparse values, dot, concatenate).

Each engine has its own sparse tensors (``scipy.sparse`` on NumPy, sparse-layout ``torch.Tensor``,
``jax.experimental.sparse`` arrays, ``tf.SparseTensor``); ``K.variable`` of a sparse value gives one of them (an
engine without the ``sparse`` capability densifies it into an ordinary variable). ``scipy.sparse`` matrices are
accepted as input on every engine. As in Keras 2 on TF, ``dot`` of a sparse tensor and a dense one is the dense
product, and ``concatenate`` of sparse tensors only is sparse (on engines with the capability). References are
computed on the densified matrices in float64. The checks that build ``scipy.sparse`` inputs need SciPy: without it
they raise ``OptionalDependencyError`` and are reported as skipped, naming the extra to install.
"""
import numpy as np

from kbackend.engine_api import active_engine, require

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
    return bool(active_engine().capabilities.get("sparse"))


def sparse_variable(K):
    sparse = _scipy()
    matrix = _csr(sparse)
    dense = matrix.toarray()
    v = K.variable(matrix)
    assert K.is_sparse(v) == _has_sparse(K), f"is_sparse(variable(csr)) on {type(v).__name__}"
    # a tensor, unless the engine's sparse tensors are SciPy matrices: those are data (is_tensor)
    assert K.is_tensor(v) is not sparse.issparse(v)
    assert K.dtype(v) == K.floatx(), K.dtype(v)
    assert tuple(K.int_shape(v)) == (4, 5) and K.ndim(v) == 2
    np.testing.assert_array_equal(K.eval(v), dense)          # eval and get_value densify
    np.testing.assert_array_equal(K.get_value(v), dense)
    np.testing.assert_array_equal(K.batch_get_value([v])[0], dense)
    d = K.to_dense(v)
    assert not K.is_sparse(d) and K.is_tensor(d) is not isinstance(d, np.ndarray)  # NumPy arrays are data
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
    assert K.is_tensor(d) is not isinstance(d, np.ndarray) and not K.is_sparse(d)
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


def _close(actual, expected):
    np.testing.assert_allclose(np.asarray(actual, dtype=np.float64), expected, rtol=1e-6, atol=1e-6)


def sparse_dot(K):
    """Keras 2.3.1's test_sparse_dot, then other dtypes and operands: the dense product, of the promoted dtype."""
    sparse = _scipy()
    if sparse is None:
        return
    matrix = _csr(sparse)
    dense = matrix.toarray().astype(np.float64)
    w = np.random.default_rng(11).uniform(-1.0, 1.0, (5, 4)).round(3)
    for dtype in ("float32", "float64", "int32"):
        v = K.variable(matrix, dtype=dtype)
        values = w if dtype != "int32" else np.arange(20).reshape(5, 4) - 7
        for y in (K.variable(values, dtype=dtype), K.constant(values, dtype=dtype), values.astype(dtype)):
            out = K.dot(v, y)
            assert not K.is_sparse(out), f"dot of a sparse tensor is sparse ({dtype}, {type(y).__name__})"
            assert K.dtype(out) == dtype and tuple(K.int_shape(out)) == (4, 4), (K.dtype(out), K.int_shape(out))
            _close(K.eval(out), dense @ values)
    v = K.variable(matrix)
    out = K.dot(v, K.constant(w, dtype="float64"))  # float32 sparse times float64 dense: float64
    assert K.dtype(out) == "float64", K.dtype(out)
    _close(K.eval(out), dense @ w)
    ones = np.ones((2, 4), dtype=np.float32)
    out = K.dot(K.constant(ones), v)  # a dense x, a sparse y: y is densified
    assert not K.is_sparse(out) and tuple(K.int_shape(out)) == (2, 5)
    _close(K.eval(out), ones @ dense)
    out = K.dot(v, K.variable(sparse.csr_matrix(w.astype(np.float32))))  # sparse times sparse: dense
    assert not K.is_sparse(out) and tuple(K.int_shape(out)) == (4, 4)
    _close(K.eval(out), dense @ w.astype(np.float32))
    out = K.dot(v, K.constant(w[:, 0]))  # a 1-D y
    assert tuple(K.int_shape(out)) == (4,)
    _close(K.eval(out), dense @ w[:, 0].astype(np.float32))
    cube = np.arange(30.0).reshape(2, 5, 3) / 10
    out = K.dot(v, K.constant(cube))  # a 3-D y: (4, 5) . (2, 5, 3) -> (4, 2, 3)
    assert tuple(K.int_shape(out)) == (4, 2, 3)
    _close(K.eval(out), np.tensordot(dense, cube.astype(np.float32), (1, 1)))


def sparse_dot_in_graph(K):
    """A sparse tensor times a placeholder and a variable inside K.function, and the gradients through the product."""
    sparse = _scipy()
    if sparse is None:
        return
    matrix = _csr(sparse)
    dense = matrix.toarray().astype(np.float64)
    w = np.random.default_rng(12).uniform(-1.0, 1.0, (5, 3)).round(3)
    s = K.variable(matrix, dtype="float64")
    p, v = K.placeholder((5, 3), dtype="float64"), K.variable(w, dtype="float64")
    y = K.dot(s, p) + K.dot(s, v)
    assert tuple(K.int_shape(y)) == (4, 3) and K.dtype(y) == "float64"
    outputs = [y] + (K.gradients(K.sum(y * y), [p, v]) if _has_gradients(K) else [])
    got = K.function([p], outputs)([w])
    expected = 2 * dense @ w
    _close(got[0], expected)
    for grad in got[1:]:  # d sum(y^2) / dp = d / dv = s^T (2 y)
        _close(grad, dense.T @ (2 * expected))


def _has_gradients(K):
    return bool(active_engine().capabilities.get("gradients"))


def sparse_concatenate(K):
    """Keras 2.3.1's test_sparse_concat, then other axes and dtypes: sparse inputs only give a sparse result; a
    dense input makes the result dense; shapes that differ are a ValueError."""
    sparse = _scipy()
    if sparse is None:
        return
    matrix = _csr(sparse)
    dense = matrix.toarray().astype(np.float64)
    other = sparse.csr_matrix(np.arange(20.0).reshape(4, 5) % 3 == 0, dtype=np.float32)
    a, b = K.variable(matrix), K.variable(other)
    for axis, expected_axis in ((-1, 1), (0, 0), (1, 1)):
        out = K.concatenate([a, b], axis=axis)
        assert K.is_sparse(out) == _has_sparse(K), f"is_sparse of a sparse concatenation on {type(out).__name__}"
        assert K.dtype(out) == "float32" and tuple(K.int_shape(out)) == ((8, 5) if expected_axis == 0 else (4, 10))
        _close(K.eval(out), np.concatenate([dense, other.toarray()], expected_axis))
    out = K.concatenate((a, K.variable(matrix, dtype="float64"), a), axis=0)  # a tuple, promoted to float64
    assert K.is_sparse(out) == _has_sparse(K) and K.dtype(out) == "float64", K.dtype(out)
    _close(K.eval(out), np.concatenate([dense] * 3, 0))
    _close(K.eval(K.to_dense(out)), np.concatenate([dense] * 3, 0))
    out = K.concatenate([a, K.constant(np.ones((4, 2)))], axis=1)  # a dense input: dense result
    assert not K.is_sparse(out) and tuple(K.int_shape(out)) == (4, 7)
    _close(K.eval(out), np.concatenate([dense, np.ones((4, 2))], 1))
    out = K.concatenate([a, b], axis=0)
    w = np.arange(10.0).reshape(5, 2)
    _close(K.eval(K.dot(out, K.constant(w))), np.concatenate([dense, other.toarray()], 0) @ w)
    try:
        K.concatenate([a, K.variable(sparse.csr_matrix((3, 4), dtype=np.float32))], axis=0)
    except ValueError:
        return
    raise AssertionError("concatenate of sparse tensors of shapes (4, 5) and (3, 4) along axis 0 did not raise "
                         "ValueError")


CASES = [
    CheckCase("is_sparse", sparse_variable, "variable-of-scipy-csr"),
    CheckCase("to_dense", sparse_variable, "variable-of-scipy-csr"),
    CheckCase("to_dense", scipy_input, "scipy-input"),
    CheckCase("is_sparse", dense_values, "dense-values"),
    CheckCase("to_dense", dense_values, "dense-values"),
    CheckCase("is_sparse", sparse_placeholder, "placeholder"),
    CheckCase("is_sparse", engine_sparse_tensor, "engine-sparse-tensor"),
    CheckCase("to_dense", engine_sparse_tensor, "engine-sparse-tensor"),
    CheckCase("dot", sparse_dot, "sparse-operands"),
    CheckCase("dot", sparse_dot_in_graph, "sparse-in-graph-and-gradients"),
    CheckCase("concatenate", sparse_concatenate, "sparse-tensors"),
]
