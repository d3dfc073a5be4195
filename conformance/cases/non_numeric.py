"""Error cases: a string, None, a dict or another object where a tensor is expected is a TypeError on every engine
(not a ValueError about an axis or a rank that a rank-0 reading of the value would give)."""
import numpy as np

from ..model import ErrorCase, T

_X = T(np.arange(6.0).reshape(2, 3))
_BAD = (("string", "abc"), ("none", None), ("dict", {"a": 1}), ("object", object()))

# fn -> (the arguments before the bad value, the arguments after it); the bad value replaces a tensor argument.
CALLS = {
    "softmax": ((), ()), "argmax": ((), ()), "argmin": ((), ()), "max": ((), ()), "min": ((), ()),
    "mean": ((), ()), "std": ((), ()), "var": ((), ()), "sum": ((), ()), "l2_normalize": ((), ()),
    "cumsum": ((), ()), "cumprod": ((), ()), "transpose": ((), ()), "relu": ((), ()), "sigmoid": ((), ()),
    "reshape": ((), ((3, 2),)), "gather": ((), ([0],)), "dot": ((), (_X,)), "batch_dot": ((), (_X,)),
    "categorical_crossentropy": ((), (_X,)), "binary_crossentropy": ((), (_X,)),
    "sparse_categorical_crossentropy": ((), (_X,)), "permute_dimensions": ((), ((1, 0),)),
    "expand_dims": ((), ()), "squeeze": ((), (0,)), "reverse": ((), (0,)), "tile": ((), ((1, 2),)),
    "repeat_elements": ((), (2, 0)), "flatten": ((), ()), "batch_flatten": ((), ()), "shape": ((), ()),
    "int_shape": ((), ()), "ndim": ((), ()), "eval": ((), ()), "get_value": ((), ()), "print_tensor": ((), ()),
    "zeros_like": ((), ()), "identity": ((), ()), "cast": ((), ("float32",)), "bias_add": ((), (T(np.ones(3)),)),
    "pool2d": ((), ((2, 2),)), "conv1d": ((), (T(np.ones((1, 3, 2))),)), "in_top_k": ((), (T([0, 1], "int32"), 1)),
}
# the bad value in a later argument
LATER = {
    "dot": ((_X,), ()), "gather": ((_X,), ()), "categorical_crossentropy": ((_X,), ()),
    "concatenate": (([_X],), ()), "maximum": ((_X,), ()), "switch": ((), (_X, _X)),
}

CASES = []
for label, bad in _BAD:
    for fn, (before, after) in CALLS.items():
        CASES.append(ErrorCase(fn, before + (bad,) + after, {}, TypeError, f"non-numeric-{label}"))
    for fn, (before, after) in LATER.items():
        if fn == "concatenate":
            CASES.append(ErrorCase(fn, ([_X, bad],), {}, TypeError, f"non-numeric-{label}-in-list"))
        else:
            CASES.append(ErrorCase(fn, before + (bad,) + after, {}, TypeError, f"non-numeric-{label}-later-argument"))
