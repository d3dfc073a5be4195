"""A test engine with a wrong ``sum`` listed as a known gap, and a gap listed for a case that passes."""
from tiny_engine import *  # noqa: F401,F403 -- the tiny engine's core
from tiny_engine import __all__, sum as _correct_sum

FRAMEWORK = "numpy"
KNOWN_GAPS = {
    "sum[*]::values": "this test engine adds 1 to every sum on purpose",
    "sum[*]::symbolic": "this test engine adds 1 to every sum on purpose",
    "sum[*]::unknown_shape": "this test engine adds 1 to every sum on purpose",
    "prod[all-float32]::values": "listed although it passes, to check that such a gap is reported",
}


def sum(x, axis=None, keepdims=False):  # noqa: A001 -- deliberately wrong
    return _correct_sum(x, axis, keepdims) + 1
