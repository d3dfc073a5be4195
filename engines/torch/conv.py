"""torch engine: conv functions."""
__all__ = []
