"""Run the Keras 2 scenarios in this (fresh) process and write their results as JSON.

    KERAS_BACKEND=kbackend KBACKEND_ENGINE=torch KERAS_HOME=$(mktemp -d) PYTHONPATH=/path/to/keras-2.2.4 \\
        python tests/keras2/keras2_runner.py --engine torch --out results.json [--only mlp_adam,lstm_impl1]

``legacy_keras.run_scenarios`` starts it with that environment. Keras picks its backend once, at import, so one
process serves one (Keras version, engine). The compatibility patches (``keras2_compat``) are applied before
``import keras``. Each scenario's result, or its error with the traceback, is written as soon as it finishes (a crash
leaves the scenarios run so far and names the one that was running). ``K.clear_session()`` runs between scenarios.
"""
import argparse
import json
import os
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import keras2_compat  # noqa: E402

FRAMEWORKS = ("torch", "jax", "tensorflow", "pytensor")
FRAMES = 30  # the innermost frames kept from a traceback
MESSAGE_CHARACTERS = 1500  # some errors (JAX tracer errors) carry whole programs in their message


def error_record(error):
    """The error's type and message (shortened) and the innermost frames of its traceback."""
    message = str(error)
    if len(message) > MESSAGE_CHARACTERS:
        message = message[:MESSAGE_CHARACTERS] + " [...]"
    frames = traceback.format_list(traceback.extract_tb(error.__traceback__)[-FRAMES:])
    return {"error": f"{type(error).__name__}: {message}", "traceback": "".join(frames)}


def write(path, results):
    temporary = path + ".tmp"
    with open(temporary, "w") as handle:
        json.dump(results, handle)
    os.replace(temporary, path)


def main(argv=None):
    """Run the scenarios named by ``--only`` (default: all) and write ``--out``.

    Arguments:
        argv: the command-line arguments (default ``sys.argv[1:]``).
    Returns:
        0 (scenario failures are results, not a failed run).
    Raises:
        SystemExit: bad arguments.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--only", default="")
    args = parser.parse_args(argv)

    results = {"header": {"engine_requested": args.engine}, "scenarios": {}}
    header = results["header"]
    keras2_compat.apply(args.engine)
    started = time.perf_counter()
    try:
        import keras
        import keras2_models
        import keras2_saving  # noqa: F401  (registers the saving scenarios)
        import kbackend
    except Exception as error:  # the whole run fails: say so in the results
        header["import_error"] = error_record(error)
        write(args.out, results)
        return 0
    header.update(keras_version=keras.__version__, keras_backend=keras.backend.backend(),
                  kbackend_engine=kbackend.backend(), import_seconds=time.perf_counter() - started)
    wanted = [name for name in args.only.split(",") if name] or list(keras2_models.SCENARIOS)
    unknown = [name for name in wanted if name not in keras2_models.SCENARIOS]
    if unknown:
        parser.error(f"unknown scenarios {unknown}; known: {sorted(keras2_models.SCENARIOS)}")

    for name in wanted:
        group, function = keras2_models.SCENARIOS[name]
        results["scenarios"][name] = {"group": group, "status": "running"}
        write(args.out, results)
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix=f"keras2-{name}-") as workdir:
            try:
                record = {"status": "done", **function(keras, workdir)}
            except Exception as error:
                record = {"status": "failed", **error_record(error)}
        record.update(group=group, seconds=time.perf_counter() - started)
        results["scenarios"][name] = record
        try:
            keras.backend.clear_session()
        except Exception as error:
            record["clear_session_error"] = error_record(error)
        write(args.out, results)

    header["frameworks_loaded"] = [name for name in FRAMEWORKS if name in sys.modules]
    write(args.out, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
