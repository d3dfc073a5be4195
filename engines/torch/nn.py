"""torch engine: nn functions."""
__all__ = []
