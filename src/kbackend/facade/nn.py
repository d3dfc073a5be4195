"""Public API: neural-network functions."""
from .._registry import ops as _ops  # noqa: F401

ENGINE_FUNCTIONS = {}
