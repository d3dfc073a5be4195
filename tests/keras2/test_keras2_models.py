"""Acceptance tests: real Keras 2.2.4 and 2.3.1 (``KERAS_BACKEND=kbackend``) build, train, evaluate, predict and
save models on every engine.

One fresh process per (Keras version, engine) runs every scenario of ``keras2_models`` / ``keras2_saving``
(``legacy_keras.run_scenarios``); the tests here check its JSON results, one test per (version, engine, scenario),
so a failure names the model, the optimizer and the engine. Installing legacy Keras: see ``legacy_keras``.
Under pytest-xdist (``--dist loadgroup``), the tests of one (version, engine) share a worker (``xdist_group``), so
each runner process runs once.
"""
import math

import numpy as np
import pytest

import keras2_models
import keras2_reference as reference
import keras2_saving  # noqa: F401  (registers the saving scenarios)
import legacy_keras
from conftest import selected_engines

ENGINES = selected_engines()
VERSIONS = legacy_keras.selected_versions()
REFERENCE_ENGINE = "numpy"
FRAMEWORK = {"numpy": None, "torch": "torch", "jax": "jax", "tensorflow": "tensorflow", "pytensor": "pytensor"}
RTOL = 1e-4  # every engine against the numpy engine (float32 training)


def names(group):
    return [name for name, (g, _) in keras2_models.SCENARIOS.items() if g == group]


def same_worker(version, engine):
    """The pytest-xdist group of the tests reading one runner's results (a mark that does nothing without xdist)."""
    return pytest.mark.xdist_group(f"keras{version}-{engine}")


def cases(group, engines=ENGINES):
    return [pytest.param(version, engine, name, id=f"keras{version}-{engine}-{name}",
                         marks=same_worker(version, engine))
            for version in VERSIONS for engine in engines for name in names(group)]


def where(version, engine, name=None):
    return f"Keras {version} on kbackend/{engine}" + (f", scenario {name}" if name else "")


def run(version, engine):
    results = legacy_keras.run_scenarios(version, engine)
    failure = results["header"].get("import_error")
    if failure:
        raise AssertionError(f"{where(version, engine)}: import failed: {failure['error']}\n{failure['traceback']}")
    return results


def record_of(version, engine, name):
    """The scenario's result; an AssertionError with Keras's error and traceback when it failed or did not run."""
    results = run(version, engine)
    record = results["scenarios"].get(name)
    if record is None or record["status"] == "running":
        raise AssertionError(f"{where(version, engine, name)}: the runner stopped "
                             f"{'before' if record is None else 'during'} this scenario (exit {results['exit']}):\n"
                             f"{results['stderr']}")
    if record["status"] == "failed":
        raise AssertionError(f"{where(version, engine, name)} raised {record['error']}\n{record['traceback']}")
    return record


def assert_trains(record, label, key="loss"):
    losses = record["history"][key]
    assert losses and all(math.isfinite(v) for v in losses), f"{label}: non-finite {key} history {losses}"
    assert losses[-1] < losses[0], f"{label}: {key} did not decrease: {losses}"


def assert_close(actual, expected, label, what, rtol=RTOL, atol=0.0):
    actual, expected = np.asarray(actual, dtype="float64"), np.asarray(expected, dtype="float64")
    assert actual.shape == expected.shape, f"{label}: {what} has shape {actual.shape}, expected {expected.shape}"
    if not np.allclose(actual, expected, rtol=rtol, atol=atol):
        relative = np.abs(actual - expected) / np.maximum(np.abs(expected), 1e-30)
        worst = np.unravel_index(np.argmax(relative), relative.shape)
        raise AssertionError(f"{label}: {what} differs (largest relative difference {relative[worst]:.3g} at "
                             f"{tuple(int(i) for i in worst)}; rtol {rtol}, atol {atol}):\n"
                             f"  got      {np.round(actual, 7).tolist()}\n  expected {np.round(expected, 7).tolist()}")


@pytest.mark.parametrize("version,engine", [pytest.param(version, engine, id=f"{engine}-{version}",
                                                           marks=same_worker(version, engine))
                                              for engine in ENGINES for version in VERSIONS])
def test_keras_runs_on_the_requested_engine(version, engine):
    results = run(version, engine)
    header, label = results["header"], where(version, engine)
    assert header["keras_version"] == version, f"{label}: imported Keras {header['keras_version']}"
    assert header["keras_backend"] == "kbackend", f"{label}: Keras loaded backend {header['keras_backend']!r}"
    assert header["kbackend_engine"] == engine, f"{label}: kbackend ran on {header['kbackend_engine']!r}"
    assert results["exit"] == 0, f"{label}: the runner exited with {results['exit']}:\n{results['stderr']}"
    expected = [FRAMEWORK[engine]] if FRAMEWORK[engine] else []
    assert header["frameworks_loaded"] == expected, \
        f"{label}: frameworks imported {header['frameworks_loaded']}, expected only {expected}"


@pytest.mark.parametrize("version,engine,name", cases("same"))
def test_model_trains_and_evaluates(version, engine, name):
    """Training lowers the loss; evaluate and predict agree (the loss and metrics recomputed from the predictions
    in float64); where the model is small enough, predict equals a NumPy forward pass of the trained weights."""
    record, label = record_of(version, engine, name), where(version, engine, name)
    assert_trains(record, label)
    evaluation = dict(zip(record["metrics_names"], record["evaluate"]))
    for metric, value in reference.expected_evaluation(record).items():
        assert_close(evaluation[metric], value, label, f"evaluate()'s {metric} against the predictions", atol=1e-6)
    if "forward" in record:
        expected = reference.forward(record["forward"], record["weights"], record["eval_inputs"])
        assert_close(record["predict"], expected, label, "predict() against a NumPy forward pass", atol=1e-6)
    if name == "batchnorm":
        gamma, beta, moving_mean, moving_variance = record["weights"][2:6]
        assert np.any(np.asarray(moving_mean) != 0) and np.any(np.asarray(moving_variance) != 1), \
            f"{label}: training did not update the moving statistics"
    if name == "early_stopping_restores":
        assert len(record["history"]["loss"]) == 2, f"{label}: EarlyStopping did not stop after 2 epochs"
        assert_close(record["restored_val_loss"], record["history"]["val_loss"][0], label,
                     "the loss of the restored best weights against the first epoch's val_loss", rtol=1e-5)


COMPARED_ENGINES = [engine for engine in ENGINES if engine != REFERENCE_ENGINE]


# With KBACKEND_TEST_ENGINES=numpy there is nothing to compare (an empty parameter list would show as a skip).
if COMPARED_ENGINES:
    @pytest.mark.parametrize("version,engine,name", cases("same", COMPARED_ENGINES))
    def test_same_results_as_the_numpy_engine(version, engine, name):
        """Fixed initial weights, no dropout, seeded shuffling: the loss history (and every metric), the evaluation
        and the predictions equal the numpy engine's within 1e-4 relative."""
        record, label = record_of(version, engine, name), where(version, engine, name)
        try:
            expected = record_of(version, REFERENCE_ENGINE, name)
        except AssertionError as error:
            raise AssertionError(f"{label}: no reference, the numpy engine failed:\n{error}") from None
        assert sorted(record["history"]) == sorted(expected["history"]), f"{label}: history keys differ"
        for key, values in expected["history"].items():
            assert_close(record["history"][key], values, label, f"the {key} history, epoch by epoch, vs numpy's")
        assert_close(record["evaluate"], expected["evaluate"], label, "evaluate() against numpy's")
        assert_close(record["predict"], expected["predict"], label, "predict() against numpy's", atol=1e-6)


@pytest.mark.parametrize("version,engine,name", cases("trains"))
def test_model_with_dropout_trains(version, engine, name):
    record, label = record_of(version, engine, name), where(version, engine, name)
    assert_trains(record, label)
    assert record["predict_finite"], f"{label}: predict() gave non-finite values"
    assert record["predict_repeatable"], f"{label}: predict() is not deterministic (dropout active at inference?)"
    if "training_calls_differ" in record:
        assert record["training_calls_differ"], f"{label}: learning phase 1 gave the same outputs twice (no dropout)"
        assert record["test_call_matches_predict"], f"{label}: learning phase 0 does not give predict()'s outputs"


@pytest.mark.parametrize("version,engine,name", cases("saving"))
def test_saved_model_round_trip(version, engine, name):
    record, label = record_of(version, engine, name), where(version, engine, name)
    assert_trains(record, label)
    assert record["difference_after_loading"] <= 1e-6, \
        f"{label}: the reloaded model predicts differently (max difference {record['difference_after_loading']})"
    if "differs_before_loading" in record:
        assert record["differs_before_loading"] > 1e-3, f"{label}: the fresh model predicted the same before loading"
        return
    assert record["optimizer"][0] == record["optimizer"][1], f"{label}: optimizer {record['optimizer']}"
    count, loaded_count = record["optimizer_weights"]
    assert count > 0 and loaded_count == count, f"{label}: optimizer weights saved {count}, loaded {loaded_count}"
    assert record["optimizer_weights_difference"] <= 1e-7, f"{label}: the loaded optimizer state differs"
    for key, values in record["continued"].items():
        assert_close(record["continued_loaded"][key], values, label,
                     f"the {key} history of the loaded model trained on, against the original's", rtol=1e-5)
