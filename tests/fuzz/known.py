"""The known disagreements, in one table, each with its reason, a matcher and a reproducing example.

A disagreement that an entry's ``matches`` accepts is counted as known instead of failing the fuzz tests (the test
output and the campaign report count them, by entry). ``tests/test_fuzz.py::test_known_disagreement_still_there``
runs each entry's ``repro`` and fails when it no longer disagrees, so a fixed one gets removed from this table.

The eight disagreements the reliability issue listed, and pow(-inf, 0.5) on the numpy engine (found by this fuzzer),
are fixed, each with conformance cases; what remains is a property of the frameworks themselves.
"""
import dataclasses
from typing import Callable, Tuple

import numpy as np

from kbackend.conformance.reference import math as math_ref

from .harness import Example, In


@dataclasses.dataclass
class Known:
    id: str
    fns: Tuple[str, ...]
    engines: Tuple[str, ...]       # engines (or "reference": the numpy engine vs the reference) that disagree
    reason: str
    matches: Callable              # (Disagreement) -> bool, called only for items of ``fns`` on ``engines``
    repro: Example


def _inputs(example):
    """The NumPy values of every ``In`` input of ``example`` (nested lists included)."""
    found = []

    def walk(arg):
        if isinstance(arg, In):
            found.append(arg.value)
        elif isinstance(arg, (list, tuple)):
            for a in arg:
                walk(a)
    walk(example.args)
    walk(tuple(example.kwargs.values()))
    return found


def _non_finite(item):
    return any(v.dtype.kind == "f" and not np.isfinite(v).all() for v in _inputs(item.example))


def _subnormal(item):
    for v in _inputs(item.example):
        if v.dtype.kind == "f":
            magnitude = np.abs(v[np.isfinite(v)])
            if ((magnitude > 0) & (magnitude < np.finfo(v.dtype).tiny)).any():
                return True
    return False


def _float16_input(item):
    return any(v.dtype == np.float16 for v in _inputs(item.example))


def _empty_input(item):
    return any(v.size == 0 for v in _inputs(item.example))


def _scalar_result(item):
    return item.kind == "type" and "0-d" in item.detail


def _f32(value):
    return np.asarray(value, np.float32)


KNOWN = [
    Known("xla-tf-subnormals", ("*",), ("jax", "tensorflow"),
          "found by fuzzing: JAX (XLA) and TensorFlow flush subnormal floats to zero on CPU (FTZ/DAZ), so "
          "0 <= -2.2e-311 is True there and False in NumPy and PyTorch; a framework property, not kbackend's",
          lambda item: _subnormal(item),
          Example("less_equal", (In(np.array(0.0)), In(np.array(-2.2250738585e-311))))),
]

BY_ID = {entry.id: entry for entry in KNOWN}


def explain(item):
    """The id of the first entry that explains the Disagreement ``item``, or None."""
    for entry in KNOWN:
        if ("*" in entry.fns or item.fn in entry.fns) and ("*" in entry.engines or item.engine in entry.engines):
            if entry.matches(item):
                return entry.id
    return None
