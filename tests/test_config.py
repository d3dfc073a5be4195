"""Configuration at import: KERAS_HOME, keras.json (valid, malformed, invalid), engine precedence, no writes."""
import json
import os

import pytest

from kbackend import _config

from helpers import clean_env, probe_settings, run_python


def write_config(folder, content):
    path = folder / "keras.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content, indent=4))
    return path


def test_defaults_with_empty_keras_home(tmp_path):
    settings = probe_settings(clean_env(tmp_path))
    assert settings == {"engine": "numpy", "source": "default", "floatx": "float32", "epsilon": 1e-7,
                        "format": "channels_last"}
    assert list(tmp_path.iterdir()) == [], "nothing may be written at import"


def test_keras_json_values_are_applied_and_file_is_unchanged(tmp_path):
    path = write_config(tmp_path, {"floatx": "float64", "epsilon": 1e-5, "backend": "numpy",
                                   "image_data_format": "channels_first"})
    before = path.read_bytes()
    settings = probe_settings(clean_env(tmp_path))
    assert settings["floatx"] == "float64" and settings["epsilon"] == 1e-5
    assert settings["format"] == "channels_first" and settings["engine"] == "numpy"
    assert settings["source"] == "keras.json backend"
    assert path.read_bytes() == before


def test_integer_epsilon_becomes_float(tmp_path):
    write_config(tmp_path, {"epsilon": 1})
    settings = probe_settings(clean_env(tmp_path))
    assert settings["epsilon"] == 1.0 and isinstance(settings["epsilon"], float)


def test_malformed_json_warns_naming_the_file_and_uses_defaults(tmp_path):
    path = write_config(tmp_path, '{"floatx": "float64",, }')
    before = path.read_bytes()
    proc = run_python("import kbackend as K; print(K.floatx(), K.backend())", clean_env(tmp_path))
    assert proc.stdout.split() == ["float32", "numpy"]
    assert str(path) in proc.stderr and "malformed" in proc.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize("key,value,allowed", [
    ("floatx", "float8", "float16"), ("epsilon", "x", "positive number"),
    ("image_data_format", "channels_middle", "channels_first"), ("epsilon", -1.0, "positive number"),
    ("backend", "", "engine name"),
])
def test_invalid_values_are_value_errors_naming_file_key_and_allowed(tmp_path, key, value, allowed):
    path = write_config(tmp_path, {key: value})
    run_python("import kbackend", clean_env(tmp_path))  # the import never raises: the error is kept
    proc = run_python("import kbackend as K; K.sum(1.0)", clean_env(tmp_path), check=False)
    assert proc.returncode != 0 and "ValueError" in proc.stderr
    message = proc.stderr.strip().splitlines()[-1]
    assert str(path) in message and repr(key) in message and allowed in message


@pytest.mark.parametrize("env,config,expected,source", [
    ({"KBACKEND_ENGINE": "numpy", "KERAS_BACKEND": "tiny_engine"}, {"backend": "tiny_engine"}, "numpy",
     "$KBACKEND_ENGINE"),
    ({"KERAS_BACKEND": "tiny_engine"}, {"backend": "numpy"}, "tiny_engine", "$KERAS_BACKEND"),
    ({"KERAS_BACKEND": ""}, {"backend": "tiny_engine"}, "tiny_engine", "keras.json backend"),
    ({"KERAS_BACKEND": "kbackend"}, {"backend": "tiny_engine"}, "tiny_engine", "keras.json backend"),
    ({"KERAS_BACKEND": "kbackend"}, {"backend": "tensorflow", "kbackend_engine": "tiny_engine"}, "tiny_engine",
     "keras.json kbackend_engine"),
    ({}, {}, "numpy", "default"),
])
def test_engine_name_precedence(tmp_path, env, config, expected, source):
    if config:
        write_config(tmp_path, config)
    settings = probe_settings(clean_env(tmp_path, **env))
    assert settings["engine"] == expected and settings["source"] == source


def test_keras_dir_rules(tmp_path, monkeypatch):
    assert _config.keras_dir({"KERAS_HOME": str(tmp_path)}) == str(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert _config.keras_dir({}) == os.path.join(str(tmp_path), ".keras")
    # An unwritable home (root ignores permission bits, so the check itself is simulated).
    monkeypatch.setattr(_config.os, "access", lambda path, mode: False)
    assert _config.keras_dir({}) == os.path.join("/tmp", ".keras")


def test_unwritable_keras_home_still_imports(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    write_config(locked, {"floatx": "float16"})
    locked.chmod(0o500)
    try:
        settings = probe_settings(clean_env(locked))
    finally:
        locked.chmod(0o700)
    assert settings["floatx"] == "float16"


def test_setters_validate(tmp_path):
    import kbackend as K
    saved = K.floatx(), K.epsilon(), K.image_data_format()
    try:
        with pytest.raises(ValueError, match="float16"):
            K.set_floatx("float8")
        with pytest.raises(ValueError, match="positive number"):
            K.set_epsilon("tiny")
        with pytest.raises(ValueError, match="channels_first"):
            K.set_image_data_format("NHWC")
        with pytest.raises(ValueError, match="channels_first"):
            K.normalize_data_format("nchw")
        K.set_epsilon(2)
        assert K.epsilon() == 2.0 and isinstance(K.epsilon(), float)
    finally:
        K.set_floatx(saved[0])
        K.set_epsilon(saved[1])
        K.set_image_data_format(saved[2])


def test_config_write_is_explicit(tmp_path):
    from helpers import run_cli
    env = clean_env(tmp_path)
    run_cli(["config"], env, check=True)
    assert not (tmp_path / "keras.json").exists()
    run_cli(["config", "--write", "--engine", "numpy"], env, check=True)
    written = json.loads((tmp_path / "keras.json").read_text())
    assert written["kbackend_engine"] == "numpy" and written["floatx"] == "float32"
