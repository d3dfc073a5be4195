"""The table of the TensorFlow device sweep (shared by ``test_tensorflow_devices.py``, which collects one test per
function, and ``tensorflow_devices_checks.py``, which runs them in a process with two logical CPUs). Pure Python: it
imports no engine framework."""
from kbackend.conformance.placement import instances_by_function

# Public functions whose result cannot be on the inputs' device, each with its reason. ``numpy``: the contract returns NumPy; ``cpu0``: the result is made on the default device outside the
# engine (by shared code).
NOT_ON_DEVICE = {
    "eval": ("numpy", "returns NumPy (its contract)"),
    "get_value": ("numpy", "returns NumPy (its contract)"),
    "shape": ("cpu0", "built by the facade from the static shape (a host int32 tensor, like tf.shape's)"),
    "size": ("cpu0", "built by the facade from the static shape (a host int32 tensor)"),
    "arange": ("cpu0", "the facade reads tensor bounds as numbers (the length depends on them): the engine never "
                       "sees the tensors, so it cannot follow their device"),
}


# --- which calls the sweep makes ------------------------------------------------------------------------------------

def sweep_instances():
    """{function name: [(case, dtype)]} for the pure cases with at least one tensor input."""
    return instances_by_function()
