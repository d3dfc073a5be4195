"""Generators for activations, crossentropies, l2_normalize, bias_add, batch normalisation, dot and batch_dot."""
import numpy as np
from hypothesis import strategies as st

from kbackend.conformance.reference import linalg as linalg_ref
from kbackend.conformance.reference import nn as ref

from .harness import TOLERANCE, Example, In
from .strategies import FLOATS, INTS, NUMERIC, arrays, axis, dtypes, shapes, tensors


def _float16_losses(dtype):
    """The crossentropies compute float16 in float32 (README); the result dtype is checked between engines only."""
    return None if dtype == "float16" else dtype


@st.composite
def relu(draw):
    dtype = draw(dtypes(FLOATS))
    x = draw(tensors(dtype, draw(shapes()), -20, 20, specials=True))
    kwargs = {}
    if draw(st.booleans()):
        kwargs["alpha"] = draw(st.sampled_from((0.0, 0.1, 0.5, 1.0)))
    if draw(st.booleans()):
        kwargs["max_value"] = draw(st.sampled_from((None, 0.5, 1.0, 6.0, 6, 10.0)))
    if draw(st.booleans()):
        kwargs["threshold"] = draw(st.sampled_from((0.0, -2.8, -1.0, 0.5, 2.0)))
    return Example("relu", (x,), kwargs, ref.relu, dtype)


ACTIVATIONS = ("elu", "softplus", "softsign", "sigmoid", "hard_sigmoid", "tanh")


def activation(fn):
    @st.composite
    def spec(draw):
        dtype = draw(dtypes(FLOATS))
        big = draw(st.booleans())
        x = draw(tensors(dtype, draw(shapes()), -1e4 if big else -20, 1e4 if big else 20, specials=True))
        kwargs = {"alpha": draw(st.sampled_from((1.0, 0.5, 2.0)))} if fn == "elu" and draw(st.booleans()) else {}
        return Example(fn, (x,), kwargs, getattr(ref, fn), dtype)
    return spec()


@st.composite
def softmax(draw):
    dtype = draw(dtypes(FLOATS))
    shape = draw(shapes(min_dims=1))
    x = draw(tensors(dtype, shape, -20, 20, specials=draw(st.integers(0, 3)) == 0))
    ax = draw(axis(len(shape)))
    kwargs = {"axis": ax} if ax != -1 or draw(st.booleans()) else {}
    return Example("softmax", (x,), kwargs, ref.softmax, dtype)


def cce_reference(target, output, from_logits=False, axis=-1):
    """The conformance reference; an empty class axis sums nothing (0 per row)."""
    if output.size == 0:
        return np.zeros(np.delete(output.shape, axis % output.ndim))
    return ref.categorical_crossentropy(target, output, from_logits, axis)


@st.composite
def categorical_crossentropy(draw):
    dtype = draw(dtypes(FLOATS))
    shape = draw(shapes(min_dims=1))
    from_logits = draw(st.booleans())
    target = draw(tensors(dtype, shape, 0, 1))
    output = draw(tensors(dtype, shape, -10 if from_logits else 0, 10 if from_logits else 1))
    kwargs = {}
    if from_logits or draw(st.booleans()):
        kwargs["from_logits"] = from_logits
    ax = draw(axis(len(shape)))
    if ax != -1 or draw(st.booleans()):
        kwargs["axis"] = ax
    return Example("categorical_crossentropy", (target, output), kwargs, cce_reference,
                   _float16_losses(dtype), scale=float(shape[ax] if shape[ax] else 1) * 20)


@st.composite
def sparse_categorical_crossentropy(draw):
    dtype = draw(dtypes(FLOATS))
    shape = draw(shapes(min_dims=1, min_side=1))
    ax = draw(axis(len(shape)))
    classes = shape[ax]
    from_logits = draw(st.booleans())
    output = draw(tensors(dtype, shape, -10 if from_logits else 0, 10 if from_logits else 1))
    label_shape = shape[:ax % len(shape)] + shape[ax % len(shape) + 1:]
    labels = draw(arrays(draw(dtypes(INTS + (dtype,))), label_shape, 0, classes - 1))
    labels = In(np.round(labels) if labels.dtype.kind == "f" else labels, draw(st.sampled_from(("numpy", "constant"))))
    kwargs = {"from_logits": from_logits} if from_logits or draw(st.booleans()) else {}
    if ax != -1 or draw(st.booleans()):
        kwargs["axis"] = ax
    return Example("sparse_categorical_crossentropy", (labels, output), kwargs, ref.sparse_categorical_crossentropy,
                   _float16_losses(dtype), scale=20.0)


def bce_reference(dtype):
    """The conformance reference, with Keras 2's clip to [eps, 1 - eps] done in the dtype the engines compute in
    (float16 in float32): 1 - 1e-7 is 0.99999988 in float32, and -log(1 - p) at that bound is 15.94, not 16.12."""
    compute = np.float32 if dtype == "float16" else np.dtype(dtype).type

    def reference(target, output, from_logits=False):
        if not from_logits:
            eps = ref._epsilon(None)
            output = np.clip(output, float(compute(eps)), float(compute(1.0) - compute(eps)))
            return ref.binary_crossentropy(target, output, epsilon=0.0)
        return ref.binary_crossentropy(target, output, from_logits=True)
    return reference


@st.composite
def binary_crossentropy(draw):
    dtype = draw(dtypes(FLOATS))
    shape = draw(shapes())
    from_logits = draw(st.booleans())
    target = draw(tensors(dtype, shape, 0, 1))
    output = draw(tensors(dtype, shape, -10 if from_logits else 0, 10 if from_logits else 1))
    kwargs = {"from_logits": from_logits} if from_logits or draw(st.booleans()) else {}
    return Example("binary_crossentropy", (target, output), kwargs, bce_reference(dtype),
                   _float16_losses(dtype), scale=20.0)


@st.composite
def l2_normalize(draw):
    dtype = draw(dtypes(FLOATS))
    shape = draw(shapes(min_dims=1))
    x = draw(tensors(dtype, shape, -10, 10))
    choice = draw(st.sampled_from(("none", "int", "list")))
    if choice == "none":
        kwargs = {} if draw(st.booleans()) else {"axis": None}
    elif choice == "int":
        kwargs = {"axis": draw(axis(len(shape)))}
    else:
        kwargs = {"axis": draw(st.lists(axis(len(shape), negative=False), min_size=1, max_size=len(shape),
                                        unique=True))}
    return Example("l2_normalize", (x,), kwargs, ref.l2_normalize, dtype)


@st.composite
def bias_add(draw):
    dtype = draw(dtypes(FLOATS))
    shape = draw(shapes(min_dims=2, max_dims=4, max_side=3))
    data_format = draw(st.sampled_from((None, "channels_last", "channels_first")))
    channels = shape[1] if data_format == "channels_first" else shape[-1]
    bias = draw(tensors(dtype, (channels,)))
    kwargs = {"data_format": data_format} if data_format or draw(st.booleans()) else {}
    return Example("bias_add", (draw(tensors(dtype, shape)), bias), kwargs, ref.bias_add, dtype)


@st.composite
def batch_normalization(draw):
    dtype = draw(dtypes(FLOATS))
    shape = draw(shapes(min_dims=1, max_dims=4, min_side=1, max_side=3))
    ax = draw(axis(len(shape)))
    channels = (shape[ax],)
    mean, beta, gamma = (draw(tensors(dtype, channels, -2, 2)) for _ in range(3))
    var = draw(tensors(dtype, channels, 0, 4))
    beta = beta if draw(st.booleans()) else None
    gamma = gamma if draw(st.booleans()) else None
    kwargs = {"axis": ax}
    if draw(st.booleans()):
        kwargs["epsilon"] = draw(st.sampled_from((1e-3, 1e-5, 0.1)))
    return Example("batch_normalization", (draw(tensors(dtype, shape)), mean, var, beta, gamma), kwargs,
                   ref.batch_normalization, dtype, scale=30.0)


@st.composite
def normalize_batch_in_training(draw):
    dtype = draw(dtypes(("float32", "float64")))
    shape = draw(shapes(min_dims=2, max_dims=4, min_side=1, max_side=3))
    kept = draw(axis(len(shape), negative=False))
    reduction_axes = [a for a in range(len(shape)) if a != kept]
    gamma = draw(tensors(dtype, (shape[kept],), -2, 2)) if draw(st.booleans()) else None
    beta = draw(tensors(dtype, (shape[kept],), -2, 2)) if draw(st.booleans()) else None
    kwargs = {"epsilon": draw(st.sampled_from((1e-3, 1e-5)))} if draw(st.booleans()) else {}
    x = draw(tensors(dtype, shape))
    # x - mean carries a rounding error of about ulp(max |x|), which the division by sqrt(var + epsilon) multiplies by
    # up to 1 / sqrt(epsilon) when the variance is ~0 (a constant slice): the bound of any correct float result
    magnitude = float(np.max(np.abs(x.value))) if x.value.size else 0.0
    amplified = 4 * np.finfo(dtype).eps * (1 + magnitude) / np.sqrt(kwargs.get("epsilon", 1e-3))
    scale = max(100.0, amplified / TOLERANCE[dtype][1])
    return Example("normalize_batch_in_training", (x, gamma, beta, reduction_axes), kwargs,
                   ref.normalize_batch_in_training, (dtype, dtype, dtype), scale=scale)


@st.composite
def dot(draw):
    dtype = draw(dtypes(NUMERIC))
    k = draw(st.integers(0, 3))
    x_shape = draw(shapes(max_dims=2, max_side=3)) + (k,)
    y_shape = draw(shapes(max_dims=1, max_side=3)) + (k, draw(st.integers(0, 3)))
    x, y = draw(tensors(dtype, x_shape, -5, 5)), draw(tensors(dtype, y_shape, -5, 5))
    return Example("dot", (x, y), {}, linalg_ref.dot, dtype, scale=25.0 * max(k, 1))


@st.composite
def batch_dot(draw):
    dtype = draw(dtypes(FLOATS))
    batch, k = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    x_rank, y_rank = draw(st.integers(2, 3)), draw(st.integers(2, 3))
    a0, a1 = draw(st.integers(1, x_rank - 1)), draw(st.integers(1, y_rank - 1))
    x_shape = [batch] + [draw(st.integers(1, 3)) for _ in range(x_rank - 1)]
    y_shape = [batch] + [draw(st.integers(1, 3)) for _ in range(y_rank - 1)]
    x_shape[a0], y_shape[a1] = k, k
    form = draw(st.sampled_from(("pair", "negative", "default")))
    if form == "default":
        default = (x_rank - 1, y_rank - 1) if y_rank == 2 else (x_rank - 1, y_rank - 2)
        x_shape[default[0]], y_shape[default[1]] = k, k
        kwargs = {}
    else:
        kwargs = {"axes": (a0, a1) if form == "pair" else [a0 - x_rank, a1 - y_rank]}
    x, y = draw(tensors(dtype, tuple(x_shape), -5, 5)), draw(tensors(dtype, tuple(y_shape), -5, 5))
    return Example("batch_dot", (x, y), kwargs, linalg_ref.batch_dot, dtype, scale=25.0 * k)


SPECS = {"relu": relu(), "softmax": softmax()}
SPECS.update({fn: activation(fn) for fn in ACTIVATIONS})
SPECS.update({
    "categorical_crossentropy": categorical_crossentropy(),
    "sparse_categorical_crossentropy": sparse_categorical_crossentropy(),
    "binary_crossentropy": binary_crossentropy(), "l2_normalize": l2_normalize(), "bias_add": bias_add(),
    "batch_normalization": batch_normalization(), "normalize_batch_in_training": normalize_batch_in_training(),
    "dot": dot(), "batch_dot": batch_dot(),
})
