"""Generic graph hooks: compilation (none), gradient blocking (identity), printing, and no autodiff."""
import sys

__all__ = ["jit", "stop_gradient", "print_value", "grad"]


def jit(E, program):
    """Engines without a compiler run the program eagerly."""
    return program


def stop_gradient(E, x):
    return E.convert(x)


def print_value(E, x, message):
    value = E.to_numpy(x)
    sys.stdout.write(f"{message} {value}\n" if message else f"{value}\n")


def grad(E, loss_of, points):
    name = getattr(getattr(E, "_engine", None), "name", "active")
    raise NotImplementedError(f"The {name} engine provides no automatic differentiation (no native 'grad'); "
                              f"K.gradients cannot run on it")
