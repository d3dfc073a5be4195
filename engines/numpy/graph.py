"""NumPy engine: graph hooks. Programs run eagerly; gradients come from the ``autograd`` library.

autograd differentiates code written against ``autograd.numpy``. The engine's own functions are written against
plain NumPy (so that eager calls cost nothing extra), so for differentiation an *autodiff twin* of the engine is
built once: its core primitives are re-created with the same code, their global ``np`` bound to a NumPy namespace
whose functions are autograd's, their fast-path array type bound to autograd's box (``autodiff.py``), and calls to
other engine functions bound to their twins. The convolutions and pooling are the engine's own kernels registered
as autograd primitives with vectorised VJPs (``autodiff_kernels.py``); every other function is the generic
implementation written on the core. While a gradient is computed, the facade and the variables' operators run on
the twin, and autograd boxes traced values in a class that accepts variables as operands (a step function of
``K.rnn`` may add a variable to a traced tensor).
"""
import sys
import types

import numpy as np

from kbackend.engine_api import (CORE, GENERIC_FUNCTIONS, build_engine, collect_native, engine_scope, load_engine,
                                 require_capability)

from . import OPTIONAL

__all__ = ["grad_and_aux", "stop_gradient"]

_twin = {}


class _AutogradNumpy:
    """``numpy`` as seen by the twin: autograd's wrapped functions where they exist, NumPy's attributes else."""

    def __init__(self, anp):
        self._anp = anp

    def __getattr__(self, name):
        value = getattr(self._anp, name, None)
        if value is None:
            value = getattr(np, name)
        setattr(self, name, value)
        return value


def _build_twin():
    import autograd.numpy as anp

    from .autodiff import VariableAwareBox, register_missing_vjps
    from .autodiff_kernels import KERNELS
    from .autodiff_losses import LOSS_KERNELS

    register_missing_vjps()
    engine = load_engine("numpy")
    fake_np = _AutogradNumpy(anp)
    originals = {}
    modules = [sys.modules[f"{__package__}.{name}"] for name in engine.module.MODULES]
    for module in modules:  # every function of the engine, public or private
        for function in vars(module).values():
            if isinstance(function, types.FunctionType) and function.__module__.startswith(__package__):
                originals[id(function)] = function
    twins, module_globals = {}, {}

    def globals_for(function):
        module = function.__module__
        if module not in module_globals:
            g = dict(function.__globals__)
            g = {name: _twin_reduction(value, anp) for name, value in g.items()}
            g["np"] = fake_np
            g["_ndarray"] = VariableAwareBox
            module_globals[module] = g
        return module_globals[module]

    for key, function in originals.items():
        cells = function.__closure__
        if cells:
            cells = tuple(types.CellType(_twin_value(c.cell_contents, anp)) for c in cells)
        twins[key] = types.FunctionType(function.__code__, globals_for(function), function.__name__,
                                        function.__defaults__, cells)
        twins[key].__kwdefaults__ = function.__kwdefaults__
    for g in module_globals.values():
        for name, value in list(g.items()):
            if isinstance(value, types.FunctionType) and id(value) in twins:
                g[name] = twins[id(value)]
    module = types.SimpleNamespace(**{k: getattr(engine.module, k) for k in dir(engine.module)
                                      if not k.startswith("__")})
    # The twin keeps the core primitives (simple NumPy calls autograd can follow), the natives that have no generic
    # version, is_sparse (SciPy matrices stay sparse inputs: the generic dot densifies them) and the kernels with
    # VJPs; everything else comes from the generic implementations, written on the core.
    native = {name: twins.get(id(fn), fn) for name, fn in collect_native(engine.module).items()
              if name in CORE or name not in GENERIC_FUNCTIONS or name in ("stop_gradient", "is_sparse")}
    native.update(KERNELS)  # convolutions and pooling: the engine's kernels as autograd primitives
    native.update(LOSS_KERNELS)  # the crossentropy of a softmax, likewise
    module.__name__ = "kbackend.engines.numpy.autodiff_twin"
    module.MODULES = ()
    module.KNOWN_GAPS = {}
    module.__all__ = list(native)
    for name, fn in native.items():
        setattr(module, name, fn)
    return build_engine("numpy", module, owns_variables=False)


_REDUCTION_TWINS = {"add": "sum", "multiply": "prod", "maximum": "max", "minimum": "min"}


def _twin_reduction(value, anp):
    """A module global for the twin: a ufunc's ``reduce`` (``np.add.reduce``) becomes autograd's reduction."""
    owner = getattr(value, "__self__", None)
    if isinstance(owner, np.ufunc) and getattr(value, "__name__", "") == "reduce" and \
            owner.__name__ in _REDUCTION_TWINS:
        return getattr(anp, _REDUCTION_TWINS[owner.__name__])
    return value


def _twin_value(value, anp):
    """A closure value for the twin: NumPy functions become autograd's."""
    name = getattr(value, "__name__", None)
    if name and getattr(np, name, None) is value and hasattr(anp, name):
        return getattr(anp, name)
    return value


def twin_engine():
    if not _twin:
        _twin["engine"] = _build_twin()
    return _twin["engine"]


def grad_and_aux(loss_and_aux, points):
    """The gradients of ``loss_and_aux(*points)[0]``, and the auxiliary values of the same run, unboxed; the facade
    and the variables' operators run on the twin meanwhile."""
    require_capability(OPTIONAL, "gradients", "K.gradients on the NumPy engine")
    from autograd.core import make_vjp
    from autograd.tracer import getval

    from .autodiff import variable_aware_boxes

    twin = twin_engine()
    aux = {}

    def loss_of_values(values):
        loss, values_seen = loss_and_aux(*values)
        aux.update(values_seen)
        return loss

    points = [np.asarray(p, dtype=np.float64) if np.asarray(p).dtype.kind != "f" else np.asarray(p)
              for p in points]
    with engine_scope(twin), variable_aware_boxes():
        vjp, loss = make_vjp(loss_of_values, list(points))
        gradient = vjp(np.ones_like(loss))
    gradients = [np.asarray(g, dtype=np.asarray(p).dtype) for g, p in zip(gradient, points)]
    return gradients, {key: getval(value) for key, value in aux.items()}


def stop_gradient(x):
    tracer = sys.modules.get("autograd.tracer")  # not loaded: no gradient is being computed, x is not traced
    return x if tracer is None else tracer.getval(x)
