"""Public API: convolution and pooling."""
from .._registry import ops as _ops  # noqa: F401

ENGINE_FUNCTIONS = {}
