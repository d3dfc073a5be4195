"""Helpers for tests that need a fresh interpreter (import-time configuration, import hygiene, the CLI)."""
import json
import os
import subprocess
import sys

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
TEST_ENGINES_DIR = os.path.join(TESTS_DIR, "engines")
# The tiny third-party engine's distribution folder: its package kbackend_tinyengine, importable without installing
# it (tests/engines/tiny_engine.py is that engine as one module, selected by its dotted path).
THIRD_PARTY_ENGINE_DIR = os.path.join(TESTS_DIR, "third_party_engine")
SHIMS_DIR = os.path.join(TESTS_DIR, "shims")  # folders whose stand-in packages fail to import (no_scipy, ...)

# The keras.json that Keras writes (2.2.4 when the file is missing, Keras 3 the first time it is imported), byte for
# byte (no newline at the end), with the backend as a format field.
KERAS_WRITTEN_JSON = ('{\n    "floatx": "float32",\n    "epsilon": 1e-07,\n    "backend": "%s",\n'
                      '    "image_data_format": "channels_last"\n}')


def clean_env(keras_home, shims=(), **overrides):
    """An environment with no engine selection, KERAS_HOME set, the test engines importable, and the packages of
    the ``shims`` folders (e.g. ``"no_scipy"``) hidden."""
    env = {k: v for k, v in os.environ.items() if k not in ("KERAS_BACKEND", "KBACKEND_ENGINE", "KERAS_HOME")}
    env["KERAS_HOME"] = str(keras_home)
    paths = [os.path.join(SHIMS_DIR, shim) for shim in shims] + [TEST_ENGINES_DIR, THIRD_PARTY_ENGINE_DIR]
    env["PYTHONPATH"] = os.pathsep.join(paths + [env.get("PYTHONPATH", "")])
    env["TF_CPP_MIN_LOG_LEVEL"] = "2"
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run_python(code, env, check=True):
    """Run ``code`` in a fresh interpreter; returns the CompletedProcess."""
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    if check and proc.returncode != 0:
        raise AssertionError(f"subprocess failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def run_cli(args, env, check=False):
    proc = subprocess.run([sys.executable, "-m", "kbackend", *args], env=env, capture_output=True, text=True,
                          timeout=900)
    if check and proc.returncode != 0:
        raise AssertionError(f"kbackend {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


SETTINGS_PROBE = (
    "import json, kbackend as K; from kbackend._config import SETTINGS; "
    "print(json.dumps({'engine': K.backend(), 'source': SETTINGS.engine_source, 'floatx': K.floatx(), "
    "'epsilon': K.epsilon(), 'format': K.image_data_format()}))"
)


def probe_settings(env):
    return json.loads(run_python(SETTINGS_PROBE, env).stdout.strip().splitlines()[-1])
