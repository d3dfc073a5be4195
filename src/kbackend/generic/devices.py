"""Placement hooks: where an engine's tensors can live besides its default placement, for the conformance suite's
``placement`` property (and for engine authors who want their devices tested). Written once here for engines with a
single placement; an engine with devices or shardings gives its own (``engines/torch/devices.py``,
``engines/jax/devices.py``).

A placement is a name the engine chooses (``"meta"``, ``"cuda:0"``, ``"mesh"``); ``placement_of`` describes where a
tensor lives in a form that compares equal for tensors on the same devices. ``placement_scope`` is the scope shared
code runs a user's function in (the step of ``K.foldl``/``foldr``/``map_fn``), so that what the function computes
with the framework's own operators lands where the inputs live; ``placed_like`` moves a tensor made on the host (the
results of a host algorithm such as CTC decoding) to where an input lives.
"""
import contextlib

__all__ = ["placements", "place", "placement_of", "placement_has_values", "placement_scope", "placed_like"]


def placements(E):
    """The placements available on this machine besides the default one: none.

    Returns:
        An empty tuple.
    """
    return ()


def place(E, x, placement):
    """``x`` put on ``placement``; an engine with one placement has no other.

    Raises:
        ValueError: always (there is no placement besides the default).
    """
    raise ValueError(f"Unknown placement {placement!r}: this engine has none besides its default")


def placement_of(E, x):
    """Where the tensor ``x`` lives: the default placement, the only one.

    Returns:
        The string ``"default"``.
    """
    return "default"


def placement_has_values(E, placement):
    """Whether tensors on ``placement`` hold values (a stand-in device such as torch's ``meta`` holds none).

    Returns:
        True.
    """
    return True


def placement_scope(E, x):
    """The context in which new tensors of the framework's own operators land where ``x`` lives. Engines whose
    operators follow their inputs (and engines with one placement) need nothing: a scope that does nothing.

    Arguments:
        x: an engine tensor (or any value).

    Returns:
        A context manager.
    """
    return contextlib.nullcontext()


def placed_like(E, x, like):
    """``x`` where ``like`` lives; with a single placement, ``x`` itself.

    Arguments:
        x: an engine tensor made by kbackend (e.g. from host values).
        like: the engine tensor whose placement ``x`` takes.

    Returns:
        An engine tensor.
    """
    return x
