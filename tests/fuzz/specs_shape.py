"""Generators for shape functions: reshape, transpose, permute_dimensions, concatenate, stack, expand_dims, squeeze,
tile, repeat_elements, repeat, flatten, batch_flatten, gather, one_hot, slice, reverse, paddings, switch, cast."""
import numpy as np
from hypothesis import strategies as st

from kbackend.conformance.reference import shape as ref

from .harness import Example, In
from .strategies import ALL, FLOATS, INTS, NUMERIC, axis, dtypes, shapes, tensors


def _same(x):
    return str(x.value.dtype)


@st.composite
def reshape(draw):
    dtype = draw(dtypes(ALL))
    shape = draw(shapes())
    x = draw(tensors(dtype, shape))
    size = int(np.prod(shape))
    # A target shape of the same size: factor the size into up to three sizes, maybe with one -1.
    target = []
    rest = size
    for _ in range(draw(st.integers(0, 3))):
        divisors = [d for d in range(1, max(rest, 1) + 1) if rest % d == 0] if rest else [0, 1, 2]
        d = draw(st.sampled_from(divisors))
        target.append(d)
        rest = rest // d if d else 0
    if rest != 1 or not target:
        target.append(rest)
    if size and draw(st.booleans()):
        target[draw(st.integers(0, len(target) - 1))] = -1
    if len(target) == 1 and draw(st.booleans()):
        target = target[0]
    reference = lambda x, shape: np.reshape(x, shape)  # noqa: E731
    return Example("reshape", (x, tuple(target) if isinstance(target, list) and draw(st.booleans()) else target),
                   {}, reference, dtype)


@st.composite
def transpose(draw):
    dtype = draw(dtypes(ALL))
    x = draw(tensors(dtype, draw(shapes())))
    return Example("transpose", (x,), {}, lambda x: np.transpose(x), dtype)


@st.composite
def permute_dimensions(draw):
    dtype = draw(dtypes(ALL))
    shape = draw(shapes(min_dims=1))
    pattern = draw(st.permutations(range(len(shape))))
    pattern = [p - len(shape) if draw(st.booleans()) else p for p in pattern]
    x = draw(tensors(dtype, shape))
    return Example("permute_dimensions", (x, tuple(pattern) if draw(st.booleans()) else pattern), {},
                   ref.permute_dimensions, dtype)


def _promoted(dtypes_):
    kinds = {np.dtype(d).kind for d in dtypes_}
    if len(kinds) > 1:
        return None  # mixed kinds: the engines are compared with each other (same dtype), not with a rule here
    return max(dtypes_, key=lambda d: np.dtype(d).itemsize)


@st.composite
def concatenate(draw):
    shape = list(draw(shapes(min_dims=1)))
    ax = draw(axis(len(shape)))
    count = draw(st.integers(1, 3))
    kinds = draw(st.sampled_from(("same", "same", "mixed")))
    first = draw(dtypes(ALL))
    inputs = []
    for _ in range(count):
        part = list(shape)
        part[ax] = draw(st.integers(0, 3))
        dtype = first if kinds == "same" else draw(dtypes(NUMERIC))
        inputs.append(draw(tensors(dtype, tuple(part))))
    kwargs = {"axis": ax} if ax != -1 or draw(st.booleans()) else {}
    return Example("concatenate", (inputs,), kwargs, ref.concatenate, _promoted([_same(i) for i in inputs]))


@st.composite
def stack(draw):
    shape = draw(shapes())
    count = draw(st.integers(1, 3))
    dtype = draw(dtypes(ALL))
    inputs = [draw(tensors(dtype, shape)) for _ in range(count)]
    ax = draw(st.integers(-len(shape) - 1, len(shape)))
    kwargs = {"axis": ax} if ax != 0 or draw(st.booleans()) else {}
    return Example("stack", (inputs,), kwargs, ref.stack, dtype)


@st.composite
def expand_dims(draw):
    dtype = draw(dtypes(ALL))
    shape = draw(shapes())
    ax = draw(st.integers(-len(shape) - 1, len(shape)))
    kwargs = {"axis": ax} if ax != -1 or draw(st.booleans()) else {}
    return Example("expand_dims", (draw(tensors(dtype, shape)),), kwargs, ref.expand_dims, dtype)


@st.composite
def squeeze(draw):
    dtype = draw(dtypes(ALL))
    shape = list(draw(shapes(max_dims=3)))
    ax = draw(st.integers(0, len(shape)))
    shape.insert(ax, 1)
    if draw(st.booleans()):
        ax -= len(shape)
    return Example("squeeze", (draw(tensors(dtype, tuple(shape))), ax), {}, ref.squeeze, dtype)


@st.composite
def tile(draw):
    dtype = draw(dtypes(ALL))
    shape = draw(shapes(min_dims=1))
    x = draw(tensors(dtype, shape))
    n = draw(st.lists(st.integers(0, 3), min_size=1, max_size=len(shape)))
    n = n[0] if len(n) == 1 and draw(st.booleans()) else n
    return Example("tile", (x, n), {}, ref.tile, dtype)


@st.composite
def repeat_elements(draw):
    dtype = draw(dtypes(ALL))
    shape = draw(shapes(min_dims=1))
    ax = draw(axis(len(shape)))
    return Example("repeat_elements", (draw(tensors(dtype, shape)), draw(st.integers(1, 3)), ax), {},
                   ref.repeat_elements, dtype)


@st.composite
def repeat(draw):
    dtype = draw(dtypes(ALL))
    shape = draw(shapes(min_dims=2, max_dims=2))
    return Example("repeat", (draw(tensors(dtype, shape)), draw(st.integers(0, 3))), {}, ref.repeat, dtype)


@st.composite
def flatten(draw):
    dtype = draw(dtypes(ALL))
    return Example("flatten", (draw(tensors(dtype, draw(shapes()))),), {}, ref.flatten, dtype)


@st.composite
def batch_flatten(draw):
    dtype = draw(dtypes(ALL))
    return Example("batch_flatten", (draw(tensors(dtype, draw(shapes(min_dims=1)))),), {}, ref.batch_flatten, dtype)


@st.composite
def gather(draw):
    dtype = draw(dtypes(ALL))
    shape = draw(shapes(min_dims=1))
    x = draw(tensors(dtype, shape))
    rows = shape[0]
    form = draw(st.sampled_from(("list", "tensor", "int"))) if rows else "list"
    if form == "int":
        indices = draw(st.integers(0, rows - 1))
    else:
        index_shape = draw(shapes(max_dims=2, max_side=3)) if form == "tensor" else (draw(st.integers(0, 4)),)
        values = np.asarray(draw(st.lists(st.integers(0, max(rows - 1, 0)), min_size=int(np.prod(index_shape)),
                                          max_size=int(np.prod(index_shape)))), dtype=np.int64)
        values = values.reshape(index_shape)
        if form == "list" and not rows and values.size:
            values = values[:0]
        indices = values.tolist() if form == "list" else In(values.astype(draw(dtypes(INTS))),
                                                            draw(st.sampled_from(("numpy", "constant"))))

    def reference(x, indices):
        return np.take(x, np.asarray(indices, dtype=np.int64), axis=0)
    return Example("gather", (x, indices), {}, reference, dtype)


@st.composite
def one_hot(draw):
    classes = draw(st.integers(1, 4))
    values = np.asarray(draw(st.lists(st.integers(-1, classes), max_size=6)), dtype=draw(dtypes(INTS)))
    shape = draw(st.sampled_from([(values.size,)] + ([(1, values.size)] if values.size else [])))
    indices = In(values.reshape(shape), draw(st.sampled_from(("numpy", "constant"))))
    return Example("one_hot", (indices, classes), {}, ref.one_hot, "float32")


@st.composite
def slice_(draw):
    dtype = draw(dtypes(ALL))
    shape = draw(shapes(min_dims=1))
    start, size = [], []
    for n in shape:
        b = draw(st.integers(0, n))
        start.append(b)
        size.append(draw(st.one_of(st.just(-1), st.integers(0, n - b))))
    return Example("slice", (draw(tensors(dtype, shape)), start, size), {}, ref.slice_, dtype)


@st.composite
def reverse(draw):
    dtype = draw(dtypes(ALL))
    shape = draw(shapes(min_dims=1))
    axes = draw(st.lists(axis(len(shape), negative=False), min_size=1, max_size=len(shape), unique=True))
    axes = axes[0] if len(axes) == 1 and draw(st.booleans()) else axes
    return Example("reverse", (draw(tensors(dtype, shape)), axes), {}, ref.reverse, dtype)


@st.composite
def temporal_padding(draw):
    dtype = draw(dtypes(NUMERIC))
    shape = draw(shapes(min_dims=3, max_dims=3, max_side=3))
    padding = (draw(st.integers(0, 2)), draw(st.integers(0, 2)))
    args = (draw(tensors(dtype, shape)), padding)
    return Example("temporal_padding", args if padding != (1, 1) or draw(st.booleans()) else args[:1], {},
                   ref.temporal_padding, dtype)


@st.composite
def spatial_2d_padding(draw):
    dtype = draw(dtypes(NUMERIC))
    shape = draw(shapes(min_dims=4, max_dims=4, max_side=3))
    padding = tuple((draw(st.integers(0, 2)), draw(st.integers(0, 2))) for _ in range(2))
    data_format = draw(st.sampled_from(("channels_last", "channels_first")))
    return Example("spatial_2d_padding", (draw(tensors(dtype, shape)), padding), {"data_format": data_format},
                   ref.spatial_2d_padding, dtype)


@st.composite
def switch(draw):
    dtype = draw(dtypes(FLOATS))
    shape = draw(shapes(max_dims=2))
    a, b = draw(tensors(dtype, shape)), draw(tensors(dtype, shape))
    if draw(st.booleans()):
        condition = draw(st.booleans())
        reference = lambda c, a, b: a if c else b  # noqa: E731
    else:
        condition = draw(tensors("bool", shape, forms=("numpy", "constant")))
        reference = lambda c, a, b: np.where(c, a, b)  # noqa: E731
    return Example("switch", (condition, a, b), {}, reference, dtype)


@st.composite
def cast(draw):
    source = draw(dtypes(ALL))
    target = draw(dtypes(ALL))
    x = draw(tensors(source, draw(shapes()), -100, 100))
    return Example("cast", (x, target), {}, lambda x, dtype: _cast_reference(x, dtype), target)


def _cast_reference(x, dtype):
    """Floats to integers truncate toward zero; numbers to bool are ``!= 0``."""
    if dtype == "bool":
        return x != 0
    if np.dtype(dtype).kind in "iu" and x.dtype.kind == "f":
        return np.trunc(x).astype(np.int64)
    return x.astype(np.float64) if np.dtype(dtype).kind == "f" else x.astype(np.int64)


SPECS = {
    "reshape": reshape(), "transpose": transpose(), "permute_dimensions": permute_dimensions(),
    "concatenate": concatenate(), "stack": stack(), "expand_dims": expand_dims(), "squeeze": squeeze(),
    "tile": tile(), "repeat_elements": repeat_elements(), "repeat": repeat(), "flatten": flatten(),
    "batch_flatten": batch_flatten(), "gather": gather(), "one_hot": one_hot(), "slice": slice_(),
    "reverse": reverse(), "temporal_padding": temporal_padding(), "spatial_2d_padding": spatial_2d_padding(),
    "switch": switch(), "cast": cast(),
}
