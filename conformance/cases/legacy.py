"""Cases: the legacy aliases of Keras 1 and early Keras 2 (image_dim_ordering, set_image_dim_ordering,
get_variable_shape, lesser, lesser_equal, deconv2d, asymmetric_temporal_padding)."""
import numpy as np

from ..model import FLOATS, NUMERIC, Case, CheckCase, ErrorCase, T, boolean, same
from ..reference import conv as conv_ref
from ..reference import shape as shape_ref


def _values(shape, seed):
    return np.random.default_rng(seed).uniform(-2.0, 2.0, shape).round(1)


def _less(x, y):
    return np.less(x, y)


def _less_equal(x, y):
    return np.less_equal(x, y)


def dim_ordering(K):
    previous = K.image_data_format()
    try:
        K.set_image_data_format("channels_last")
        assert K.image_dim_ordering() == "tf"
        K.set_image_dim_ordering("th")
        assert K.image_data_format() == "channels_first" and K.image_dim_ordering() == "th"
        K.set_image_dim_ordering("tf")
        assert K.image_data_format() == "channels_last" and K.image_dim_ordering() == "tf"
    finally:
        K.set_image_data_format(previous)


def dim_ordering_errors(K):
    previous = K.image_data_format()
    try:
        for bad in ("channels_last", "TF", "", None, 1):
            try:
                K.set_image_dim_ordering(bad)
            except ValueError:
                pass
            else:
                raise AssertionError(f"set_image_dim_ordering({bad!r}) did not raise ValueError")
            assert K.image_data_format() == previous, "a rejected dim ordering changed the data format"
    finally:
        K.set_image_data_format(previous)


def variable_shape(K):
    assert K.get_variable_shape(K.variable(np.zeros((2, 3)))) == (2, 3)
    assert tuple(K.get_variable_shape(K.constant(np.zeros((4, 0, 1))))) == (4, 0, 1)
    assert tuple(K.get_variable_shape(K.constant(1.0))) == ()
    assert tuple(K.get_variable_shape(K.placeholder((None, 5)))) == (None, 5)


X, Y = _values((3, 4), 1), _values((3, 4), 2)
Y[0] = X[0]  # equal elements: lesser is False there, lesser_equal True

CASES = [
    CheckCase("image_dim_ordering", dim_ordering, "tf-and-th"),
    CheckCase("set_image_dim_ordering", dim_ordering, "tf-and-th"),
    CheckCase("set_image_dim_ordering", dim_ordering_errors, "invalid-values"),
    ErrorCase("set_image_dim_ordering", ("xx",), {}, ValueError, "unknown"),
    CheckCase("get_variable_shape", variable_shape, "int_shape"),
    Case("lesser", (T(X), T(Y)), {}, _less, NUMERIC, boolean, "matrices"),
    Case("lesser", (T(X), 0.5), {}, _less, FLOATS, boolean, "python-scalar"),
    Case("lesser", (T(X), T(_values((4,), 3))), {}, _less, ("float32",), boolean, "broadcast"),
    Case("lesser_equal", (T(X), T(Y)), {}, _less_equal, NUMERIC, boolean, "matrices"),
    Case("lesser_equal", (T(X), 0.5), {}, _less_equal, FLOATS, boolean, "python-scalar"),
    Case("lesser_equal", (T(X, as_numpy=True), T(Y)), {}, _less_equal, ("float32",), boolean, "numpy-input"),
]

# deconv2d = conv2d_transpose (kernel (rows, cols, out, in)), both data formats, strides and paddings.
for _index, (_df, _padding, _strides) in enumerate((("channels_last", "valid", (1, 1)),
                                                     ("channels_last", "same", (2, 2)),
                                                     ("channels_first", "valid", (2, 1)),
                                                     ("channels_first", "same", (1, 2)))):
    _x = _values((2, 3, 4, 3) if _df == "channels_last" else (2, 3, 3, 4), 10 + _index)
    _kernel = _values((2, 3, 5, 3), 20 + _index)
    _sizes = tuple((n - 1) * s + (k if _padding == "valid" else 1) for n, s, k in zip((3, 4), _strides, (2, 3)))
    _out = (2,) + _sizes + (5,) if _df == "channels_last" else (2, 5) + _sizes
    CASES.append(Case("deconv2d", (T(_x), T(_kernel), _out),
                      {"strides": _strides, "padding": _padding, "data_format": _df}, conv_ref.conv2d_transpose,
                      ("float32", "float64"), same, f"{_df}-{_padding}-s{_strides[0]}x{_strides[1]}"))
CASES.append(Case("deconv2d", (T(_values((1, 2, 2, 1), 30)), T(_values((2, 2, 1, 1), 31)), (1, 3, 3, 1)), {},
                  conv_ref.conv2d_transpose, ("float32",), same, "defaults"))

# asymmetric_temporal_padding = temporal_padding(x, (left_pad, right_pad)).
for _left, _right in ((1, 1), (2, 0), (0, 3)):
    def _expected(x, left_pad=1, right_pad=1):
        return shape_ref.temporal_padding(x, (left_pad, right_pad))
    CASES.append(Case("asymmetric_temporal_padding", (T(_values((2, 3, 4), 40)),),
                      {"left_pad": _left, "right_pad": _right}, _expected, NUMERIC, same, f"{_left}-{_right}"))
CASES += [
    Case("asymmetric_temporal_padding", (T(_values((2, 3, 4), 41)),), {}, _expected, ("float32",), same,
         "defaults"),
    Case("asymmetric_temporal_padding", (T(_values((1, 0, 2), 42)),), {"left_pad": 1, "right_pad": 2}, _expected,
         ("float32",), same, "size-0-time"),
    ErrorCase("asymmetric_temporal_padding", (T(np.ones((2, 3))),), {}, ValueError, "not-3d"),
]
del _index, _df, _padding, _strides, _x, _kernel, _sizes, _out, _left, _right
