"""PyTorch engine: graph hooks. Programs run eagerly; gradients come from ``torch.autograd.grad``."""
import torch

from .core import convert

__all__ = ["grad_and_aux", "stop_gradient"]


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
