"""The Keras 2 vs Keras 3 ``model.fit`` benchmark (``benchmarks/keras_fit.py``) compares like with like: both
workers build the same layers, parameter count and optimizer. Nothing is timed here."""
import importlib.util

import pytest

from benchmarks import keras_fit


@pytest.mark.skipif(importlib.util.find_spec("keras") is None, reason="Keras 3 is not installed (the benchmark's "
                    "Keras 3 side; `pip install keras`)")
def test_both_kerases_build_the_same_models():
    # the numpy engine / backend: building needs no other framework (Keras 3's numpy backend builds and compiles)
    keras2 = keras_fit.run_worker("keras2", "numpy", rounds=1, threads=1, describe=True)
    keras3 = keras_fit.run_worker("keras3", "numpy", rounds=1, threads=1, describe=True)
    for records in (keras2, keras3):
        errors = [r for r in records if "error" in r]
        assert not errors, f"the benchmark worker failed: {errors}"
    assert [r["model"] for r in keras2] == [r["model"] for r in keras3] == list(keras_fit.MODELS)
    for built2, built3 in zip(keras2, keras3):
        for key in ("params", "layers", "optimizer"):
            assert built2[key] == built3[key], f"{built2['model']}: {key} {built2[key]} (Keras 2) vs {built3[key]}"
