"""Gradient rules of the reductions: ``sum``, ``mean``, ``max``/``min`` (ties share the cotangent equally, as every
engine's autodiff does), ``prod``, ``logsumexp``, ``var``/``std`` and the cumulative sums."""
from .emit import call, dtype, helper, is_float, normalize_axes, rank, shape
from ..lowered_forms import lowered_form
from .registry import engine, pairs, public


def unreduce(g, x, axis, keepdims, mean=False):
    """The cotangent of ``sum``/``mean(x, axis, keepdims)`` spread back over the shape of ``x`` (one node)."""
    axes = normalize_axes(axis, rank(x))
    if not axes:
        return g
    return helper("unreduce", g, x, axes, bool(keepdims), bool(mean))


def _kept(value, x, axes, keepdims):
    """``value`` (a reduction of ``x`` over ``axes``) broadcast back to the shape of ``x``."""
    return helper("unreduce", value, x, axes, bool(keepdims), False)


@engine("sum")
@public("sum")
def _sum(b):
    x, axis, keepdims = b.args
    return pairs(b, (x, lambda: unreduce(b.g, x, axis, keepdims)))


@engine("mean")
@public("mean")
def _mean(b):
    x, axis, keepdims = b.args
    return pairs(b, (x, lambda: unreduce(b.g, x, axis, keepdims, mean=True)))


@lowered_form("mean")
def _mean_form(node):
    """The engine's mean over every axis of a dense float tensor (the public function checks only the axes)."""
    x, axis, keepdims = node.args
    if axis is not None or not is_float(x) or dtype(x) == "float16" or shape(x) is None or \
            getattr(x, "sparse", False) or type(keepdims) is not bool:
        return None
    return call("mean", x, None, keepdims)


@engine("max", "min")
@public("max", "min")
def _extremum(b):
    x, axis, keepdims = b.args

    def d_x():
        axes = normalize_axes(axis, rank(x))
        if not axes:
            return b.g
        chosen = call("cast", call("equal", x, _kept(b.out, x, axes, keepdims)), x.dtype)
        ties = call("sum", chosen, axes, True)
        return call("multiply", _kept(b.g, x, axes, keepdims), call("divide", chosen, ties))
    return pairs(b, (x, d_x))


@engine("logsumexp")
@public("logsumexp")
def _logsumexp(b):
    x, axis, keepdims = b.args

    def d_x():
        axes = normalize_axes(axis, rank(x))
        if not axes:
            return b.g
        weights = call("exp", call("subtract", x, _kept(b.out, x, axes, keepdims)))
        return call("multiply", _kept(b.g, x, axes, keepdims), weights)
    return pairs(b, (x, d_x))


@engine("prod")
@public("prod")
def _prod(b):
    """out / x where x has no zero; with zeros, the product of the others (computed with the zeros replaced by 1
    and counted)."""
    x, axis, keepdims = b.args

    def d_x():
        axes = normalize_axes(axis, rank(x))
        if not axes:
            return b.g
        zero = call("equal", x, 0.0)
        ones_for_zeros = call("where", zero, 1.0, x)
        others = call("prod", ones_for_zeros, axes, True)   # the product without the zeros
        zeros = call("sum", call("cast", zero, x.dtype), axes, True)
        without_self = call("where", zero, call("where", call("equal", zeros, 1.0), others, 0.0),
                            call("where", call("equal", zeros, 0.0), call("divide", others, ones_for_zeros), 0.0))
        return call("multiply", _kept(b.g, x, axes, keepdims), without_self)
    return pairs(b, (x, d_x))


@engine("var")
@public("var")
def _var(b):
    x, axis, keepdims = b.args

    def d_x():
        axes = normalize_axes(axis, rank(x))
        centred = call("subtract", x, call("mean", x, axes, True))
        return call("multiply", unreduce(b.g, x, axes, keepdims, mean=True), call("multiply", centred, 2.0))
    return pairs(b, (x, d_x))


@engine("std")
@public("std")
def _std(b):
    x, axis, keepdims = b.args

    def d_x():
        axes = normalize_axes(axis, rank(x))
        centred = call("subtract", x, call("mean", x, axes, True))
        scaled = call("divide", b.g, b.out)   # d std = d var / (2 std)
        return call("multiply", unreduce(scaled, x, axes, keepdims, mean=True), centred)
    return pairs(b, (x, d_x))


@engine("cumsum")
@public("cumsum")
def _cumsum(b):
    x, axis = b.args

    def d_x():
        a = int(axis) % rank(x)
        return call("flip", call("cumsum", call("flip", b.g, (a,)), a), (a,))
    return pairs(b, (x, d_x))
