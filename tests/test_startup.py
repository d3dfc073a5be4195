"""What `import kbackend` does when the configured engine cannot load (semantics.md, Configuration 4 and 4b), with the
keras.json that Keras itself writes.

* A name from $KBACKEND_ENGINE, $KERAS_BACKEND or keras.json's "kbackend_engine" that cannot load stays an error:
  the import succeeds, and the first call that needs the engine raises an EngineError saying where the name came
  from and how to install what is missing.
* keras.json's "backend" (written by Keras) whose engine cannot load gives a warning naming the file and the key,
  and numpy is used. "kbackend" there means what KERAS_BACKEND=kbackend means; "theano"/"cntk" are explained.

"missing_framework_engine" (tests/engines) is an engine whose framework is not installed; the "broken_tensorflow"
shim makes `import tensorflow` fail, so that the real "tensorflow" that Keras writes cannot load in any environment.
"""
import importlib.util
import json

import pytest

from helpers import KERAS_WRITTEN_JSON, clean_env, probe_settings, run_python

PROBE_CALL = ("import kbackend as K\ntry:\n    K.sum(1.0)\nexcept K.EngineError as err:\n"
              "    print('EngineError:', err)\nelse:\n    print('no error')")


def write_keras_file(folder, backend, **extra):
    """The file Keras writes, with ``backend``; ``extra`` keys are added the way a user edits it."""
    text = KERAS_WRITTEN_JSON % backend
    if extra:
        config = json.loads(text)
        config.update(extra)
        text = json.dumps(config, indent=4)
    path = folder / "keras.json"
    path.write_text(text)
    return path


def test_the_file_keras_writes_is_parsed_as_keras_writes_it(tmp_path):
    path = write_keras_file(tmp_path, "numpy")
    assert json.loads(path.read_text()) == {"floatx": "float32", "epsilon": 1e-07, "backend": "numpy",
                                            "image_data_format": "channels_last"}
    assert probe_settings(clean_env(tmp_path))["source"] == "keras.json backend"


def test_backend_from_keras_json_that_cannot_load_warns_and_uses_numpy(tmp_path):
    path = write_keras_file(tmp_path, "tensorflow")
    before = path.read_bytes()
    env = clean_env(tmp_path, shims=("broken_tensorflow",))
    proc = run_python("import kbackend as K; print(K.backend(), K.eval(K.sum(K.constant([1.0, 2.0]))))", env)
    assert proc.stdout.split() == ["numpy", "3.0"]
    warning = proc.stderr
    assert "RuntimeWarning" in warning and str(path) in warning and "'backend'" in warning
    assert "'tensorflow'" in warning and "kbackend_engine" in warning and "hidden by the tests' shim" in warning
    assert probe_settings(env)["source"].startswith("default")
    assert path.read_bytes() == before, "keras.json must not be rewritten"


def test_backend_from_keras_json_whose_framework_is_missing_warns_and_uses_numpy(tmp_path):
    path = write_keras_file(tmp_path, "missing_framework_engine")
    proc = run_python("import kbackend as K; print(K.backend())", clean_env(tmp_path))
    assert proc.stdout.strip() == "numpy"
    assert str(path) in proc.stderr and "'backend'" in proc.stderr and "kbackend_no_such_framework" in proc.stderr
    assert proc.stderr.startswith("<string>:1: RuntimeWarning:"), "the warning points at the importing code"


PYTENSOR_INSTALLED = importlib.util.find_spec("pytensor") is not None


def test_keras2_cntk_file_gets_a_clear_message(tmp_path):
    path = write_keras_file(tmp_path, "cntk")
    proc = run_python("import kbackend as K; print(K.backend())", clean_env(tmp_path))
    assert proc.stdout.strip() == "numpy"
    assert "Keras 2's CNTK backend" in proc.stderr and str(path) in proc.stderr


@pytest.mark.parametrize("where", ["keras.json", "KERAS_BACKEND"])
def test_theano_selects_the_pytensor_engine_with_a_notice(tmp_path, where):
    """"theano" is an alias the PyTensor engine declares: it loads that engine (K.backend() is its name, so Keras 2
    code that imports theano when K.backend() == 'theano' does not); without PyTensor, the message says how to
    install it."""
    if where == "keras.json":
        write_keras_file(tmp_path, "theano")
        env = clean_env(tmp_path)
    else:
        env = clean_env(tmp_path, KERAS_BACKEND="theano")
    proc = run_python("import kbackend as K\ntry:\n    print(K.backend())\nexcept K.EngineError as err:\n"
                      "    print('EngineError:', err)", env)
    if PYTENSOR_INSTALLED:
        assert proc.stdout.strip() == "pytensor"
        assert proc.stderr == "kbackend: 'theano' selects the 'pytensor' engine (an alias it declares)\n"
    else:
        message = proc.stdout + proc.stderr
        assert "alias of the kbackend engine 'pytensor'" in message and 'kbackend[pytensor]' in message


def test_backend_kbackend_in_keras_json_means_the_next_rules(tmp_path):
    write_keras_file(tmp_path, "kbackend")
    settings = probe_settings(clean_env(tmp_path))
    assert settings["engine"] == "numpy" and settings["source"] == "default"
    write_keras_file(tmp_path, "kbackend", kbackend_engine="tiny_engine")
    settings = probe_settings(clean_env(tmp_path))
    assert settings["engine"] == "tiny_engine" and settings["source"] == "keras.json kbackend_engine"
    # The same as KERAS_BACKEND=kbackend with no keras.json.
    (tmp_path / "keras.json").unlink()
    settings = probe_settings(clean_env(tmp_path, KERAS_BACKEND="kbackend", KBACKEND_ENGINE="tiny_engine"))
    assert settings["engine"] == "tiny_engine"


@pytest.mark.parametrize("variable", ["KBACKEND_ENGINE", "KERAS_BACKEND"])
def test_a_variable_naming_an_engine_that_cannot_load_stays_an_error(tmp_path, variable):
    write_keras_file(tmp_path, "numpy")
    env = clean_env(tmp_path, **{variable: "missing_framework_engine"})
    proc = run_python(PROBE_CALL, env)
    message = proc.stdout
    assert message.startswith("EngineError:") and f"environment variable {variable}" in message
    assert "pip install kbackend-no-such-framework" in message and "'kbackend_no_such_framework'" in message
    assert proc.stderr == "", "an error, not a warning"


def test_kbackend_engine_key_naming_an_engine_that_cannot_load_stays_an_error(tmp_path):
    path = write_keras_file(tmp_path, "tensorflow", kbackend_engine="tensorflow")
    proc = run_python(PROBE_CALL, clean_env(tmp_path, shims=("broken_tensorflow",)))
    assert proc.stdout.startswith("EngineError:")
    assert f"the key 'kbackend_engine' of {path}" in proc.stdout and "hidden by the tests' shim" in proc.stdout


@pytest.mark.parametrize("engine", ["torch", "jax", "tensorflow"])
def test_a_missing_builtin_framework_names_the_quoted_extra(tmp_path, engine):
    # The framework is hidden from the registry's check (importlib.util.find_spec), as on a machine without it.
    code = ("import importlib.util\nfind = importlib.util.find_spec\n"
            f"importlib.util.find_spec = lambda name, *a: None if name == {engine!r} else find(name, *a)\n"
            + PROBE_CALL)
    proc = run_python(code, clean_env(tmp_path, KBACKEND_ENGINE=engine))
    assert proc.stdout.startswith("EngineError:")
    assert f'pip install "kbackend[{engine}]"' in proc.stdout
    assert "environment variable KBACKEND_ENGINE" in proc.stdout


def test_the_kept_error_is_raised_by_every_call_needing_an_engine_until_set_backend(tmp_path):
    code = ("import kbackend as K\nerrors = 0\n"
            "for call in (lambda: K.backend(), lambda: K.variable([1.0]), lambda: K.ones((2,))):\n"
            "    try:\n        call()\n    except K.EngineError:\n        errors += 1\n"
            "print(errors, K.floatx())\nK.set_backend('numpy')\nprint(K.backend(), float(K.eval(K.sum(K.ones((2,))))))")
    proc = run_python(code, clean_env(tmp_path, KBACKEND_ENGINE="missing_framework_engine"))
    assert proc.stdout.split() == ["3", "float32", "numpy", "2.0"]
