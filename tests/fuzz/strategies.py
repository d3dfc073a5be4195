"""Hypothesis building blocks: dtypes, shapes (sizes 0 and 1 included), arrays (optionally with inf, NaN, -0.0),
input forms (NumPy array, K.constant, K.variable) and axes (negative, lists, out of range)."""
import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from .harness import In

FLOATS = ("float16", "float32", "float64")
INTS = ("int32", "int64")
NUMERIC = FLOATS + INTS
ALL = NUMERIC + ("bool",)
SPECIAL = (np.inf, -np.inf, np.nan, 0.0, -0.0)


def shapes(min_dims=0, max_dims=3, min_side=0, max_side=4):
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side)


def elements(dtype, low=-10.0, high=10.0, specials=False):
    dtype = np.dtype(dtype)
    if dtype.kind == "b":
        return st.booleans()
    if dtype.kind in "iu":
        return st.integers(int(low), int(high))
    finite = st.floats(low, high, width=8 * dtype.itemsize, allow_nan=False, allow_infinity=False)
    if specials:
        return st.one_of(finite, finite, finite, st.sampled_from(SPECIAL))
    return finite


@st.composite
def arrays(draw, dtype, shape, low=-10.0, high=10.0, specials=False):
    return draw(hnp.arrays(np.dtype(dtype), shape, elements=elements(dtype, low, high, specials)))


@st.composite
def tensors(draw, dtype, shape, low=-10.0, high=10.0, specials=False, forms=("numpy", "constant", "variable")):
    """An ``In`` input: an array of ``dtype`` and ``shape`` in one of ``forms`` (variables only of numbers)."""
    value = draw(arrays(dtype, shape, low, high, specials))
    if dtype == "bool":
        forms = tuple(f for f in forms if f != "variable") or ("numpy",)
    return In(value, draw(st.sampled_from(forms)))


def axis(ndim, negative=True):
    """A valid axis of a rank-``ndim`` tensor (ndim >= 1)."""
    return st.integers(-ndim if negative else 0, ndim - 1)


@st.composite
def reduction_axis(draw, ndim):
    """None, an int axis or a list of distinct axes (possibly negative) of a rank-``ndim`` tensor."""
    if ndim == 0:
        return None
    choice = draw(st.sampled_from(("none", "int", "list")))
    if choice == "none":
        return None
    if choice == "int":
        return draw(axis(ndim))
    positive = draw(st.lists(st.integers(0, ndim - 1), min_size=1, max_size=ndim, unique=True))
    return [a - ndim if draw(st.booleans()) else a for a in positive]


def dtypes(choices=FLOATS):
    return st.sampled_from(choices)
