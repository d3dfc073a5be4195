"""Generators for small convolutions and pooling (conv1d, conv2d, pool2d, pool3d) and for bad inputs (the
exception type the README promises, the same on every engine)."""
import numpy as np
from hypothesis import strategies as st

from kbackend.conformance.reference import conv as ref

from .harness import Example, In
from .strategies import FLOATS, NUMERIC, dtypes, shapes, tensors


def _conv_shape(draw, nd, data_format, channels):
    spatial = [draw(st.integers(1, 5)) for _ in range(nd)]
    batch = draw(st.integers(1, 2))
    return tuple([batch, channels] + spatial if data_format == "channels_first" else [batch] + spatial + [channels])


def conv(fn, nd):
    @st.composite
    def spec(draw):
        dtype = draw(dtypes(FLOATS))
        data_format = draw(st.sampled_from(("channels_last", "channels_first")))
        channels, filters = draw(st.integers(1, 2)), draw(st.integers(1, 2))
        kernel_size = [draw(st.integers(1, 3)) for _ in range(nd)]
        padding = draw(st.sampled_from(("valid", "same") + (("causal",) if nd == 1 else ())))
        strides = [draw(st.integers(1, 2)) for _ in range(nd)]
        dilation = [1] * nd if max(strides) > 1 and draw(st.booleans()) else [draw(st.integers(1, 2))
                                                                             for _ in range(nd)]
        shape = _conv_shape(draw, nd, data_format, channels)
        spatial = shape[2:] if data_format == "channels_first" else shape[1:-1]
        if padding == "valid":   # a window that fits (the output size stays >= 1)
            kernel_size = [min(k, (n - 1) // d + 1) for k, n, d in zip(kernel_size, spatial, dilation)]
        x = draw(tensors(dtype, shape, -3, 3))
        kernel = draw(tensors(dtype, tuple(kernel_size) + (channels, filters), -3, 3))
        kwargs = {"padding": padding, "data_format": data_format}
        if nd == 1:
            kwargs.update(strides=strides[0], dilation_rate=dilation[0])
        else:
            kwargs.update(strides=tuple(strides), dilation_rate=tuple(dilation))
        taps = int(np.prod(kernel_size)) * channels
        return Example(fn, (x, kernel), kwargs, getattr(ref, fn), dtype, scale=9.0 * taps)
    return spec()


def pool(fn, nd):
    @st.composite
    def spec(draw):
        dtype = draw(dtypes(FLOATS))
        data_format = draw(st.sampled_from(("channels_last", "channels_first")))
        shape = _conv_shape(draw, nd, data_format, draw(st.integers(1, 2)))
        spatial = shape[2:] if data_format == "channels_first" else shape[1:-1]
        padding = draw(st.sampled_from(("valid", "same")))
        pool_size = [draw(st.integers(1, 3)) for _ in range(nd)]
        if padding == "valid":
            pool_size = [min(p, n) for p, n in zip(pool_size, spatial)]
        strides = tuple(draw(st.integers(1, 2)) for _ in range(nd))
        mode = draw(st.sampled_from(("max", "avg")))
        kwargs = {"strides": strides, "padding": padding, "data_format": data_format, "pool_mode": mode}
        return Example(fn, (draw(tensors(dtype, shape, -3, 3)), tuple(pool_size)), kwargs, getattr(ref, fn), dtype,
                       scale=3.0)
    return spec()


# Bad inputs: (function, strategy of (args, kwargs), the exception type the README promises).
def _x(draw, dtype="float32", shape=(3, 4)):
    return draw(tensors(dtype, shape))


@st.composite
def bad_axis(draw):
    fn = draw(st.sampled_from(("sum", "prod", "mean", "max", "min", "any", "all", "var", "std", "logsumexp",
                               "argmax", "argmin", "cumsum", "cumprod", "softmax", "l2_normalize", "expand_dims",
                               "squeeze", "repeat_elements", "reverse")))
    ndim = draw(st.integers(1, 3))
    x = draw(tensors(draw(dtypes(FLOATS)), tuple([1] * ndim)))
    bad = draw(st.sampled_from((ndim + 2, -ndim - 2, 17)))
    args = (x, 2, bad) if fn == "repeat_elements" else (x, bad)
    return Example(fn, args, {}, error=ValueError, spec="bad_axis")


@st.composite
def non_int_axis(draw):
    fn = draw(st.sampled_from(("sum", "prod", "mean", "max", "min", "var", "std", "logsumexp", "cumsum", "argmax",
                               "softmax")))
    return Example(fn, (_x(draw), draw(st.sampled_from((1.5, "1")))), {}, error=TypeError, spec="non_int_axis")


@st.composite
def non_numeric(draw):
    fn = draw(st.sampled_from(("exp", "log", "abs", "square", "sqrt", "sin", "sum", "mean", "relu", "sigmoid",
                               "tanh", "softplus", "softmax", "argmax")))
    value = draw(st.sampled_from(("abc", None, object())))
    return Example(fn, (value,), {}, error=TypeError, spec="non_numeric")


@st.composite
def bad_dtype(draw):
    fn = draw(st.sampled_from(("cast", "constant", "variable", "zeros", "ones")))
    dtype = draw(st.sampled_from(("float8", "int3", "complex512", "string")))
    if fn in ("zeros", "ones"):
        return Example(fn, ((2, 3),), {"dtype": dtype}, error=TypeError, spec="bad_dtype")
    if fn == "cast":
        return Example(fn, (_x(draw), dtype), {}, error=TypeError, spec="bad_dtype")
    return Example(fn, (np.ones((2, 3)),), {"dtype": dtype}, error=TypeError, spec="bad_dtype")


@st.composite
def bad_shapes(draw):
    kind = draw(st.sampled_from(("binary", "concatenate", "reshape", "dot", "stack", "tile")))
    a = _x(draw, shape=(3, 4))
    if kind == "binary":
        fn = draw(st.sampled_from(("equal", "greater", "maximum", "minimum")))
        return Example(fn, (a, _x(draw, shape=(2, 4))), error=ValueError, spec="bad_shapes")
    if kind == "concatenate":
        return Example("concatenate", ([a, _x(draw, shape=(2, 3))],), {"axis": 0}, error=ValueError,
                       spec="bad_shapes")
    if kind == "reshape":
        return Example("reshape", (a, draw(st.sampled_from(((5, 2), (-1, 5), 13)))), error=ValueError,
                       spec="bad_shapes")
    if kind == "dot":
        return Example("dot", (a, _x(draw, shape=(3, 2))), error=ValueError, spec="bad_shapes")
    if kind == "stack":
        return Example("stack", ([a, _x(draw, shape=(4, 3))],), error=ValueError, spec="bad_shapes")
    return Example("tile", (a, [1, 1, 2]), error=ValueError, spec="bad_shapes")


@st.composite
def gather_out_of_range(draw):
    rows = draw(st.integers(1, 4))
    x = _x(draw, dtype=draw(dtypes(NUMERIC)), shape=(rows, 2))
    index = draw(st.sampled_from((rows, rows + 3)))
    indices = draw(st.sampled_from(([0, index], In(np.array([index], np.int32), "constant"))))
    return Example("gather", (x, indices), error=IndexError, spec="gather_out_of_range")


SPECS = {
    "conv1d": conv("conv1d", 1), "conv2d": conv("conv2d", 2), "pool2d": pool("pool2d", 2),
    "pool3d": pool("pool3d", 3),
    "bad_axis": bad_axis(), "non_int_axis": non_int_axis(), "non_numeric": non_numeric(),
    "bad_dtype": bad_dtype(), "bad_shapes": bad_shapes(), "gather_out_of_range": gather_out_of_range(),
}
