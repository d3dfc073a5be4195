"""The public functions of ``import kbackend as K``, one module per area of the API.

Each area module lists in ``ENGINE_FUNCTIONS`` the public functions that forward to an engine function, mapped to
that function's name in the engine table (usually the same name); ``kbackend info`` reports for those whether the
engine has them natively or through a generic fallback. The other public functions are computed in shared code.
"""
import inspect

from . import (activations, config, conv, ctc, elementwise, graph, images, legacy, linalg, nn, pooling, random,
               reductions, shape, tensors, variables)

MODULES = (config, tensors, variables, reductions, elementwise, linalg, shape, images, activations, nn, conv, pooling,
           random, graph, ctc, legacy)

PUBLIC = {}
ENGINE_FUNCTION_OF = {}
for _module in MODULES:
    for _name, _value in vars(_module).items():
        if inspect.isfunction(_value) and not _name.startswith("_") and _value.__module__ == _module.__name__:
            PUBLIC[_name] = _value
    ENGINE_FUNCTION_OF.update(getattr(_module, "ENGINE_FUNCTIONS", {}))
del _module, _name, _value

# Engine-table names whose provenance is reported.
PUBLIC_ENGINE_FUNCTIONS = tuple(sorted(set(ENGINE_FUNCTION_OF.values())))
