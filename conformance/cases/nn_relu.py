"""Cases: ``relu`` with ``alpha``, ``max_value`` and ``threshold``, as Keras 2's TensorFlow backend computed it.

Three kinds: the parametrised cases of the Keras tests against the float64 transcription of the Keras code
(``reference.nn.relu``); values derived by hand from that code (written next to each case); and gradients at the
kinks derived by hand from TF's op gradients (relu: 0 at 0; relu6: 0 at 0 and 6; clip_by_value: passed at its bounds;
the ``x > threshold`` mask: none; leaky relu: ``alpha`` at 0), which finite differences cannot check.
"""
import numpy as np

from ..model import FLOATS, NO_GRADIENT, Case, CheckCase, ErrorCase, T, float_of, same
from ..reference import nn as ref

# The 11 parametrisations of the Keras tests, on values that cover every branch (none on a boundary, so that float16
# rounding of the parameters cannot move a value across one).
RELU_X = np.array([[-9.5, -3.25, -2.9, -2.7, -1.0], [-0.5, -0.1, 0.0, 0.1, 0.3], [0.75, 0.85, 1.5, 4.75, 5.25],
                   [6.5, 8.75, 9.25, 12.0, 1e4]])
RELU_PARAMETERS = (
    (0.0, None, 0.0), (0.1, None, 0.0), (0.0, 5.0, 0.0), (0.0, None, 0.8), (0.1, 5.0, 0.0), (0.1, None, 0.8),
    (0.0, 5.0, 0.8), (0.1, 5.0, 0.8), (0.1, 0.0, 0.8), (0.1, 5.0, -2.8), (0.1, 9.0, 0.8),
    # and the other paths: max_value 6 (relu6), negative thresholds with and without max_value, negative max_value
    (0.0, 6.0, 0.0), (0.1, 6.0, 0.0), (0.0, None, -2.8), (0.1, None, -2.8), (0.0, 5.0, -2.8), (0.1, -1.0, 0.0),
)
CASES = [Case("relu", (T(RELU_X),), {"alpha": alpha, "max_value": max_value, "threshold": threshold}, ref.relu,
              FLOATS, same, f"alpha={alpha}-max_value={max_value}-threshold={threshold}")
         for alpha, max_value, threshold in RELU_PARAMETERS]

BOUNDARY_X = np.array([-1.0, 0.0, 0.25, 0.5, 1.0, 2.0, 3.0])
CASES += [
    Case("relu", (T(BOUNDARY_X), 0.25, 2.0, 0.5), {}, ref.relu, FLOATS, same, "boundaries-positional"),
    Case("relu", (T(BOUNDARY_X),), {"alpha": 0.25, "max_value": 0.0, "threshold": 0.5}, ref.relu, FLOATS, same,
         "max_value=0-threshold"),
    Case("relu", (T(BOUNDARY_X),), {"alpha": 0.5, "max_value": 2.0, "threshold": -0.5}, ref.relu, FLOATS, same,
         "negative-threshold-clipped"),
    Case("relu", (T(BOUNDARY_X),), {"max_value": 6}, ref.relu, FLOATS, same, "int-max_value"),
    Case("relu", (T(np.array([[-3, -1, 0, 2, 5], [4, -4, 1, 1, 0]])),), {"alpha": 0.5, "max_value": 3}, ref.relu,
         ("int32",), float_of, "int-input-params"),
    ErrorCase("relu", (T(BOUNDARY_X),), {"alpha": "a"}, TypeError, "string-alpha"),
    ErrorCase("relu", (T(BOUNDARY_X),), {"max_value": [1.0, 2.0]}, TypeError, "list-max_value"),
]

# NaN and infinities go through every path as through TF's ops (NaN propagates; -inf * (-inf > threshold) is NaN).
NON_FINITE_X = np.array([np.nan, np.inf, -np.inf, -1.0, 2.0])
CASES += [Case("relu", (T(NON_FINITE_X),), {"alpha": alpha, "max_value": max_value, "threshold": threshold}, ref.relu,
               FLOATS, same, f"non-finite-alpha={alpha}-max_value={max_value}-threshold={threshold}",
               properties=NO_GRADIENT)  # (no finite differences at infinities)
          for alpha, max_value, threshold in ((0.0, None, 0.0), (0.1, None, 0.0), (0.0, 5.0, 0.0), (0.1, 6.0, 0.0),
                                              (0.0, None, 0.8), (0.1, 5.0, -2.8), (0.1, -1.0, 0.0))]


def _golden(value):
    def reference(*args, **kwargs):
        return np.array(value)
    return reference


# (label, x, parameters, expected): worked through the Keras code by hand.
KERAS_X = [-1.0, -0.5, 0.0, 0.5, 0.8]
HAND_DERIVED = (
    # the issue's example (Keras 2.3.1's test): mask x > -2.8 keeps every x, the clip to [0, 5] zeroes the negatives,
    # relu(-x - 2.8) is 0 everywhere
    ("keras-negative-threshold-max_value", KERAS_X, {"alpha": 0.1, "max_value": 5.0, "threshold": -2.8},
     [0.0, 0.0, 0.0, 0.5, 0.8]),
    # Keras 2.3.1's test: the mask x > 0.8 is all false, clip(0, 0, 0) = 0, then -0.1 * relu(0.8 - x)
    ("keras-max_value=0-threshold", KERAS_X, {"alpha": 0.1, "max_value": 0.0, "threshold": 0.8},
     [-0.18, -0.13, -0.08, -0.03, 0.0]),
    # the mask is strict: x == threshold gives 0
    ("threshold-strict", [-1.0, 0.5, 0.8, 0.9, 2.0], {"threshold": 0.8}, [0.0, 0.0, 0.0, 0.9, 2.0]),
    # a negative threshold without max_value keeps x on (threshold, 0]
    ("negative-threshold-keeps-x", [-1.0, -0.5, 0.0, 0.5], {"threshold": -0.8}, [0.0, -0.5, 0.0, 0.5]),
    # ... and with alpha: y - 0.1 * relu(-x - 0.8), relu(-x - 0.8) = [2.2, 0.2, 0, 0]
    ("negative-threshold-alpha", [-3.0, -1.0, -0.5, 2.0], {"alpha": 0.1, "threshold": -0.8},
     [-0.22, -0.02, -0.5, 2.0]),
    # alpha alone: leaky relu
    ("alpha-only-leaky", [-3.0, 0.0, 2.0], {"alpha": 0.1}, [-0.3, 0.0, 2.0]),
    # alpha with max_value: relu, clip to [0, 5], then -0.1 * relu(-x)
    ("alpha-max_value", [-3.0, -1.0, 0.0, 2.0, 5.0, 7.0], {"alpha": 0.1, "max_value": 5.0},
     [-0.3, -0.1, 0.0, 2.0, 5.0, 5.0]),
    # max_value 6: relu6
    ("max_value=6", [-1.0, 0.0, 3.0, 6.0, 7.5], {"max_value": 6.0}, [0.0, 0.0, 3.0, 6.0, 6.0]),
    # relu6, then -0.2 * relu(-x)
    ("max_value=6-alpha", [-2.0, 3.0, 8.0], {"alpha": 0.2, "max_value": 6.0}, [-0.4, 3.0, 6.0]),
    # max_value 0: everything 0; with alpha only the alpha term is left
    ("max_value=0", [-1.0, 0.0, 1.0, 2.0], {"max_value": 0.0}, [0.0, 0.0, 0.0, 0.0]),
    ("max_value=0-alpha", [-1.0, 0.0, 1.0, 2.0], {"alpha": 0.5, "max_value": 0.0}, [-0.5, 0.0, 0.0, 0.0]),
    # a negative max_value: clip_by_value is min(y, -1) then max(., 0): 0
    ("negative-max_value", [-2.0, -0.5, 1.0], {"max_value": -1.0}, [0.0, 0.0, 0.0]),
    ("negative-max_value-alpha", [-2.0, -0.5, 1.0], {"alpha": 0.5, "max_value": -1.0}, [-1.0, -0.25, 0.0]),
    # everything at once: mask x > 0.5, clip to [0, 2], then -0.5 * relu(0.5 - x)
    ("threshold-max_value-alpha", [-1.0, 0.0, 0.25, 0.5, 1.0, 2.0, 3.0],
     {"alpha": 0.5, "max_value": 2.0, "threshold": 0.5}, [-0.75, -0.25, -0.125, 0.0, 1.0, 2.0, 2.0]),
)
CASES += [Case("relu", (T(np.array(x)),), params, _golden(expected), FLOATS, same, label, properties=NO_GRADIENT)
          for label, x, params, expected in HAND_DERIVED]

# (label, x, parameters, expected gradient of sum(relu(x))): TF's op gradients, by hand.
GRADIENTS = (
    ("relu", [-1.0, 0.0, 2.0], {}, [0.0, 0.0, 1.0]),                                 # 0 at 0
    ("leaky", [-3.0, 0.0, 2.0], {"alpha": 0.1}, [0.1, 0.1, 1.0]),                    # alpha at 0
    ("relu6", [-1.0, 0.0, 3.0, 6.0, 7.0], {"max_value": 6.0}, [0.0, 0.0, 1.0, 0.0, 0.0]),   # 0 at 0 and 6
    ("clip", [-1.0, 0.0, 3.0, 5.0, 7.0], {"max_value": 5.0}, [0.0, 0.0, 1.0, 1.0, 0.0]),    # 1 at the bound
    # relu6 and 0.1 * relu(-x): at 0 neither passes a gradient
    ("relu6-alpha", [-2.0, 0.0, 3.0, 6.0, 7.0], {"alpha": 0.1, "max_value": 6.0}, [0.1, 0.0, 1.0, 0.0, 0.0]),
    ("threshold", [0.0, 0.8, 1.0], {"threshold": 0.8}, [0.0, 0.0, 1.0]),             # the mask has no gradient
    # mask x > -2.8 is true from -2.8 up; the clip keeps y = 0 at x = 0 (a bound) and 5, drops y = -1; relu(-x - 2.8)
    # passes -1 (times -0.1) below -2.8 only
    ("negative-threshold-max_value", [-3.0, -2.8, -1.0, 0.0, 1.0, 5.0, 6.0],
     {"alpha": 0.1, "max_value": 5.0, "threshold": -2.8}, [0.1, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0]),
    ("max_value=0-threshold", [-1.0, 0.0, 0.8, 1.0], {"alpha": 0.1, "max_value": 0.0, "threshold": 0.8},
     [0.1, 0.1, 0.0, 0.0]),
    ("negative-max_value-alpha", [-2.0, 1.0], {"alpha": 0.5, "max_value": -1.0}, [0.5, 0.0]),
    ("negative-threshold", [-1.0, -0.5, 0.0, 1.0], {"threshold": -0.8}, [0.0, 1.0, 1.0, 1.0]),
)


def _gradient_check(x, params, expected):
    def check(K):
        for dtype in ("float32", "float64"):
            p = K.placeholder(shape=(len(x),), dtype=dtype)
            (grad,) = K.gradients(K.sum(K.relu(p, **params)), [p])
            got = K.function([p], [grad])([np.array(x, dtype=dtype)])[0]
            np.testing.assert_allclose(np.asarray(got, dtype=np.float64), expected, rtol=1e-6, atol=1e-7,
                                       err_msg=f"{dtype}, x={x}, {params}")
    return check


CASES += [CheckCase("relu", _gradient_check(x, params, expected), f"gradient-{label}", needs="gradients")
          for label, x, params, expected in GRADIENTS]
