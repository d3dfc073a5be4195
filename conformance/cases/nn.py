"""Cases: nn."""
CASES = []
