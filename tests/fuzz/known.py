"""The known disagreements, in one table, each with its reason, a matcher and a reproducing example.

A disagreement that an entry's ``matches`` accepts is counted as known instead of failing the fuzz tests (the test
output and the campaign report count them, by entry). ``tests/test_fuzz.py::test_known_disagreement_still_there``
runs each entry's ``repro`` and fails when it no longer disagrees, so a fixed one gets removed from this table.

Entries marked "being fixed" are the ones the reliability issue lists (fixed on another branch); the others were
found by this fuzzer.
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
    Known("numpy-0d-scalars", ("*",), ("reference",),
          "being fixed: the numpy engine returns NumPy scalars (np.float32, np.bool_) for 0-d results instead of "
          "0-d numpy.ndarray (NumPy operators on 0-d arrays give scalars)",
          _scalar_result, Example("sum", (In(_f32([1.0, 2.0])),))),
    Known("tf-softmax-non-finite", ("softmax",), ("tensorflow",),
          "being fixed: TF's softmax gives 0 instead of NaN in rows holding inf or NaN (tf.nn.softmax masks them)",
          lambda item: _non_finite(item), Example("softmax", (In(_f32([[1.0, np.inf, 2.0]])),))),
    Known("float16-var-std", ("var", "std"), ("*",),
          "being fixed: float16 var/std: the numpy engine computes float16 moments in float16 (its mean of squares "
          "loses the digits), the other engines do not; numpy differs from the reference and from every engine",
          lambda item: _float16_input(item),
          Example("var", (In(np.array([1000.0, 1001.0, 1002.5], np.float16)),), {}, math_ref.var, "float16")),
    Known("gather-empty-list", ("gather",), ("reference",),
          "being fixed: K.gather(x, []) raises TypeError on every engine ([] becomes a float32 array) instead of "
          "returning the (0, ...) slice",
          lambda item: isinstance(item.example.args[1], list) and not item.example.args[1],
          Example("gather", (In(np.ones((3, 2), np.float32)), []), {},
                  lambda x, i: np.zeros((0, 2)), "float32")),
    Known("non-numeric-input-error-type", ("softmax", "argmax"), ("reference",),
          "being fixed: softmax('abc') and argmax(None) raise ValueError (axis out of range of a rank-0 tensor) "
          "instead of the TypeError the README promises for a non-numeric input",
          lambda item: item.kind == "reference-error" and not isinstance(item.example.args[0], In),
          Example("softmax", ("abc",), error=TypeError)),
    Known("switch-python-bool", ("switch",), ("torch", "jax", "tensorflow", "reference"),
          "being fixed: K.switch(True, a, b) returns a itself, so a NumPy array stays a NumPy array instead of "
          "becoming the engine's tensor, and a K.variable stays a Variable (on the numpy engine too)",
          lambda item: item.kind == "type" and isinstance(item.example.args[0], (bool, np.bool_)),
          Example("switch", (True, In(_f32([1.0]), "variable"), In(_f32([0.0]))))),
    Known("tf-cce-logits-empty", ("categorical_crossentropy",), ("tensorflow",),
          "being fixed: TF's categorical_crossentropy(from_logits=True) of (0, 0) inputs raises "
          "InvalidArgumentError (a reshape of the empty logits)",
          lambda item: item.example.kwargs.get("from_logits") and _empty_input(item),
          Example("categorical_crossentropy", (In(np.zeros((0, 0), np.float32)), In(np.zeros((0, 0), np.float32))),
                  {"from_logits": True})),
    Known("torch-pool3d-same-wide-window", ("pool3d",), ("torch",),
          "being fixed: torch pool3d with 'same' padding and a window wider than the input raises ValueError "
          "(torch's pooling wants the padded input at least as large as the window)",
          lambda item: item.example.kwargs.get("padding") == "same",
          Example("pool3d", (In(np.ones((1, 1, 1, 1, 1), np.float32)), (3, 3, 3)),
                  {"padding": "same", "pool_mode": "avg"})),
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
