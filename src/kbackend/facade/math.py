"""Public API: reductions and element-wise math.

Reductions take ``axis`` as None (all axes), an int or a list/tuple of ints in ``[-rank, rank)``; the facade checks
and normalises it (ValueError out of range, TypeError for anything else) before the engine sees it. Element-wise
binary functions follow the promotion rule of ``kbackend._dtypes`` on every engine.
"""
from .._registry import ops as _ops
from ..graph.dispatch import graph_aware
from ._checks import axes, single_axis


@graph_aware
def max(x, axis=None, keepdims=False):
    """Maximum of ``x`` over ``axis`` (None: all axes)."""
    if axis is not None:
        axis = axes(axis, x)
    return _ops.max(x, axis, keepdims)


@graph_aware
def min(x, axis=None, keepdims=False):
    """Minimum of ``x`` over ``axis`` (None: all axes)."""
    if axis is not None:
        axis = axes(axis, x)
    return _ops.min(x, axis, keepdims)


@graph_aware
def sum(x, axis=None, keepdims=False):
    """Sum of ``x`` over ``axis``; keeps the dtype of ``x`` (bool counts in int32)."""
    if axis is not None:
        axis = axes(axis, x)
    return _ops.sum(x, axis, keepdims)


@graph_aware
def prod(x, axis=None, keepdims=False):
    """Product of ``x`` over ``axis``; keeps the dtype of ``x`` (bool in int32)."""
    if axis is not None:
        axis = axes(axis, x)
    return _ops.prod(x, axis, keepdims)


@graph_aware
def cumsum(x, axis=0):
    """Cumulative sum along ``axis`` (default 0); keeps the dtype of ``x`` (bool in int32)."""
    return _ops.cumsum(x, single_axis(axis, x))


@graph_aware
def cumprod(x, axis=0):
    """Cumulative product along ``axis`` (default 0); keeps the dtype of ``x`` (bool in int32)."""
    return _ops.cumprod(x, single_axis(axis, x))


@graph_aware
def var(x, axis=None, keepdims=False):
    """Population variance (ddof=0) over ``axis``; integer and bool inputs are computed in ``floatx()``."""
    if axis is not None:
        axis = axes(axis, x)
    return _ops.var(x, axis, keepdims)


@graph_aware
def std(x, axis=None, keepdims=False):
    """Population standard deviation (ddof=0) over ``axis``; integer and bool inputs in ``floatx()``."""
    if axis is not None:
        axis = axes(axis, x)
    return _ops.std(x, axis, keepdims)


@graph_aware
def mean(x, axis=None, keepdims=False):
    """Mean over ``axis``; integer and bool inputs are computed in ``floatx()``."""
    if axis is not None:
        axis = axes(axis, x)
    return _ops.mean(x, axis, keepdims)


@graph_aware
def any(x, axis=None, keepdims=False):
    """Logical OR over ``axis`` of ``x`` cast to bool; returns a bool tensor."""
    if axis is not None:
        axis = axes(axis, x)
    return _ops.any(x, axis, keepdims)


@graph_aware
def all(x, axis=None, keepdims=False):
    """Logical AND over ``axis`` of ``x`` cast to bool; returns a bool tensor."""
    if axis is not None:
        axis = axes(axis, x)
    return _ops.all(x, axis, keepdims)


@graph_aware
def argmax(x, axis=-1):
    """Index (int64) of the maximum along ``axis`` (default -1); the first one on ties."""
    return _ops.argmax(x, single_axis(axis, x))


@graph_aware
def argmin(x, axis=-1):
    """Index (int64) of the minimum along ``axis`` (default -1); the first one on ties."""
    return _ops.argmin(x, single_axis(axis, x))


@graph_aware
def logsumexp(x, axis=None, keepdims=False):
    """``log(sum(exp(x), axis))`` computed stably (``logsumexp([1e4, 1e-4]) == 1e4``)."""
    if axis is not None:
        axis = axes(axis, x)
    return _ops.logsumexp(x, axis, keepdims)


@graph_aware
def square(x):
    """Element-wise ``x * x``."""
    return _ops.square(x)


@graph_aware
def abs(x):
    """Element-wise absolute value."""
    return _ops.abs(x)


@graph_aware
def sqrt(x):
    """Element-wise square root; negative inputs give 0 (they are clipped first), integers compute in floatx."""
    return _ops.sqrt(x)


@graph_aware
def exp(x):
    """Element-wise exponential; integer inputs compute in ``floatx()``."""
    return _ops.exp(x)


@graph_aware
def log(x):
    """Element-wise natural logarithm (no clipping: ``log(0) = -inf``); integer inputs compute in ``floatx()``."""
    return _ops.log(x)


@graph_aware
def round(x):
    """Element-wise rounding to the nearest integer, half to even (``round(2.5) == 2``); keeps the dtype."""
    return _ops.round(x)


@graph_aware
def sign(x):
    """Element-wise sign (-1, 0 or 1); keeps the dtype."""
    return _ops.sign(x)


@graph_aware
def pow(x, a):
    """Element-wise ``x ** a`` (``a`` a number or a tensor; promotion rule applies)."""
    return _ops.power(x, a)


@graph_aware
def clip(x, min_value, max_value):
    """``x`` limited to ``[min_value, max_value]``; None means unbounded, number bounds with
    ``max_value < min_value`` use ``max_value = min_value``, tensor bounds clip element-wise; keeps x's dtype."""
    if (min_value is not None and max_value is not None and isinstance(min_value, (int, float))
            and isinstance(max_value, (int, float)) and max_value < min_value):
        max_value = min_value
    return _ops.clip(x, min_value, max_value)


@graph_aware
def equal(x, y):
    """Element-wise ``x == y`` as a bool tensor."""
    return _ops.equal(x, y)


@graph_aware
def not_equal(x, y):
    """Element-wise ``x != y`` as a bool tensor."""
    return _ops.not_equal(x, y)


@graph_aware
def greater(x, y):
    """Element-wise ``x > y`` as a bool tensor."""
    return _ops.greater(x, y)


@graph_aware
def greater_equal(x, y):
    """Element-wise ``x >= y`` as a bool tensor."""
    return _ops.greater_equal(x, y)


@graph_aware
def less(x, y):
    """Element-wise ``x < y`` as a bool tensor."""
    return _ops.less(x, y)


@graph_aware
def less_equal(x, y):
    """Element-wise ``x <= y`` as a bool tensor."""
    return _ops.less_equal(x, y)


@graph_aware
def maximum(x, y):
    """Element-wise maximum (promotion rule applies)."""
    return _ops.maximum(x, y)


@graph_aware
def minimum(x, y):
    """Element-wise minimum (promotion rule applies)."""
    return _ops.minimum(x, y)


@graph_aware
def sin(x):
    """Element-wise sine; integer inputs compute in ``floatx()``."""
    return _ops.sin(x)


@graph_aware
def cos(x):
    """Element-wise cosine; integer inputs compute in ``floatx()``."""
    return _ops.cos(x)


ENGINE_FUNCTIONS = {name: name for name in (
    "max", "min", "sum", "prod", "cumsum", "cumprod", "var", "std", "mean", "any", "all", "argmax", "argmin",
    "logsumexp", "square", "abs", "sqrt", "exp", "log", "round", "sign", "clip", "equal", "not_equal", "greater",
    "greater_equal", "less", "less_equal", "maximum", "minimum", "sin", "cos")}
ENGINE_FUNCTIONS["pow"] = "power"
