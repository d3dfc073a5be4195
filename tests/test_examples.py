"""The examples train on every installed engine, and (seeded, without dropout) reach the same losses."""
import importlib.util
import os
import subprocess
import sys

import numpy as np
import pytest

import kbackend as K

from conftest import selected_engines

EXAMPLES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "examples")
ENGINES = selected_engines()


def _load(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(EXAMPLES, f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def models():
    return _load("train_models")


@pytest.fixture(scope="module")
def deterministic_losses(models):
    losses = {}
    for engine in ENGINES:
        with K.backend_scope(engine):
            K.clear_session()
            mlp = models.train_mlp(epochs=30, dropout=0.0)
            K.clear_session()
            try:
                rnn = models.train_rnn(epochs=30)
            except Exception as err:  # reported by the test of that engine
                rnn = err
            K.clear_session()
        losses[engine] = (mlp, rnn)
    return losses


@pytest.mark.parametrize("engine", ENGINES)
def test_models_train_to_the_same_losses(deterministic_losses, engine):
    mlp, rnn = deterministic_losses[engine]
    reference_mlp = deterministic_losses[ENGINES[0]][0]
    np.testing.assert_allclose(mlp, reference_mlp, rtol=2e-3)
    assert mlp[-1] < 0.5 * mlp[0]
    if isinstance(rnn, Exception):
        raise rnn
    reference_rnn = next(r for m, r in deterministic_losses.values() if not isinstance(r, Exception))
    assert rnn[-1] < 0.9 * rnn[0]
    np.testing.assert_allclose(rnn, reference_rnn, rtol=2e-3)


@pytest.mark.parametrize("engine", ENGINES)
def test_mlp_with_dropout_trains(models, engine):
    with K.backend_scope(engine):
        K.clear_session()
        history = models.train_mlp(epochs=30, dropout=0.2)
        K.clear_session()
    assert history[-1] < 0.6 * history[0]


@pytest.mark.parametrize("engine", ENGINES)
def test_linear_regression_example(engine):
    module = _load("linear_regression")
    with K.backend_scope(engine):
        K.clear_session()
        w, b, true_w, loss = module.train(epochs=100)
    assert loss < 1e-3 and np.allclose(w, true_w, atol=0.02)


@pytest.mark.skipif("jax" not in ENGINES, reason="the jax engine is not under test (KBACKEND_TEST_ENGINES)")
def test_data_parallel_example_matches_one_device():
    """examples/data_parallel.py trains on 8 host devices (its own process: JAX reads XLA_FLAGS when it starts) and
    on one device, and checks that the losses agree; here its exit status and its table are checked."""
    env = dict(os.environ, XLA_FLAGS="--xla_force_host_platform_device_count=8", TF_CPP_MIN_LOG_LEVEL="3")
    env.pop("KBACKEND_ENGINE", None)
    run = subprocess.run([sys.executable, os.path.join(EXAMPLES, "data_parallel.py")], env=env, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    rows = [line.split("|") for line in run.stdout.splitlines() if "|" in line]
    assert rows[0][0].strip() == "8 devices" and len(rows) == 11, run.stdout
    losses = np.array([[float(a), float(b)] for a, b in rows[1:]])
    np.testing.assert_allclose(losses[:, 0], losses[:, 1], rtol=1e-5)
    assert losses[-1, 0] < losses[0, 0] / 10  # it trains
