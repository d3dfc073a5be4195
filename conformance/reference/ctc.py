"""Reference ctc functions (float64 NumPy, written for clarity)."""
