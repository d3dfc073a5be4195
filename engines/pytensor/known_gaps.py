"""Conformance cases the PyTensor engine is known to fail, each with its reason ({case id pattern: reason})."""
GAPS = {}
