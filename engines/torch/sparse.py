"""torch engine: sparse functions."""
__all__ = []
