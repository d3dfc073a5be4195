"""Cases: tensor creation, conversion, introspection (values, dtypes and shapes) and their errors."""
import numpy as np

from ..model import ALL_DTYPES, DT, FLOATS, NUMERIC, Case, CheckCase, ErrorCase, T, fixed, floatx_default, same
from .inputs import A35, A234, EMPTY_0x3, INT_VALUES


def _like(fill):
    def reference(x, dtype=None):
        return np.full(np.shape(x), fill, dtype=np.float64)
    return reference


def _eye(size, dtype=None):
    rows, cols = (size, size) if isinstance(size, int) else size
    return np.array([[1.0 if i == j else 0.0 for j in range(cols)] for i in range(rows)]).reshape(rows, cols)


def _arange(start, stop=None, step=1, dtype="int32"):
    start, step = np.asarray(start).item(), np.asarray(step).item()  # (0-d tensor bounds arrive as 0-d arrays)
    stop = None if stop is None else np.asarray(stop).item()
    if stop is None:
        start, stop = 0, max(start, 0)
    values, value = [], start
    while (step > 0 and value < stop) or (step < 0 and value > stop):
        values.append(value)
        value += step
    return np.array(values, dtype=np.float64)


def data_is_not_a_tensor(K):
    """NumPy arrays and scalars, SciPy sparse matrices and Python values are data, not tensors, on every engine
    (Keras 2's fit/evaluate/predict tell data from symbolic inputs with is_tensor); is_keras_tensor of data is a
    ValueError. Variables and placeholders are tensors; so are engine results, unless they are NumPy arrays."""
    data = [np.ones((2, 3), dtype=np.float32), np.array(1.0), np.float32(1.0), np.int64(3), 1.0, 2, [1.0, 2.0]]
    try:
        from scipy import sparse
        data.append(sparse.csr_matrix(np.eye(2, dtype=np.float32)))
    except ImportError:
        pass
    for value in data:
        assert K.is_tensor(value) is False, f"is_tensor({type(value).__name__}) is not False"
        try:
            K.is_keras_tensor(value)
        except ValueError:
            continue
        raise AssertionError(f"is_keras_tensor({type(value).__name__}) did not raise ValueError")
    v = K.variable(np.ones(2))
    result = K.exp(v)
    assert K.is_tensor(v) is True and K.is_keras_tensor(v) is False
    assert K.is_tensor(result) is (not isinstance(result, np.ndarray)), type(result)
    p = K.placeholder((None, 2))
    assert K.is_tensor(p) is True and K.is_tensor(K.exp(p)) is True and K.is_keras_tensor(K.exp(p)) is False


CASES = [
    # creation, with the dtype argument and with the floatx default
    Case("zeros", ((2, 3),), {"dtype": DT}, lambda shape, dtype: np.zeros(shape), ALL_DTYPES, same, "dtype"),
    Case("zeros", ((2, 3),), {}, lambda shape: np.zeros(shape), ("float32",), floatx_default, "default-floatx"),
    Case("zeros", ((0, 3),), {}, lambda shape: np.zeros(shape), ("float32",), floatx_default, "size0"),
    Case("zeros", (4,), {}, lambda shape: np.zeros(shape), ("float32",), floatx_default, "int-shape"),
    Case("ones", ((3, 1, 2),), {"dtype": DT}, lambda shape, dtype: np.ones(shape), ALL_DTYPES, same, "dtype"),
    Case("ones", ([2, 2],), {}, lambda shape: np.ones(shape), ("float32",), floatx_default, "list-shape"),
    Case("ones", ((),), {}, lambda shape: np.ones(shape), ("float32",), floatx_default, "scalar"),
    Case("eye", (3,), {"dtype": DT}, _eye, NUMERIC, same, "square"),
    Case("eye", ((2, 4),), {}, _eye, ("float32",), floatx_default, "tuple-size"),
    Case("eye", ((4, 2),), {"dtype": DT}, _eye, FLOATS, same, "tall"),
    Case("zeros_like", (T(A35),), {}, _like(0.0), ALL_DTYPES, floatx_default, "default-floatx"),
    Case("zeros_like", (T(A35),), {"dtype": "int32"}, _like(0.0), FLOATS, fixed("int32"), "dtype"),
    Case("ones_like", (T(A234),), {}, _like(1.0), ALL_DTYPES, floatx_default, "default-floatx"),
    Case("ones_like", (T(A35),), {"dtype": "float64"}, _like(1.0), ("float32", "int32"), fixed("float64"), "dtype"),
    Case("ones_like", (T(EMPTY_0x3),), {}, _like(1.0), ("float32",), floatx_default, "size0"),
    Case("constant", (A35,), {"dtype": DT}, lambda v, dtype: v, ALL_DTYPES, same, "array"),
    Case("constant", (2.5,), {}, lambda v: np.array(2.5), ("float32",), floatx_default, "python-float"),
    Case("constant", ([[1, 2], [3, 4]],), {}, lambda v: np.array(v), ("float32",), floatx_default, "int-list"),
    Case("constant", (7,), {"shape": (2, 3)}, lambda v, shape: np.full(shape, 7.0), ("float32",), floatx_default,
         "fill-shape"),
    Case("constant", (np.arange(6),), {"shape": (3, 2), "dtype": DT}, lambda v, shape, dtype: np.reshape(v, shape),
         NUMERIC, same, "reshape-to-shape"),
    Case("cast", (T(A35), DT), {}, lambda x, dtype: x, ALL_DTYPES, same, "from-float32"),
    Case("cast", (T(INT_VALUES, "int32"), DT), {}, lambda x, dtype: x, ALL_DTYPES, same, "from-int32"),
    Case("cast", (T(np.array([0.0, 1.0, 2.0]), "float64"), "bool"), {}, lambda x, d: x != 0, ("bool",),
         fixed("bool"), "to-bool"),
    Case("identity", (T(A35),), {}, lambda x: x, ALL_DTYPES, same, "matrix"),
    Case("identity", (T(A35, variable=True),), {}, lambda x: x, FLOATS, same, "variable"),
    Case("to_dense", (T(A35),), {}, lambda x: x, FLOATS, same, "dense-input"),
    Case("shape", (T(A234),), {}, lambda x: np.array(x.shape), ("float32",), fixed("int32"), "rank3"),
    Case("shape", (T(EMPTY_0x3),), {}, lambda x: np.array(x.shape), ("float32",), fixed("int32"), "size0"),
    Case("size", (T(A234),), {}, lambda x: np.array(x.size), ("float32",), fixed("int32"), "rank3"),
    Case("size", (T(np.array(1.0)),), {}, lambda x: np.array(1), ("float32",), fixed("int32"), "scalar"),
    Case("eval", (T(A35),), {}, lambda x: x, ALL_DTYPES, same, "tensor"),
    Case("eval", (T(A35, variable=True),), {}, lambda x: x, FLOATS, same, "variable"),
    Case("get_value", (T(A35, variable=True),), {}, lambda x: x, FLOATS, same, "variable"),
    Case("arange", (5,), {}, _arange, ("int32",), fixed("int32"), "stop-only"),
    Case("arange", (-3,), {}, _arange, ("int32",), fixed("int32"), "negative-single-arg-empty"),
    Case("arange", (2, 11, 3), {}, _arange, ("int32",), fixed("int32"), "start-stop-step"),
    Case("arange", (10, 0, -2), {}, _arange, ("int32",), fixed("int32"), "negative-step"),
    Case("arange", (0, 3), {"dtype": DT}, _arange, ("int32", "int64", "float32", "float64"), same, "dtype"),
    Case("arange", (0.5, 2.5, 0.5), {"dtype": "float32"}, _arange, ("float32",), same, "float-steps"),
    # 0-d tensors and variables as bounds, read as numbers (Keras 2: K.arange(K.constant(3, dtype='int32')))
    Case("arange", (T(5, "int32"),), {}, _arange, ("int32",), fixed("int32"), "tensor-stop-only"),
    Case("arange", (T(-3, "int32"),), {}, _arange, ("int32",), fixed("int32"), "tensor-negative-single-arg-empty"),
    Case("arange", (T(2, "int64"), T(11, "int32"), T(3, "int32")), {}, _arange, ("int32",), fixed("int32"),
         "tensor-start-stop-step"),
    Case("arange", (T(10, "int32"), 0, T(-2, "int64")), {}, _arange, ("int32",), fixed("int32"),
         "tensor-negative-step"),
    Case("arange", (T(3, "int32"),), {"dtype": DT}, _arange, ("int32", "int64", "float32", "float64"), same,
         "tensor-stop-dtype"),
    Case("arange", (T(0.5, "float32"), 2.5, T(0.5, "float64")), {"dtype": "float32"}, _arange, ("float32",), same,
         "tensor-float-steps"),
    Case("arange", (T(1, "int32", variable=True), T(7, "int32", variable=True)), {}, _arange, ("int32",),
         fixed("int32"), "variable-bounds"),
    Case("arange", (T(4, "int32", as_numpy=True),), {}, _arange, ("int32",), fixed("int32"), "numpy-0d-stop"),
    ErrorCase("zeros", ((2, 3),), {"dtype": "float8"}, TypeError, "unknown-dtype"),
    # complex values: TypeError everywhere (no engine silently drops the imaginary part)
    ErrorCase("constant", (np.array([1 + 2j]),), {}, TypeError, "complex-value"),
    ErrorCase("constant", (1j,), {}, TypeError, "complex-scalar"),
    ErrorCase("variable", (np.array([1 + 2j]),), {}, TypeError, "complex-value"),
    ErrorCase("exp", (np.array([1 + 2j]),), {}, TypeError, "complex-input"),
    ErrorCase("sum", (np.array([1 + 2j]),), {}, TypeError, "complex-input"),
    ErrorCase("ones", ((2, -1),), {}, ValueError, "negative-dim"),
    ErrorCase("eye", ((2, 3, 4),), {}, ValueError, "three-dims"),
    ErrorCase("cast", (T(A35), "float8"), {}, TypeError, "unknown-dtype"),
    ErrorCase("cast", (T(A35), 3), {}, TypeError, "int-dtype"),
    ErrorCase("constant", (np.arange(5),), {"shape": (2, 3)}, ValueError, "size-mismatch"),
    ErrorCase("variable", (A35,), {"dtype": "complex1"}, TypeError, "unknown-dtype"),
    ErrorCase("variable", ("text",), {}, TypeError, "string-value"),
    ErrorCase("is_keras_tensor", ([1.0, 2.0],), {}, ValueError, "python-list"),
    ErrorCase("is_keras_tensor", (T(A35, as_numpy=True),), {}, ValueError, "numpy-array"),
    CheckCase("is_tensor", data_is_not_a_tensor, "numpy-data-is-not-a-tensor"),
    ErrorCase("update", (T(A35), T(A35)), {}, TypeError, "not-a-variable"),
    ErrorCase("update_add", (T(A35), T(A35)), {}, TypeError, "not-a-variable"),
    ErrorCase("set_value", (T(A35), A35), {}, TypeError, "not-a-variable"),
    ErrorCase("update", (T(A35, variable=True), T(np.ones((2, 2)))), {}, ValueError, "shape-mismatch"),
    ErrorCase("arange", (0, 5, 0), {}, ValueError, "zero-step"),
    ErrorCase("arange", (T(0, "int32"), 5, T(0, "int32")), {}, ValueError, "zero-tensor-step"),
    ErrorCase("arange", (T(np.array([1, 2]), "int32"),), {}, TypeError, "1d-tensor-stop"),
    ErrorCase("arange", (T(1, "bool"),), {}, TypeError, "bool-tensor-stop"),
    ErrorCase("arange", (True,), {}, TypeError, "bool-stop"),
    ErrorCase("arange", ("3",), {}, TypeError, "string-stop"),
]
