"""Fixed input values shared by the cases (deterministic; chosen so every dtype represents them sensibly)."""
import numpy as np

_rng = np.random.default_rng(20261122)

A0 = np.array(0.75)                                   # a scalar
A35 = _rng.uniform(-2.0, 2.0, (3, 5)).round(2)        # a matrix with both signs
A234 = _rng.uniform(-2.0, 2.0, (2, 3, 4)).round(2)    # rank 3
A1x3 = np.array([[0.5, -1.25, 2.0]])                  # a size-1 axis
EMPTY_0x3 = np.zeros((0, 3))                          # a size-0 axis
POS35 = _rng.uniform(0.5, 3.0, (3, 5)).round(2)       # strictly positive
MIXED_SIGNS = np.array([[-2.5, -1.5, -0.5, 0.0, 0.5], [1.5, 2.5, -1.25, 1.75, -0.0], [3.0, -3.0, 0.25, -0.75, 1.0]])
INT_VALUES = np.array([[-3, -1, 0, 2, 5], [4, -4, 1, 1, 0]])
ARGS_TIED = np.array([[1.0, 3.0, 3.0, 0.0], [2.0, 2.0, -1.0, 2.0], [0.0, 0.0, 0.0, 0.0]])  # argmax/argmin ties
M23 = _rng.uniform(-1.0, 1.0, (2, 3)).round(3)
M34 = _rng.uniform(-1.0, 1.0, (3, 4)).round(3)
