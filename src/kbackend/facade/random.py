"""Public API: random tensors."""
from .._registry import ops as _ops  # noqa: F401

ENGINE_FUNCTIONS = {}
