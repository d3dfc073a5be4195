"""Cases: ctc."""
CASES = []
