"""Cases: folds (``foldl``, ``foldr``), ``map_fn``, ``stop_gradient`` and ``in_test_phase``.

The folds are compared with a plain Python loop over the rows of a float64 NumPy array (the step functions use only
Python operators, so the same function runs on engine tensors, on placeholders and on NumPy arrays); the gradient
and learning-phase checks use hand-derived values.
"""
import numpy as np

from ..model import FLOATS, INTS, Case, CheckCase, ErrorCase, T, is_engine_tensor, same

ELEMS = np.array([[1.0, 2.0, 0.0], [3.0, -1.0, 2.0], [0.0, 1.0, 1.0], [2.0, 2.0, -1.0]])
VECTOR = np.array([2.0, -1.0, 3.0, 1.0, -2.0])


def double_minus(acc, x):
    return acc * 2 - x


def times_plus(acc, x):
    return acc * x + x


def square_plus_one(row):
    return row * row + 1


def map_rows(fn, elems):
    """The reference ``map_fn``: ``fn`` of each row, stacked."""
    return np.stack([fn(row) for row in elems])


def fold_left(fn, elems, initializer=None):
    """The reference left fold: ``fn(acc, row)`` over the rows, from ``elems[0]`` unless an initializer is given."""
    rows = list(elems)
    acc = rows.pop(0) if initializer is None else initializer
    for row in rows:
        acc = fn(acc, row)
    return acc


def fold_right(fn, elems, initializer=None):
    """The reference right fold: the same from the last row backwards (from ``elems[-1]``)."""
    return fold_left(fn, list(elems)[::-1], initializer)


def _fold_cases(fn_name, reference):
    return [
        Case(fn_name, (double_minus, T(ELEMS)), {}, reference, FLOATS + INTS, same, "double-minus-rows"),
        Case(fn_name, (times_plus, T(ELEMS)), {}, reference, FLOATS + INTS, same, "times-plus-rows"),
        Case(fn_name, (double_minus, T(VECTOR)), {}, reference, FLOATS + INTS, same, "double-minus-scalars"),
        Case(fn_name, (times_plus, T(ELEMS)), {"initializer": T(np.array([1.0, -1.0, 2.0]))}, reference, FLOATS,
             same, "times-plus-initializer"),
        Case(fn_name, (double_minus, T(ELEMS[:1])), {}, reference, ("float32",), same, "one-row"),
    ]


def stop_gradient_blocks(K):
    x = K.placeholder(shape=(3,))
    value = np.array([1.0, -2.0, 3.0])
    # d/dx sum(stop(x) * x) = stop(x), i.e. the value of x.
    (grad,) = K.gradients(K.sum(K.stop_gradient(x) * x), [x])
    np.testing.assert_allclose(K.function([x], [grad])([value])[0], value, rtol=1e-6)
    # A list gives an iterator of blocked tensors: only the "+ x" term is differentiated.
    a, b = K.stop_gradient([x, x * 2.0])
    (grad,) = K.gradients(K.sum(a * b + x), [x])
    np.testing.assert_allclose(K.function([x], [grad])([value])[0], np.ones(3), rtol=1e-6)
    v = K.variable(np.array([2.0, 3.0]))
    (grad,) = K.gradients(K.sum(K.square(K.stop_gradient(v)) + v), [v])
    np.testing.assert_allclose(K.eval(grad), np.ones(2), rtol=1e-6)


def in_test_phase_selects(K):
    x, alt = K.constant([1.0, 2.0]), K.constant([[5.0]])
    np.testing.assert_array_equal(K.eval(K.in_test_phase(x, alt, training=0)), [1.0, 2.0])
    np.testing.assert_array_equal(K.eval(K.in_test_phase(x, alt, training=1)), [[5.0]])  # shapes may differ
    assert K.in_test_phase(lambda: "test", lambda: "train", training=False) == "test"
    assert K.in_test_phase(lambda: "test", lambda: "train", training=True) == "train"
    p = K.placeholder(shape=(2,))
    out = K.in_test_phase(p * 10.0, p * 0.0)  # training=None: the learning phase decides
    f = K.function([p, K.learning_phase()], [out])
    np.testing.assert_allclose(f([np.array([1.0, 2.0]), 0])[0], [10.0, 20.0])
    np.testing.assert_allclose(f([np.array([1.0, 2.0]), 1])[0], [0.0, 0.0])
    np.testing.assert_allclose(K.function([p], [out])([np.array([1.0, 2.0])])[0], [10.0, 20.0])  # unfed: 0
    K.set_learning_phase(1)
    np.testing.assert_array_equal(K.eval(K.in_test_phase(K.constant([1.0]), K.constant([9.0]))), [9.0])


CASES = _fold_cases("foldl", fold_left) + _fold_cases("foldr", fold_right) + [
    Case("map_fn", (square_plus_one, T(ELEMS)), {}, map_rows, FLOATS + INTS, same, "python-operators-rows"),
    Case("map_fn", (square_plus_one, T(VECTOR)), {}, map_rows, FLOATS + INTS, same, "python-operators-scalars"),
    Case("stop_gradient", (T(ELEMS),), {}, lambda x: x, FLOATS + INTS, same, "values-unchanged"),
    CheckCase("stop_gradient", stop_gradient_blocks, "gradient-is-blocked", needs="gradients"),
    CheckCase("in_test_phase", in_test_phase_selects, "flags-and-learning-phase"),
    ErrorCase("foldl", (double_minus, T(np.zeros((0, 3)))), {}, ValueError, "empty-without-initializer"),
    ErrorCase("foldr", (double_minus, T(np.zeros((0, 3)))), {}, ValueError, "empty-without-initializer"),
]


def switch_python_condition_gives_tensors(K):
    """A Python, NumPy or 0-d condition picks a branch and returns it as an engine tensor (not the array or the
    variable given)."""
    a, b = np.array([1.0, 2.0], np.float32), np.array([3.0, 4.0], np.float32)
    v = K.variable(a)
    for condition, branches, expected in ((True, (a, b), a), (False, (a, b), b), (1, (v, b), a), (0, (b, v), a),
                                          (np.bool_(True), (a, b), a), (np.bool_(False), (v, b), b),
                                          (np.array(True), (v, b), a), (np.array(0), (a, v), a)):
        out = K.switch(condition, *branches)
        assert is_engine_tensor(K, out), f"K.switch({condition!r}, ...) gave a {type(out).__name__}"
        assert not isinstance(out, K.Variable), f"K.switch({condition!r}, ...) gave the variable"
        np.testing.assert_array_equal(K.eval(out), expected)


CASES.append(CheckCase("switch", switch_python_condition_gives_tensors, "python-condition-gives-tensor"))
