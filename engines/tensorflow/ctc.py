"""tensorflow engine: ctc functions."""
__all__ = []
