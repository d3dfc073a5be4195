"""Public API: shape manipulation (the rest of this section arrives with the shape issue)."""
import numbers

from .._registry import ops as _ops
from .._dtypes import dtype_name


def _number(value, what):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"arange(): {what} must be a number, got {value!r}")
    return value


def arange(start, stop=None, step=1, dtype="int32"):
    """``[start, stop)`` by ``step`` as a 1-D tensor of ``dtype`` (int32). With one argument it is the stop; a
    negative single argument gives an empty tensor. A zero step is a ValueError."""
    dtype = dtype_name(dtype)
    if stop is None:
        start, stop = 0, max(_number(start, "start"), 0)
    _number(start, "start"), _number(stop, "stop"), _number(step, "step")
    if step == 0:
        raise ValueError("arange(): step must not be zero")
    return _ops.arange(start, stop, step, dtype)


ENGINE_FUNCTIONS = {"arange": "arange"}
