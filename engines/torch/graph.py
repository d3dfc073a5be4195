"""PyTorch engine: graph hooks. Programs run eagerly; gradients come from ``torch.autograd.grad``."""
import torch

from .core import convert

__all__ = ["grad_and_aux", "stop_gradient", "jit"]

Tensor = torch.Tensor


def grad_and_aux(loss_and_aux, points):
    """One forward run under autograd: the gradients, and the auxiliary values detached."""
    leaves = [convert(p).detach() for p in points]
    for leaf in leaves:
        leaf.requires_grad_(leaf.is_floating_point())
    with torch.enable_grad():
        loss, aux = loss_and_aux(*leaves)
        differentiable = [leaf for leaf in leaves if leaf.requires_grad]
        found = torch.autograd.grad(loss, differentiable, allow_unused=True) if loss.requires_grad else \
            [None] * len(differentiable)
    found = iter(found)
    out = []
    for leaf in leaves:
        gradient = next(found) if leaf.requires_grad else None
        out.append(torch.zeros_like(leaf).detach() if gradient is None else gradient.detach())
    return out, {key: value.detach() if isinstance(value, torch.Tensor) else value for key, value in aux.items()}


def stop_gradient(x):
    return convert(x).detach()


def _variables_device(variable_values):
    """The first non-CPU device among the variables' values (None: they all live on the CPU)."""
    for value in variable_values:
        if isinstance(value, Tensor) and not value.is_cpu:
            return value.device
    return None


def jit(program):
    """``K.function``'s program, run eagerly (torch compiles nothing here): values fed on the CPU (NumPy feeds are
    converted there) are first placed on the device the variables live on, once per call, so that every operation
    of the program finds its operands on one device.

    Arguments:
        program: ``(feed values, variable values, seed) -> (outputs, new variable values)``.

    Returns:
        A function of the same arguments and results.

    Raises:
        Nothing itself; the program's errors propagate.
    """
    def run(feed_values, variable_values, seed):
        device = _variables_device(variable_values)
        if device is not None:
            feed_values = tuple(value.to(device) if isinstance(value, Tensor) and value.is_cpu else value
                                for value in feed_values)
        return program(feed_values, variable_values, seed)
    run.__name__ = run.__qualname__ = getattr(program, "__name__", "program")
    return run
