"""The device checks of ``test_tensorflow_devices.py``, run as a script in a fresh process: TensorFlow's logical
devices must be configured before TensorFlow initialises, which a pytest process that already ran TensorFlow cannot
do. Two logical CPUs are configured first; then every check runs and the outcome (None: passed, else the failure
message) is printed as one JSON object: ``{"sweep": {function: outcome}, "checks": {check: outcome}}``.

Usage: ``python tensorflow_devices_checks.py`` (prints the JSON on the last line of stdout).
"""
import json
import os
import sys
import traceback

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import tensorflow as tf  # noqa: E402

tf.config.set_logical_device_configuration(tf.config.list_physical_devices("CPU")[0],
                                           [tf.config.LogicalDeviceConfiguration()] * 2)

import numpy as np  # noqa: E402
from tensorflow.python.framework import ops as tf_ops  # noqa: E402

import kbackend as K  # noqa: E402
from kbackend.engine_api import active_engine  # noqa: E402
from kbackend.conformance.model import DT, TOLERANCE, T, holds_tensor_inputs, to_input  # noqa: E402
from tensorflow_devices_table import NOT_ON_DEVICE, sweep_instances  # noqa: E402

K.set_backend("tensorflow")
ENGINE = active_engine()
OPS = ENGINE.table
PLACED = "/device:CPU:1"
ON_CPU1 = "/job:localhost/replica:0/task:0/device:CPU:1"
ON_CPU0 = "/job:localhost/replica:0/task:0/device:CPU:0"

def _engine_arg(arg, dtype, placement):
    if isinstance(arg, T):
        dt = arg.dtype or dtype
        array = to_input(arg.value, dt)
        if arg.as_numpy:
            return array
        tensor = OPS["convert"](array, dt)
        if placement is not None:
            tensor = OPS["place"](tensor, placement)
        return K.variable(tensor, dtype=dt) if arg.variable else tensor
    if isinstance(arg, str) and arg == DT:
        return dtype
    if holds_tensor_inputs(arg):
        return type(arg)(_engine_arg(a, dtype, placement) for a in arg)
    return arg


def _call(case, dtype, placement):
    args = [_engine_arg(a, dtype, placement) for a in case.args]
    kwargs = {k: _engine_arg(v, dtype, placement) for k, v in case.kwargs.items()}
    return getattr(K, case.fn)(*args, **kwargs)


def _leaves(result):
    if isinstance(result, (list, tuple)):
        for item in result:
            yield from _leaves(item)
    elif isinstance(result, tf.SparseTensor):
        yield from (result.indices, result.values, result.dense_shape)
    elif isinstance(result, K.Variable):
        yield result.value
    else:
        yield result


def _values(leaf):
    return leaf if isinstance(leaf, np.ndarray) else np.asarray(leaf.numpy())


def check_function(name, instances):
    """Every instance of ``name`` with its tensor inputs on CPU:1: results on CPU:1 (or where NOT_ON_DEVICE says),
    of the dtype, shape and values of the same call on CPU:0."""
    checked = 0
    for case, dtype in instances:
        expectation = NOT_ON_DEVICE[name][0] if name in NOT_ON_DEVICE else "placed"
        try:
            expected = list(_leaves(_call(case, dtype, None)))
        except Exception:  # noqa: BLE001 - an error case of the default call is not a placement question
            continue
        label = f"{name}[{case.label}-{dtype}]"
        try:
            actual = list(_leaves(_call(case, dtype, PLACED)))
        except Exception as err:  # noqa: BLE001
            raise AssertionError(f"{label} raised with inputs on CPU:1: {type(err).__name__}: {err}") from None
        assert len(actual) == len(expected), f"{label}: {len(actual)} results, expected {len(expected)}"
        for got, want in zip(actual, expected):
            if expectation == "numpy":
                assert isinstance(got, np.ndarray), f"{label}: {type(got)}, expected NumPy"
            else:
                device = ON_CPU0 if expectation == "cpu0" else ON_CPU1
                assert got.device == device, f"{label}: on {got.device}, expected {device}"
                assert got.dtype == want.dtype, f"{label}: {got.dtype}, expected {want.dtype}"
            got_values, want_values = _values(got), _values(want)
            assert got_values.shape == want_values.shape, f"{label}: shape {got_values.shape} != {want_values.shape}"
            if got_values.dtype.kind == "f":
                rtol, atol = TOLERANCE.get(str(got_values.dtype), (0, 0))
                np.testing.assert_allclose(got_values, want_values, rtol=rtol, atol=atol, equal_nan=True,
                                           err_msg=label)
            else:
                np.testing.assert_array_equal(got_values, want_values, err_msg=label)
        checked += 1
    assert checked, f"no case of {name} ran on CPU:0"


# --- named checks ---------------------------------------------------------------------------------------------------
CHECKS = {}


def check(fn):
    CHECKS[fn.__name__] = fn
    return fn


def placed(value, dtype="float32"):
    return OPS["place"](OPS["convert"](np.asarray(value, dtype=dtype)), PLACED)


@check
def placement_hooks():
    assert OPS["placements"]() == (PLACED,), OPS["placements"]()
    x = OPS["convert"](np.arange(3.0))
    y = OPS["place"](x, PLACED)
    assert OPS["placement_of"](x) == ON_CPU0 and OPS["placement_of"](y) == ON_CPU1
    np.testing.assert_array_equal(y.numpy(), [0.0, 1.0, 2.0])
    assert OPS["placement_of"](K.variable(y)) == ON_CPU1
    assert OPS["placement_has_values"](PLACED) is True


@check
def tf_itself_runs_ops_on_cpu0():
    """The premise: without kbackend's scope, TensorFlow runs an op on CPU:1 inputs on CPU:0."""
    x = placed([1.0, 2.0])
    assert tf.raw_ops.AddV2(x=x, y=x).device == ON_CPU0


@check
def internal_tensors_on_the_inputs_device():
    x = placed([[-3.0, 0.0, 1.0], [2.0, 0.5, 4.0]])
    for result in (K.zeros_like(x), K.ones_like(x, dtype="int32"), OPS["zeros_like"](x, "float16"),
                   K.hard_sigmoid(x), K.dropout(x, 0.5, seed=3), K.dropout(x, 0.5, noise_shape=(2, 1), seed=3),
                   K.one_hot(placed([0, 2], "int32"), 3), K.random_uniform((2, 2), placed(0.0), placed(1.0), seed=1),
                   K.random_normal((3,), mean=placed(0.0), seed=1), K.random_binomial((3,), p=placed(0.5), seed=1),
                   K.softmax(x), K.argmax(x), K.gather(x, np.array([1, -1])), K.gather(x, placed([0], "int32"))):
        assert result.device == ON_CPU1, (result.device, result)
    np.testing.assert_allclose(K.hard_sigmoid(x).numpy()[0], [0.0, 0.5, 0.7], rtol=1e-6)  # 0.2 * x + 0.5, clipped
    # the engine's cached constants are per device: the CPU:0 call after a CPU:1 call stays on CPU:0
    again = K.hard_sigmoid(OPS["convert"](np.array([-3.0, 0.0, 1.0], np.float32)))
    assert again.device == ON_CPU0
    np.testing.assert_allclose(again.numpy(), [0.0, 0.5, 0.7], rtol=1e-6)


@check
def dropout_mask_same_on_both_devices():
    x = np.arange(1, 2001, dtype=np.float32).reshape(40, 50)
    on_cpu0 = K.dropout(OPS["convert"](x), 0.5, seed=11).numpy()
    on_cpu1 = K.dropout(placed(x), 0.5, seed=11)
    assert on_cpu1.device == ON_CPU1
    np.testing.assert_array_equal(on_cpu1.numpy(), on_cpu0)  # stateless draws: one seed, one mask
    kept = on_cpu0 != 0
    np.testing.assert_allclose(on_cpu0[kept], x[kept] * 2.0, rtol=1e-6)  # 1 / (1 - 0.5)
    assert 0.4 < kept.mean() < 0.6


_ASSIGNS = {
    "update": lambda v: K.update(v, np.ones((2, 3))),
    "update-cpu0-tensor": lambda v: K.update(v, K.constant(np.ones((2, 3)))),
    "update_add": lambda v: K.update_add(v, np.ones((2, 3))),
    "update_sub": lambda v: K.update_sub(v, 1.0),
    "moving_average_update": lambda v: K.moving_average_update(v, np.full((2, 3), 3.0), 0.5),
    "set_value": lambda v: K.set_value(v, np.ones((2, 3))),
    "batch_set_value": lambda v: K.batch_set_value([(v, np.ones((2, 3)))]),
    "assign-list": lambda v: v.assign([[1, 2, 3], [4, 5, 6]]),
}
_ASSIGNED = {"update": 1.0, "update-cpu0-tensor": 1.0, "update_add": 3.0, "update_sub": 1.0,
             "moving_average_update": 2.5, "set_value": 1.0, "batch_set_value": 1.0}


@check
def variables_keep_their_device():
    for label, assign in _ASSIGNS.items():
        v = K.variable(placed(np.full((2, 3), 2.0)))
        assign(v)
        assert v.value.device == ON_CPU1, f"{label}: on {v.value.device}"
        expected = _ASSIGNED.get(label, np.arange(1, 7).reshape(2, 3))  # 2*0.5 + 3*0.5 = 2.5 for the average
        np.testing.assert_allclose(K.get_value(v), np.broadcast_to(expected, (2, 3)), err_msg=label)
    v = K.variable(placed(np.zeros(())))  # a scalar assigned from a cached Python-number constant
    v.assign(2.0)
    assert v.value.device == ON_CPU1 and K.get_value(v) == 2.0
    v = K.variable(np.zeros(2))  # a variable on the default device stays there
    K.update(v, placed([1.0, 2.0]))
    assert v.value.device == ON_CPU0


@check
def function_updates_variables_on_their_device():
    K.clear_session()
    w = K.variable(placed(np.zeros((3, 2))))
    x, y = K.placeholder((None, 3)), K.placeholder((None, 2))
    loss = K.mean(K.square(K.dot(x, w) - y))
    step = K.function([x, y], [loss], updates=[K.update_sub(w, 0.1 * K.gradients(loss, [w])[0])])
    first = step([np.ones((4, 3), np.float32), np.ones((4, 2), np.float32)])[0]
    assert first == 1.0  # hand-derived: (0 - 1)^2
    assert w.value.device == ON_CPU1
    # hand-derived: d loss / d w_ij = 2 / (4 * 2) * sum over the 4 rows of (0 - 1) * 1 = -1, so w = 0 - 0.1 * -1
    np.testing.assert_allclose(K.get_value(w), np.full((3, 2), 0.1), rtol=1e-6)


class HostReads:
    """Counts host reads of eager tensors (``.numpy()``, ``__array__``, ``bool``, ``int`` all go through
    ``_numpy``)."""

    def __enter__(self):
        self.count = 0
        self.original = tf_ops._EagerTensorBase._numpy

        def counting(tensor):
            self.count += 1
            return self.original(tensor)

        tf_ops._EagerTensorBase._numpy = counting
        return self

    def __exit__(self, *exc):
        tf_ops._EagerTensorBase._numpy = self.original


@check
def no_host_read_in_gather_and_argmax():
    table = placed(np.arange(12.0).reshape(4, 3))
    nan_rows = placed([[1.0, np.nan, 3.0], [np.inf, 2.0, np.nan], [0.0, 5.0, 5.0]])
    indices = placed([0, -1, 3], "int32")
    with HostReads() as reads:
        K.eval(table)
    assert reads.count, "the counter sees no host read (it would let any test pass)"
    calls = {"gather-tensor-indices": lambda: K.gather(table, indices),
             "gather-numpy-indices": lambda: K.gather(table, np.array([1, -2])),
             "argmax": lambda: K.argmax(nan_rows), "argmin-axis0": lambda: K.argmin(nan_rows, 0),
             "argmax-cpu0": lambda: K.argmax(OPS["convert"](np.array([[1.0, np.nan]], np.float32)))}
    results = {}
    for label, call in calls.items():
        with HostReads() as reads:
            results[label] = call()
        assert reads.count == 0, f"{label}: {reads.count} host reads"
    np.testing.assert_array_equal(results["gather-tensor-indices"].numpy(), np.arange(12.0).reshape(4, 3)[[0, 3, 3]])
    np.testing.assert_array_equal(results["argmax"].numpy(), [1, 2, 1])  # NumPy: the first NaN; ties: the first
    np.testing.assert_array_equal(results["argmin-axis0"].numpy(), [2, 0, 1])
    np.testing.assert_array_equal(results["argmax-cpu0"].numpy(), [1])
    for bad in (4, -5):  # out-of-range tensor indices: the kernel's check, as NumPy's IndexError
        try:
            K.gather(table, placed([0, bad], "int32"))
        except IndexError as err:
            assert str(err) == f"index {bad} is out of bounds for axis 0 with size 4", str(err)
        else:
            raise AssertionError(f"no IndexError for index {bad}")


@check
def traced_gather_and_argmax_read_nothing():
    @tf.function(autograph=False)
    def program(table, indices, x):  # graph tensors have no values: a host read would fail to trace
        return K.gather(table, indices), K.argmax(x), K.argmin(x, 0)

    table, indices, x = placed(np.arange(6.0).reshape(3, 2)), placed([2, -3], "int32"), placed([[np.nan, 1.0]])
    gathered, arg_max, arg_min = program(table, indices, x)
    np.testing.assert_array_equal(gathered.numpy(), [[4.0, 5.0], [0.0, 1.0]])
    np.testing.assert_array_equal(arg_max.numpy(), [0])
    np.testing.assert_array_equal(arg_min.numpy(), [0, 0])


@check
def conformance_placement_property():
    """The conformance suite's placement property, which runs here because this process offers /CPU:1."""
    from kbackend.conformance import runner
    records = runner.run_engine("tensorflow", select="::placement")
    assert len(records) > 900, f"only {len(records)} placement records"
    failing = [f"{r['id']}: {r['message'][:200]}" for r in records if r["status"] in ("fail", "xpass")]
    assert not failing, "\n".join(failing)


def main():
    outcome = {"sweep": {}, "checks": {}}
    for name, instances in sorted(sweep_instances().items()):
        outcome["sweep"][name] = _run(check_function, name, instances)
    for name, fn in CHECKS.items():
        outcome["checks"][name] = _run(fn)
    outcome["not_on_device"] = sorted(NOT_ON_DEVICE)
    print(json.dumps(outcome))


def _run(fn, *args):
    try:
        fn(*args)
        return None
    except Exception as err:  # noqa: BLE001 - reported to the test, which fails with the message
        return f"{type(err).__name__}: {err}\n" + "".join(traceback.format_tb(err.__traceback__)[-3:])


if __name__ == "__main__":
    sys.exit(main())
