"""A long fuzzing campaign: random examples (generation only, no shrinking), every disagreement recorded, and a
Markdown report of examples run and disagreements found, by function.

    python -m tests.fuzz.campaign --examples 100000 --report fuzz-report.md
    python -m tests.fuzz.campaign --examples 5000 --engines numpy,torch --only sum,softmax --seed 1

``--examples`` is the total over all generators (each example runs on every compared engine, so it is also the
count per engine); the budget is split evenly between generators. Hypothesis may stop a generator early when it
has tried every input it can make (small input spaces such as bad dtypes); the report counts what really ran.
Exit status: 0 when no new disagreement was found, 1 otherwise.
"""
import argparse
import datetime
import math
import os
import platform
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("KERAS_HOME", tempfile.mkdtemp(prefix="kbackend-fuzz-"))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.pop("KERAS_BACKEND", None)
os.environ.setdefault("KBACKEND_ENGINE", "numpy")


def _commit():
    try:
        here = os.path.dirname(os.path.abspath(__file__))
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=here, capture_output=True, text=True,
                              timeout=10).stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz.campaign", description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=100_000, help="total examples (default 100000)")
    parser.add_argument("--engines", help="comma-separated engines (default: every installed one)")
    parser.add_argument("--only", help="comma-separated generator names (default: all)")
    parser.add_argument("--seed", type=int, help="a seed for a reproducible campaign (default: random)")
    parser.add_argument("--report", default="fuzz-report.md", help="the Markdown report (default fuzz-report.md)")
    args = parser.parse_args(argv)
    if args.engines:
        os.environ["KBACKEND_TEST_ENGINES"] = args.engines

    from hypothesis import given, seed

    from . import harness
    from .report import markdown, summary_lines
    from .specs import SPECS, profile

    names = [n.strip() for n in args.only.split(",")] if args.only else list(SPECS)
    unknown = [n for n in names if n not in SPECS]
    if unknown:
        parser.error(f"unknown generators {unknown}; known: {', '.join(SPECS)}")
    per_generator = max(1, math.ceil(args.examples / len(names)))
    stats = harness.Stats()
    started = time.time()
    print(f"fuzz campaign: {len(names)} generators x {per_generator} examples on {', '.join(harness.ENGINES)}",
          file=sys.stderr)
    for index, name in enumerate(names):
        before = sum(stats.examples.values())
        t0 = time.time()

        @profile(per_generator, "campaign")
        @given(SPECS[name])
        def run(example):
            try:
                found = harness.disagreements(example)
            except Exception as err:  # noqa: BLE001 - a harness failure is recorded as a disagreement, not fatal
                found = [harness.Disagreement(example.fn, "harness", "crash", repr(err), example)]
            stats.record(example, found)

        if args.seed is not None:
            run = seed(args.seed + index)(run)
        run()
        ran = sum(stats.examples.values()) - before
        print(f"  [{index + 1}/{len(names)}] {name}: {ran} examples in {time.time() - t0:.0f}s, "
              f"{sum(len(v) for v in stats.new.values())} new disagreements so far", file=sys.stderr, flush=True)
    header = [f"date {datetime.datetime.now().isoformat(timespec='seconds')}, kbackend commit {_commit()}, "
              f"Python {platform.python_version()} on {platform.platform()}",
              f"command: python -m tests.fuzz.campaign {' '.join(argv if argv is not None else sys.argv[1:])}",
              f"seed {args.seed if args.seed is not None else 'random'}; {time.time() - started:.0f} s"]
    with open(args.report, "w") as handle:
        handle.write(markdown(stats, harness.ENGINES, header))
    for line in summary_lines(stats, harness.ENGINES):
        print(line)
    print(f"report: {args.report}")
    return 1 if any(stats.new.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
