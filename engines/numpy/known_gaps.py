"""Conformance cases the NumPy engine is known to fail, each with its reason ({case id pattern: reason}).

None at present: gradients on this engine come from the ``autograd`` library through the autodiff twin of the
engine (see ``graph.py``), and pass the same finite-difference checks as the other engines.
"""
GAPS = {}
