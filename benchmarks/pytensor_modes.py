"""The PyTensor engine's program modes measured against each other: how ``K.function`` programs compile
(``KBACKEND_PYTENSOR_MODE``), what the first call costs with an empty and with a filled compile folder, and how fast
the compiled steps run; one Markdown table. The default mode is the fastest one measured here.

    python -m benchmarks.pytensor_modes                       # c, numba, jax; Markdown on stdout
    python -m benchmarks.pytensor_modes --modes c,numba --out benchmarks/PYTENSOR_MODES.md

For each mode, a fresh compile folder (``PYTENSOR_FLAGS=base_compiledir=...``: PyTensor's C modules and Numba's
cache both live under it) and two runs of each worker in it, in fresh processes: ``benchmarks.train_step`` (MLP and
tiny MLP) and ``benchmarks.lstm_step`` (a 2-layer LSTM, ``K.rnn`` unrolled over 20 steps), with
``KBACKEND_PYTENSOR_COMPILE_AFTER=0`` (the first call traces and compiles the program in the mode). The first run
meets an empty folder (a user's first run), the second the folder the first one filled (every later run). Steps per
second are the better of the two runs', against the same step written directly in PyTensor, compiled in the same
mode (a native step PyTensor cannot compile in a mode is reported as failed, and kbackend's step is timed alone).
"""
import argparse
import json
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # python benchmarks/pytensor_modes.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "benchmarks"

from . import report  # noqa: E402
from .run import thread_env, worker  # noqa: E402

MODES = ("c", "numba", "jax")
WORKERS = ("train_step", "lstm_step")


def measure(modes, threads, rounds, target):
    """Every worker's records, each with its ``mode`` and ``folder`` (``"empty"`` or ``"filled"``) added."""
    records = []
    for mode in modes:
        with tempfile.TemporaryDirectory(prefix=f"kbackend-pytensor-{mode}-") as folder, \
                tempfile.TemporaryDirectory(prefix="kbackend-bench-keras-") as keras_home:
            env = dict(thread_env(threads), KBACKEND_ENGINE="pytensor", KERAS_HOME=keras_home,
                       KBACKEND_PYTENSOR_MODE=mode, KBACKEND_PYTENSOR_COMPILE_AFTER="0",
                       PYTENSOR_FLAGS=f"base_compiledir={folder}")
            for module in WORKERS:
                for state in ("empty", "filled"):
                    args = ["--engine", "pytensor", "--rounds", str(rounds), "--target", str(target)] + \
                        (["--native-may-fail"] if module == "lstm_step" else [])
                    found = worker(module, args, env, f"{module}, mode {mode}, {state} compile folder")
                    records += [dict(r, mode=mode, folder=state) for r in found]
    return records


def table(records):
    """The Markdown table of ``records``: one row per (model, mode)."""
    rows = {}
    for r in records:
        if "error" in r:
            continue
        row = rows.setdefault((r["model"], r["mode"]), {"native": 0.0, "k": 0.0})
        row[r["folder"]] = r["first_call_s"]["kbackend"]
        row["k"] = max(row["k"], r["steps_per_s"]["kbackend"])
        row["native"] = max(row["native"], r["steps_per_s"].get("native", 0.0))
        if "native_error" in r:
            row["native_error"] = r["native_error"]
    lines = ["| model | mode | first call, empty folder (s) | first call, filled folder (s) | steps/s | "
             "native PyTensor steps/s | K / native |", "|---|---|---|---|---|---|---|"]
    notes = []
    for (model, mode), row in rows.items():
        native, ratio = f"{row['native']:,.0f}", f"{row['k'] / row['native']:.2f}" if row["native"] else "-"
        if "native_error" in row:
            notes.append(f"- {model}, mode {mode}: the native step failed, {row['native_error']}")
            native = f"failed ({len(notes)})"
        lines.append(f"| {model} | {mode} | {row.get('empty', float('nan')):.2f} | "
                     f"{row.get('filled', float('nan')):.2f} | {row['k']:,.0f} | {native} | {ratio} |")
    failures = notes + [f"- {r['what']}: {r['error']}" for r in records if "error" in r]
    return "\n".join(lines + (["", "Failures:"] + failures if failures else []))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--threads", type=int, default=1, help="intra-op threads per framework (0: framework default)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--target", type=float, default=0.3, help="seconds per timed loop")
    parser.add_argument("--out", help="write the Markdown here (default: stdout)")
    parser.add_argument("--json", help="also write the raw records here")
    parser.add_argument("--render", metavar="JSON", help="measure nothing: render the records of an earlier --json")
    parser.add_argument("--command", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.render:
        records = json.loads(Path(args.render).read_text())
    else:
        records = measure(args.modes.split(","), args.threads, args.rounds, args.target)
    command = args.command or "python -m benchmarks.pytensor_modes " + " ".join(argv if argv is not None else
                                                                                 sys.argv[1:])
    text = "\n\n".join(["# PyTensor program modes", f"`{command.strip()}`, {args.threads} thread(s) per framework.",
                        __doc__.split("\n\n", 2)[2].strip(), table(records)]) + "\n"
    report.write_outputs(text, args.out, records, args.json)


if __name__ == "__main__":
    main()
