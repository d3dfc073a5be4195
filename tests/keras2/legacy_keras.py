"""Legacy Keras 2 for the acceptance tests: where each version is, installing it once, running it on an engine.

Where a version is found, first match:

1. ``$KBACKEND_LEGACY_KERAS``: entries separated by ``os.pathsep``, each ``VERSION=DIR`` or a bare ``DIR`` whose
   version is read from its ``Keras-*.dist-info`` folder. ``DIR`` is a ``pip install --target`` folder (the one
   ``.ci/run`` makes). A version the variable names with a folder that holds no such Keras is an error.
2. The cache folder ``$KBACKEND_LEGACY_KERAS_CACHE`` (default ``$XDG_CACHE_HOME/kbackend/legacy-keras``, else
   ``~/.cache/kbackend/legacy-keras``), ``<cache>/keras-<VERSION>``; it is installed there on first use with
   ``pip install --no-deps --target DIR keras==VERSION keras_applications==1.0.8 keras_preprocessing==1.1.2 h5py
   six pyyaml`` (a failed install is an error naming the command, never a skip).

``$KBACKEND_TEST_KERAS_VERSIONS`` (comma-separated) limits the versions tested; by default both.
``$KBACKEND_KERAS2_RESULTS``, a folder: each run's JSON results are also written there (``keras<V>-<engine>.json``).
"""
import functools
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

VERSIONS = ("2.2.4", "2.3.1")
HERE = os.path.dirname(os.path.abspath(__file__))
RUNNER = os.path.join(HERE, "keras2_runner.py")
COMPANIONS = ("keras_applications==1.0.8", "keras_preprocessing==1.1.2", "h5py", "six", "pyyaml")
RUN_TIMEOUT = 1200


class LegacyKerasError(RuntimeError):
    """Legacy Keras cannot be found or installed, or the runner process failed."""


def selected_versions():
    """The Keras versions to test: ``$KBACKEND_TEST_KERAS_VERSIONS`` or all of ``VERSIONS``.

    Returns:
        a list of version strings.
    Raises:
        LegacyKerasError: the variable names a version that is not supported.
    """
    wanted = [v.strip() for v in os.environ.get("KBACKEND_TEST_KERAS_VERSIONS", "").split(",") if v.strip()]
    unknown = [v for v in wanted if v not in VERSIONS]
    if unknown:
        raise LegacyKerasError(f"KBACKEND_TEST_KERAS_VERSIONS names unsupported versions {unknown}; "
                               f"supported: {list(VERSIONS)}")
    return wanted or list(VERSIONS)


def installed_version(folder):
    """The Keras version installed in ``folder`` (from its ``Keras-X.dist-info``), or None."""
    found = glob.glob(os.path.join(folder, "Keras-*.dist-info")) + glob.glob(os.path.join(folder, "keras-*.dist-info"))
    if not found or not os.path.isdir(os.path.join(folder, "keras")):
        return None
    return os.path.basename(found[0])[len("Keras-"):-len(".dist-info")]


def folders_from_environment():
    """``{version: folder}`` from ``$KBACKEND_LEGACY_KERAS``.

    Returns:
        a dict, empty when the variable is not set.
    Raises:
        LegacyKerasError: an entry's folder holds no Keras, or another version than the entry says.
    """
    folders = {}
    for entry in filter(None, os.environ.get("KBACKEND_LEGACY_KERAS", "").split(os.pathsep)):
        version, _, folder = entry.partition("=") if "=" in entry else ("", "", entry)
        found = installed_version(folder)
        if found is None or (version and found != version):
            raise LegacyKerasError(f"KBACKEND_LEGACY_KERAS entry {entry!r}: {folder} holds "
                                   f"{'no Keras' if found is None else 'Keras ' + found}; expected a "
                                   f"'pip install --target' folder of Keras {version or '2.x'}")
        folders[found] = folder
    return folders


def cache_folder():
    base = os.environ.get("KBACKEND_LEGACY_KERAS_CACHE")
    if base:
        return base
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(xdg, "kbackend", "legacy-keras")


def install_command(version, target):
    """The pip command that installs Keras ``version`` and its pure companions into ``target``."""
    return [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", target,
            f"keras=={version}", *COMPANIONS]


def install(version, target):
    """Install Keras ``version`` into ``target`` (through a temporary sibling folder, renamed when complete).

    Arguments:
        version: a Keras version of ``VERSIONS``.
        target: the folder to create.
    Returns:
        ``target``.
    Raises:
        LegacyKerasError: pip failed (its output is in the message).
    """
    os.makedirs(os.path.dirname(target), exist_ok=True)
    partial = tempfile.mkdtemp(prefix=f"keras-{version}-partial-", dir=os.path.dirname(target))
    command = install_command(version, partial)
    proc = subprocess.run(command, capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        shutil.rmtree(partial, ignore_errors=True)
        raise LegacyKerasError(f"installing Keras {version} failed: {' '.join(command)}\n{proc.stdout}\n{proc.stderr}")
    try:
        os.rename(partial, target)
    except OSError:  # another process installed it meanwhile
        shutil.rmtree(partial, ignore_errors=True)
    return target


@functools.lru_cache(maxsize=None)
def keras_folder(version):
    """The folder to put first on ``PYTHONPATH`` for Keras ``version``: from the environment, the cache, or newly
    installed into the cache.

    Arguments:
        version: a Keras version of ``VERSIONS``.
    Returns:
        the folder path.
    Raises:
        LegacyKerasError: it cannot be found or installed.
    """
    given = folders_from_environment()
    if version in given:
        return given[version]
    target = os.path.join(cache_folder(), f"keras-{version}")
    if installed_version(target) == version:
        return target
    return install(version, target)


def runner_environment(version, engine, keras_home):
    """The environment of a runner process: Keras ``version`` first on the path, kbackend on ``engine``."""
    env = {k: v for k, v in os.environ.items() if k not in ("KERAS_BACKEND", "KBACKEND_ENGINE", "KERAS_HOME")}
    env.update(KERAS_BACKEND="kbackend", KBACKEND_ENGINE=engine, KERAS_HOME=keras_home, TF_CPP_MIN_LOG_LEVEL="3",
               PYTHONPATH=os.pathsep.join(filter(None, [keras_folder(version), HERE, env.get("PYTHONPATH")])))
    return env


@functools.lru_cache(maxsize=None)
def run_scenarios(version, engine, only=""):
    """Run the scenarios (``only``: comma-separated names, default all) with Keras ``version`` on ``engine`` in a
    fresh process; results are cached for the test session.

    Arguments:
        version: a Keras version of ``VERSIONS``.
        engine: a kbackend engine name.
        only: comma-separated scenario names, or "" for all.
    Returns:
        the runner's results: ``{"header": {...}, "scenarios": {name: record}, "exit": code, "stderr": tail,
        "seconds": wall time}``.
    Raises:
        LegacyKerasError: Keras cannot be installed, or the runner wrote no results (its output is in the message).
    """
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"kbackend-keras{version}-{engine}-") as scratch:
        out = os.path.join(scratch, "results.json")
        command = [sys.executable, RUNNER, "--engine", engine, "--out", out] + (["--only", only] if only else [])
        env = runner_environment(version, engine, os.path.join(scratch, "keras_home"))
        try:
            proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT, cwd=scratch)
            returncode, stdout, stderr = proc.returncode, proc.stdout, proc.stderr
        except subprocess.TimeoutExpired as timeout:
            returncode, stdout, stderr = "timeout", timeout.stdout or "", timeout.stderr or ""
            stdout, stderr = [s.decode() if isinstance(s, bytes) else s for s in (stdout, stderr)]
        if not os.path.exists(out):
            raise LegacyKerasError(f"the Keras {version} runner on {engine} wrote no results (exit {returncode}):\n"
                                   f"{stdout[-3000:]}\n{stderr[-3000:]}")
        with open(out) as handle:
            results = json.load(handle)
    results.update(exit=returncode, stderr=stderr[-3000:], seconds=time.perf_counter() - started)
    keep = os.environ.get("KBACKEND_KERAS2_RESULTS")
    if keep:
        os.makedirs(keep, exist_ok=True)
        with open(os.path.join(keep, f"keras{version}-{engine}.json"), "w") as handle:
            json.dump(results, handle, indent=1)
    return results
