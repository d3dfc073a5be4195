"""Reference conv functions (float64 NumPy, written for clarity)."""
