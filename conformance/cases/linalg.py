"""Cases: dot, batch_dot, transpose, gather (with the golden shapes of semantics.md)."""
import numpy as np

from ..model import FLOATS, NUMERIC, Case, ErrorCase, T, fixed, same
from ..reference import linalg as ref


def _values(shape, seed):
    return np.random.default_rng(seed).uniform(-1.0, 1.0, shape).round(2)


CASES = [
    Case("dot", (T(_values((2, 3), 1)), T(_values((3, 4), 2))), {}, ref.dot, NUMERIC, same, "2d"),
    Case("dot", (T(_values((2, 3), 3)), T(_values((4, 3, 5), 4))), {}, ref.dot, FLOATS, same, "(2,3)x(4,3,5)"),
    Case("dot", (T(_values((32, 28, 3), 5)), T(_values((3, 4), 6))), {}, ref.dot, FLOATS, same, "(32,28,3)x(3,4)"),
    Case("dot", (T(_values((2, 3, 4), 7)), T(_values((5, 4, 2), 8))), {}, ref.dot, ("float32",), same, "3dx3d"),
    Case("dot", (T(_values((3, 4), 9)), T(_values((4,), 10))), {}, ref.dot, FLOATS, same, "matrix-vector"),
    Case("dot", (T(_values((2, 3), 11)), T(_values((3, 4), 12), "float64")), {}, ref.dot, ("float32",),
         fixed("float64"), "mixed-dtypes-promote"),
    Case("dot", (T(_values((2, 3), 13), as_numpy=True), T(_values((3, 2), 14))), {}, ref.dot, ("float32",), same,
         "numpy-input"),
    ErrorCase("dot", (T(np.ones((2, 3))), T(np.ones((4, 5)))), {}, ValueError, "mismatched-inner"),
    Case("transpose", (T(_values((2, 3, 4), 15)),), {}, ref.transpose, NUMERIC, same, "rank3"),
    Case("transpose", (T(_values((2, 3), 16)),), {}, ref.transpose, ("float32", "bool"), same, "matrix"),
    Case("transpose", (T(np.array(1.5)),), {}, ref.transpose, ("float32",), same, "scalar"),
    Case("gather", (T(_values((5, 3), 17)), T(np.array([4, 0, 2, 2]), "int32")), {}, ref.gather, NUMERIC, same,
         "rows"),
    Case("gather", (T(_values((5, 3, 2), 18)), T(np.array([[1, 0], [3, 4]]), "int64")), {}, ref.gather, FLOATS,
         same, "2d-indices"),
    Case("gather", (T(_values((5,), 19)), T(np.array(3), "int32")), {}, ref.gather, ("float32",), same,
         "scalar-index"),
    Case("gather", (T(_values((4, 2), 20)), T(np.zeros((0,)), "int32")), {}, ref.gather, ("float32",), same,
         "no-indices"),
    ErrorCase("gather", (T(np.ones((5, 3))), T(np.array([7]), "int32")), {}, IndexError, "index-out-of-range"),
    # an empty Python list is an empty int32 index; float indices are a TypeError, empty ones too (as np.take)
    Case("gather", (T(_values((4, 3), 21)), []), {}, ref.gather, NUMERIC, same, "empty-list"),
    Case("gather", (T(_values((4,), 22)), []), {}, ref.gather, ("float32", "bool"), same, "empty-list-vector"),
    ErrorCase("gather", (T(np.ones((5, 3))), np.array([])), {}, TypeError, "empty-float-numpy-indices"),
    ErrorCase("gather", (T(np.ones((5, 3))), T(np.zeros((0,)), "float32")), {}, TypeError, "empty-float-indices"),
    ErrorCase("gather", (T(np.ones((5, 3))), np.array([1.0])), {}, TypeError, "float-numpy-indices"),
    ErrorCase("gather", (T(np.ones((5, 3))), T(np.array([1.0, 0.0]), "float64")), {}, TypeError, "float-indices"),
]

# batch_dot: the verified shapes of semantics.md 3.3, then the docstring example.
BATCH_DOT_SHAPES = (
    ((7, 3, 4, 5), (7, 2, 3, 4), (2, 3), (7, 3, 5, 2, 3)),
    ((7, 3, 4, 5), (7, 2, 4), 2, (7, 3, 5, 2)),
    ((7, 4, 3), (7, 3, 5), (2, 1), (7, 4, 5)),
    ((7, 4), (7, 3, 4), (1, 2), (7, 3)),
    ((7, 4), (7, 4), None, (7, 1)),
    ((4, 2, 3), (4, 5, 3), (2, 2), (4, 2, 5)),
    ((4, 2, 3), (4, 3), (2, 1), (4, 2)),
    ((4, 2), (4, 2, 3), (1, 1), (4, 3)),
    ((32, 20), (32, 20), 1, (32, 1)),
    ((32, 20, 1), (32, 30, 20), (1, 2), (32, 1, 30)),
)
for index, (x_shape, y_shape, axes, out_shape) in enumerate(BATCH_DOT_SHAPES):
    def expected(x, y, axes=None, _shape=out_shape):
        out = ref.batch_dot(x, y, axes)
        assert out.shape == _shape, (out.shape, _shape)
        return out
    CASES.append(Case("batch_dot", (T(_values(x_shape, 100 + index)), T(_values(y_shape, 200 + index))),
                      {"axes": axes} if axes is not None else {}, expected, FLOATS, same,
                      f"{x_shape}x{y_shape}-axes={axes}".replace(" ", "")))
CASES += [
    Case("batch_dot", (T(_values((4, 2, 3), 30)), T(_values((4, 3), 31)), [2, 1]), {}, ref.batch_dot, ("float32",),
         same, "list-axes"),
    Case("batch_dot", (T(_values((4, 2, 3), 32)), T(_values((4, 5, 3), 33))), {"axes": (-1, -1)}, ref.batch_dot,
         ("float32",), same, "negative-axes"),
    ErrorCase("batch_dot", (T(np.ones((32, 20))), T(np.ones((32, 20)))), {"axes": 0}, ValueError, "axis-0"),
    ErrorCase("batch_dot", (T(np.ones((4, 2, 3))), T(np.ones((4, 3, 2)))), {"axes": (0, 1)}, ValueError,
              "axis-0-pair"),
    ErrorCase("batch_dot", (T(np.ones((4,))), T(np.ones((4, 3)))), {}, ValueError, "rank-1"),
    ErrorCase("batch_dot", (T(np.ones((4, 2, 3))), T(np.ones((4, 3, 2)))), {"axes": [[1, 2], [2, 1]]}, ValueError,
              "multiple-target-dimensions"),
    ErrorCase("batch_dot", (T(np.ones((4, 2, 3))), T(np.ones((4, 4, 2)))), {"axes": (2, 1)}, ValueError,
              "mismatched-contracted-dims"),
    ErrorCase("batch_dot", (T(np.ones((4, 2))), T(np.ones((5, 2)))), {}, ValueError, "mismatched-batch"),
    ErrorCase("batch_dot", (T(np.ones((4, 2))), T(np.ones((4, 2)))), {"axes": 3}, ValueError, "axis-out-of-range"),
]
