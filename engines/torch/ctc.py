"""torch engine: ctc functions."""
__all__ = []
