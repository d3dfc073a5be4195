"""Generic graph hooks: compilation (none), gradient blocking (identity), printing, no autodiff, and no caches
to release."""
import sys

__all__ = ["jit", "feed", "stop_gradient", "print_value", "grad", "grad_and_aux", "release_caches"]


class NoAutodiffError(NotImplementedError):
    """``K.gradients`` of a loss that needs automatic differentiation on an engine that declares none (capability
    ``gradients``): kbackend's gradient rules, when the engine declares ``gradient_rules``, do not cover it."""


def jit(E, program):
    """Engines without a compiler run the program eagerly."""
    return program


def release_caches(E):
    """Drop what the engine's framework keeps for programs and operations that may not run again (compiled
    executables, traces). Engines whose framework keeps such caches provide this natively; here there are none.
    Long runs that create many short-lived ``K.function`` programs (the conformance suite) call it now and then."""


def feed(E, value, dtype):
    """A value fed to a ``K.function``, as its program takes it: an engine tensor of ``dtype``."""
    return E.convert(value, dtype)


def stop_gradient(E, x):
    return E.convert(x)


def print_value(E, x, message):
    value = E.to_numpy(x)
    sys.stdout.write(f"{message} {value}\n" if message else f"{value}\n")


def grad(E, loss_of, points):
    name = getattr(getattr(E, "_engine", None), "name", "active")
    raise NoAutodiffError(f"The {name} engine declares no automatic differentiation (no native 'grad'); "
                          f"K.gradients cannot run on it")


def grad_and_aux(E, loss_and_aux, points):
    """Gradients of ``loss_and_aux(*points)[0]`` and its auxiliary values (``[1]``, a dict of tensors) as plain
    values. Engines whose autodiff can return both from one run provide this natively; here the auxiliary values
    are not returned (None), so the caller computes them separately."""
    return E.grad(lambda *values: loss_and_aux(*values)[0], points), None
