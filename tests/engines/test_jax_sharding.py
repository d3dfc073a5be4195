"""The JAX engine keeps shardings over a mesh of 8 host devices, and K.function trains data-parallel (issue 11).

JAX reads ``XLA_FLAGS`` once, when its backend starts: when this process does not see 8 devices, the module runs
itself in a child process with ``--xla_force_host_platform_device_count=8`` (one test, which fails if any test of
the child fails), so that nothing here is ever skipped.

Values on the mesh are compared with the same call on one device (whose values the conformance suite checks against
its float64 NumPy reference): a placement changes where values are computed, never what they are.
"""
import os
import subprocess
import sys

import numpy as np
import pytest

from conftest import selected_engines

if "jax" not in selected_engines():
    pytest.skip("the jax engine is not under test (KBACKEND_TEST_ENGINES)", allow_module_level=True)

import jax  # noqa: E402
import jax.monitoring  # noqa: E402
from jax.sharding import Mesh, NamedSharding, PartitionSpec  # noqa: E402

import kbackend as K  # noqa: E402
from kbackend.conformance import runner  # noqa: E402

FLAG = "--xla_force_host_platform_device_count=8"


def _eight_devices_visible():
    # jax.device_count() starts the backend: with the flag in XLA_FLAGS it sees 8 devices (and it is what a started
    # backend sees otherwise)
    return FLAG in os.environ.get("XLA_FLAGS", "") or jax.device_count() >= 8


EIGHT_DEVICES = _eight_devices_visible()


@pytest.fixture(autouse=True)
def jax_engine():
    with K.backend_scope("jax") as engine:
        previous = K.floatx()
        K.set_floatx("float32")
        yield engine
        K.set_floatx(previous)
    K.clear_session()


def mesh8():
    return Mesh(np.array(jax.devices()[:8]), ("batch",))


def devices_of(x):
    if isinstance(x, K.Variable):
        x = x.value
    return frozenset(d.id for d in x.sharding.device_set)


ALL8 = frozenset(range(8))


# --- the placement hooks --------------------------------------------------------------------------------------------
def test_placement_hooks(jax_engine):
    table = jax_engine.table
    assert table["placements"]() == ("mesh",)
    assert table["placement_has_values"]("mesh") is True
    place, where = table["place"], table["placement_of"]
    for shape, pieces in (((16, 3), 8), ((12,), 4), ((6, 2), 2), ((3,), 1), ((), 1)):
        x = place(K.constant(np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape)), "mesh")
        assert where(x) == ALL8, shape
        assert len({str(shard.index) for shard in x.addressable_shards}) == pieces, shape
        np.testing.assert_array_equal(np.asarray(x), np.arange(int(np.prod(shape))).reshape(shape))
    assert where(K.constant([1.0])) == frozenset({0})
    with pytest.raises(ValueError, match="mesh"):
        place(K.constant([1.0]), "meta")


# --- the conformance suite's placement property, on the mesh ---------------------------------------------------------
def test_conformance_placement_property(jax_engine):
    """Every conformance case with a tensor input, its inputs spread over the 8 devices (``place(x, "mesh")``): the
    results live on the inputs' devices with the reference's shape, dtype and values (known gaps of the engine:
    ``engines/jax/known_gaps.py``)."""
    records = runner.run_engine("jax", select="::placement")
    assert len(records) > 900, f"only {len(records)} placement records"
    failing = [f"{r['id']} ({r['status']}): {r['message'][:300]}" for r in records if r["status"] in ("fail", "xpass")]
    assert not failing, "\n".join(failing)


# --- tensors kbackend makes, and variables ----------------------------------------------------------------------------
def batch_sharded(array):
    return jax.device_put(np.asarray(array), NamedSharding(mesh8(), PartitionSpec("batch")))


def replicated(array):
    return jax.device_put(np.asarray(array), NamedSharding(mesh8(), PartitionSpec()))


def test_zeros_like_and_ones_like_keep_the_sharding():
    x = batch_sharded(np.ones((16, 3), np.float32))
    for made, value, dtype in ((K.zeros_like(x), 0, "float32"), (K.ones_like(x, dtype="int32"), 1, "int32"),
                               (K.zeros_like(K.variable(x)), 0, "float32")):
        assert made.sharding.is_equivalent_to(x.sharding, 2), made.sharding
        assert made.dtype == np.dtype(dtype)
        np.testing.assert_array_equal(np.asarray(made), np.full((16, 3), value))
    single = K.zeros_like(np.ones((2, 2)))
    assert devices_of(single) == {0} and not single.committed


def test_variables_keep_their_sharding_through_assignments():
    v = K.variable(replicated(np.zeros((4, 3), np.float32)))
    sharding = v.value.sharding
    assert v.value.committed and devices_of(v) == ALL8
    steps = [(lambda: K.set_value(v, np.full((4, 3), 2.0)), 2.0),
             (lambda: K.batch_set_value([(v, [[1.0] * 3] * 4)]), 1.0),
             (lambda: K.update(v, np.full((4, 3), 4.0)), 4.0),
             (lambda: K.update_add(v, np.ones((4, 3))), 5.0),
             (lambda: K.update_sub(v, 2.0 * np.ones((4, 3))), 3.0),
             (lambda: K.update(v, K.constant(np.full((4, 3), 8.0))), 8.0),  # uncommitted: takes v's placement
             (lambda: K.moving_average_update(v, np.zeros((4, 3)), 0.75), 6.0)]
    for step, value in steps:
        step()
        assert v.value.sharding.is_equivalent_to(sharding, 2), v.value.sharding
        np.testing.assert_array_equal(K.get_value(v), np.full((4, 3), value))
    with pytest.raises(ValueError, match="shape"):
        K.set_value(v, np.zeros((3, 3)))


def test_set_value_of_a_placed_array_places_the_variable():
    v = K.variable(np.zeros((8, 2), np.float32))
    assert not v.value.committed
    K.set_value(v, batch_sharded(np.ones((8, 2), np.float32)))
    assert devices_of(v) == ALL8 and not v.value.sharding.is_fully_replicated
    K.set_value(v, np.full((8, 2), 3.0))  # host values keep the placement
    assert devices_of(v) == ALL8
    np.testing.assert_array_equal(K.get_value(v), np.full((8, 2), 3.0))


def test_numpy_operands_join_the_sharding():
    x = batch_sharded(np.arange(32, dtype=np.float32).reshape(16, 2))
    for result in (K.dot(x, np.ones((2, 3), np.float32)), x + np.ones(2, np.float32),
                   K.maximum(np.zeros((16, 2), np.float32), x), K.concatenate([x, np.ones((16, 1), np.float32)])):
        assert devices_of(result) == ALL8


# --- data-parallel K.function -----------------------------------------------------------------------------------------
class CompileCounter:
    """Counts XLA compilations (JAX reports each one's duration under this event name)."""
    EVENT = "/jax/core/compile/backend_compile_duration"

    def __init__(self):
        self.count = 0
        jax.monitoring.register_event_duration_secs_listener(self._heard)

    def _heard(self, event, duration, **kwargs):
        if event == self.EVENT:
            self.count += 1


COMPILES = CompileCounter()
_rng = np.random.default_rng(11)
W1, W2 = (_rng.normal(size=(20, 32)) * 0.3).astype(np.float32), (_rng.normal(size=(32, 5)) * 0.3).astype(np.float32)
BATCHES = [((_rng.normal(size=(64, 20))).astype(np.float32), np.eye(5, dtype=np.float32)[_rng.integers(0, 5, 64)])
           for _ in range(4)]


def training_step(make_variable):
    """A small MLP, its cross-entropy, K.gradients and SGD updates as one K.function."""
    w1, w2 = make_variable(W1), make_variable(W2)
    x, y = K.placeholder((None, 20)), K.placeholder((None, 5))
    loss = K.mean(K.categorical_crossentropy(y, K.softmax(K.dot(K.relu(K.dot(x, w1)), w2))))
    grads = K.gradients(loss, [w1, w2])
    return K.function([x, y], [loss], [K.update_sub(w, 0.5 * g) for w, g in zip((w1, w2), grads)]), (w1, w2)


def train(make_variable, make_feed=lambda a: a):
    step, variables = training_step(make_variable)
    plan_programs = []
    losses, compiles_after_first = [], None
    for i, (x, y) in enumerate(BATCHES):
        losses.append(float(step([make_feed(x), make_feed(y)])[0]))
        if i == 0:
            compiles_after_first = COMPILES.count
            plan_programs = [plan.program for plan in step._compiled.values()]
    assert COMPILES.count == compiles_after_first, "the program compiled again after the first step"
    assert len(plan_programs) == 1 and plan_programs[0].compiled._cache_size() == 1
    return np.array(losses), [K.get_value(v) for v in variables], variables, plan_programs[0]


@pytest.fixture(scope="module")
def one_device_run():
    with K.backend_scope("jax"):
        K.set_floatx("float32")
        losses, values, variables, _ = train(K.variable)
        assert all(devices_of(v) == {0} for v in variables)
    assert losses[-1] < losses[0]  # it learns
    return losses, values


def _same_run(run, reference):
    losses, values = run[:2]
    np.testing.assert_allclose(losses, reference[0], rtol=1e-5, atol=1e-5)
    for value, want in zip(values, reference[1]):
        np.testing.assert_allclose(value, want, rtol=1e-5, atol=1e-5)


def _check_batch_sharded(program, variables):
    """Calling ``program`` with NumPy feeds places them sharded along axis 0 over the 8 devices."""
    seen, compiled = [], program.compiled
    program.compiled = lambda feeds, values, seed: (seen.append((feeds, values)), compiled(feeds, values, seed))[1]
    try:
        program(tuple(BATCHES[0]), tuple(v.value for v in variables), None)
    finally:
        program.compiled = compiled
    (feeds, values), = seen
    for feed in feeds:
        assert devices_of(feed) == ALL8 and feed.addressable_shards[0].data.shape[0] == 8, feed.sharding
    for value in values:
        assert devices_of(value) == ALL8


def test_replicated_variables_and_numpy_feeds(one_device_run):
    run = train(lambda w: K.variable(replicated(w)))
    _same_run(run, one_device_run)
    assert all(devices_of(v) == ALL8 and v.value.sharding.is_fully_replicated for v in run[2])
    _check_batch_sharded(run[3], run[2])


def test_variables_set_to_replicated_arrays(one_device_run):
    def make(w):
        v = K.variable(np.zeros_like(w))
        K.set_value(v, replicated(w))
        return v
    _same_run(train(make), one_device_run)


def test_numpy_variables_under_jax_set_mesh(one_device_run):
    with jax.set_mesh(mesh8()):
        run = train(K.variable)
        _check_batch_sharded(run[3], run[2])
    _same_run(run, one_device_run)
    assert all(devices_of(v) == ALL8 for v in run[2])


def test_numpy_variables_with_sharded_feeds(one_device_run):
    run = train(K.variable, batch_sharded)
    _same_run(run, one_device_run)
    assert all(devices_of(v) == ALL8 for v in run[2])


def test_variables_committed_to_one_device_with_sharded_feeds(one_device_run):
    run = train(lambda w: K.variable(jax.device_put(w, jax.devices()[3])), batch_sharded)
    _same_run(run, one_device_run)


def test_feeds_that_do_not_divide_are_replicated():
    step, variables = training_step(lambda w: K.variable(replicated(w)))
    x, y = BATCHES[0]
    loss = step([x[:60], y[:60]])[0]
    step_one, _ = training_step(K.variable)
    np.testing.assert_allclose(loss, step_one([x[:60], y[:60]])[0], rtol=1e-5)
    assert all(devices_of(v) == ALL8 for v in variables)


# --- no host reads of indices on the mesh ---------------------------------------------------------------------------
@pytest.fixture
def no_host_reads(monkeypatch):
    """Any read of a JAX array's values (``np.asarray``, ``.item()``, ``int()``, ``bool()``...) raises."""
    array_type = type(K.constant([1.0]))

    def refuse(self, *args, **kwargs):
        raise AssertionError("a host read of a JAX array")
    monkeypatch.setattr(array_type, "_value", property(refuse))
    monkeypatch.setattr(array_type, "__array__", refuse)


def test_gather_reads_no_indices_on_the_mesh(no_host_reads):
    table = batch_sharded(np.arange(32, dtype=np.float32).reshape(16, 2))
    indices = batch_sharded(np.array([15, 0, 3, 3, 1, 2, 9, 8], np.int32))
    out = K.gather(table, indices)
    negative = K.gather(table, batch_sharded(np.array([-1] * 8, np.int32)))
    beyond = K.gather(table, batch_sharded(np.array([16] * 8, np.int32)))
    powered = K.pow(batch_sharded(np.arange(8, dtype=np.int32)), batch_sharded(np.full(8, 2, np.int32)))
    assert all(devices_of(r) == ALL8 for r in (out, negative, beyond, powered))  # (values: the next test)


def test_gather_values_and_the_out_of_range_rule():
    table = batch_sharded(np.arange(32, dtype=np.float32).reshape(16, 2))
    np.testing.assert_array_equal(np.asarray(K.gather(table, batch_sharded(np.array([15, 0, 3, 3, 1, 2, 9, -1],
                                                                                   np.int32)))),
                                  np.arange(32).reshape(16, 2)[[15, 0, 3, 3, 1, 2, 9, -1]])
    # indices spread over devices are not read: out-of-range ones follow JAX's fill rule (NaN for floats)
    assert np.isnan(np.asarray(K.gather(table, batch_sharded(np.full(8, 16, np.int32))))).all()
    # indices in host memory are checked, as NumPy does
    for host in (np.array([16]), [16], K.constant(np.array([16]), dtype="int32")):
        with pytest.raises(IndexError, match="out of bounds"):
            K.gather(table, host)


def test_eager_rnn_on_the_mesh_reads_nothing(no_host_reads):
    inputs = batch_sharded(np.ones((8, 5, 3), np.float32))
    kernel = replicated(np.full((3, 4), 0.5, np.float32))

    def step(x_t, states):
        output = K.dot(x_t, kernel) + states[0]
        return output, [output]
    last, outputs, states = K.rnn(step, inputs, [K.zeros_like(batch_sharded(np.zeros((8, 4), np.float32)))])
    assert all(devices_of(r) == ALL8 for r in (last, outputs, states[0]))


if not EIGHT_DEVICES:
    # This process cannot show 8 devices (JAX started its backend already): the tests above run in a child process.
    for _name in [name for name in globals() if name.startswith("test_")]:
        del globals()[_name]

    def test_every_test_of_this_module_under_eight_host_devices():
        env = dict(os.environ, XLA_FLAGS=f"{os.environ.get('XLA_FLAGS', '')} {FLAG}".strip())
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", os.path.abspath(__file__)]
        run = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=1800)
        assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
        assert " passed" in run.stdout and "skipped" not in run.stdout, run.stdout[-2000:]
