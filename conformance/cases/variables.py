"""Checks: variables, in-place updates, Python operators, random variables, the promotion rule."""
import numpy as np

from ..model import CheckCase


def _close(actual, expected, rtol=1e-6):
    np.testing.assert_allclose(np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64),
                               rtol=rtol, atol=1e-7)


def variable_basics(K):
    v = K.variable(np.array([[1, 2], [3, 4]]), name="weights")
    assert K.is_variable(v) and K.is_tensor(v) and not K.is_placeholder(v)
    assert K.dtype(v) == K.floatx(), "integer input must give a floatx variable"
    assert K.int_shape(v) == (2, 2) and K.ndim(v) == 2 and K.count_params(v) == 4
    assert isinstance(v.name, str) and v.name.startswith("weights")
    assert not K.is_keras_tensor(v)
    _close(K.get_value(v), [[1, 2], [3, 4]])
    w = K.variable(np.ones(3), dtype="float64")
    assert K.dtype(w) == "float64"
    source = np.zeros(2, dtype="float32")
    u = K.variable(source)
    source[0] = 5.0
    _close(K.get_value(u), [0.0, 0.0])  # the variable copied its value


def variable_updates(K):
    v = K.variable(np.array([1.0, 2.0]))
    K.update(v, np.array([3.0, 4.0]))
    _close(K.eval(v), [3.0, 4.0])
    K.update_add(v, np.array([1.0, 1.0]))
    _close(K.eval(v), [4.0, 5.0])
    K.update_sub(v, K.constant([0.5, 0.5]))
    _close(K.eval(v), [3.5, 4.5])
    result = K.update_add(v, 1.0)
    _close(K.eval(result), [4.5, 5.5])  # evaluating the update gives the new value
    K.moving_average_update(v, np.array([0.5, 1.5]), 0.75)  # x - (x - value) * (1 - momentum)
    _close(K.eval(v), [4.5 - 4.0 * 0.25, 5.5 - 4.0 * 0.25])
    K.set_value(v, np.array([7, 8]))
    assert K.dtype(v) == K.floatx()
    _close(K.get_value(v), [7.0, 8.0])
    a, b = K.variable(np.zeros(2)), K.variable(np.zeros((1, 2)))
    K.batch_set_value([(a, np.ones(2)), (b, np.full((1, 2), 2.0))])
    values = K.batch_get_value([a, b])
    _close(values[0], [1.0, 1.0])
    _close(values[1], [[2.0, 2.0]])


def variable_operators(K):
    v = K.variable(np.array([[1.0, -2.0], [3.0, 4.0]]))
    x = K.constant(np.array([[10.0, 20.0], [30.0, 40.0]]))
    _close(K.eval(v * 2), [[2.0, -4.0], [6.0, 8.0]])
    _close(K.eval(2 * v), [[2.0, -4.0], [6.0, 8.0]])
    _close(K.eval(x + v), [[11.0, 18.0], [33.0, 44.0]])
    _close(K.eval(v - x), [[-9.0, -22.0], [-27.0, -36.0]])
    _close(K.eval(-v), [[-1.0, 2.0], [-3.0, -4.0]])
    _close(K.eval(v / 2), [[0.5, -1.0], [1.5, 2.0]])
    _close(K.eval(v ** 2), [[1.0, 4.0], [9.0, 16.0]])
    _close(K.eval(v[0]), [1.0, -2.0])
    _close(K.eval(v[:, 1]), [-2.0, 4.0])
    assert K.dtype(v * 0.5) == K.floatx(), "a Python float must not upcast a floatx variable"
    assert K.eval(v > 0).tolist() == [[True, False], [True, True]]
    _close(np.asarray(v), [[1.0, -2.0], [3.0, 4.0]])
    _close(K.eval(K.sum(v)), 6.0)


def random_variables(K):
    u = K.random_uniform_variable((200, 200), -1.0, 2.0, seed=7)
    values = K.get_value(u)
    assert K.is_variable(u) and K.dtype(u) == K.floatx() and values.shape == (200, 200)
    assert values.min() >= -1.0 and values.max() < 2.0
    assert abs(values.mean() - 0.5) < 0.05 and abs(values.std() - 3.0 / np.sqrt(12.0)) < 0.05
    again = K.get_value(K.random_uniform_variable((200, 200), -1.0, 2.0, seed=7))
    np.testing.assert_array_equal(values, again)
    n = K.random_normal_variable((200, 200), 1.5, 0.5, dtype="float64", seed=3)
    values = K.get_value(n)
    assert K.dtype(n) == "float64"
    assert abs(values.mean() - 1.5) < 0.02 and abs(values.std() - 0.5) < 0.02
    np.random.seed(11)
    first = K.get_value(K.random_normal_variable((3, 3), 0.0, 1.0))
    np.random.seed(11)
    second = K.get_value(K.random_normal_variable((3, 3), 0.0, 1.0))
    np.testing.assert_array_equal(first, second)  # seed=None follows NumPy's global seed


PROMOTION_TABLE = (
    # (dtype of x, dtype of y or a Python scalar, expected result dtype)
    ("float32", "float64", "float64"), ("float16", "float32", "float32"), ("int32", "float32", "float32"),
    ("int64", "float16", "float16"), ("int32", "int64", "int64"), ("bool", "int32", "int32"),
    ("bool", "float16", "float16"), ("float16", 0.5, "float16"), ("float32", 2, "float32"),
    ("int32", 0.5, "floatx"), ("int64", 3, "int64"), ("bool", 1, "int32"), ("float64", True, "float64"),
)


def promotion_rule(K):
    for dx, y, expected in PROMOTION_TABLE:
        expected = K.floatx() if expected == "floatx" else expected
        x = K.cast(K.constant(np.array([1.0, 0.0])), dx)
        other = K.cast(K.constant(np.array([1.0, 1.0])), y) if isinstance(y, str) else y
        for fn in (K.maximum, K.minimum):
            got = K.dtype(fn(x, other))
            assert got == expected, f"{fn.__name__}({dx}, {y!r}) gave {got}, expected {expected}"
            got = K.dtype(fn(other, x))
            assert got == expected, f"{fn.__name__}({y!r}, {dx}) gave {got}, expected {expected}"
        assert K.dtype(K.equal(x, other)) == "bool"
    assert K.dtype(K.maximum(2, 3)) == "int32" and K.dtype(K.maximum(2, 3.5)) == K.floatx()


def dtype_table(K):
    """The default dtypes of semantics.md 3.1."""
    floatx = K.floatx()
    assert K.dtype(K.variable(np.array([1, 2]))) == floatx
    assert K.dtype(K.constant(1)) == floatx
    assert K.dtype(K.zeros((2,))) == floatx and K.dtype(K.ones((2,))) == floatx
    assert K.dtype(K.eye(2)) == floatx
    assert K.dtype(K.zeros_like(K.constant([1, 2], dtype="int32"))) == floatx
    assert K.dtype(K.arange(3)) == "int32"
    assert K.dtype(K.argmax(K.constant([[1.0, 2.0]]))) == "int64"
    assert K.dtype(K.any(K.constant([0.0, 1.0]))) == "bool"
    assert K.dtype(K.mean(K.constant([1, 2], dtype="int32"))) == floatx
    assert K.dtype(K.cast(K.constant([1.5]), "int64")) == "int64"
    assert K.dtype(K.sum(K.constant([1, 2], dtype="int32"))) == "int32"
    assert K.dtype(K.constant(1.0) * 0.5) == floatx


def zeros_are_variables(K):
    """Keras 2 on TF: zeros/ones give a variable unless a dimension is 0."""
    assert K.is_variable(K.zeros((2, 3))) and K.is_variable(K.ones((1,)))
    assert not K.is_variable(K.zeros((0, 3)))


def engine_tensors_interop(K):
    """Engine tensors, NumPy arrays and Python scalars are accepted alike."""
    native = K.constant(np.array([1.0, 2.0]))
    assert K.is_tensor(native) is not isinstance(native, np.ndarray)  # NumPy arrays are data (is_tensor)
    _close(K.eval(K.maximum(native, np.array([0.0, 3.0], dtype="float32"))), [1.0, 3.0])
    _close(K.eval(K.maximum(native, 1.5)), [1.5, 2.0])
    _close(K.eval(K.sum([1.0, 2.0, 3.0])), 6.0)
    _close(K.eval(K.exp(0.0)), 1.0)


def is_variable_kinds(K):
    v = K.variable(np.ones(2))
    assert K.is_variable(v) is True
    for other in (K.constant([1.0]), K.placeholder(shape=(2,)), np.ones(2), 1.0, v * 2.0, K.zeros((0, 3))):
        assert K.is_variable(other) is False, type(other).__name__
    assert K.is_variable(K.zeros((2, 3))) and K.is_variable(K.random_normal_variable((2,), 0.0, 1.0, seed=1))


def is_placeholder_kinds(K):
    p = K.placeholder(shape=(None, 2))
    assert K.is_placeholder(p) is True and K.is_placeholder(K.placeholder(ndim=1, sparse=True)) is True
    assert K.is_placeholder(K.learning_phase()) is True
    for other in (p * 2.0, K.constant([1.0]), K.variable([1.0]), np.ones(2), 3):
        assert K.is_placeholder(other) is False, type(other).__name__


def ndim_of_everything(K):
    for shape in ((), (3,), (2, 0), (1, 2, 3), (1, 1, 1, 2)):
        assert K.ndim(K.constant(np.zeros(shape))) == len(shape), shape
    assert K.ndim(K.variable(np.zeros((4, 5)))) == 2 and K.ndim(np.zeros((2, 2, 2))) == 3
    assert K.ndim(K.placeholder(shape=(None, 3))) == 2 and K.ndim(K.placeholder(ndim=4)) == 4
    assert isinstance(K.ndim(K.constant([1.0])), int)


def random_normal_variable_distribution(K):
    v = K.random_normal_variable((100, 100), 2.0, 3.0, seed=5, name="noise")
    values = K.get_value(v)
    assert K.is_variable(v) and K.dtype(v) == K.floatx() and values.shape == (100, 100)
    # 10,000 draws: the mean's standard error is 0.03, the standard deviation's about 0.02.
    assert abs(values.mean() - 2.0) < 0.15 and abs(values.std() - 3.0) < 0.1, (values.mean(), values.std())
    np.testing.assert_array_equal(values, K.get_value(K.random_normal_variable((100, 100), 2.0, 3.0, seed=5)))
    assert K.dtype(K.random_normal_variable((2,), 0.0, 1.0, dtype="float64", seed=1)) == "float64"


def update_sub_in_place(K):
    v = K.variable(np.array([5.0, 7.0]))
    result = K.update_sub(v, np.array([1.0, 2.0]))
    _close(K.get_value(v), [4.0, 5.0])
    _close(K.eval(result), [4.0, 5.0])  # the update's value is the new value
    K.update_sub(v, 0.5)
    _close(K.get_value(v), [3.5, 4.5])
    w = K.variable(np.array([1.0]), dtype="float64")
    K.update_sub(w, K.constant([0.25], dtype="float64"))
    assert K.dtype(w) == "float64"
    _close(K.get_value(w), [0.75])


def moving_average_values(K):
    # x - (x - value) * (1 - momentum), without zero-debias: [1, 2] towards [3, 6] with momentum 0.9.
    v = K.variable(np.array([1.0, 2.0]))
    K.moving_average_update(v, np.array([3.0, 6.0]), 0.9)
    _close(K.get_value(v), [1.2, 2.4])
    K.moving_average_update(v, K.constant([1.2, 2.4]), 0.5)  # already there: unchanged
    _close(K.get_value(v), [1.2, 2.4])
    w = K.variable(np.array([[0.0]]), dtype="float64")
    K.moving_average_update(w, np.array([[10.0]]), 0.0)  # momentum 0: the new value
    assert K.dtype(w) == "float64"
    _close(K.get_value(w), [[10.0]])


def batch_values(K):
    a = K.variable(np.zeros(2))
    b = K.variable(np.zeros((1, 2)), dtype="float64")
    c = K.variable(np.zeros(3), dtype="int32")
    assert K.batch_get_value([]) == []
    K.batch_set_value([(a, [1, 2]), (b, np.full((1, 2), 0.5)), (c, np.array([1.0, 2.0, 3.0]))])
    values = K.batch_get_value([a, b, c])
    assert isinstance(values, list) and all(isinstance(value, np.ndarray) for value in values)
    assert [value.dtype.name for value in values] == [K.floatx(), "float64", "int32"]  # cast to each variable
    _close(values[0], [1.0, 2.0])
    _close(values[1], [[0.5, 0.5]])
    np.testing.assert_array_equal(values[2], [1, 2, 3])
    K.batch_set_value([])
    np.testing.assert_array_equal(K.batch_get_value([c])[0], [1, 2, 3])


CASES = [
    CheckCase("is_variable", is_variable_kinds, "variables-and-others"),
    CheckCase("is_placeholder", is_placeholder_kinds, "placeholders-and-others"),
    CheckCase("ndim", ndim_of_everything, "ranks"),
    CheckCase("random_normal_variable", random_normal_variable_distribution, "distribution-seed-dtype"),
    CheckCase("update_sub", update_sub_in_place, "in-place"),
    CheckCase("moving_average_update", moving_average_values, "no-zero-debias"),
    CheckCase("batch_get_value", batch_values, "lists-and-dtypes"),
    CheckCase("batch_set_value", batch_values, "lists-and-dtypes"),
    CheckCase("variable", variable_basics, "basics"),
    CheckCase("update", variable_updates, "in-place-updates"),
    CheckCase("variable", variable_operators, "python-operators"),
    CheckCase("random_uniform_variable", random_variables, "distribution-seed-dtype"),
    CheckCase("maximum", promotion_rule, "promotion-table"),
    CheckCase("dtype", dtype_table, "default-dtypes"),
    CheckCase("zeros", zeros_are_variables, "variable-unless-empty"),
    CheckCase("is_tensor", engine_tensors_interop, "inputs-accepted"),
]
