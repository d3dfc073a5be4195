"""Cases: legacy."""
CASES = []
