"""The benchmark suite measures what it claims: on every tested engine, each native call of the per-call tables and
each native training step (MLP and LSTM) computes what kbackend computes. No timings are asserted."""
import numpy as np
import pytest

import kbackend as K
from benchmarks import lstm_native, lstm_step, natives, train_native, train_step
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
