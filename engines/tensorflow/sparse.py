"""tensorflow engine: sparse functions."""
__all__ = []
