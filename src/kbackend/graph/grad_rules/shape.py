"""Gradient rules of the shape functions: reshapes, axis insertions and removals, concatenation, slicing."""
from .emit import call, helper, known, rank, shape
from .registry import engine, pairs, public


def _reshaped_back(g, x):
    """``g`` reshaped to the shape of ``x`` (statically when it is known, else at run time)."""
    s = shape(x)
    return call("reshape", g, s) if known(s) else helper("reshape_like", g, x)


@engine("reshape", "expand_dims", "squeeze")
@public("reshape", "expand_dims", "squeeze", "flatten", "batch_flatten")
def _reshaping(b):
    """Every function that only changes the shape: the cotangent is reshaped back."""
    x = b.args[0]
    return pairs(b, (x, lambda: _reshaped_back(b.g, x)))
