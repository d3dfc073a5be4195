"""The benchmark suite measures what it claims: on every tested engine, each native call of the per-call tables and
each native training step (MLP and LSTM) computes what kbackend computes. No timings are asserted."""
import numpy as np
import pytest

import kbackend as K
from benchmarks import lstm_native, lstm_step, natives, pytensor_modes, targets, train_native, train_step
from benchmarks.cases import OPS, inputs, keras2_ops
from conftest import selected_engines

ENGINES = selected_engines()


@pytest.mark.parametrize("engine", ENGINES)
def test_native_calls_match_kbackend(engine):
    to_tensor, table = natives.TABLES[engine]()
    with K.backend_scope(engine):
        ops = K._registry.ops
        facade = keras2_ops(K, ops.add, ops.multiply)
        for op in OPS:
            tensors = tuple(to_tensor(a) for a in inputs(op, "small"))
            fn, prepare, restore = natives.split(table[op])
            expected = natives.to_numpy(restore(fn(*prepare(*tensors))))
            np.testing.assert_allclose(natives.to_numpy(facade[op](*tensors)), expected, rtol=1e-3, atol=1e-3,
                                       err_msg=f"{engine} {op}")


@pytest.mark.parametrize("engine", ENGINES)
def test_native_training_step_matches_kbackend(engine):
    sizes, batch = (12, 8, 3), 4
    weights = train_step.initial_weights(sizes)
    x, y = train_step.batch_data(sizes, batch)
    native, to_tensor = train_native.STEPS[engine](weights, 0.1)
    with K.backend_scope(engine):
        K.clear_session()
        step = train_step.keras2_step(K, weights, 0.1)
        for _ in range(3):
            np.testing.assert_allclose(np.asarray(step(x, y)), natives.to_numpy(native(to_tensor(x), to_tensor(y))),
                                       rtol=1e-4, atol=1e-5)
        K.clear_session()


@pytest.mark.parametrize("engine", ENGINES)
def test_native_lstm_step_matches_kbackend(engine):
    """Three SGD steps of the LSTM benchmark's model: the native step and the Keras 2 graph code give the same losses
    (so the weights they update stay the same too)."""
    weights, (x, y) = lstm_step.initial_weights(), lstm_step.batch_data()
    native = lstm_native.NATIVE_STEPS[engine](weights, 0.5)
    with K.backend_scope(engine):
        K.clear_session()
        step = lstm_step.keras2_step(K, weights, 0.5)
        losses = [(step(x, y), native(x, y)) for _ in range(3)]
        K.clear_session()
    np.testing.assert_allclose([k for k, _ in losses], [n for _, n in losses], rtol=2e-4)
    assert losses[2][1] < losses[0][1], losses  # the steps train: the same batch's loss falls


def test_targets_read_every_kind_of_record():
    """issue 12's targets from hand-made records: per call (median and worst op), training against the native column
    the issue names per engine, and the LSTM records (which carry no impl key); a missed target gets its profiling
    workers and a cause, a met one none."""
    records = [{"impl": "kbackend", "engine": "numpy", "op": op, "size": "small", "label": "8x8",
                "us": {"kbackend": k, "native": 1.0}, "check": {}}
               for op, k in (("add", 1.9), ("dot", 1.0), ("sum", 1.05))]
    records += [
        {"impl": "kbackend", "engine": "jax", "model": "tiny 64-32-10, batch 16",
         "steps_per_s": {"kbackend": 90.0, "native": 80.0, "native_numpy_io": 100.0}},
        {"impl": "kbackend", "engine": "numpy", "model": "mlp 784-256-10, batch 128",
         "steps_per_s": {"kbackend": 81.0, "native": 100.0}},
        {"engine": "torch", "model": lstm_step.MODEL, "steps_per_s": {"kbackend": 5.0, "native": 10.0}},
        {"impl": "tf_keras", "engine": "tensorflow", "model": "tiny 64-32-10, batch 16",
         "steps_per_s": {"tf_keras": 1.0}},
    ]
    results = {(r["kind"], r["engine"]): r for r in targets.missed_targets(records)}
    assert set(results) == {("per_call", "numpy"), ("training", "jax"), ("training", "numpy"), ("lstm", "torch")}
    assert not results[("per_call", "numpy")]["met"]  # median 1.05 passes, add at 1.9 does not
    assert not results[("training", "jax")]["met"]  # 90 / 100 against the NumPy in/out step, not 90 / 80
    assert results[("training", "numpy")]["met"]  # 0.81 >= 0.8
    assert not results[("lstm", "torch")]["met"]
    calls = []
    text = targets.breakdowns(list(results.values()),
                              lambda module, args, engine: calls.append((module, engine)) or "out")
    assert sorted(calls) == [("layers", "numpy"), ("profile_calls", "jax"), ("profile_calls", "torch"),
                             ("step_parts", "jax")]
    assert text.count("Cause and remedy:") == 3 and "not analysed yet" not in text


def test_pytensor_modes_table_reads_its_records():
    """``benchmarks.pytensor_modes``: one row per (model, mode) with both folders' first calls, the best rates of
    the two runs, and a native step that failed named under the table (kbackend's rate alone)."""
    def record(mode, folder, first, k, native=None, model="mlp"):
        rates = {"kbackend": k, **({"native": native} if native else {})}
        r = {"model": model, "mode": mode, "folder": folder, "first_call_s": {"kbackend": first},
             "steps_per_s": rates}
        return r if native else dict(r, native_error="TypeError: scan carry")
    records = [record("numba", "empty", 12.0, 700.0, 800.0), record("numba", "filled", 0.5, 760.0, 790.0),
               record("jax", "empty", 30.0, 50.0, model="lstm"), record("jax", "filled", 31.0, 52.0, model="lstm"),
               {"what": "train_step, mode c, empty compile folder", "error": "boom"}]
    lines = pytensor_modes.table(records).splitlines()
    assert lines[2] == "| mlp | numba | 12.00 | 0.50 | 760 | 800 | 0.95 |"
    assert lines[3] == "| lstm | jax | 30.00 | 31.00 | 52 | failed (1) | - |"
    assert lines[5:] == ["Failures:", "- lstm, mode jax: the native step failed, TypeError: scan carry",
                         "- train_step, mode c, empty compile folder: boom"]
