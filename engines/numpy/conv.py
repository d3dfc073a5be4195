"""numpy engine: conv functions."""
__all__ = []
