"""PyTorch engine: placement hooks (see ``kbackend.generic.devices``). Besides the CPU, a tensor can live on any
torch device; the ones tested are ``meta`` (always available: shape, dtype and device, no values) and the
accelerators this machine has."""
import functools

import torch

__all__ = ["placements", "place", "placement_of", "placement_has_values", "placed_like"]


@functools.lru_cache(maxsize=1)
def placements():
    """``("meta",)`` plus ``"cuda:0"`` and ``"mps"`` when this machine has them.

    Returns:
        A tuple of torch device names.
    """
    found = ["meta"]
    if torch.cuda.is_available():
        found.append("cuda:0")
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        found.append("mps")
    return tuple(found)


def place(x, placement):
    """``x`` moved to the torch device ``placement``.

    Arguments:
        x: a ``torch.Tensor``.
        placement: a torch device name.

    Returns:
        The tensor on that device.

    Raises:
        RuntimeError: torch cannot make that device.
    """
    return x.to(placement)


def placement_of(x):
    """The torch device of the tensor ``x``, as a string (``"cpu"``, ``"meta"``, ``"cuda:0"``)."""
    return str(x.device)


def placement_has_values(placement):
    """False for ``meta`` (torch's stand-in device keeps no values), True for the others."""
    return torch.device(placement).type != "meta"


def placed_like(x, like):
    """``x`` on the device of ``like`` (the results of a host algorithm, such as CTC decoding, join their input).

    Arguments:
        x: a ``torch.Tensor``.
        like: a ``torch.Tensor``.

    Returns:
        ``x`` on ``like``'s device.
    """
    device = like.device
    return x if x.device == device else x.to(device)
