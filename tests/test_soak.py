"""Soak test: a K.function training loop (placeholder -> dense -> relu -> dense -> softmax crossentropy,
K.gradients, SGD with momentum as updates) of ``KBACKEND_SOAK_STEPS`` steps (default 1500) on each engine, each in
a fresh process (``tests/soak.py``), so that its RSS is the engine's own.

What it checks, after a warm-up of the first tenth of the steps (compilation, caches, allocator arenas):

* memory: RSS at the end is within 5% of RSS after the warm-up, plus 8 MB of slack. The slack is allocator
  granularity, not a leak budget: glibc malloc and the frameworks' CPU allocators grow their arenas in chunks of
  several MB (torch's caching allocator, XLA's and TF's BFC arenas, Python's 1 MB pymalloc arenas), so one more
  chunk can appear late without any per-step growth. A per-step leak of 1 KB over the 20000 steps of the long run
  (``python -m tests.soak --steps 20000 --engine NAME``) is 20 MB and shows there;
* time: the mean step time of the last tenth is at most 1.5 times that of the first tenth after the warm-up. This
  is a regression guard against per-step growth (a cache or graph that grows with each call, a retrace per step),
  not a speed assertion: the absolute time is not checked. Each tenth's mean drops its slowest 10% of steps
  (descheduling on a shared machine), and the processes run with one intra-op thread (``OMP_NUM_THREADS=1``) so
  that a thread pool competing with other jobs for 2 cores does not swamp the measurement;
* the loss goes down (the loop trains).
"""
import json
import os
import subprocess
import sys

import pytest

from conftest import selected_engines

SOAK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "soak.py")
STEPS = int(os.environ.get("KBACKEND_SOAK_STEPS", 1500))
RSS_GROWTH = 0.05
RSS_SLACK = 8 * 2**20
TIME_RATIO = 1.5


@pytest.mark.parametrize("engine", selected_engines())
def test_soak(engine, tmp_path):
    out = tmp_path / "soak.json"
    env = dict(os.environ, OMP_NUM_THREADS="1", KERAS_HOME=str(tmp_path / "keras"), TF_CPP_MIN_LOG_LEVEL="2")
    env.pop("KERAS_BACKEND", None)
    proc = subprocess.run([sys.executable, SOAK, "--engine", engine, "--steps", str(STEPS), "--report-every", "0",
                           "--json", str(out)], env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    s = json.loads(out.read_text())
    mb = 2**20
    print(f"{engine}: RSS {s['rss_after_warmup'] / mb:.1f} -> {s['rss_end'] / mb:.1f} MB, step "
          f"{s['first_tenth_ms']:.3f} -> {s['last_tenth_ms']:.3f} ms, {s['total_s']:.1f} s in steps")
    assert s["rss_end"] <= s["rss_after_warmup"] * (1 + RSS_GROWTH) + RSS_SLACK, (
        f"{engine}: RSS grew from {s['rss_after_warmup'] / mb:.1f} MB after {s['warmup_steps']} warm-up steps to "
        f"{s['rss_end'] / mb:.1f} MB after {s['steps']} steps")
    assert s["last_tenth_ms"] <= TIME_RATIO * s["first_tenth_ms"], (
        f"{engine}: the mean step time grew from {s['first_tenth_ms']:.3f} ms (first tenth after warm-up) to "
        f"{s['last_tenth_ms']:.3f} ms (last tenth)")
    assert s["last_loss"] < s["first_loss"], s
