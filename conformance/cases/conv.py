"""Cases: conv."""
CASES = []
