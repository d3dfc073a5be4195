"""Generic random functions on the engine core (first argument: the engine namespace E)."""
__all__ = []
