"""Cases: convolution and pooling (semantics.md 3.4).

Inputs are multiples of 1/4 in [-1, 1], so every product and partial sum is exact in float16 and float32 and the
values property tests the indexing, not the rounding. The grids cover both data formats, strides 1 and 2 (and
mixed), dilation 1 and 2, 'valid'/'same' (and 'causal' for conv1d), odd and even kernels, batch 1 and 2 and 0;
float32 everywhere, float64 and float16 (tolerance 1e-2) on a subset. The argument errors raise the same exception
on every engine.
"""
import itertools

import numpy as np

from ..model import Case, CheckCase, ErrorCase, T, fixed, floatx_default, same
from ..reference import conv as ref

F32, F64, F16 = ("float32",), ("float64",), ("float16",)
HALF_TOLERANCE = (1e-2, 1e-2)
CL, CF = "channels_last", "channels_first"
CASES = []


def _v(shape, seed):
    return np.random.default_rng(seed).integers(-4, 5, shape) / 4.0


def _x(batch, spatial, channels, data_format, seed):
    shape = (batch,) + spatial + (channels,) if data_format == CL else (batch, channels) + spatial
    return _v(shape, seed)


def _fmt(value):
    return str(value).replace(" ", "")


def _add(fn, args, kwargs, label, wide=False, half=False):
    """A float32 case; with ``wide`` float64 too; with ``half`` a float16 case (tolerance 1e-2)."""
    reference = getattr(ref, fn)
    CASES.append(Case(fn, args, kwargs, reference, ("float32", "float64") if wide else F32, same, label))
    if half:
        CASES.append(Case(fn, args, kwargs, reference, F16, same, label, tolerance=HALF_TOLERANCE))


_seed = itertools.count(1)
_STRIDE_DILATION = ((1, 1), (2, 1), (1, 2), (2, 2))

# --- conv1d: x (batch, 7, 3), kernel (k, 3, 2) ---------------------------------------------------------------------
for i, (df, padding, (s, d)) in enumerate(itertools.product((CL, CF), ("valid", "same", "causal"), _STRIDE_DILATION)):
    batch = 1 + i % 2
    _add("conv1d", (T(_x(batch, (7,), 3, df, next(_seed))), T(_v((3, 3, 2), next(_seed)))),
         {"strides": s, "padding": padding, "data_format": df, "dilation_rate": d},
         f"{df}-{padding}-s{s}-d{d}-k3-b{batch}", wide=i % 5 == 0, half=i % 6 == 1)
for df, padding, s in itertools.product((CL, CF), ("same", "causal"), (1, 2)):   # even kernels
    _add("conv1d", (T(_x(2, (8,), 2, df, next(_seed))), T(_v((2, 2, 3), next(_seed)))),
         {"strides": s, "padding": padding, "data_format": df}, f"{df}-{padding}-s{s}-k2", wide=s == 2)
_add("conv1d", (T(_x(2, (6,), 3, CL, 90)), T(_v((3, 3, 4), 91))), {}, "defaults")
_add("conv1d", (T(_x(1, (9,), 1, CL, 92)), T(_v((4, 1, 1), 93))), {"strides": (3,), "dilation_rate": (2,),
                                                                     "padding": "same"}, "tuple-args-k4-s3")

# --- conv2d: x (batch, 7, 6, 3), kernel (kh, kw, 3, 2) --------------------------------------------------------------
for i, (df, padding, (s, d)) in enumerate(itertools.product((CL, CF), ("valid", "same"), _STRIDE_DILATION)):
    batch = 1 + i % 2
    _add("conv2d", (T(_x(batch, (7, 6), 3, df, next(_seed))), T(_v((3, 3, 3, 2), next(_seed)))),
         {"strides": (s, s), "padding": padding, "data_format": df, "dilation_rate": (d, d)},
         f"{df}-{padding}-s{s}-d{d}-k3x3-b{batch}", wide=i % 4 == 0, half=i % 4 == 1)
for df, padding, s in itertools.product((CL, CF), ("valid", "same"), (1, 2)):      # even and non-square kernels
    _add("conv2d", (T(_x(2, (6, 7), 2, df, next(_seed))), T(_v((2, 3, 2, 3), next(_seed)))),
         {"strides": s, "padding": padding, "data_format": df}, f"{df}-{padding}-s{s}-k2x3", half=s == 2)
for df in (CL, CF):                                                                # mixed strides and dilations
    _add("conv2d", (T(_x(2, (8, 7), 3, df, next(_seed))), T(_v((2, 2, 3, 2), next(_seed)))),
         {"strides": (2, 1), "padding": "same", "data_format": df, "dilation_rate": (1, 3)},
         f"{df}-same-s(2,1)-d(1,3)-k2x2", wide=True)
_add("conv2d", (T(_x(2, (5, 5), 3, CL, 94)), T(_v((3, 3, 3, 4), 95))), {}, "defaults", wide=True, half=True)
_add("conv2d", (T(_x(1, (4, 4), 2, CL, 96)), T(_v((1, 1, 2, 3), 97))), {"padding": "same"}, "pointwise-k1x1")
_add("conv2d", (T(_x(1, (3, 3), 2, CL, 98)), T(_v((3, 3, 2, 2), 99))), {"padding": "valid"}, "kernel-equals-input")
_add("conv2d", (T(_x(0, (5, 5), 3, CL, 100)), T(_v((3, 3, 3, 2), 101))), {"padding": "same"}, "batch-0")
_add("conv2d", (T(_x(2, (5, 5), 3, CL, 102), as_numpy=True), T(_v((3, 3, 3, 2), 103), variable=True)),
     {"padding": "same"}, "numpy-input-variable-kernel")
CASES.append(Case("conv2d", (T(_x(2, (5, 5), 3, CL, 104)), T(_v((3, 3, 3, 2), 105), "float64")), {"padding": "same"},
                  ref.conv2d, F32, fixed("float64"), "mixed-dtypes-promote"))
CASES.append(Case("conv2d", (T(_x(2, (5, 5), 3, CL, 106) * 4, "int32"), T(_v((3, 3, 3, 2), 107) * 4, "int32")), {},
                  ref.conv2d, F32, floatx_default, "int-inputs-floatx"))

# one output position along a strided axis (found by fuzzing: TF 2.21's CPU Conv2D gave wrong values, uninitialised
# memory included, with one input channel, a width stride of 2 or 3 and an output width of 1)
for i, (df, padding, shape, taps, strides) in enumerate((
        (CF, "valid", (5, 4), (1, 3), (1, 2)), (CL, "valid", (6, 5), (1, 5), (1, 3)), (CL, "same", (3, 2), (1, 2), (1, 3)),
        (CL, "valid", (4, 4), (2, 3), (1, 3)), (CL, "valid", (4, 5), (3, 1), (3, 1)))):
    CASES.append(Case("conv2d", (T(_x(2, shape, 1, df, 180 + i)), T(_v(taps + (1, 2), 190 + i))),
                      {"strides": strides, "padding": padding, "data_format": df}, ref.conv2d, F32,
                      label=f"one-output-along-a-stride-{i}"))
CASES.append(Case("conv1d", (T(_x(2, (5,), 1, CL, 186)), T(_v((5, 1, 2), 196))), {"strides": 3}, ref.conv1d, F32,
                  label="one-output-along-a-stride"))
CASES.append(Case("depthwise_conv2d", (T(_x(2, (4, 5), 1, CL, 187)), T(_v((2, 4, 1, 2), 197))), {"strides": (1, 2)},
                  ref.depthwise_conv2d, F32, label="one-output-along-a-stride"))
CASES.append(Case("conv3d", (T(_x(2, (3, 4, 5), 1, CL, 188)), T(_v((1, 2, 5, 1, 2), 198))), {"strides": (1, 1, 2)},
                  ref.conv3d, F32, label="one-output-along-a-stride"))

# --- conv3d: x (batch, 5, 6, 4, 2), kernel (kd, kh, kw, 2, 3) ------------------------------------------------------
for i, (df, padding, (s, d)) in enumerate(itertools.product((CL, CF), ("valid", "same"), _STRIDE_DILATION[:3])):
    _add("conv3d", (T(_x(1 + i % 2, (5, 6, 4), 2, df, next(_seed))), T(_v((2, 3, 2, 2, 3), next(_seed)))),
         {"strides": s, "padding": padding, "data_format": df, "dilation_rate": d},
         f"{df}-{padding}-s{s}-d{d}-k2x3x2", wide=i % 4 == 0, half=i % 4 == 3)
_add("conv3d", (T(_x(2, (4, 4, 4), 2, CL, 108)), T(_v((3, 3, 3, 2, 2), 109))), {}, "defaults")

# --- depthwise_conv2d: x (batch, 7, 6, 3), kernel (kh, kw, 3, mult) ------------------------------------------------
for i, (df, padding, (s, d)) in enumerate(itertools.product((CL, CF), ("valid", "same"), _STRIDE_DILATION)):
    k = (3, 3) if i % 2 == 0 else (2, 2)
    _add("depthwise_conv2d", (T(_x(1 + i % 2, (7, 6), 3, df, next(_seed))), T(_v(k + (3, 2), next(_seed)))),
         {"strides": (s, s), "padding": padding, "data_format": df, "dilation_rate": (d, d)},
         f"{df}-{padding}-s{s}-d{d}-k{k[0]}", wide=i % 4 == 0, half=i % 4 == 2)
_add("depthwise_conv2d", (T(_x(2, (5, 6), 2, CL, 110)), T(_v((3, 2, 2, 1), 111))), {"strides": (2, 1)},
     "defaults-mult1-s(2,1)")

# --- separable_conv1d / separable_conv2d ---------------------------------------------------------------------------
for i, (df, padding, (s, d)) in enumerate(itertools.product((CL, CF), ("valid", "same"), _STRIDE_DILATION)):
    if i % 2:
        _add("separable_conv1d", (T(_x(1 + i % 2, (8,), 3, df, next(_seed))), T(_v((3, 3, 2), next(_seed))),
                                  T(_v((1, 6, 4), next(_seed)))),
             {"strides": s, "padding": padding, "data_format": df, "dilation_rate": d},
             f"{df}-{padding}-s{s}-d{d}-k3", wide=i % 4 == 1, half=i % 8 == 3)
    _add("separable_conv2d", (T(_x(1 + i % 2, (7, 6), 3, df, next(_seed))),
                              T(_v((2, 3, 3, 2) if i % 3 else (3, 3, 3, 2), next(_seed))),
                              T(_v((1, 1, 6, 4), next(_seed)))),
         {"strides": (s, s), "padding": padding, "data_format": df, "dilation_rate": (d, d)},
         f"{df}-{padding}-s{s}-d{d}", wide=i % 4 == 0, half=i % 8 == 5)
_add("separable_conv1d", (T(_x(2, (6,), 2, CL, 112)), T(_v((2, 2, 1), 113)), T(_v((1, 2, 3), 114))), {}, "defaults")
_add("separable_conv2d", (T(_x(2, (5, 5), 2, CL, 115)), T(_v((3, 3, 2, 1), 116)), T(_v((1, 1, 2, 3), 117))), {},
     "defaults")


# --- conv2d_transpose / conv3d_transpose: output_shape chosen so that the forward conv maps it back to x -----------
def _out_size(n, k, s, d, padding, extra):
    return (n - 1) * s + ((k - 1) * d + 1 if padding == "valid" else 1) + extra


def _transpose(fn, nd, df, padding, s, d, k, extra, batch, label, wide=False, half=False, none_batch=False):
    sizes = (3, 4, 3)[:nd]
    x = _x(batch, sizes, 3, df, next(_seed))
    kernel = _v(k + (2, 3), next(_seed))
    out = tuple(_out_size(n, kk, s, d, padding, extra) for n, kk in zip(sizes, k))
    out_shape = ((None if none_batch else batch),) + (out + (2,) if df == CL else (2,) + out)
    kwargs = {"strides": (s,) * nd, "padding": padding, "data_format": df}
    if d != 1:
        kwargs["dilation_rate"] = (d, d)

    def expected(x, kernel, output_shape, **kw):
        return getattr(ref, fn)(x, kernel, (batch,) + tuple(output_shape[1:]), **kw)
    CASES.append(Case(fn, (T(x), T(kernel), out_shape), kwargs, expected, ("float32", "float64") if wide else F32,
                      same, label))
    if half:
        CASES.append(Case(fn, (T(x), T(kernel), out_shape), kwargs, expected, F16, same, label,
                          tolerance=HALF_TOLERANCE))


for i, (df, padding, (s, d)) in enumerate(itertools.product((CL, CF), ("valid", "same"), _STRIDE_DILATION)):
    _transpose("conv2d_transpose", 2, df, padding, s, d, (3, 3), 0, 1 + i % 2, f"{df}-{padding}-s{s}-d{d}-k3x3",
               wide=i % 4 == 0, half=i % 4 == 1)
for df, padding in itertools.product((CL, CF), ("valid", "same")):   # the larger admissible output; even kernels
    _transpose("conv2d_transpose", 2, df, padding, 2, 1, (2, 3), 1, 2, f"{df}-{padding}-s2-k2x3-extra1",
               wide=True)
    _transpose("conv2d_transpose", 2, df, padding, 3, 1, (2, 2), 2, 1, f"{df}-{padding}-s3-k2x2-extra2")
_transpose("conv2d_transpose", 2, CL, "same", 2, 1, (3, 3), 0, 2, "none-batch", none_batch=True)
for i, (df, padding, s) in enumerate(itertools.product((CL, CF), ("valid", "same"), (1, 2))):
    _transpose("conv3d_transpose", 3, df, padding, s, 1, (2, 3, 2), i % 2 * (s - 1), 1 + i % 2,
               f"{df}-{padding}-s{s}-k2x3x2", wide=i % 3 == 0, half=i % 4 == 2)
CASES.append(Case("conv2d_transpose", (T(_x(2, (3, 3), 3, CL, 118)), T(_v((3, 3, 2, 3), 119)), (2, 5, 5, 2)), {},
                  ref.conv2d_transpose, F32, same, "defaults"))
CASES.append(Case("conv3d_transpose", (T(_x(1, (2, 3, 2), 3, CL, 120)), T(_v((2, 2, 2, 2, 3), 121)),
                                       [1, 3, 4, 3, 2]), {}, ref.conv3d_transpose, F32, same, "defaults-list-shape"))


def _adjoint(fn, nd, kw):
    """<conv(y, k), x> == <y, conv_transpose(x, k)>: the transposed convolution is the adjoint of the forward one."""
    def check(K):
        sizes = (5, 6, 4)[:nd]
        y = _x(2, sizes, 2, CL, 130)
        forward = getattr(K, f"conv{nd}d")(y, _v((3,) * nd + (2, 3), 131), **kw)
        x = _v(K.int_shape(forward), 132)
        back = getattr(K, fn)(x, _v((3,) * nd + (2, 3), 131), y.shape, **kw)
        left = float(np.sum(K.eval(forward).astype(np.float64) * x))
        right = float(np.sum(K.eval(back).astype(np.float64) * y))
        assert abs(left - right) < 1e-9, (left, right)
    return check


CASES += [
    CheckCase("conv2d_transpose", _adjoint("conv2d_transpose", 2, {"strides": (2, 2), "padding": "same",
                                                                   "dilation_rate": (1, 1), "data_format": CL}),
              "adjoint-of-conv2d"),
    CheckCase("conv3d_transpose", _adjoint("conv3d_transpose", 3, {"strides": (2, 1, 2), "padding": "valid",
                                                                   "data_format": CL}), "adjoint-of-conv3d"),
]

# --- pool2d / pool3d -----------------------------------------------------------------------------------------------
_POOLS_2D = (((2, 2), (2, 2)), ((3, 3), (1, 1)), ((3, 2), (2, 3)))
for i, (df, padding, mode, (size, s)) in enumerate(itertools.product((CL, CF), ("valid", "same"), ("max", "avg"),
                                                                     _POOLS_2D)):
    _add("pool2d", (T(_x(1 + i % 2, (7, 6), 2, df, next(_seed))), size),
         {"strides": s, "padding": padding, "data_format": df, "pool_mode": mode},
         f"{df}-{padding}-{mode}-p{_fmt(size)}-s{_fmt(s)}", wide=i % 5 == 0, half=i % 5 == 2)
_POOLS_3D = (((2, 2, 2), (2, 2, 2)), ((3, 2, 3), (1, 2, 2)))
for i, (df, padding, mode, (size, s)) in enumerate(itertools.product((CL, CF), ("valid", "same"), ("max", "avg"),
                                                                     _POOLS_3D)):
    _add("pool3d", (T(_x(1 + i % 2, (5, 4, 5), 2, df, next(_seed))), size),
         {"strides": s, "padding": padding, "data_format": df, "pool_mode": mode},
         f"{df}-{padding}-{mode}-p{_fmt(size)}-s{_fmt(s)}", wide=i % 3 == 0, half=i % 4 == 1)
_add("pool2d", (T(_x(2, (4, 6), 3, CL, 122)), (2, 2)), {}, "defaults-max-s1", wide=True)
_add("pool2d", (T(_x(1, (5, 5), 1, CL, 123)), 2), {"strides": 2, "padding": "same", "pool_mode": "avg"},
     "int-args-same-avg")
_add("pool2d", (T(_x(1, (3, 3), 2, CL, 124)), (5, 5)), {"padding": "same", "pool_mode": "avg"}, "pool-larger-than-x")
_add("pool3d", (T(_x(1, (3, 4, 3), 2, CL, 125)), (2, 2, 2)), {}, "defaults-max-s1")
# 'same' windows wider than an input axis (the padding is then wider than half the window on that axis)
for mode in ("max", "avg"):
    for df in (CL, CF):
        _add("pool3d", (T(_x(1, (2, 2, 2), 1, df, 126)), (3, 3, 3)),
             {"padding": "same", "pool_mode": mode, "data_format": df}, f"{df}-pool-larger-than-x-{mode}", half=True)
        _add("pool3d", (T(_x(2, (1, 3, 2), 2, df, 127)), (2, 4, 3)),
             {"strides": (1, 2, 1), "padding": "same", "pool_mode": mode, "data_format": df},
             f"{df}-pool-larger-than-some-axes-{mode}")
        _add("pool2d", (T(_x(1, (1, 4), 2, df, 128)), (1, 6)),  # pool1d as Keras 2 runs it: rows of size 1
             {"strides": (1, 2), "padding": "same", "pool_mode": mode, "data_format": df},
             f"{df}-1d-pool-larger-than-x-{mode}")
_add("pool2d", (T(_x(1, (2, 2), 1, CL, 129)), (3, 3)), {"padding": "same", "pool_mode": "max"},
     "pool-larger-than-x-max")

# --- local_conv1d / local_conv2d -----------------------------------------------------------------------------------
for df in (CL, CF):
    for k, s, n in ((3, 1, 7), (2, 2, 8)):
        out = (n - k) // s + 1
        _add("local_conv1d", (T(_x(2, (n,), 3, df, next(_seed))), T(_v((out, k * 3, 4), next(_seed))), (k,), (s,)),
             {"data_format": df}, f"{df}-k{k}-s{s}", wide=s == 2, half=s == 1)
    for k, s, shape in (((3, 3), (1, 1), (4, 3)), ((2, 3), (2, 1), (3, 2))):
        _add("local_conv2d", (T(_x(2, (7, 5), 2, df, next(_seed))), T(_v((shape[0] * shape[1], k[0] * k[1] * 2, 3),
                                                                         next(_seed))), k, s, shape),
             {"data_format": df}, f"{df}-k{_fmt(k)}-s{_fmt(s)}-out{_fmt(shape)}", wide=s == (1, 1), half=k == (2, 3))
_add("local_conv1d", (T(_x(1, (6,), 2, CL, 126)), T(_v((3, 4, 2), 127)), 2, 2), {}, "defaults-int-args")
_add("local_conv2d", (T(_x(1, (4, 4), 1, CL, 128)), T(_v((4, 4, 2), 129)), (2, 2), (2, 2), (2, 2)), {}, "defaults")

# Every value case names its data format, so that the suite does not depend on the configured image_data_format;
# the default (None -> image_data_format()) is checked on its own below, under both settings.
for _case in CASES:
    if isinstance(_case, Case) and "data_format" not in _case.kwargs:
        _case.kwargs["data_format"] = CL


def _default_data_format(fn, make):
    """``fn`` without data_format follows ``K.image_data_format()`` (set to each format in turn, then restored)."""
    def check(K):
        old = K.image_data_format()
        try:
            for data_format in (CF, CL):
                K.set_image_data_format(data_format)
                args, kwargs = make(data_format)
                got = K.eval(getattr(K, fn)(*args, **kwargs))
                want = getattr(ref, fn)(*args, data_format=data_format, **kwargs)
                np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5, err_msg=data_format)
        finally:
            K.set_image_data_format(old)
    return check


CASES += [
    CheckCase("conv1d", _default_data_format("conv1d", lambda df: (
        (_x(2, (6,), 3, df, 140), _v((3, 3, 2), 141)), {"padding": "causal"})), "default-data-format"),
    CheckCase("conv2d", _default_data_format("conv2d", lambda df: (
        (_x(2, (5, 6), 3, df, 142), _v((2, 3, 3, 2), 143)), {"strides": 2, "padding": "same"})),
        "default-data-format"),
    CheckCase("depthwise_conv2d", _default_data_format("depthwise_conv2d", lambda df: (
        (_x(1, (5, 6), 3, df, 144), _v((3, 3, 3, 2), 145)), {"padding": "same"})), "default-data-format"),
    CheckCase("conv2d_transpose", _default_data_format("conv2d_transpose", lambda df: (
        (_x(2, (3, 3), 3, df, 146), _v((3, 3, 2, 3), 147), (2, 6, 6, 2) if df == CL else (2, 2, 6, 6)),
        {"strides": 2, "padding": "same"})), "default-data-format"),
    CheckCase("pool2d", _default_data_format("pool2d", lambda df: (
        (_x(2, (5, 6), 3, df, 148), (2, 2)), {"strides": 2, "padding": "same", "pool_mode": "avg"})),
        "default-data-format"),
    CheckCase("pool3d", _default_data_format("pool3d", lambda df: (
        (_x(1, (3, 4, 5), 2, df, 149), (2, 2, 2)), {"padding": "same"})), "default-data-format"),
    CheckCase("local_conv2d", _default_data_format("local_conv2d", lambda df: (
        (_x(1, (4, 4), 2, df, 150), _v((4, 8, 2), 151), (2, 2), (2, 2), (2, 2)), {})), "default-data-format"),
]

# --- errors --------------------------------------------------------------------------------------------------------
_X1, _K1 = T(np.ones((2, 7, 3))), T(np.ones((3, 3, 2)))
_X2, _K2 = T(np.ones((2, 7, 6, 3))), T(np.ones((3, 3, 3, 2)))
_X3, _K3 = T(np.ones((1, 4, 4, 4, 2))), T(np.ones((2, 2, 2, 2, 3)))
_DW2, _PW2 = T(np.ones((3, 3, 3, 2))), T(np.ones((1, 1, 6, 4)))
_T2 = T(np.ones((3, 3, 2, 3)))   # conv2d_transpose kernel (out 2, in 3)
CASES += [
    ErrorCase("conv1d", (_X1, _K1), {"padding": "full"}, ValueError, "invalid-padding"),
    ErrorCase("conv1d", (_X1, _K1), {"padding": "SAME"}, ValueError, "padding-is-case-sensitive"),
    ErrorCase("conv1d", (_X1, _K1), {"data_format": "channels_middle"}, ValueError, "invalid-data-format"),
    ErrorCase("conv1d", (_X2, _K1), {}, ValueError, "x-rank-4"),
    ErrorCase("conv1d", (_X1, _K2), {}, ValueError, "kernel-rank-4"),
    ErrorCase("conv1d", (_X1, T(np.ones((3, 2, 2)))), {}, ValueError, "channel-mismatch"),
    ErrorCase("conv1d", (_X1, T(np.ones((8, 3, 2)))), {}, ValueError, "kernel-larger-than-x"),
    ErrorCase("conv1d", (_X1, _K1), {"dilation_rate": 4}, ValueError, "dilated-kernel-larger-than-x"),
    ErrorCase("conv1d", (_X1, _K1), {"strides": 0}, ValueError, "stride-0"),
    ErrorCase("conv1d", (_X1, _K1), {"strides": (1, 1)}, ValueError, "strides-wrong-length"),
    ErrorCase("conv1d", (_X1, _K1), {"strides": "2"}, TypeError, "strides-not-int"),
    ErrorCase("conv1d", (_X1, _K1), {"dilation_rate": 0}, ValueError, "dilation-0"),
    ErrorCase("conv2d", (_X2, _K2), {"padding": "causal"}, ValueError, "causal"),
    ErrorCase("conv2d", (_X2, _K2), {"padding": "full"}, ValueError, "invalid-padding"),
    ErrorCase("conv2d", (_X2, _K2), {"data_format": "NHWC"}, ValueError, "invalid-data-format"),
    ErrorCase("conv2d", (_X2, T(np.ones((3, 3, 2, 2)))), {}, ValueError, "channel-mismatch"),
    ErrorCase("conv2d", (_X2, _K2), {"data_format": CF}, ValueError, "channel-mismatch-channels-first"),
    ErrorCase("conv2d", (_X1, _K2), {}, ValueError, "x-rank-3"),
    ErrorCase("conv2d", (_X2, _K1), {}, ValueError, "kernel-rank-3"),
    ErrorCase("conv2d", (_X2, T(np.ones((8, 3, 3, 2)))), {}, ValueError, "kernel-larger-than-x"),
    ErrorCase("conv2d", (_X2, _K2), {"strides": (1, 1, 1)}, ValueError, "strides-wrong-length"),
    ErrorCase("conv2d", (_X2, _K2), {"dilation_rate": (1, -1)}, ValueError, "negative-dilation"),
    ErrorCase("conv3d", (_X3, _K3), {"padding": "causal"}, ValueError, "causal"),
    ErrorCase("conv3d", (_X3, _K3), {"data_format": "channels"}, ValueError, "invalid-data-format"),
    ErrorCase("conv3d", (_X3, T(np.ones((2, 2, 2, 3, 3)))), {}, ValueError, "channel-mismatch"),
    ErrorCase("conv3d", (_X2, _K3), {}, ValueError, "x-rank-4"),
    ErrorCase("depthwise_conv2d", (_X2, T(np.ones((3, 3, 2, 2)))), {}, ValueError, "channel-mismatch"),
    ErrorCase("depthwise_conv2d", (_X2, _DW2), {"padding": "causal"}, ValueError, "causal"),
    ErrorCase("depthwise_conv2d", (_X2, _DW2), {"data_format": "nchw"}, ValueError, "invalid-data-format"),
    ErrorCase("depthwise_conv2d", (_X2, T(np.ones((3, 3, 3)))), {}, ValueError, "kernel-rank-3"),
    ErrorCase("separable_conv2d", (_X2, _DW2, T(np.ones((1, 1, 5, 4)))), {}, ValueError, "pointwise-channel-mismatch"),
    ErrorCase("separable_conv2d", (_X2, _DW2, T(np.ones((2, 1, 6, 4)))), {}, ValueError, "pointwise-not-1x1"),
    ErrorCase("separable_conv2d", (_X2, T(np.ones((3, 3, 4, 2))), _PW2), {}, ValueError, "depthwise-channel-mismatch"),
    ErrorCase("separable_conv2d", (_X2, _DW2, _PW2), {"padding": "full"}, ValueError, "invalid-padding"),
    ErrorCase("separable_conv2d", (_X2, _DW2, _PW2), {"data_format": "last"}, ValueError, "invalid-data-format"),
    ErrorCase("separable_conv1d", (_X1, T(np.ones((3, 3, 2))), T(np.ones((1, 6, 4)))), {"padding": "causal"},
              ValueError, "causal"),
    ErrorCase("separable_conv1d", (_X1, T(np.ones((3, 3, 2))), T(np.ones((1, 3, 4)))), {}, ValueError,
              "pointwise-channel-mismatch"),
    ErrorCase("conv2d_transpose", (T(np.ones((2, 3, 3, 3))), _T2, (2, 9, 9, 2)), {}, ValueError,
              "inconsistent-output-shape"),
    ErrorCase("conv2d_transpose", (T(np.ones((2, 3, 3, 3))), _T2, (2, 7, 7, 2)), {"strides": 2, "padding": "same"},
              ValueError, "inconsistent-output-shape-same"),
    ErrorCase("conv2d_transpose", (T(np.ones((2, 3, 3, 3))), _T2, (2, 5, 5, 4)), {}, ValueError,
              "output-channel-mismatch"),
    ErrorCase("conv2d_transpose", (T(np.ones((2, 3, 3, 2))), _T2, (2, 5, 5, 2)), {}, ValueError,
              "input-channel-mismatch"),
    ErrorCase("conv2d_transpose", (T(np.ones((2, 3, 3, 3))), _T2, (2, 5, 5)), {}, ValueError, "output-shape-rank"),
    ErrorCase("conv2d_transpose", (T(np.ones((2, 3, 3, 3))), _T2, (3, 5, 5, 2)), {}, ValueError, "batch-mismatch"),
    ErrorCase("conv2d_transpose", (T(np.ones((2, 3, 3, 3))), _T2, (2, 5, 5, 2)), {"padding": "causal"}, ValueError,
              "causal"),
    ErrorCase("conv2d_transpose", (T(np.ones((2, 3, 3, 3))), _T2, (2, 5, 5, 2)), {"data_format": "x"}, ValueError,
              "invalid-data-format"),
    ErrorCase("conv2d_transpose", (T(np.ones((2, 3, 3, 3))), _T2, (2, 5.0, 5, 2)), {}, TypeError,
              "non-int-output-shape"),
    ErrorCase("conv3d_transpose", (T(np.ones((1, 2, 2, 2, 3))), T(np.ones((2, 2, 2, 2, 3))), (1, 4, 4, 4, 2)), {},
              ValueError, "inconsistent-output-shape"),
    ErrorCase("conv3d_transpose", (T(np.ones((1, 2, 2, 2, 3))), T(np.ones((2, 2, 2, 2, 3))), (1, 3, 3, 3, 2)),
              {"data_format": "y"}, ValueError, "invalid-data-format"),
    ErrorCase("pool2d", (_X2, (2, 2)), {"pool_mode": "min"}, ValueError, "invalid-pool-mode"),
    ErrorCase("pool2d", (_X2, (2, 2)), {"padding": "causal"}, ValueError, "causal"),
    ErrorCase("pool2d", (_X2, (2, 2)), {"padding": "full"}, ValueError, "invalid-padding"),
    ErrorCase("pool2d", (_X2, (2, 2)), {"data_format": "channels"}, ValueError, "invalid-data-format"),
    ErrorCase("pool2d", (_X1, (2, 2)), {}, ValueError, "x-rank-3"),
    ErrorCase("pool2d", (_X2, (8, 2)), {}, ValueError, "pool-larger-than-x"),
    ErrorCase("pool2d", (_X2, (2, 2, 2)), {}, ValueError, "pool-size-wrong-length"),
    ErrorCase("pool3d", (_X3, (2, 2, 2)), {"pool_mode": "sum"}, ValueError, "invalid-pool-mode"),
    ErrorCase("pool3d", (_X3, (2, 2, 2)), {"data_format": "ncdhw"}, ValueError, "invalid-data-format"),
    ErrorCase("pool3d", (_X2, (2, 2, 2)), {}, ValueError, "x-rank-4"),
    ErrorCase("local_conv1d", (_X1, T(np.ones((5, 8, 2))), (3,), (1,)), {}, ValueError, "feature-mismatch"),
    ErrorCase("local_conv1d", (_X1, T(np.ones((6, 9, 2))), (3,), (1,)), {}, ValueError, "too-many-positions"),
    ErrorCase("local_conv1d", (_X1, T(np.ones((5, 9, 2))), (3,), (1,)), {"data_format": "z"}, ValueError,
              "invalid-data-format"),
    ErrorCase("local_conv2d", (_X2, T(np.ones((6, 27, 2))), (3, 3), (1, 1), (4, 4)), {}, ValueError,
              "positions-mismatch"),
    ErrorCase("local_conv2d", (_X2, T(np.ones((24, 27, 2))), (3, 3), (1, 1), (6, 4)), {}, ValueError,
              "window-out-of-range"),
    ErrorCase("local_conv2d", (_X2, T(np.ones((20, 27, 2))), (3, 3), (1, 1), (5, 4)), {"data_format": "w"},
              ValueError, "invalid-data-format"),
]
