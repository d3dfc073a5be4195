"""Cases: random."""
CASES = []
