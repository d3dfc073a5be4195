"""PyTensor engine: graph hooks. A ``K.function`` program becomes one PyTensor graph, compiled with
``pytensor.function``; gradients come from ``pytensor.grad``.

``jit(program)`` traces the program once per input signature: feeds and variable values become symbolic inputs
of their exact shapes and dtypes (``K.function`` compiles per signature anyway, and static shapes let generic code
read sizes as ints and PyTensor specialise its rewrites), the seed an int64 scalar. The program's outputs and the
variables' new values are the compiled function's outputs (``K.function`` assigns them after each call, reading
and writing the variables under their locks; PyTensor updates of shared variables would hold a second copy of
every variable). A signature's first calls run the graph compiled in the eager mode (the Python linker, no C
compiler, not even for large inputs), until ``compiled.PROGRAM_COMPILE_AFTER`` calls (default 100) or
``compiled.PROGRAM_COMPILE_AFTER_SECONDS`` of eager calls (default 1 s) have run; the next call compiles it in
``compiled.PROGRAM_MODE`` (``KBACKEND_PYTENSOR_MODE``, Numba by default), which every later call runs.
"""
import sys
import threading
from time import perf_counter

import numpy as np
import pytensor
import pytensor.tensor as pt
from pytensor.gradient import disconnected_grad
from pytensor.printing import Print

from kbackend.engine_api import FLOATS

from .compiled import (PROGRAM_COMPILE_AFTER, PROGRAM_COMPILE_AFTER_SECONDS, PROGRAM_MODE, EagerFunction,
                       clear_caches, compile_function, flatten_outputs, is_symbolic, rebuild)
from .core import convert, symbolic

__all__ = ["jit", "feed", "grad_and_aux", "stop_gradient", "print_value", "release_caches"]

_TRACE = threading.local()  # .side_effects: the print nodes of the program being traced (None: not tracing)
_ndarray = np.ndarray


def _input_for(value):
    return pt.tensor(dtype=value.dtype.name, shape=value.shape)


class CompiledProgram:
    """A ``K.function`` program compiled with ``pytensor.function``, once per signature of its inputs."""

    def __init__(self, program):
        self.program = program
        self.compiled = {}  # (feed signature, value signature, seeded) -> (function, output structure)
        self.compilations = 0
        # A PyTensor function keeps its inputs and outputs in its own storage: one call at a time (a K.function
        # may be called from several threads at once)
        self.lock = threading.Lock()

    def _trace(self, feeds, values, seed):
        feed_inputs = [None if f is None else _input_for(f) for f in feeds]
        value_inputs = [_input_for(v) for v in values]
        seed_input = None if seed is None else pt.scalar(dtype="int64")
        previous = getattr(_TRACE, "side_effects", None)
        _TRACE.side_effects = side_effects = []
        try:
            result = self.program(tuple(feed_inputs), tuple(value_inputs), seed_input)
        finally:
            _TRACE.side_effects = previous
        outputs = []
        structure = flatten_outputs(result, outputs)
        inputs = [i for i in feed_inputs if i is not None] + value_inputs + ([seed_input] if seed is not None else [])
        return _Plan(inputs, outputs + side_effects, structure, len(outputs))

    def __call__(self, feeds, values, seed):
        feeds = [None if f is None else convert(f) for f in feeds]
        values = [convert(v) for v in values]
        if seed is not None:
            seed = np.asarray(seed, np.int64)
        key = (tuple(None if f is None else (f.dtype.char, f.shape) for f in feeds),
               tuple((v.dtype.char, v.shape) for v in values), seed is None)
        arguments = [f for f in feeds if f is not None] + values + ([seed] if seed is not None else [])
        with self.lock:
            plan = self.compiled.get(key)
            if plan is None:
                plan = self.compiled[key] = self._trace(feeds, values, seed)
            if plan.eager and (plan.calls >= PROGRAM_COMPILE_AFTER or
                               plan.eager_seconds >= PROGRAM_COMPILE_AFTER_SECONDS):
                plan.function, plan.eager = plan.compile(PROGRAM_MODE), False
                self.compilations += 1
            elif plan.function is None:
                plan.function = plan.compile(None)
            plan.calls += 1
            if not plan.eager:
                results = plan.function(*arguments)
            else:
                start = perf_counter()
                results = plan.function(*arguments)
                plan.eager_seconds += perf_counter() - start
        return rebuild(plan.structure, results[:plan.count])


class _Plan:
    """A traced program for one input signature: its PyTensor graph, the function compiled from it so far, the
    number of calls and the time its eager calls took."""

    __slots__ = ("inputs", "outputs", "structure", "count", "function", "calls", "eager", "eager_seconds")

    def __init__(self, inputs, outputs, structure, count):
        self.inputs, self.outputs, self.structure, self.count = inputs, outputs, structure, count
        self.function, self.calls = None, 0
        self.eager, self.eager_seconds = True, 0.0  # whether it runs in the eager mode; the time its calls took

    def compile(self, mode):
        """The graph compiled in ``mode`` (None: the eager mode, for the first calls)."""
        if mode is None:
            return EagerFunction(self.inputs, self.outputs, c_fallback=False, on_unused_input="ignore")
        return compile_function(self.inputs, self.outputs, mode, on_unused_input="ignore")


def jit(program):
    """``program(feeds, variable_values, seed) -> (outputs, new variable values)`` as one compiled PyTensor
    function (see the module docstring).

    Arguments:
        program: the ``K.function`` program, written with kbackend calls.

    Returns:
        A callable with the program's arguments and results, computing NumPy arrays.

    Raises:
        Nothing itself; tracing raises what the program raises for its inputs.
    """
    return CompiledProgram(program)


def feed(value, dtype):
    """A value fed to a placeholder of ``dtype``: a NumPy array of that dtype."""
    return convert(value, dtype)


def _stand_in(point):
    point = convert(point)
    return pt.tensor(dtype=point.dtype.name, shape=point.shape)


def grad_and_aux(loss_and_aux, points):
    """The gradients of ``loss_and_aux(*points)[0]`` with ``pytensor.grad``, and the auxiliary values (``[1]``).

    Symbolic points (a program being traced) give symbolic gradients. Values get symbolic stand-ins; the loss
    graph built on them is differentiated, then compiled and run on the values (outside a trace), or the values
    are put back in as constants (inside one). Integer and boolean points get zero gradients.
    """
    stand_ins = [p if is_symbolic(p) else _stand_in(p) for p in points]
    loss, aux = loss_and_aux(*stand_ins)
    loss = symbolic(loss)
    if loss.type.dtype not in FLOATS:
        loss = pt.cast(loss, "float64")
    floats = [s for s in stand_ins if s.type.dtype in FLOATS]
    found = dict(zip(floats, pytensor.grad(loss, floats, disconnected_inputs="ignore",
                                           return_disconnected="zero"))) if floats else {}
    gradients = [pt.cast(found[s], s.type.dtype) if s in found else pt.zeros_like(s) for s in stand_ins]
    replaced = {s: pt.constant(convert(p)) for s, p in zip(stand_ins, points) if s is not p}
    aux_keys = list(aux)
    aux_values = [aux[k] for k in aux_keys]
    if not replaced:
        return gradients, aux
    if getattr(_TRACE, "side_effects", None) is not None:
        rebuilt = pytensor.graph_replace(gradients + [a for a in aux_values if is_symbolic(a)], replaced,
                                         strict=False)
        gradients, symbolic_aux = rebuilt[:len(gradients)], iter(rebuilt[len(gradients):])
        return gradients, {k: next(symbolic_aux) if is_symbolic(a) else a for k, a in zip(aux_keys, aux_values)}
    symbolic_aux = [a for a in aux_values if is_symbolic(a)]
    function = EagerFunction(stand_ins, gradients + symbolic_aux, on_unused_input="ignore")
    results = function(*[convert(p) for p in points])
    computed = iter(results[len(gradients):])
    return list(results[:len(gradients)]), {k: next(computed) if is_symbolic(a) else a
                                             for k, a in zip(aux_keys, aux_values)}


def stop_gradient(x):
    """``x`` with its gradient blocked (``pytensor.gradient.disconnected_grad`` on a symbolic ``x``)."""
    x = convert(x)
    return disconnected_grad(x) if is_symbolic(x) else x


def _printer(message):
    def write(op, value):
        sys.stdout.write(f"{message} {value}\n" if message else f"{value}\n")
    return write


def print_value(x, message):
    """Print ``message`` and the value of ``x``: at once for a value; for a symbolic ``x``, each time the compiled
    program computes it (a print node that the program keeps as an extra output)."""
    x = convert(x)
    if is_symbolic(x):
        side_effects = getattr(_TRACE, "side_effects", None)
        printed = Print(message, global_fn=_printer(message))(x)
        if side_effects is not None:
            side_effects.append(printed)
        return
    sys.stdout.write(f"{message} {x}\n" if message else f"{x}\n")


def release_caches():
    """Forget the compiled eager calls (each holds a PyTensor function; the C modules stay in PyTensor's
    compiledir, so compiling a signature again is cheap)."""
    clear_caches()
