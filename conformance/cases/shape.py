"""Cases: shape manipulation (concatenate ... slice), with both data formats, negative axes, size-0 and size-1
axes, integer and bool inputs where they make sense, and the errors every engine must raise alike.

``concatenate`` and ``stack`` take a list of tensors: their value cases pass NumPy arrays (one case per dtype), and
check cases repeat them with engine tensors and variables.
"""
import numpy as np

from ..model import NO_GRADIENT, ALL_DTYPES, FLOATS, INTS, CheckCase, Case, ErrorCase, T, fixed, float_of, floatx_default, same, \
    to_input
from ..reference import shape as ref


def _values(shape, seed):
    """Deterministic values in (-5, 5): integer dtypes see -4..4 and bool mostly True."""
    return np.random.default_rng(seed).uniform(-5.0, 5.0, shape).round(2)


A23, A34, A234, A2345 = _values((2, 3), 1), _values((3, 4), 2), _values((2, 3, 4), 3), _values((2, 3, 4, 5), 4)
IMG_LAST, IMG_FIRST = _values((2, 3, 4, 2), 5), _values((2, 2, 3, 4), 6)
VOL_LAST, VOL_FIRST = _values((1, 2, 3, 2, 2), 7), _values((1, 2, 2, 3, 2), 8)
EMPTY_0x3, SCALAR = np.zeros((0, 3)), np.array(1.5)
BOTH = ("channels_last", "channels_first")
NEAREST_DTYPES = ("float16", "float32", "float64", "int32", "bool")


def _listed(fn, arrays, kwargs, dtypes, label, args=()):
    """One Case per dtype whose first argument is the list of ``arrays`` as NumPy arrays of that dtype."""
    return [Case(fn, ([to_input(a, dtype) for a in arrays],) + args, kwargs, getattr(ref, fn), (dtype,), same, label)
            for dtype in dtypes]


def _mixed(fn, dtypes, result, label):
    arrays = [to_input(_values((2, 3), 20 + i), dtype) for i, dtype in enumerate(dtypes)]
    return Case(fn, (arrays,), {}, getattr(ref, fn), (result,), fixed(result), label)


CASES = []

# --- concatenate / stack -------------------------------------------------------------------------------------------
CASES += _listed("concatenate", [A23, _values((2, 4), 9)], {}, ALL_DTYPES, "default-axis")
CASES += _listed("concatenate", [A23, A23, _values((1, 3), 10)], {"axis": 0}, ALL_DTYPES, "axis=0-three")
CASES += _listed("concatenate", [A234, _values((2, 1, 4), 11)], {"axis": -2}, FLOATS, "axis=-2")
CASES += _listed("concatenate", [A234, A234], {}, ("float32",), "positional-axis", args=(1,))
CASES += _listed("concatenate", [np.zeros((2, 0)), A23], {}, ("float32", "int32"), "size0-piece")
CASES += _listed("concatenate", [EMPTY_0x3, EMPTY_0x3], {"axis": 0}, ("float32",), "all-empty")
CASES += _listed("concatenate", [A34], {"axis": 1}, ("float32",), "single-tensor")
CASES += [
    _mixed("concatenate", ("int32", "float32"), "float32", "mixed-int32-float32"),
    _mixed("concatenate", ("float16", "float64"), "float64", "mixed-float16-float64"),
    _mixed("concatenate", ("bool", "int32"), "int32", "mixed-bool-int32"),
    _mixed("concatenate", ("int32", "int64", "int32"), "int64", "mixed-int32-int64"),
    _mixed("concatenate", ("int64", "float16"), "float16", "mixed-int64-float16"),
]
CASES += _listed("stack", [A23, A23 * 2], {}, ALL_DTYPES, "default-axis")
CASES += _listed("stack", [A23, A23 + 1, A23 - 1], {"axis": -1}, FLOATS + INTS, "axis=-1")
CASES += _listed("stack", [A234, A234], {}, ("float32",), "positional-axis=2", args=(2,))
CASES += _listed("stack", [np.array(1.0), np.array(2.0)], {}, ("float32", "int64"), "scalars")
CASES += _listed("stack", [EMPTY_0x3, EMPTY_0x3], {"axis": 1}, ("float32",), "size0")
CASES += _listed("stack", [A23], {"axis": -3}, ("float32",), "single-tensor-axis=-3")
CASES += [_mixed("stack", ("int32", "float32"), "float32", "mixed-int32-float32"),
          _mixed("stack", ("float64", "bool"), "float64", "mixed-float64-bool")]
CASES += [
    ErrorCase("concatenate", ([np.ones((2, 3)), np.ones((3, 3))],), {}, ValueError, "mismatched-shapes"),
    ErrorCase("concatenate", ([np.ones((2, 3)), np.ones((2, 3, 1))],), {}, ValueError, "mismatched-ranks"),
    ErrorCase("concatenate", ([np.ones((2, 3)), np.ones((2, 3))],), {"axis": 2}, ValueError, "axis-out-of-range"),
    ErrorCase("concatenate", ([np.ones((2, 3))],), {"axis": -3}, ValueError, "negative-axis-out-of-range"),
    ErrorCase("concatenate", ([np.array(1.0), np.array(2.0)],), {"axis": 0}, ValueError, "scalars"),
    ErrorCase("concatenate", ([],), {}, ValueError, "empty-list"),
    ErrorCase("concatenate", (T(A23),), {}, TypeError, "not-a-list"),
    ErrorCase("concatenate", ([np.ones((2, 3))],), {"axis": 0.5}, TypeError, "float-axis"),
    ErrorCase("stack", ([np.ones((2, 3)), np.ones((3, 2))],), {}, ValueError, "mismatched-shapes"),
    ErrorCase("stack", ([np.ones((2, 3))],), {"axis": 3}, ValueError, "axis-out-of-range"),
    ErrorCase("stack", ([np.ones((2, 3))],), {"axis": -4}, ValueError, "negative-axis-out-of-range"),
    ErrorCase("stack", ([],), {}, ValueError, "empty-list"),
    ErrorCase("stack", (T(A23),), {}, TypeError, "not-a-list"),
]


def _check_joins_of_engine_tensors(K):
    a, b = K.constant(A23, dtype="float32"), K.variable(_values((2, 4), 12), dtype="float32")
    out = K.concatenate([a, b])
    assert K.is_tensor(out) is not isinstance(out, np.ndarray)  # (NumPy arrays are data)
    assert K.dtype(out) == "float32" and K.int_shape(out) == (2, 7), K.int_shape(out)
    np.testing.assert_allclose(K.eval(out), np.concatenate([K.eval(a), K.eval(b)], 1), rtol=1e-6)
    out = K.stack((a, K.cast(a, "int32")), axis=1)  # a tuple; int32 with float32 gives float32
    assert K.dtype(out) == "float32" and K.int_shape(out) == (2, 2, 3)
    out = K.concatenate([K.cast(a, "float16"), K.cast(a, "int64")], axis=0)
    assert K.dtype(out) == "float16", K.dtype(out)
    assert K.dtype(K.stack([1, 2])) == "int32" and K.dtype(K.stack([1, 2.5])) == K.floatx()
    half = K.stack([K.constant(1.0, dtype="float16"), 2.0, 3])  # Python scalars never widen a tensor
    assert K.dtype(half) == "float16" and K.eval(half).tolist() == [1.0, 2.0, 3.0]


CASES.append(CheckCase("concatenate", _check_joins_of_engine_tensors, "engine-tensors-and-variables"))

# --- reshape / permute_dimensions / flatten / batch_flatten --------------------------------------------------------
CASES += [
    Case("reshape", (T(A34), (2, 6)), {}, ref.reshape, ALL_DTYPES, same, "tuple-shape"),
    Case("reshape", (T(A234), [4, -1]), {}, ref.reshape, FLOATS, same, "list-with-minus-1"),
    Case("reshape", (T(A234), (-1,)), {}, ref.reshape, ("float32",), same, "flat"),
    Case("reshape", (T(A234), np.array([2, 12])), {}, ref.reshape, ("float32",), same, "numpy-shape"),
    Case("reshape", (T(A34), 12), {}, ref.reshape, ("int32",), same, "int-shape"),
    Case("reshape", (T(EMPTY_0x3), (3, 0)), {}, ref.reshape, ("float32",), same, "size0"),
    Case("reshape", (T(EMPTY_0x3), (-1, 3, 1)), {}, ref.reshape, ("float32",), same, "size0-minus-1"),
    Case("reshape", (T(SCALAR), (1, 1)), {}, ref.reshape, ("float32",), same, "scalar-to-1x1"),
    Case("reshape", (T([[2.5]]), ()), {}, ref.reshape, ("float64",), same, "to-scalar"),
    ErrorCase("reshape", (T(A34), (5, 2)), {}, ValueError, "size-mismatch"),
    ErrorCase("reshape", (T(A34), (-1, -1)), {}, ValueError, "two-minus-1"),
    ErrorCase("reshape", (T(A34), (-2, -6)), {}, ValueError, "negative-dim"),
    ErrorCase("reshape", (T(A34), (2.0, 6)), {}, TypeError, "float-dim"),
    Case("permute_dimensions", (T(A234), (2, 0, 1)), {}, ref.permute_dimensions, ALL_DTYPES, same, "rank3"),
    Case("permute_dimensions", (T(A2345), [0, 3, 1, 2]), {}, ref.permute_dimensions, FLOATS, same, "list-rank4"),
    Case("permute_dimensions", (T(A234), (-1, 0, 1)), {}, ref.permute_dimensions, ("float32",), same,
         "negative-entry"),
    Case("permute_dimensions", (T(A23), (0, 1)), {}, ref.permute_dimensions, ("int64",), same, "identity"),
    Case("permute_dimensions", (T(np.zeros((0, 2, 1))), (1, 2, 0)), {}, ref.permute_dimensions, ("float32",),
         same, "size0"),
    Case("permute_dimensions", (T(SCALAR), ()), {}, ref.permute_dimensions, ("float32",), same, "scalar"),
    ErrorCase("permute_dimensions", (T(A234), (0, 0, 1)), {}, ValueError, "repeated"),
    ErrorCase("permute_dimensions", (T(A234), (1, 0)), {}, ValueError, "too-short"),
    ErrorCase("permute_dimensions", (T(A234), (0, 1, 2, 3)), {}, ValueError, "too-long"),
    ErrorCase("permute_dimensions", (T(A234), (0, 1, 3)), {}, ValueError, "out-of-range"),
    ErrorCase("permute_dimensions", (T(A234), (0, 1, 2.0)), {}, TypeError, "float-entry"),
    Case("flatten", (T(A234),), {}, ref.flatten, ALL_DTYPES, same, "rank3"),
    Case("flatten", (T(SCALAR),), {}, ref.flatten, ("float32",), same, "scalar"),
    Case("flatten", (T(EMPTY_0x3),), {}, ref.flatten, ("float32",), same, "size0"),
    Case("batch_flatten", (T(A234),), {}, ref.batch_flatten, ALL_DTYPES, same, "rank3"),
    Case("batch_flatten", (T(A2345),), {}, ref.batch_flatten, ("float32",), same, "rank4"),
    Case("batch_flatten", (T(A23[0]),), {}, ref.batch_flatten, ("float32",), same, "rank1"),
    Case("batch_flatten", (T(A23),), {}, ref.batch_flatten, ("int32",), same, "rank2"),
    Case("batch_flatten", (T(np.zeros((2, 0, 3))),), {}, ref.batch_flatten, ("float32",), same, "size0-inner"),
    Case("batch_flatten", (T(np.zeros((0, 3, 2))),), {}, ref.batch_flatten, ("float32",), same, "size0-batch"),
    Case("batch_flatten", (T(SCALAR),), {}, ref.batch_flatten, ("float32",), same, "scalar"),
]

# --- expand_dims / squeeze / reverse / slice -----------------------------------------------------------------------
for label, value, axis in (("axis=0", A23, 0), ("axis=1", A23, 1), ("axis=2-last", A23, 2), ("axis=-3", A23, -3),
                           ("axis=-2", A234, -2), ("scalar", SCALAR, 0), ("size0", EMPTY_0x3, -1)):
    CASES.append(Case("expand_dims", (T(value),), {"axis": axis}, ref.expand_dims,
                      ALL_DTYPES if label == "axis=0" else ("float32",), same, label))
CASES += [
    Case("expand_dims", (T(A23),), {}, ref.expand_dims, ALL_DTYPES, same, "default-axis"),
    ErrorCase("expand_dims", (T(A23),), {"axis": 3}, ValueError, "axis-out-of-range"),
    ErrorCase("expand_dims", (T(A23),), {"axis": -4}, ValueError, "negative-axis-out-of-range"),
    ErrorCase("expand_dims", (T(A23),), {"axis": [0, 1]}, TypeError, "list-axis"),
    ErrorCase("expand_dims", (T(A23),), {"axis": 1.0}, TypeError, "float-axis"),
    Case("squeeze", (T(A23[:1]), 0), {}, ref.squeeze, ALL_DTYPES, same, "axis=0"),
    Case("squeeze", (T(A234[:, :, :1]), -1), {}, ref.squeeze, FLOATS, same, "axis=-1"),
    Case("squeeze", (T(np.zeros((0, 1, 3))), 1), {}, ref.squeeze, ("float32",), same, "size0-elsewhere"),
    Case("squeeze", (T([2.5]),), {"axis": 0}, ref.squeeze, ("float32",), same, "to-scalar"),
    ErrorCase("squeeze", (T(A23), 1), {}, ValueError, "size-3-axis"),
    ErrorCase("squeeze", (T(EMPTY_0x3), 0), {}, ValueError, "size-0-axis"),
    ErrorCase("squeeze", (T(A23[:1]), 2), {}, ValueError, "axis-out-of-range"),
    ErrorCase("squeeze", (T(A23[:1]), None), {}, TypeError, "axis-none"),
    ErrorCase("squeeze", (T(A23[:1]), [0]), {}, TypeError, "list-axis"),
    Case("reverse", (T(A234), 0), {}, ref.reverse, ALL_DTYPES, same, "axis=0"),
    Case("reverse", (T(A234), -1), {}, ref.reverse, FLOATS, same, "axis=-1"),
    Case("reverse", (T(A234), [0, 2]), {}, ref.reverse, ("float32", "int32"), same, "list"),
    Case("reverse", (T(A234), (-1, 1)), {}, ref.reverse, ("float64",), same, "tuple-negative"),
    Case("reverse", (T(A234), []), {}, ref.reverse, ("float32",), same, "no-axes"),
    Case("reverse", (T(EMPTY_0x3),), {"axes": 0}, ref.reverse, ("float32",), same, "size0"),
    ErrorCase("reverse", (T(A234), 3), {}, ValueError, "axis-out-of-range"),
    ErrorCase("reverse", (T(A234), [1, -2]), {}, ValueError, "repeated-axis"),
    ErrorCase("reverse", (T(A234), 0.0), {}, TypeError, "float-axis"),
    Case("slice", (T(A34), (1, 0), (2, -1)), {}, ref.slice_, ALL_DTYPES, same, "size-minus-1"),
    Case("slice", (T(A234), [0, 1, 1], [-1, 2, 3]), {}, ref.slice_, FLOATS, same, "rank3-lists"),
    Case("slice", (T(A234), np.array([1, 0, 2]), np.array([1, 3, 2])), {}, ref.slice_, ("float32",), same,
         "numpy-indices"),
    Case("slice", (T(A34), (3, 4), (0, 0)), {}, ref.slice_, ("float32",), same, "empty-at-end"),
    Case("slice", (T(A34), (0, 0), (3, 4)), {}, ref.slice_, ("int64",), same, "everything"),
    Case("slice", (T(EMPTY_0x3), (0, 1), (0, 2)), {}, ref.slice_, ("float32",), same, "size0-input"),
    Case("slice", (T(SCALAR), (), ()), {}, ref.slice_, ("float32",), same, "scalar"),
    ErrorCase("slice", (T(A34), (1,), (2,)), {}, ValueError, "too-few-indices"),
    ErrorCase("slice", (T(A34), (0, 0), (1, 1, 1)), {}, ValueError, "size-length-mismatch"),
    ErrorCase("slice", (T(A34), (0, 5), (1, 1)), {}, ValueError, "start-out-of-range"),
    ErrorCase("slice", (T(A34), (-1, 0), (1, 1)), {}, ValueError, "negative-start"),
    ErrorCase("slice", (T(A34), (2, 0), (2, 1)), {}, ValueError, "size-too-large"),
    ErrorCase("slice", (T(A34), (0, 0), (1, -2)), {}, ValueError, "size-below-minus-1"),
    ErrorCase("slice", (T(A34), (0, 0.5), (1, 1)), {}, TypeError, "float-start"),
]


def _check_slice_message_and_tensor_arguments(K):
    x = K.constant(A34)
    try:
        K.slice(x, (0,), (1,))
    except ValueError as err:
        assert str(err) == "The dimension and the size of indices should match.", str(err)
    else:
        raise AssertionError("no ValueError")
    start = K.cast(K.constant([1, 2]), "int32")
    out = K.slice(x, start, K.arange(2) + 1)  # 1-D integer tensors as start and size
    np.testing.assert_allclose(K.eval(out), K.eval(x)[1:2, 2:4])
    assert K.int_shape(K.reshape(x, K.shape(K.zeros((6, 2))))) == (6, 2)
    assert K.int_shape(K.reshape(x, (K.shape(x)[1], -1))) == (4, 3)  # a 0-d integer tensor as a dimension


CASES.append(CheckCase("slice", _check_slice_message_and_tensor_arguments, "message-and-tensor-arguments"))

# --- repeat_elements / repeat / tile -------------------------------------------------------------------------------
CASES += [
    Case("repeat_elements", (T(A23), 2, 0), {}, ref.repeat_elements, ALL_DTYPES, same, "axis=0"),
    Case("repeat_elements", (T(A23), 3, -1), {}, ref.repeat_elements, FLOATS + INTS, same, "axis=-1"),
    Case("repeat_elements", (T(A234),), {"rep": 2, "axis": 1}, ref.repeat_elements, FLOATS, same, "rank3-axis=1"),
    Case("repeat_elements", (T(A23), 1, 1), {}, ref.repeat_elements, ("float32",), same, "rep=1"),
    Case("repeat_elements", (T(A23), 0, 1), {}, ref.repeat_elements, ("float32",), same, "rep=0"),
    Case("repeat_elements", (T(EMPTY_0x3), 2, 0), {}, ref.repeat_elements, ("float32",), same, "size0-axis"),
    Case("repeat_elements", (T(EMPTY_0x3), 2, 1), {}, ref.repeat_elements, ("float32",), same, "size0-other"),
    ErrorCase("repeat_elements", (T(A23), 2, 2), {}, ValueError, "axis-out-of-range"),
    ErrorCase("repeat_elements", (T(A23), -1, 0), {}, ValueError, "negative-rep"),
    ErrorCase("repeat_elements", (T(A23), 1.5, 0), {}, TypeError, "float-rep"),
    ErrorCase("repeat_elements", (T(A23), 2, [0]), {}, TypeError, "list-axis"),
    Case("repeat", (T(A23), 3), {}, ref.repeat, ALL_DTYPES, same, "n=3"),
    Case("repeat", (T(A23),), {"n": 1}, ref.repeat, ("float32",), same, "n=1"),
    Case("repeat", (T(A23), 0), {}, ref.repeat, ("float32",), same, "n=0"),
    Case("repeat", (T(EMPTY_0x3), 2), {}, ref.repeat, ("float32",), same, "size0-batch"),
    ErrorCase("repeat", (T(A234), 2), {}, ValueError, "rank3"),
    ErrorCase("repeat", (T(A23[0]), 2), {}, ValueError, "rank1"),
    ErrorCase("repeat", (T(A23), -1), {}, ValueError, "negative-n"),
    ErrorCase("repeat", (T(A23), 2.0), {}, TypeError, "float-n"),
    Case("tile", (T(A23), 2), {}, ref.tile, ALL_DTYPES, same, "int-n"),
    Case("tile", (T(A23), (2, 3)), {}, ref.tile, FLOATS + INTS, same, "tuple-n"),
    Case("tile", (T(A234), [2]), {}, ref.tile, ("float32",), same, "short-list-left-padded"),
    Case("tile", (T(A234), (1, 0, 2)), {}, ref.tile, ("float32",), same, "zero-rep"),
    Case("tile", (T(EMPTY_0x3), (3, 2)), {}, ref.tile, ("float32",), same, "size0"),
    Case("tile", (T(SCALAR), ()), {}, ref.tile, ("float32",), same, "scalar"),
    Case("tile", (T(A23[0]),), {"n": np.array([3])}, ref.tile, ("int64",), same, "numpy-n"),
    ErrorCase("tile", (T(A23), (1, 2, 3)), {}, ValueError, "n-longer-than-rank"),
    ErrorCase("tile", (T(SCALAR), 2), {}, ValueError, "int-n-on-scalar"),
    ErrorCase("tile", (T(A23), (1, -1)), {}, ValueError, "negative-n"),
    ErrorCase("tile", (T(A23), (1.0, 2)), {}, TypeError, "float-n"),
]

# --- paddings ------------------------------------------------------------------------------------------------------
CASES += [
    Case("temporal_padding", (T(A234),), {}, ref.temporal_padding, ALL_DTYPES, same, "default"),
    Case("temporal_padding", (T(A234), (2, 0)), {}, ref.temporal_padding, FLOATS, same, "(2,0)"),
    Case("temporal_padding", (T(A234),), {"padding": [0, 3]}, ref.temporal_padding, ("int64",), same, "list"),
    Case("temporal_padding", (T(np.zeros((2, 0, 3))), (1, 2)), {}, ref.temporal_padding, ("float32",), same,
         "size0-time"),
    ErrorCase("temporal_padding", (T(A23),), {}, ValueError, "rank2"),
    ErrorCase("temporal_padding", (T(A234), (1, 2, 3)), {}, ValueError, "three-values"),
    ErrorCase("temporal_padding", (T(A234), 1), {}, ValueError, "int-padding"),
    ErrorCase("temporal_padding", (T(A234), (1, -1)), {}, ValueError, "negative"),
    ErrorCase("temporal_padding", (T(A234), (1.0, 1)), {}, TypeError, "float-value"),
]
for fn, value, pads in (("spatial_2d_padding", {"channels_last": IMG_LAST, "channels_first": IMG_FIRST},
                         ((1, 2), (0, 3))),
                        ("spatial_3d_padding", {"channels_last": VOL_LAST, "channels_first": VOL_FIRST},
                         ((0, 1), (2, 0), (1, 1)))):
    reference = getattr(ref, fn)
    for data_format in BOTH:
        CASES += [
            Case(fn, (T(value[data_format]),), {"data_format": data_format}, reference, ALL_DTYPES, same,
                 f"default-{data_format}"),
            Case(fn, (T(value[data_format]), pads, data_format), {}, reference, FLOATS + INTS, same,
                 f"asymmetric-{data_format}"),
            Case(fn, (T(value[data_format][:0]),), {"padding": [list(p) for p in pads], "data_format": data_format},
                 reference, ("float32",), same, f"size0-batch-lists-{data_format}"),
        ]
    rank = len(pads) + 2
    CASES += [
        Case(fn, (T(np.ones((1,) * rank)), ((0, 0),) * len(pads), "channels_last"), {}, reference, ("float32",),
             same, "zero-padding-size1"),
        ErrorCase(fn, (T(np.ones((1,) * rank)),), {"data_format": "channels_middle"}, ValueError,
                  "invalid-data-format"),
        ErrorCase(fn, (T(np.ones((1,) * (rank - 1))),), {"data_format": "channels_last"}, ValueError, "wrong-rank"),
        ErrorCase(fn, (T(np.ones((1,) * rank)), pads[:-1], "channels_last"), {}, ValueError, "too-few-pairs"),
        ErrorCase(fn, (T(np.ones((1,) * rank)), ((1, 1, 1),) * len(pads), "channels_last"), {}, ValueError,
                  "triples"),
        ErrorCase(fn, (T(np.ones((1,) * rank)), ((1, -1),) * len(pads), "channels_last"), {}, ValueError,
                  "negative"),
        ErrorCase(fn, (T(np.ones((1,) * rank)), ((1, 0.5),) * len(pads), "channels_last"), {}, TypeError,
                  "float-value"),
    ]

# --- resize_images / resize_volumes --------------------------------------------------------------------------------
IMAGES = {"channels_last": IMG_LAST, "channels_first": IMG_FIRST}
for data_format in BOTH:
    image, suffix = IMAGES[data_format], data_format
    one_pixel = np.array([[[[1.5, -2.0]]]]) if data_format == "channels_last" else np.array([[[[1.5]], [[-2.0]]]])
    CASES += [
        Case("resize_images", (T(image), 2, 3, data_format), {}, ref.resize_images, NEAREST_DTYPES, same,
             f"nearest-2x3-{suffix}"),
        Case("resize_images", (T(image), 3, 1, data_format, "nearest"), {}, ref.resize_images, ("float32",), same,
             f"nearest-3x1-{suffix}"),
        Case("resize_images", (T(image), 2, 3, data_format), {"interpolation": "bilinear"}, ref.resize_images,
             FLOATS, same, f"bilinear-2x3-{suffix}"),
        Case("resize_images", (T(image), 1, 4, data_format, "bilinear"), {}, ref.resize_images, FLOATS, same,
             f"bilinear-1x4-{suffix}"),
        Case("resize_images", (T(image), 1, 1, data_format, "bilinear"), {}, ref.resize_images, ("float32",),
             same, f"bilinear-1x1-{suffix}"),
        Case("resize_images", (T(image), 3, 2, data_format, "bilinear"), {}, ref.resize_images, INTS + ("bool",),
             float_of, f"bilinear-integer-input-{suffix}"),
        Case("resize_images", (T(one_pixel), 2, 2, data_format, "bilinear"), {}, ref.resize_images, ("float64",),
             same, f"bilinear-size1-{suffix}"),
        Case("resize_images", (T(image[:0]), 2, 2, data_format, "bilinear"), {}, ref.resize_images, ("float32",),
             same, f"bilinear-size0-batch-{suffix}"),
        Case("resize_images", (T(image[:0]), 2, 2, data_format), {}, ref.resize_images, ("int32",), same,
             f"nearest-size0-batch-{suffix}"),
        Case("resize_volumes", (T(VOL_LAST if data_format == "channels_last" else VOL_FIRST), 2, 1, 3, data_format),
             {}, ref.resize_volumes, NEAREST_DTYPES, same, f"2x1x3-{suffix}"),
        Case("resize_volumes", (T(VOL_LAST if data_format == "channels_last" else VOL_FIRST), 2, 2, 2, data_format),
             {}, ref.resize_volumes, ("float32", "int64"), same, f"2x2x2-{suffix}"),
        Case("resize_images", (T(one_pixel), 3, 2, data_format), {}, ref.resize_images, ("float32",), same,
             f"nearest-size1-{suffix}"),
        Case("resize_volumes", (T(np.ones((0, 1, 1, 1, 1))), 1, 2, 2), {"data_format": data_format},
             ref.resize_volumes, ("float32",), same, f"size0-batch-{suffix}"),
    ]
# Golden values: the legacy TF1 bilinear kernel on a 1x3 row, upsampled 2x (the last pixel is clamped).
CASES.append(Case("resize_images", (T(np.array([[[[0.0], [1.0], [4.0]]]])), 1, 2, "channels_last", "bilinear"), {},
                  lambda *a: np.array([[[[0.0], [0.5], [1.0], [2.5], [4.0], [4.0]]]]), FLOATS, same,
                  "bilinear-golden", properties=NO_GRADIENT))
CASES += [
    ErrorCase("resize_images", (T(IMG_LAST), 2, 2, "channels_last", "bicubic"), {}, ValueError,
              "invalid-interpolation"),
    ErrorCase("resize_images", (T(IMG_LAST), 2, 2, "channels_middle"), {}, ValueError, "invalid-data-format"),
    ErrorCase("resize_images", (T(A234), 2, 2, "channels_last"), {}, ValueError, "rank3"),
    ErrorCase("resize_images", (T(IMG_LAST), 0, 2, "channels_last"), {}, ValueError, "zero-factor"),
    ErrorCase("resize_images", (T(IMG_LAST), 2, 1.5, "channels_last"), {}, TypeError, "float-factor"),
    ErrorCase("resize_volumes", (T(IMG_LAST), 2, 2, 2, "channels_last"), {}, ValueError, "rank4"),
    ErrorCase("resize_volumes", (T(VOL_LAST), 2, 2, 2, "NDHWC"), {}, ValueError, "invalid-data-format"),
    ErrorCase("resize_volumes", (T(VOL_LAST), 2, -1, 2, "channels_last"), {}, ValueError, "negative-factor"),
]


def _check_default_data_format(K):
    """``data_format=None`` follows ``image_data_format()`` (paddings and resizes)."""
    saved = K.image_data_format()
    try:
        for data_format, image in IMAGES.items():
            K.set_image_data_format(data_format)
            got = K.eval(K.spatial_2d_padding(image, ((1, 2), (0, 3))))
            np.testing.assert_array_equal(got, ref.spatial_2d_padding(image, ((1, 2), (0, 3)), data_format))
            got = K.eval(K.resize_images(image, 2, 1, None))
            np.testing.assert_array_equal(got, ref.resize_images(image, 2, 1, data_format))
            volume = VOL_LAST if data_format == "channels_last" else VOL_FIRST
            assert K.int_shape(K.spatial_3d_padding(volume)) == ref.spatial_3d_padding(volume, data_format=
                                                                                        data_format).shape
            assert K.int_shape(K.resize_volumes(volume, 1, 2, 1, None)) == ref.resize_volumes(
                volume, 1, 2, 1, data_format).shape
    finally:
        K.set_image_data_format(saved)


CASES.append(CheckCase("spatial_2d_padding", _check_default_data_format, "data-format-none-follows-config"))

# --- one_hot -------------------------------------------------------------------------------------------------------
CASES += [
    Case("one_hot", (T([0, 2, 1, 2, 0]), 3), {}, ref.one_hot, INTS, floatx_default, "vector"),
    Case("one_hot", (T([[0, 3], [2, 1], [1, 1]]),), {"num_classes": 4}, ref.one_hot, INTS, floatx_default,
         "matrix"),
    Case("one_hot", (T([[0], [2], [1], [1], [0]]), 3), {}, ref.one_hot, ("int32",), floatx_default,
         "trailing-size1-kept"),
    Case("one_hot", (T([-1, 3, 5, 0]), 3), {}, ref.one_hot, INTS, floatx_default, "out-of-range-gives-zeros"),
    Case("one_hot", (T(np.array(2)), 4), {}, ref.one_hot, ("int64",), floatx_default, "scalar"),
    Case("one_hot", (T(np.zeros((0, 2))), 3), {}, ref.one_hot, ("int32",), floatx_default, "size0"),
    Case("one_hot", (T([0, 0]), 1), {}, ref.one_hot, ("int32",), floatx_default, "one-class"),
    Case("one_hot", (T([0, 1]), 0), {}, ref.one_hot, ("int64",), floatx_default, "zero-classes"),
    Case("one_hot", (T([1, 0], as_numpy=True), 2), {}, ref.one_hot, ("int64",), floatx_default, "numpy-input"),
    ErrorCase("one_hot", (T([0.0, 1.0]), 2), {}, TypeError, "float-indices"),
    ErrorCase("one_hot", (T([0, 1], "int32"), -1), {}, ValueError, "negative-num-classes"),
    ErrorCase("one_hot", (T([0, 1], "int32"), 2.0), {}, TypeError, "float-num-classes"),
]


def _check_one_hot_follows_floatx(K):
    saved = K.floatx()
    try:
        K.set_floatx("float64")
        assert K.dtype(K.one_hot(np.array([1, 0]), 2)) == "float64"
        K.set_floatx("float16")
        assert K.dtype(K.one_hot(K.arange(3), 3)) == "float16"
    finally:
        K.set_floatx(saved)
    assert K.dtype(K.one_hot([2, 0], 3)) == saved


CASES.append(CheckCase("one_hot", _check_one_hot_follows_floatx, "dtype-follows-floatx"))
