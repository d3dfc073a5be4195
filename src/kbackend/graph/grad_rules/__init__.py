"""Gradient rules: the vector-Jacobian product of each differentiable function, built from engine-table calls
recorded as ordinary graph nodes (``emit``), in a registry keyed by what a recorded node runs (``registry``).

Rules by area: ``elementwise`` (arithmetic and the Python operators, math, selections, clipping, casts),
``reductions``, ``linalg``, ``shape``, ``nn``, ``loops`` (``K.rnn``: backpropagation through time). ``walk``
applies them backwards over a sub-graph: ``kbackend.graph.gradients`` over a loss sub-graph.
"""
from . import elementwise, linalg, loops, nn, reductions, shape  # noqa: F401  (each registers its rules)
from .emit import NoRule
from .registry import RULES, Backward, rule_for

__all__ = ["NoRule", "RULES", "Backward", "rule_for", "covered_functions"]


def covered_functions():
    """The names of the public functions and engine-table functions that have a gradient rule, sorted."""
    names = set()
    for key in RULES:
        names.add(key[1] if isinstance(key, tuple) else key.__name__)
    return sorted(names)
