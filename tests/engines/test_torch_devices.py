"""The torch engine keeps every result on its inputs' device and creates its internal tensors there (issue 11).

Without a GPU, torch's ``meta`` device stands in for an accelerator: meta tensors have a shape, a dtype and a device
but no values, so these tests check the device, shape and dtype of results on meta (and that no call raises), and
values on the CPU. Every call on meta runs under ``StrictDevices``, which refuses what a CUDA kernel refuses: an
operation mixing a non-0-d CPU tensor with a device tensor (meta itself is lax about some of those), and a host
read (``.item()``, ``int(t)``, ``bool(t)``) of a device tensor.
"""
import numpy as np
import pytest

from conftest import selected_engines

if "torch" not in selected_engines():
    pytest.skip("the torch engine is not under test (KBACKEND_TEST_ENGINES)", allow_module_level=True)

import torch  # noqa: E402
from torch.utils import _pytree as pytree  # noqa: E402
from torch.utils._python_dispatch import TorchDispatchMode  # noqa: E402

import kbackend as K  # noqa: E402
from kbackend.engine_api import active_engine  # noqa: E402
from kbackend.conformance.model import DT, T, holds_tensor_inputs, to_input  # noqa: E402
from kbackend.conformance.placement import instances_by_function  # noqa: E402

META = torch.device("meta")
CPU = torch.device("cpu")


class StrictDevices(TorchDispatchMode):
    """Raise what a CUDA kernel raises: operands on two devices (0-d CPU tensors are scalars, allowed), and host
    reads of device tensors."""

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        tensors = [a for a in pytree.tree_leaves((args, kwargs)) if isinstance(a, torch.Tensor)]
        if func is torch.ops.aten._local_scalar_dense.default and not tensors[0].is_cpu:
            raise AssertionError(f"a host read of a {tensors[0].device} tensor")
        devices = {t.device for t in tensors if not (t.is_cpu and t.ndim == 0)}
        if len(devices) > 1 and func not in (torch.ops.aten._to_copy.default, torch.ops.aten.copy_.default):
            raise RuntimeError(f"Expected all tensors to be on the same device: {func} got {sorted(map(str, devices))}")
        return func(*args, **kwargs)


@pytest.fixture(autouse=True)
def torch_engine():
    with K.backend_scope("torch") as engine:
        yield engine
    K.clear_session()


def on_meta(function, *args, **kwargs):
    with StrictDevices():
        return function(*args, **kwargs)


def assert_like(result, expected, device=META):
    """``result`` (a tensor, or nested lists/tuples of them) has ``expected``'s structure, shapes and dtypes, on
    ``device``."""
    if isinstance(expected, (list, tuple)):
        assert isinstance(result, (list, tuple)) and len(result) == len(expected)
        for r, e in zip(result, expected):
            assert_like(r, e, device)
        return
    if isinstance(result, K.Variable):
        result = result.value
    if isinstance(expected, K.Variable):
        expected = expected.value
    assert isinstance(result, torch.Tensor), type(result)
    assert result.device == device, f"on {result.device}, expected {device}"
    assert tuple(result.shape) == tuple(expected.shape) and result.dtype == expected.dtype, \
        f"{tuple(result.shape)} {result.dtype}, expected {tuple(expected.shape)} {expected.dtype}"


def meta(value, dtype=None):
    """A meta tensor of the value ``value`` (a NumPy array or nested list), of ``dtype`` (None: floatx)."""
    return torch.as_tensor(np.asarray(value, dtype=dtype or K.floatx()), device=META)


# --- the broad sweep: every pure conformance case, with its tensor inputs on meta ---------------------------------
# Public functions whose result cannot be on meta, each with its reason. ``raises``: the call must read values (its
# contract returns NumPy or depends on values); ``cpu``: the result is made on the host by shared code.
NOT_ON_META = {
    "eval": ("raises", "returns NumPy: reads the values, which meta tensors do not have"),
    "get_value": ("raises", "returns NumPy: reads the values, which meta tensors do not have"),
    "ctc_decode": ("raises", "kbackend's generic decoder runs on the host (as TensorFlow's): it reads the values"),
    "ctc_batch_cost": ("raises", "torch has no meta kernel for ctc_loss (CUDA has one)"),
    "arange": ("raises", "tensor bounds are read as numbers: the result's shape depends on their values"),
    "shape": ("cpu", "built by the facade from the static shape, as a host int32 tensor (like torch.Size)"),
    "size": ("cpu", "built by the facade from the static shape, as a host int32 tensor"),
}
# Known gaps: the facade computes zeros_like/ones_like as zeros(shape_of(x)), never telling the engine about x.


def _engine_arg(arg, dtype, device):
    if isinstance(arg, T):
        dt = arg.dtype or dtype
        array = to_input(arg.value, dt)
        if arg.as_numpy:
            return array
        tensor = active_engine().ops.convert(array, dt).to(device)
        return K.variable(tensor, dtype=dt) if arg.variable else tensor
    if isinstance(arg, str) and arg == DT:
        return dtype
    if holds_tensor_inputs(arg):
        return type(arg)(_engine_arg(a, dtype, device) for a in arg)
    return arg



def _sweep_instances():
    """{function name: [(case, dtype)]} for the pure cases with at least one tensor input (NumPy-only calls are made
    on the CPU)."""
    return instances_by_function()


SWEEP = _sweep_instances()


def _call(case, dtype, device):
    args = [_engine_arg(a, dtype, device) for a in case.args]
    kwargs = {k: _engine_arg(v, dtype, device) for k, v in case.kwargs.items()}
    return getattr(K, case.fn)(*args, **kwargs)


def test_sweep_covers_most_of_the_api():
    assert len(SWEEP) >= 100, sorted(SWEEP)  # 101 public functions when written


@pytest.mark.parametrize("name", sorted(SWEEP))
def test_results_stay_on_meta(name):
    _check_placement(name)


def _check_placement(name):
    expectation = NOT_ON_META.get(name, ("meta", ""))[0]
    checked = 0
    for case, dtype in SWEEP[name]:
        try:
            expected = _call(case, dtype, CPU)
        except Exception:  # noqa: BLE001 - an error case of the CPU call is not a placement question
            continue
        label = f"{name}[{case.label}-{dtype}]"
        if expectation == "raises":
            with pytest.raises((NotImplementedError, RuntimeError)):
                on_meta(_call, case, dtype, META)
        elif expectation == "cpu":
            assert_like(on_meta(_call, case, dtype, META), expected, CPU)
        else:
            try:
                result = on_meta(_call, case, dtype, META)
            except Exception as err:
                raise AssertionError(f"{label} raised on meta: {type(err).__name__}: {err}") from None
            try:
                assert_like(result, expected)
            except AssertionError as err:
                raise AssertionError(f"{label}: {err}") from None
        checked += 1
    assert checked, f"no case of {name} ran on the CPU"


def test_listed_exceptions_are_swept():
    assert set(NOT_ON_META) <= set(SWEEP)


# --- creation ------------------------------------------------------------------------------------------------------
def test_zeros_like_and_ones_like_of_the_engine_follow_x(torch_engine):
    x = torch.zeros((2, 3), device=META)
    for fn in (torch_engine.table["zeros_like"], torch_engine.table["ones_like"]):
        assert_like(fn(x, "int32"), torch.zeros((2, 3), dtype=torch.int32))
        assert_like(fn(K.variable(x), "float16"), torch.zeros((2, 3), dtype=torch.float16))
    np.testing.assert_array_equal(torch_engine.table["ones_like"](np.zeros((2, 1)), "float32").numpy(), np.ones((2, 1)))


@pytest.mark.parametrize("name", ["zeros", "ones", "full", "eye", "arange"])
def test_engine_creation_on_a_given_device(torch_engine, name):
    make = {"zeros": lambda fn, **d: fn((2, 3), "float32", **d), "ones": lambda fn, **d: fn((2, 3), "float32", **d),
            "full": lambda fn, **d: fn((2, 3), 7, "float32", **d), "eye": lambda fn, **d: fn(2, 3, "float32", **d),
            "arange": lambda fn, **d: fn(1, 7, 1, "float32", **d)}[name]
    fn = torch_engine.table[name]
    on_cpu = make(fn)
    assert on_cpu.device == CPU
    assert_like(make(fn, device=META), on_cpu)
    with torch.device(META):  # torch's default device
        assert_like(make(fn), on_cpu)


def test_public_creation_follows_torchs_default_device():
    with torch.device(META):
        for result, shape in ((K.zeros((2, 3)), (2, 3)), (K.ones((2,)), (2,)), (K.eye(3), (3, 3)),
                              (K.arange(5), (5,)), (K.random_uniform((4,)), (4,)), (K.random_normal((4,)), (4,)),
                              (K.truncated_normal((4,)), (4,)), (K.random_binomial((4,)), (4,))):
            value = result.value if isinstance(result, K.Variable) else result
            assert value.device == META and tuple(value.shape) == shape


# --- random draws and dropout ----------------------------------------------------------------------------------------
def test_random_draws_follow_a_device_bound():
    low, high = torch.zeros((), device=META), torch.ones((), device=META)
    assert_like(on_meta(K.random_uniform, (3, 2), low, high, seed=1), torch.zeros((3, 2)))
    assert_like(on_meta(K.random_normal, (3,), mean=low, seed=1), torch.zeros(3))
    assert_like(on_meta(K.random_binomial, (3,), p=high * 0.5, seed=1), torch.zeros(3))


def test_random_draws_on_the_cpu_repeat_with_a_seed():
    first, again = K.random_uniform((100,), 2.0, 3.0, seed=7), K.random_uniform((100,), 2.0, 3.0, seed=7)
    np.testing.assert_array_equal(first.numpy(), again.numpy())
    assert first.device == CPU and 2.0 <= float(first.min()) and float(first.max()) < 3.0


def test_dropout_mask_is_made_on_x_device():
    x = torch.ones((4, 5), device=META)
    assert_like(on_meta(K.dropout, x, 0.5, seed=3), torch.zeros((4, 5)))
    assert_like(on_meta(K.dropout, x, 0.5, noise_shape=(4, 1), seed=3), torch.zeros((4, 5)))
    assert_like(on_meta(K.dropout, x.to(torch.float16), 0.25, seed=3), torch.zeros((4, 5), dtype=torch.float16))


def test_dropout_values_on_the_cpu():
    x = np.arange(1, 2001, dtype=np.float32).reshape(40, 50)
    out = K.dropout(K.constant(x), 0.5, seed=11).numpy()
    kept = out != 0
    np.testing.assert_allclose(out[kept], x[kept] * 2.0, rtol=1e-6)  # hand-derived: 1 / (1 - 0.5)
    assert 0.4 < kept.mean() < 0.6
    np.testing.assert_array_equal(K.dropout(K.constant(x), 0.5, seed=11).numpy(), out)  # one seed, one mask
    rows = K.dropout(K.constant(x), 0.5, noise_shape=(40, 1), seed=11).numpy() != 0
    assert (rows.all(axis=1) | ~rows.any(axis=1)).all()  # whole rows kept or dropped


# --- one_hot, pooling, hard_sigmoid: constants cached per device --------------------------------------------------
def test_one_hot_class_range_is_cached_per_device():
    indices = np.array([0, 2, 1])
    expected = np.eye(3, dtype=np.float32)[indices]
    np.testing.assert_array_equal(K.one_hot(K.constant(indices, "int32"), 3).numpy(), expected)
    assert_like(on_meta(K.one_hot, meta(indices, "int32"), 3), torch.zeros((3, 3)))
    np.testing.assert_array_equal(K.one_hot(K.constant(indices, "int32"), 3).numpy(), expected)  # CPU again


def test_average_pooling_window_counts_per_device():
    x = np.arange(16, dtype=np.float32).reshape(1, 4, 4, 1)
    cpu = K.pool2d(K.constant(x), (3, 3), strides=(1, 1), padding="same", pool_mode="avg")
    assert_like(on_meta(K.pool2d, meta(x), (3, 3), strides=(1, 1), padding="same", pool_mode="avg"), cpu)
    again = K.pool2d(K.constant(x), (3, 3), strides=(1, 1), padding="same", pool_mode="avg")
    assert float(again.numpy()[0, 0, 0, 0]) == pytest.approx((0 + 1 + 4 + 5) / 4)  # a corner: 4 real cells
    assert_like(on_meta(K.pool3d, meta(np.zeros((1, 3, 3, 3, 2))), (2, 2, 2), padding="same", pool_mode="avg"),
                K.pool3d(K.constant(np.zeros((1, 3, 3, 3, 2))), (2, 2, 2), padding="same", pool_mode="avg"))


def test_hard_sigmoid_constant_per_device():
    x = np.array([-3.0, 0.0, 1.0], np.float32)
    np.testing.assert_allclose(K.hard_sigmoid(K.constant(x)).numpy(), [0.0, 0.5, 0.7], rtol=1e-6)
    assert_like(on_meta(K.hard_sigmoid, meta(x)), torch.zeros(3))
    np.testing.assert_allclose(K.hard_sigmoid(K.constant(x)).numpy(), [0.0, 0.5, 0.7], rtol=1e-6)


# --- NumPy operands join the tensor operand's device -------------------------------------------------------------
def test_numpy_operands_join_the_device():
    x, w = meta(np.ones((2, 3))), np.ones((3, 4), np.float32)
    assert_like(on_meta(K.dot, x, w), torch.zeros((2, 4)))
    assert_like(on_meta(K.dot, w.T, x.T), torch.zeros((4, 2)))
    assert_like(on_meta(K.batch_dot, meta(np.ones((2, 3, 4))), np.ones((2, 4, 5), np.float32)),
                torch.zeros((2, 3, 5)))
    for fn in (K.maximum, K.minimum, K.equal, K.greater, K.pow):
        assert on_meta(fn, np.ones((2, 3), np.float32), x).device == META
    assert_like(on_meta(K.concatenate, [x, np.ones((2, 3), np.float32)]), torch.zeros((2, 6)))
    assert_like(on_meta(K.stack, [np.ones((2, 3), np.float32), x]), torch.zeros((2, 2, 3)))
    assert_like(on_meta(K.switch, meta(np.ones((2, 3)), "bool"), x, np.zeros((2, 3), np.float32)),
                torch.zeros((2, 3)))
    assert_like(on_meta(K.clip, x, np.zeros((2, 3), np.float32), np.ones((2, 3), np.float32)), torch.zeros((2, 3)))
    assert_like(on_meta(K.bias_add, x, np.ones(3, np.float32)), torch.zeros((2, 3)))
    assert_like(on_meta(K.batch_normalization, x, np.zeros(3, np.float32), np.ones(3, np.float32),
                        np.zeros(3, np.float32), np.ones(3, np.float32)), torch.zeros((2, 3)))
    assert_like(on_meta(K.conv2d, meta(np.ones((1, 4, 4, 2))), np.ones((3, 3, 2, 5), np.float32)),
                torch.zeros((1, 2, 2, 5)))
    assert_like(on_meta(K.conv2d, np.ones((1, 4, 4, 2), np.float32), meta(np.ones((3, 3, 2, 5)))),
                torch.zeros((1, 2, 2, 5)))


def test_numpy_targets_and_predictions_join_the_device():
    probabilities, target = np.full((2, 3), 1 / 3, np.float32), np.eye(3, dtype=np.float32)[[0, 2]]
    for fn in (K.categorical_crossentropy, K.binary_crossentropy):
        assert_like(on_meta(fn, target, meta(probabilities)), fn(target, probabilities))
        assert_like(on_meta(fn, meta(target), probabilities), fn(target, probabilities))
    assert_like(on_meta(K.sparse_categorical_crossentropy, np.array([0, 2]), meta(probabilities)), torch.zeros(2))
    assert_like(on_meta(K.in_top_k, meta(probabilities), np.array([0, 2], np.int32), 1),
                torch.zeros(2, dtype=torch.bool))
    assert_like(on_meta(K.in_top_k, meta(probabilities), np.array([0, 2], np.int32), 0),
                torch.zeros(2, dtype=torch.bool))


def test_numpy_operands_on_the_cpu_keep_their_values():
    x, w = np.arange(6, dtype=np.float32).reshape(2, 3), np.arange(12, dtype=np.float32).reshape(3, 4)
    np.testing.assert_allclose(K.dot(K.constant(x), w).numpy(), x @ w)
    np.testing.assert_allclose(K.concatenate([K.constant(x), x]).numpy(), np.concatenate([x, x], -1))


# --- gather / take: no host read of device indices ------------------------------------------------------------------
def test_gather_on_the_device_reads_no_index_back():
    reference = meta(np.arange(12).reshape(4, 3))
    assert_like(on_meta(K.gather, reference, meta(np.array([0, -1, 3]), "int32")), torch.zeros((3, 3)))
    assert_like(on_meta(K.gather, reference, meta(np.array([[0, 1], [2, 3]]), "int64")), torch.zeros((2, 2, 3)))
    # indices given on the CPU are checked there (no device sync), then join the reference's device
    assert_like(on_meta(K.gather, reference, np.array([1, -2])), torch.zeros((2, 3)))
    with pytest.raises(IndexError, match="out of bounds"):
        on_meta(K.gather, reference, np.array([4]))


def test_gather_on_the_cpu_keeps_its_checks():
    reference = np.arange(12, dtype=np.float32).reshape(4, 3)
    np.testing.assert_array_equal(K.gather(K.constant(reference), K.constant([0, -1], "int32")).numpy(),
                                  reference[[0, -1]])
    for bad in (4, -5):
        with pytest.raises(IndexError, match=f"index {bad} is out of bounds for axis 0 with size 4"):
            K.gather(K.constant(reference), K.constant([0, bad], "int32"))


def test_folds_and_map_fn_index_on_the_device():
    elems = meta(np.ones((3, 2)))
    assert_like(on_meta(K.map_fn, lambda e: e * 2, elems), torch.zeros((3, 2)))
    assert_like(on_meta(K.foldl, lambda a, e: a + e, elems), torch.zeros(2))
    assert_like(on_meta(K.foldr, lambda a, e: a + e, elems, meta(np.zeros(2))), torch.zeros(2))


# --- K.rnn --------------------------------------------------------------------------------------------------------
def test_rnn_on_the_device():
    inputs, kernel = meta(np.ones((2, 5, 3))), K.variable(meta(np.ones((3, 4))))

    def step(x_t, states):
        h = K.tanh(K.dot(x_t, kernel) + states[0])
        return h, [h]

    for mask in (None, meta(np.ones((2, 5)), "bool")):
        for backwards in (False, True):
            last, outputs, states = on_meta(K.rnn, step, inputs, [meta(np.zeros((2, 4)))], go_backwards=backwards,
                                            mask=mask)
            assert_like([last, outputs, states], [torch.zeros((2, 4)), torch.zeros((2, 5, 4)), [torch.zeros((2, 4))]])


# --- variables keep their device --------------------------------------------------------------------------------
@pytest.mark.parametrize("assign", [
    lambda v: K.update(v, np.ones((2, 3))),
    lambda v: K.update(v, K.constant(np.ones((2, 3)))),  # a CPU tensor
    lambda v: K.update_add(v, np.ones((2, 3))),
    lambda v: K.update_sub(v, 1.0),
    lambda v: K.moving_average_update(v, np.ones((2, 3)), 0.9),
    lambda v: K.set_value(v, np.ones((2, 3))),
    lambda v: K.batch_set_value([(v, np.ones((2, 3)))]),
    lambda v: v.assign([[1, 2, 3], [4, 5, 6]]),
], ids=["update", "update-cpu-tensor", "update_add", "update_sub", "moving_average_update", "set_value",
        "batch_set_value", "assign-list"])
def test_variables_keep_their_device(assign):
    v = K.variable(meta(np.zeros((2, 3))))
    on_meta(assign, v)
    assert_like(v, torch.zeros((2, 3)))


def test_variable_updates_on_the_cpu_keep_values():
    v = K.variable(np.zeros((2, 3)))
    K.update_add(v, np.ones((2, 3)))
    K.moving_average_update(v, np.full((2, 3), 3.0), 0.5)
    np.testing.assert_allclose(K.get_value(v), np.full((2, 3), 2.0))  # 1 * 0.5 + 3 * 0.5
    assert v.value.device == CPU


# --- graph mode and K.function -----------------------------------------------------------------------------------
def test_recording_over_device_variables_and_a_training_step():
    K.clear_session()
    w, b = K.variable(meta(np.zeros((3, 2)))), K.variable(meta(np.zeros(2)))
    x, y = K.placeholder((None, 3)), K.placeholder((None, 2))
    out = K.dot(x, w) + b
    assert K.int_shape(out) == (None, 2)  # the shape probes (CPU zeros) meet the meta variables
    loss = K.mean(K.square(out - y))
    updates = [K.update_sub(p, 0.1 * g) for p, g in zip([w, b], K.gradients(loss, [w, b]))]
    step = K.function([x, y], [], updates=updates)
    with StrictDevices():
        assert step([np.ones((4, 3), np.float32), np.ones((4, 2), np.float32)]) == []
        assert step([np.ones((5, 3), np.float32), np.ones((5, 2), np.float32)]) == []
    assert_like([w, b], [torch.zeros((3, 2)), torch.zeros(2)])
    # outputs are returned as NumPy (the contract): meta tensors have no values to copy
    with pytest.raises(NotImplementedError, match="meta"):
        K.function([x], [out])([np.ones((4, 3), np.float32)])


def test_function_places_cpu_feeds_on_the_variables_device(torch_engine):
    seen = []

    def program(feeds, variables, seed):
        seen.extend(f.device for f in feeds if f is not None)
        return (), ()

    run = torch_engine.table["jit"](program)
    run((torch.zeros(2), None, torch.zeros(3, device=META)), (torch.zeros(1), torch.zeros(1, device=META)), None)
    assert seen == [META, META]
    seen.clear()
    run((torch.zeros(2),), (torch.zeros(1),), None)  # every variable on the CPU: feeds stay there
    assert seen == [CPU]


def test_function_on_the_cpu_computes():
    K.clear_session()
    w = K.variable(np.arange(6, dtype=np.float32).reshape(3, 2))
    x = K.placeholder((None, 3))
    f = K.function([x], [K.dot(x, w)], updates=[K.update_add(w, K.ones_like(w))])
    np.testing.assert_allclose(f([np.ones((1, 3), np.float32)])[0], [[6.0, 9.0]])
    np.testing.assert_allclose(K.get_value(w), np.arange(6).reshape(3, 2) + 1.0)
