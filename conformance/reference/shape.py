"""Reference shape functions (float64 NumPy, written for clarity)."""
