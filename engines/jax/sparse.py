"""jax engine: sparse functions."""
__all__ = []
