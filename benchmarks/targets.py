"""Issue 12's targets read from one run's records, and, for each target the run misses, where the time goes.

``missed_targets(records)`` lists every target with its measured ratio; ``breakdowns(missed, run)`` runs the
profiling workers for the missed ones (``benchmarks.layers``: native call, engine function and ``K.<op>`` side by
side; ``benchmarks.step_parts``: forward, gradients and the whole step next to the native step;
``benchmarks.profile_calls``: cProfile of kbackend's own functions, µs per step) and returns their Markdown with what
would remove the cost (``REMEDIES``, from the profiling recorded in PROFILE.md).
"""
import shlex

from . import report

PER_CALL_MEDIAN, PER_CALL_MAX = 1.10, 1.5
# (engine, model prefix) -> (minimum K/native, the native column it is measured against)
TRAINING = {("numpy", "mlp"): (0.8, "native"), ("numpy", "tiny"): (0.5, "native"),
            ("torch", "mlp"): (0.95, "native"), ("torch", "tiny"): (0.9, "native"),
            ("jax", "mlp"): (0.95, "native_numpy_io"), ("jax", "tiny"): (0.95, "native_numpy_io"),
            ("tensorflow", "mlp"): (0.95, "native_numpy_io"), ("tensorflow", "tiny"): (0.95, "native_numpy_io")}
LSTM = 0.8

REMEDIES = {
    "per_call": "The facade checks are already skipped on the common path; what is left is the number of Python "
                "frames per `K.<op>` (graph-aware wrapper, facade function, the per-thread engine read, the engine "
                "function: 40-60 ns each, plus `ndim`/`shape_of` helpers), 0.3-0.7 µs against natives of 0.3-1.3 µs. "
                "What removes it: per-engine specialised public functions generated at activation, one frame holding "
                "the engine's type/dtype guard and falling back to the facade (a prototype for NumPy `concatenate` "
                "measured 1.22x against 2.21x; PROFILE.md section 5).",
    ("training", "jax"): "In the profile, `jax/graph.py` `__call__` (the jitted step's dispatch) and `to_numpy` "
                         "(waiting "
                         "for the asynchronous result) are the program's own run; the rest is Python of "
                         "`K.function`'s call around it: `Function.__call__`'s own time (feeds, input signature, "
                         "variable locks and values), `assign` of the new values and the mesh check "
                         "`_program_mesh` (the profiler inflates each). What removes it: a steady-state call path "
                         "per input signature that skips the checks already done for it, and no mesh check when "
                         "the process has one device.",
    ("training", "torch"): "relu's gradient is a compare and a float-times-bool multiply (40-60 µs on 128x256) where "
                           "torch's own `threshold_backward` takes 7 µs; it differs from Keras 2 on TensorFlow only "
                           "at NaN inputs (passes the gradient where TF gives 0). What removes it: a relu-gradient "
                           "engine function with a NaN guard that stays cheaper than the mask.",
    ("training", "numpy"): "In the profile, the lowered program still goes through the engine functions' input "
                           "handling on every call (`convert`, `coerce_with`, the element-wise `op` wrapper) and "
                           "`Function.__call__`'s own time, where the hand-written step calls the ufuncs on arrays "
                           "it owns. What removes it: lowered forms for the element-wise operations that call the "
                           "ufuncs directly when the static dtypes prove no conversion is needed, and fewer frames "
                           "in the call.",
    ("per_call", "pytensor"): "Eager calls run PyTensor's Python linker (`KBACKEND_PYTENSOR_EAGER_MODE=py-c`, chosen "
                              "to keep g++ out of a cold start): NumPy implementations node by node, and element-wise "
                              "graphs NumPy has no function for (sigmoid, the crossentropy's clip) loop over the "
                              "elements in Python on small inputs (0.3-2 µs per element), where the native call is a "
                              "compiled C function. `KBACKEND_PYTENSOR_EAGER_MODE=c-fast-compile` runs C (a g++ "
                              "module per new operation, 1-3 s once). What removes it: eager graphs run by the Numba "
                              "linker (measured 1.7-2.2x faster than C for programs here) once its compile cost per "
                              "signature is measured acceptable.",
    ("lstm", "pytensor"): "The time is inside the compiled PyTensor function (16.1 of 16.2 ms under the "
                          "profiler). The engine has no loop of its own, so `K.rnn` is unrolled over the 20 time "
                          "steps in both layers (and the first call takes 9 s) where the native step is a "
                          "`pytensor.scan`. What removes it: an engine loop on `pytensor.scan`, giving PyTensor "
                          "the native step's graph.",
    ("lstm", "numpy"): "The time is in the engine calls of the traced step and its reverse step: `matmul`/`dot` (the"
                       " same products the hand-written step makes), the element-wise `op` wrapper (about 1,300 "
                       "calls per step), `sigmoid` (about twice the plain formula), and the slicing of the gates "
                       "(`split`, `squeeze`, `concatenate`, `convert`) where the hand-written step slices arrays it "
                       "owns. What removes it: the loop bodies lowered like programs (element-wise ufunc calls with "
                       "no input handling, the gate slices as views).",
    ("lstm", "torch"): "Autograd records every element-wise op of every time step where `torch.nn.LSTM` runs one fused "
                       "kernel per layer. What removes it: recognising the LSTM step in the traced graph and calling "
                       "torch's fused LSTM kernel.",
}


def _model_key(model):
    return model.split()[0]


def missed_targets(records):
    """Every issue-12 target measured by ``records`` (per call and LSTM on every engine; training steps on the four
    engines the issue names), as dicts with the keys kind, engine, model, met and what (the target and the measured
    ratio)."""
    results = []
    rows = report.per_call_rows(records)
    for engine in sorted({r["engine"] for r in rows}):
        small = [r for r in rows if r["engine"] == engine and r["size"] == "small"]
        if not small:
            continue
        median = report._median(r["ratio"] for r in small)
        worst = max(small, key=lambda r: r["ratio"])
        met = median <= PER_CALL_MEDIAN and worst["ratio"] <= PER_CALL_MAX
        results.append({"kind": "per_call", "engine": engine, "model": None, "met": met,
                        "what": f"per call, small: median {median:.3f} (<= {PER_CALL_MEDIAN}), max {worst['ratio']:.2f}"
                                f" {worst['op']} (<= {PER_CALL_MAX})"})
    for r in records:
        if "steps_per_s" not in r or r.get("impl", "kbackend") != "kbackend":  # LSTM records name no impl
            continue
        rate = r["steps_per_s"]
        if str(r.get("model", "")).startswith("2-layer LSTM"):
            ratio = rate["kbackend"] / rate["native"]
            results.append({"kind": "lstm", "engine": r["engine"], "model": None, "met": ratio >= LSTM,
                            "what": f"LSTM step: {ratio:.3f} (>= {LSTM})"})
            continue
        target = TRAINING.get((r["engine"], _model_key(r["model"])))
        if target is None or target[1] not in rate:
            continue
        ratio = rate["kbackend"] / rate[target[1]]
        results.append({"kind": "training", "engine": r["engine"], "model": r["model"], "met": ratio >= target[0],
                        "what": f"{r['model']}: {ratio:.3f} of {target[1].replace('_', ' ')} (>= {target[0]})"})
    return results


def summary(results):
    """The Markdown table of every target: engine, target, met."""
    return report._table(["engine", "target and measured ratio", "met"],
                         [[r["engine"], r["what"], "yes" if r["met"] else "**no**"] for r in results])


def breakdown_commands(result):
    """The profiling workers ``[module, *args]`` that show where a missed target's time goes."""
    if result["kind"] == "per_call":
        return [["layers", "--size", "small", "--rounds", "5"]]
    if result["kind"] == "training":
        return [["step_parts", "--model", result["model"]],
                ["profile_calls", "--train", result["model"], "--number", "300", "--top", "12"]]
    return [["profile_calls", "--lstm", "--number", "15", "--top", "12"]]


def breakdowns(results, run):
    """Markdown: for each missed target, the output of its profiling workers and what would remove the cost.

    Arguments:
        results: ``missed_targets(records)``.
        run: ``run(module, args, engine) -> str``, the stdout of ``python -m benchmarks.<module> args`` with the
            engine selected.

    Returns:
        The Markdown text ("every target met" when none is missed).
    """
    sections = []
    for result in (r for r in results if not r["met"]):
        parts = [f"#### {result['engine']}: {result['what']}"]
        for module, *args in breakdown_commands(result):
            parts.append(f"`KBACKEND_ENGINE={result['engine']} python -m benchmarks.{module} {shlex.join(args)}`")
            parts.append(run(module, args, result["engine"]).strip() or "(no output)")
        remedy = REMEDIES.get((result["kind"], result["engine"])) or REMEDIES.get(result["kind"])
        parts.append("Cause and remedy: " + (remedy or "not analysed yet."))
        sections.append("\n\n".join(parts))
    return "\n\n".join(sections) or "Every target is met."
