"""Generic implementations, written once on the engine core and bound to each engine that lacks a native version.

Every function here takes the engine's function namespace ``E`` as its first argument (bound with
``functools.partial`` when the engine is built), then the already-normalised arguments of the engine function of
the same name. ``FUNCTIONS`` maps each name to its implementation.
"""
from . import coerce, control, conv, ctc, devices, graph, linalg, math, nn, random, shape, tensors

FUNCTIONS = {}
for _module in (coerce, tensors, math, linalg, shape, nn, conv, random, ctc, graph, control, devices):
    for _name in _module.__all__:
        FUNCTIONS[_name] = getattr(_module, _name)
del _module, _name
