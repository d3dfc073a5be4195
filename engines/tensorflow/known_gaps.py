"""Conformance cases the TensorFlow engine is known to fail, each with its reason ({case id pattern: reason}): none.

The placement property runs where a second logical device exists (tests/engines/test_tensorflow_devices.py) and
passes for every case, the folds included (their function runs under the inputs' device: ``placement_scope``).
"""

GAPS = {}
