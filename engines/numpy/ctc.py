"""numpy engine: ctc functions."""
__all__ = []
