"""Cases: a Python list mixing tensors and numbers is accepted wherever a tensor is.

Keras 2 layers write such lists (BatchNormalization in training: ``K.prod([K.shape(x)[0], K.shape(x)[1]])``), also
inside a ``K.function``, where the tensors are placeholders (the "symbolic" property of each case feeds them, and
the engines see tracers or graph tensors). The list is one tensor: its entries are stacked along a new first axis,
its dtype is the promotion of the tensors' dtypes with Python numbers weak (``[int32 tensor, 2]`` is int32,
``[int32 tensor, 2.5]`` is floatx, ``[float64 tensor, 1.5]`` float64). References stack the entries in float64.
"""
import numpy as np

from ..model import FLOATS, Case, CheckCase, ErrorCase, T, fixed, floatx_default, same
from .inputs import A35


def _stacked(values):
    return np.array([_stacked(v) if isinstance(v, (list, tuple)) else np.asarray(v, dtype=np.float64)
                     for v in values])


def _prod(values, axis=None):
    return np.prod(_stacked(values), axis=axis)


def _sum(values, axis=None):
    return np.sum(_stacked(values), axis=axis)


def _exp(values):
    return np.exp(_stacked(values))


def _maximum(x, y):
    return np.maximum(_stacked(x), _stacked(y))


CASES = [
    # BatchNormalization's count of the reduced entries: two 0-d int32 tensors, then one and a Python int
    Case("prod", ([T(4, "int32"), T(3, "int32")],), {}, _prod, ("int32",), fixed("int32"), "list-of-0d-tensors"),
    Case("prod", ([T(4, "int32"), 3],), {}, _prod, ("int32",), fixed("int32"), "list-tensor-and-int"),
    Case("prod", ((T(5, "int64"), 2, T(2, "int64")),), {}, _prod, ("int64",), fixed("int64"), "tuple-int64"),
    # a Python float takes the tensor's float dtype; with an integer tensor it makes the list floatx
    Case("sum", ([T(2.25), 1.5],), {}, _sum, FLOATS, same, "list-tensor-and-float"),
    Case("sum", ([T(3, "int32"), 2.5],), {}, _sum, ("int32",), floatx_default, "list-int-tensor-and-float"),
    Case("sum", ([T(1.5, "float64"), T(2.0, "float32"), 1],), {}, _sum, ("float32",), fixed("float64"),
         "list-mixed-dtypes-promoted"),
    # tensors of any rank, nested lists, variables
    Case("exp", ([T(A35[0]), T(A35[1]), [0.5, -1.0, 0.0, 2.0, 1.0]],), {}, _exp, FLOATS, same, "list-of-rows"),
    Case("sum", ([[T(1.0), 2.0], [3.0, T(4.0)]],), {"axis": 1}, _sum, FLOATS, same, "nested-list"),
    Case("sum", ([T(A35[0], variable=True), T(A35[2])],), {"axis": 0}, _sum, ("float32",), same,
         "list-with-variable"),
    Case("maximum", ([T(1.0), 3.0], [2.0, T(2.5)]), {}, _maximum, FLOATS, same, "two-lists"),
    ErrorCase("sum", ([T(np.ones(2)), T(np.ones(3))],), {}, ValueError, "ragged-list-of-tensors"),
    ErrorCase("sum", ([T(np.ones(2)), 1.0],), {}, ValueError, "list-of-vector-and-number"),
    ErrorCase("sum", ([T(np.ones(2)), "a"],), {}, TypeError, "string-in-list"),
]


def batch_count_in_function(K):
    """BatchNormalization's idiom in a K.function: the count of a (None, 3) batch, from its shape, and the mean it
    divides, with placeholders of unknown batch size."""
    x = K.placeholder((None, 3))
    count = K.prod([K.shape(x)[0], K.shape(x)[1]])
    mean = K.sum(x) / K.cast(count, K.floatx())
    values = np.arange(12.0, dtype=np.float32).reshape(4, 3)
    got_count, got_mean = K.function([x], [count, mean])([values])
    assert K.dtype(count) == "int32" and int(got_count) == 12, (K.dtype(count), got_count)
    np.testing.assert_allclose(got_mean, 5.5, rtol=1e-6)
    got_count, _ = K.function([x], [count, mean])([values[:2]])  # a new batch size: a new count
    assert int(got_count) == 6, got_count


def gradient_through_list(K):
    """The gradient flows through every tensor of a list: d/dx of sum([sum(x^2), 1.5, max(x)]) is 2x plus the
    one-hot of the maximum."""
    x = K.placeholder((3,), dtype="float64")
    y = K.sum([K.sum(x * x), 1.5, K.max(x)])
    (grad,) = K.gradients(y, [x])
    got_y, got_grad = K.function([x], [y, grad])([np.array([1.0, 3.0, 2.0])])
    np.testing.assert_allclose(got_y, 1.0 + 9.0 + 4.0 + 1.5 + 3.0, rtol=1e-12)
    np.testing.assert_allclose(got_grad, [2.0, 7.0, 4.0], rtol=1e-12)


CASES += [
    CheckCase("prod", batch_count_in_function, "list-of-shape-entries-in-function"),
    CheckCase("sum", gradient_through_list, "gradient-through-list", needs="gradients"),
]
