"""Conformance cases that fail on every engine because of a shared layer (the facade or the graph), each with its
reason ({case id pattern: reason}, the format of an engine's ``known_gaps``). They are expected failures on every
engine, strictly: a listed case that passes is reported, so that its entry is removed.
"""
GAPS = {}
