"""Differential fuzzing of the public functions: every installed engine against the numpy engine, and the numpy
engine against float64 NumPy references (see harness.py; the tests are tests/test_fuzz.py, the long campaign is
``python -m tests.fuzz.campaign``)."""
