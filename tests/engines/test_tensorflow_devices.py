"""The TensorFlow engine keeps results on their inputs' device and creates its internal tensors there (issue 11);
gather and argmax/argmin never read a tensor back to the host.

TensorFlow itself runs an eager op on its default device whatever its inputs' device, and its logical devices must be
configured before it initialises, so the checks run in a fresh process (``tensorflow_devices_checks.py``) where two
logical CPUs are configured first and ``/CPU:1`` stands in for an accelerator. One run gives every outcome; the tests
below report them one by one: the sweep of the conformance cases with their tensor inputs on CPU:1 (one test per
public function; ``NOT_ON_DEVICE`` lists the functions whose result cannot stay there, with the reason), and the named
checks (placement hooks, internal tensors, variables, K.function, host reads).
"""
import json
import os
import subprocess
import sys

import pytest

from conftest import selected_engines

if "tensorflow" not in selected_engines():
    pytest.skip("the tensorflow engine is not under test (KBACKEND_TEST_ENGINES)", allow_module_level=True)

import kbackend as K  # noqa: E402
from tensorflow_devices_table import NOT_ON_DEVICE, sweep_instances  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SWEEP = sorted(sweep_instances())
CHECKS = ["placement_hooks", "tf_itself_runs_ops_on_cpu0", "internal_tensors_on_the_inputs_device",
          "dropout_mask_same_on_both_devices", "variables_keep_their_device",
          "function_updates_variables_on_their_device", "no_host_read_in_gather_and_argmax",
          "traced_gather_and_argmax_read_nothing", "conformance_placement_property"]


@pytest.fixture(scope="module")
def outcome():
    """The JSON outcome of one run of the checks in a process with two logical CPUs."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2")
    run = subprocess.run([sys.executable, os.path.join(HERE, "tensorflow_devices_checks.py")], cwd=HERE, env=env,
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, f"the device checks crashed:\n{run.stderr[-4000:]}"
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_sweep_covers_most_of_the_api(outcome):
    assert len(SWEEP) >= 100, SWEEP  # 101 public functions when written
    assert sorted(outcome["sweep"]) == SWEEP
    assert set(NOT_ON_DEVICE) <= set(SWEEP)


@pytest.mark.parametrize("name", SWEEP)
def test_results_stay_on_the_inputs_device(outcome, name):
    failure = outcome["sweep"][name]
    assert failure is None, failure


@pytest.mark.parametrize("name", CHECKS)
def test_device_check(outcome, name):
    assert sorted(outcome["checks"]) == sorted(CHECKS)
    failure = outcome["checks"][name]
    assert failure is None, failure


def test_a_default_machine_has_no_other_placement():
    """In this (pytest) process no logical devices were configured: one CPU, nothing to place on."""
    with K.backend_scope("tensorflow") as engine:
        assert engine.table["placements"]() == ()
        x = engine.table["convert"]([1.0, 2.0])
        assert engine.table["placement_of"](x).endswith("/device:CPU:0")
        assert engine.table["zeros_like"](x, "int32").numpy().tolist() == [0, 0]
        assert engine.table["ones_like"]([[1, 2, 3]], "float16").numpy().tolist() == [[1.0, 1.0, 1.0]]
