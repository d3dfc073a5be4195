"""The table of the TensorFlow device sweep (shared by ``test_tensorflow_devices.py``, which collects one test per
function, and ``tensorflow_devices_checks.py``, which runs them in a process with two logical CPUs). Pure Python: it
imports no engine framework."""
from kbackend.conformance.placement import instances_by_function

# Public functions whose result cannot be on the inputs' device, each with its reason (and the case labels it does not
# apply to). ``numpy``: the contract returns NumPy; ``cpu0``: the result is made on the default device outside the
# engine (by shared code, or by TensorFlow's own operators in a user function).
NOT_ON_DEVICE = {
    "eval": ("numpy", "returns NumPy (its contract)"),
    "get_value": ("numpy", "returns NumPy (its contract)"),
    "shape": ("cpu0", "built by the facade from the static shape (a host int32 tensor, like tf.shape's)"),
    "size": ("cpu0", "built by the facade from the static shape (a host int32 tensor)"),
    "arange": ("cpu0", "the facade reads tensor bounds as numbers (the length depends on them): the engine never "
                       "sees the tensors, so it cannot follow their device"),
    "foldl": ("cpu0", "the cases' fn uses TensorFlow's own operators (acc * 2 - x), which TensorFlow runs on its "
                      "default device; the shared fold loop would have to call fn under the elements' device scope"),
    "foldr": ("cpu0", "as foldl"),
}
EXCEPT_LABELS = {"foldl": ("one-row",), "foldr": ("one-row",)}  # one row: fn is never called, the row is the result


# --- which calls the sweep makes ------------------------------------------------------------------------------------

def sweep_instances():
    """{function name: [(case, dtype)]} for the pure cases with at least one tensor input."""
    return instances_by_function()
