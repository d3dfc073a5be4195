"""Reference nn functions (float64 NumPy, written for clarity)."""
