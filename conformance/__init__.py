"""The kbackend conformance suite (installed as ``kbackend.conformance``).

Cases are data (``cases/``), expected values come from an independent float64 NumPy reference (``reference/``),
``runner.run_engine(name)`` runs them against an engine and ``report`` writes JSON and a Markdown matrix. Run it with
``kbackend conformance --engine NAME_OR_MODULE`` or through pytest (``tests/test_conformance.py``).
"""
from .cases import all_cases
from .runner import run_engine

__all__ = ["all_cases", "run_engine"]
