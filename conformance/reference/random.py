"""Reference random functions (float64 NumPy, written for clarity)."""
