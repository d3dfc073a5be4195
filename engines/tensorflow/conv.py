"""tensorflow engine: conv functions."""
__all__ = []
