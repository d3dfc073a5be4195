"""Public API: legacy names from keras 1 and early keras 2 (aliases)."""
from .._registry import ops as _ops  # noqa: F401

ENGINE_FUNCTIONS = {}
