"""The public functions of ``import kbackend as K``, one module per area of the API.

``ENGINE_FUNCTION_OF`` maps each public function that forwards to an engine function to that function's name in the
engine table (usually the same name); ``kbackend info`` reports for those whether the engine has them natively or
through a generic fallback. The other public functions are computed in shared code from engine primitives.
"""
from . import config, linalg, math, shape, tensors

MODULES = (config, tensors, math, linalg, shape)

PUBLIC = {}
for _module in MODULES:
    for _name, _value in vars(_module).items():
        if callable(_value) and not _name.startswith("_") and getattr(_value, "__module__", None) == _module.__name__:
            PUBLIC[_name] = _value
del _module, _name, _value
PUBLIC.pop("Session", None)

ENGINE_FUNCTION_OF = {name: name for name in (
    "is_sparse", "to_dense", "ndim", "cast", "eye", "zeros", "ones",
    "max", "min", "sum", "prod", "cumsum", "cumprod", "var", "std", "mean", "any", "all", "argmax", "argmin",
    "logsumexp", "square", "abs", "sqrt", "exp", "log", "round", "sign", "clip", "equal", "not_equal", "greater",
    "greater_equal", "less", "less_equal", "maximum", "minimum", "sin", "cos", "dot", "batch_dot", "gather",
    "arange",
)}
ENGINE_FUNCTION_OF.update({"pow": "power", "transpose": "permute", "variable": "Variable", "identity": "copy",
                           "random_uniform_variable": "random_uniform", "random_normal_variable": "random_normal"})

# Engine-table names whose provenance is reported (public functions and the core primitives they use).
PUBLIC_ENGINE_FUNCTIONS = tuple(sorted(set(ENGINE_FUNCTION_OF.values())))
