"""Cases: shape."""
CASES = []
