"""Conformance cases the JAX engine is known to fail, each with its reason ({case id pattern: reason})."""

GAPS = {}
