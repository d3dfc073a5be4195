"""Shared test configuration.

``KBACKEND_TEST_ENGINES`` (comma-separated) limits the engines the conformance tests run on; by default every
installed engine runs. The tests never read or write the user's keras.json: KERAS_HOME points to a fresh folder.
"""
import os
import tempfile

os.environ["KERAS_HOME"] = tempfile.mkdtemp(prefix="kbackend-tests-")
os.environ.pop("KERAS_BACKEND", None)
os.environ.setdefault("KBACKEND_ENGINE", "numpy")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def selected_engines():
    from kbackend._registry import installed_engines
    selected = os.environ.get("KBACKEND_TEST_ENGINES")
    installed = installed_engines()
    if not selected:
        return installed
    wanted = [name.strip() for name in selected.split(",") if name.strip()]
    missing = [name for name in wanted if name not in installed]
    if missing:
        raise RuntimeError(f"KBACKEND_TEST_ENGINES names engines that are not installed: {missing}")
    return wanted
