"""numpy engine: sparse functions."""
__all__ = []
