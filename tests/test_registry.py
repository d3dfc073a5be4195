"""Engine registry: entry points, dotted paths, errors, switching, import hygiene."""
import sys

import numpy as np
import pytest

import kbackend as K
from kbackend import _registry

from helpers import TEST_ENGINES_DIR, THIRD_PARTY_ENGINE_DIR, clean_env, run_python

BUILTINS = ("numpy", "torch", "jax", "tensorflow", "pytensor")
FRAMEWORKS = {"numpy": None, "torch": "torch", "jax": "jax", "tensorflow": "tensorflow", "pytensor": "pytensor"}


@pytest.fixture(autouse=True)
def engines_on_path(monkeypatch):
    monkeypatch.syspath_prepend(TEST_ENGINES_DIR)
    monkeypatch.syspath_prepend(THIRD_PARTY_ENGINE_DIR)


def test_builtins_are_registered_as_entry_points():
    points = _registry.entry_points()
    for name in BUILTINS:
        assert points[name] == f"kbackend.engines.{name}"
    assert "numpy" in _registry.installed_engines()


def test_dotted_path_engine_uses_generics():
    engine = _registry.load_engine("tiny_engine")
    assert engine.provenance["sum"] == "native"
    for name in ("mean", "var", "std", "logsumexp", "clip", "dot", "batch_dot", "square", "gather"):
        assert engine.provenance[name] == "generic", name
    with K.backend_scope("tiny_engine"):
        assert K.backend() == "tiny_engine"
        np.testing.assert_allclose(K.eval(K.std(np.array([1.0, 3.0]))), 1.0)


def test_unknown_engine_lists_installed_engines():
    with pytest.raises(K.EngineError) as info:
        K.set_backend("no_such_engine_anywhere")
    message = str(info.value)
    assert "no_such_engine_anywhere" in message and "numpy" in message and "Installed engines" in message
    assert isinstance(info.value, ValueError) and isinstance(info.value, ImportError)


def test_missing_framework_gives_install_command():
    with pytest.raises(K.EngineError, match="pip install kbackend-no-such-framework"):
        K.set_backend("missing_framework_engine")
    assert K.backend() == "numpy"


def test_incomplete_engine_names_missing_core():
    with pytest.raises(K.EngineError, match="does not provide the core primitives: copy"):
        K.set_backend("incomplete_engine")


def test_backend_scope_restores_and_keeps_modules():
    before = dict(sys.modules)
    with K.backend_scope("tiny_engine"):
        assert K.backend() == "tiny_engine"
        with K.backend_scope("numpy"):
            assert K.backend() == "numpy"
        assert K.backend() == "tiny_engine"
    assert K.backend() == "numpy"
    for name, module in before.items():
        assert sys.modules.get(name) is module, f"{name} was re-imported or purged"


def test_backend_scope_restores_after_error():
    with pytest.raises(RuntimeError):
        with K.backend_scope("tiny_engine"):
            raise RuntimeError("boom")
    assert K.backend() == "numpy"


def test_set_backend_switches_every_installed_engine():
    try:
        for name in _registry.installed_engines():
            K.set_backend(name)
            assert K.backend() == name
            np.testing.assert_allclose(K.eval(K.sum(K.constant([[1.0, 2.0]]), axis=1)), [3.0])
    finally:
        K.set_backend("numpy")


@pytest.mark.parametrize("engine", BUILTINS)
def test_import_loads_only_the_selected_framework(engine, tmp_path):
    if engine not in _registry.installed_engines():
        pytest.skip(f"{engine} is not installed in this environment (tox engine envs install one engine)")
    code = ("import sys, kbackend as K; K.sum(K.constant([1.0])); "
            "print(' '.join(m for m in ('torch', 'jax', 'tensorflow', 'pytensor') if m in sys.modules)); print(K.backend())")
    out = run_python(code, clean_env(tmp_path, KBACKEND_ENGINE=engine)).stdout.split("\n")
    loaded = out[0].split()
    expected = [FRAMEWORKS[engine]] if FRAMEWORKS[engine] else []
    assert loaded == expected and out[1] == engine


def test_discovery_imports_no_framework(tmp_path):
    code = ("import sys, kbackend as K; from kbackend import _registry; _registry.installed_engines(); "
            "print(' '.join(m for m in ('torch', 'jax', 'tensorflow', 'pytensor') if m in sys.modules))")
    assert run_python(code, clean_env(tmp_path)).stdout.strip() == ""
