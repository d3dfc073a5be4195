"""jax engine: nn functions."""
__all__ = []
