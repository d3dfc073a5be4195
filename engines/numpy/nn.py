"""numpy engine: nn functions."""
__all__ = []
