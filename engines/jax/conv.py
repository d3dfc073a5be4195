"""jax engine: conv functions."""
__all__ = []
