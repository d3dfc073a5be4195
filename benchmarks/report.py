"""Markdown for the benchmark records: machine and versions, summaries against the issue-5 targets, per-op detail.

Peer libraries run in their own processes; each is timed against the same native calls there, so the comparison
with kbackend is the ratio of ratios: (peer / native) / (K / native).
"""
import datetime
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
from pathlib import Path

DISTRIBUTIONS = ("kbackend", "numpy", "torch", "jax", "jaxlib", "tensorflow", "tensorflow-cpu", "pytensor", "keras",
                 "tf_keras", "autograd")


def machine(command, threads):
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
                 platform.processor())
    versions = []
    for name in DISTRIBUTIONS:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            pass
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    return "\n".join([
        f"- date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; commit {commit or '?'}",
        f"- command: `{command}`",
        f"- machine: {os.cpu_count()} cores, {model}, Python {platform.python_version()}, {platform.system()}; "
        f"shared with other jobs (load average {os.getloadavg()[0]:.1f} at the end)",
        f"- threads per framework: {threads} (OMP/MKL/TF/XLA intra-op; the machine's 2 cores are shared)",
        f"- versions: {', '.join(versions)}",
    ])


def _table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _f(value, digits=2):
    return "–" if value is None else f"{value:.{digits}f}"


def _us(value):
    return "–" if value is None else (f"{value:.1f}" if value < 1000 else f"{value:,.0f}")


def _index(records, impl):
    return {(r["engine"], r["op"], r["size"]): r for r in records if r.get("impl") == impl and "us" in r}


def _peer_ratio(peers, key, name):
    record = peers.get(key)
    return record["us"][name] / record["us"]["native"] if record else None


def per_call_rows(records):
    """One row per (engine, op, size) with the ratios of every implementation to the native call."""
    own, keras3, tf_keras = _index(records, "kbackend"), _index(records, "keras3"), _index(records, "tf_keras")
    rows = []
    for key, record in own.items():
        us = record["us"]
        ratio = us["kbackend"] / us["native"]
        k3, tk = _peer_ratio(keras3, key, "keras3"), _peer_ratio(tf_keras, key, "tf_keras")
        rows.append({"engine": key[0], "op": key[1], "size": key[2], "label": record["label"], "native": us["native"],
                     "K": us["kbackend"], "ratio": ratio, "eager": us.get("jax_eager"),
                     "K_vs_eager": us["kbackend"] / us["jax_eager"] if "jax_eager" in us else None,
                     "floor": us["one_frame"] / us["native"] if "one_frame" in us else None,
                     "keras3": k3, "keras3_speedup": k3 / ratio if k3 else None,
                     "tf_keras": tk, "tf_keras_speedup": tk / ratio if tk else None,
                     "mismatch": [n for n, ok in record["check"].items() if not ok] +
                                 [p for p, peer in (("keras3", keras3), ("tf_keras", tf_keras))
                                  if key in peer and not all(peer[key]["check"].values())]})
    return rows


def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def per_call_summary(rows):
    out = []
    for engine, size in sorted({(r["engine"], r["size"]) for r in rows}, key=lambda k: (k[0], k[1] != "small")):
        group = [r for r in rows if r["engine"] == engine and r["size"] == size]
        worst = max(group, key=lambda r: r["ratio"])
        out.append([engine, size, _f(_median(r["ratio"] for r in group)), f"{worst['ratio']:.2f} ({worst['op']})",
                    _f(_median(r["floor"] for r in group)), _f(_median(r["K_vs_eager"] for r in group)), _f(_median(r["keras3_speedup"] for r in group)),
                    _f(_median(r["tf_keras_speedup"] for r in group))])
    header = ["engine", "size", "median K/native", "max K/native (op)", "median one-frame/native",
              "median K/jnp eager",
              "K faster than keras.ops (median x)", "K faster than tf_keras.backend (median x)"]
    return _table(header, out)


def per_call_detail(rows):
    header = ["engine", "op", "inputs", "native µs", "K µs", "K/native", "one-frame/native", "jnp eager µs",
              "keras.ops/native", "tf_keras/native", "check"]
    body = [[r["engine"], r["op"], r["label"], _us(r["native"]), _us(r["K"]), _f(r["ratio"]), _f(r["floor"]),
             _us(r["eager"]),
             _f(r["keras3"]), _f(r["tf_keras"]), "differs: " + ", ".join(r["mismatch"]) if r["mismatch"] else "ok"]
            for r in sorted(rows, key=lambda r: (r["engine"], r["size"] != "small"))]
    return _table(header, body)


def training(records):
    tf_keras = {r["model"]: r["steps_per_s"]["tf_keras"] for r in records if r.get("impl") == "tf_keras"
                and "steps_per_s" in r}
    body = []
    for r in records:
        if r.get("impl") == "kbackend" and "steps_per_s" in r:
            rate = r["steps_per_s"]
            peer = tf_keras.get(r["model"]) if r["engine"] == "tensorflow" else None
            first = r.get("first_call_s", {})
            first_text = (f"{first['kbackend']:.2f} / {first['native']:.2f}" if "kbackend" in first and
                          "native" in first else "–")
            io = rate.get("native_numpy_io")  # the native step under K.function's contract (JAX, TensorFlow)
            body.append([r["engine"], r["model"], f"{rate['kbackend']:,.0f}", f"{rate['native']:,.0f}",
                         _f(rate["kbackend"] / rate["native"]), "–" if io is None else f"{io:,.0f}",
                         "–" if io is None else _f(rate["kbackend"] / io), first_text,
                         "–" if peer is None else f"{peer:,.0f}"])
    return _table(["engine", "model", "K.function steps/s", "native steps/s", "K/native",
                   "native NumPy in/out steps/s", "K/native NumPy in/out",
                   "first call s (K / native)", "tf_keras graph K.function steps/s"], body)


def lstm(records):
    body = []
    for r in records:
        if str(r.get("model", "")).startswith("2-layer LSTM") and "steps_per_s" in r:
            rate, first = r["steps_per_s"], r["first_call_s"]
            body.append([r["engine"], f"{rate['kbackend']:,.1f}", f"{rate['native']:,.1f}",
                         _f(rate["kbackend"] / rate["native"]), f"{first['kbackend']:.2f}", f"{first['native']:.2f}"])
    return _table(["engine", "K.function steps/s", "native steps/s", "K/native", "K first call s",
                   "native first call s"], body)


def imports(records):
    body = [[r["engine"], f"{r['ms']['framework']:.0f}", f"{r['ms']['kbackend']:.0f}",
             f"{r['ms']['kbackend'] - r['ms']['framework']:+.0f}",
             ", ".join(m for m in r["loaded"]["framework"] if m != r["engine"]) or "none",
             ", ".join(r["extra_frameworks"]) or "none"] for r in records if "ms" in r]
    return _table(["engine", "framework alone ms", "import kbackend ms", "difference ms",
                   "others loaded by the framework itself", "other frameworks loaded by kbackend"], body)


def failures(records):
    failed = [r for r in records if "error" in r]
    return "\n".join(f"- {r['what']}: {r['error']}" for r in failed) or "none"


def write_outputs(text, out=None, records=None, json_path=None):
    """Write a benchmark's Markdown ``text`` to ``out`` (stdout when None) and, with ``json_path``, its raw
    ``records`` as JSON there.

    Arguments:
        text: the Markdown report.
        out: a file path, or None.
        records: the JSON-serialisable records the report was made from.
        json_path: a file path, or None.
    """
    if json_path:
        Path(json_path).write_text(json.dumps(records, indent=1))
    if out:
        Path(out).write_text(text)
    else:
        print(text)
