"""jax engine: ctc functions."""
__all__ = []
