"""tensorflow engine: nn functions."""
__all__ = []
