"""Static shapes and dtypes of a recorded call, found by running it on probe values of the active engine.

A probe replaces every symbolic input by zeros of its static shape; unknown sizes (``None``) take the probe's free
size and an unknown rank the probe's free rank. The engine computes the result, so its dtype is the dtype the
concrete call gives. Which parts of the result's shape are static is found by changing the unknowns:

1. *Uniform probes*: every unknown size takes one free size (2, then 3, 5, 7, ...; unknown ranks 2, then 3, ...)
   until two probes succeed. Sizes of the result that differ between them become ``None``, a rank that differs
   makes the rank unknown.
2. *Fixing*: when fewer than two uniform probes succeed (a known size meets an unknown one:
   ``(None, None) + (4, 2)``, ``dot((None, None), (4, 2))``), some unknowns are fixed, fewest first, to the sizes
   the call mentions (its tensors' sizes and their products, its integer arguments, 1) and unknown ranks to 0-5,
   until the call succeeds with two free sizes (2 and 3). The result then depends only on what the call forces.
3. *Perturbation*: the sizes still static are checked by changing the unknowns of a successful probe: each unknown
   size alone, each axis of every tensor together (batch sizes that must agree), each unknown rank. A result size
   that changes is ``None``; a result rank that changes is unknown.

So ``None`` is compatible with any size, and a static size is one that every probe agreed on. Shape inference
raises only when no probe succeeds (the error of the first probe), which for inputs of known shape is exactly when
the concrete call raises.
"""
import itertools

import numpy as np

from .. import _state
from .frames import Frame
from .leaves import VariableBase
from .nodes import flatten

FREE_SIZES = (2, 3, 5, 7, 4, 6, 1)   # tried in this order for unknown sizes
FREE_RANKS = (2, 3, 1, 4, 0, 5)      # for unknown ranks, paired with the sizes above
RANKS = (0, 1, 2, 3, 4, 5)           # ranks an unknown rank may be fixed to
SEARCH_BUDGET = 400                  # probes tried while fixing unknowns before giving up
SMALL_VALUES = 16                    # symbolic inputs of at most this many entries get computed probe values
PERTURBATIONS = 32                   # probes that change unknowns of a successful probe
_ops = _state.ops


class Probe:
    """One assignment of the unknowns: a free size, a free rank, and values fixed per slot. A slot is
    ``(id(tensor), axis)`` for a size, ``(id(tensor), 'rank')`` for the rank of a tensor of unknown rank, or
    ``(id(tensor), 'shape')`` for its whole shape."""

    __slots__ = ("size", "rank", "fixed")

    def __init__(self, size, rank, fixed=None):
        self.size = size
        self.rank = rank
        self.fixed = fixed or {}

    def rank_of(self, tensor):
        if tensor.shape is not None:
            return len(tensor.shape)
        whole = self.fixed.get((id(tensor), "shape"))
        return len(whole) if whole is not None else self.fixed.get((id(tensor), "rank"), self.rank)

    def shape_for(self, tensor):
        key, fixed, size = id(tensor), self.fixed, self.size
        if tensor.shape is None:
            whole = fixed.get((key, "shape"))
            if whole is not None:
                return whole
            return tuple(fixed.get((key, axis), size) for axis in range(self.rank_of(tensor)))
        return tuple(fixed.get((key, axis), size) if dim is None else dim for axis, dim in enumerate(tensor.shape))

    def size_slots(self, tensors):
        """The (tensor id, axis) of every unknown size of ``tensors`` under this probe."""
        return [(id(t), axis) for t in tensors for axis in range(self.rank_of(t))
                if t.shape is None or t.shape[axis] is None]

    def value_for(self, tensor, frame):
        """The probe value of a symbolic tensor: a small tensor computed by a node (``K.shape(x)[0]``, a few
        sizes: what reshape targets and tile counts are made of) is computed from its own inputs' probe values in
        ``frame``, so that it holds the sizes of this probe; any other tensor is zeros of its probe shape."""
        node, shape = tensor.node, tensor.shape
        if node is not None and node.kind == "call" and node.seeded is None and shape is not None and \
                None not in shape and int(np.prod(shape)) <= SMALL_VALUES:
            try:
                result = node.fn(*frame.resolve(node.args), **frame.resolve(node.kwargs))
                return flatten(result)[tensor.index]
            except Exception:  # noqa: BLE001 - it needs values the probe does not have: zeros below
                pass
        return _ops.zeros(self.shape_for(tensor), tensor.dtype)

    def changed(self, changes):
        return Probe(self.size, self.rank, {**self.fixed, **changes})


def _run(node, probe, captured):
    """``node.fn`` on the probe values; the frame's captured tensors and variable reads go into ``captured``."""
    frame = Frame({}, probe=probe)
    try:
        with frame, np.errstate(all="ignore"):  # probes are zeros: only shapes matter, 0/0 is expected
            args = frame.resolve(node.args)
            kwargs = frame.resolve(node.kwargs)
            if node.seeded is not None:
                args = list(args)
                args[node.seeded] = 0  # a fixed seed: probing draws nothing from NumPy's generator
            return node.fn(*args, **kwargs)
    finally:
        captured["tensors"].update(frame.captured)
        captured["variables"].update(frame.reads)


def describe(value):
    """(shape, dtype) of a concrete leaf, or None when it is not a tensor."""
    if value is None or type(value) in (bool, int, float, str):  # (np.float64 is a float subclass: a tensor)
        return None
    return tuple(_ops.shape_of(value)), _ops.dtype_of(value)


def _merge(a, b):
    if a is None or b is None:
        return a
    if a[0] is None or b[0] is None or len(a[0]) != len(b[0]):
        return None, a[1]
    return tuple(x if x == y else None for x, y in zip(a[0], b[0])), a[1]


def _merged(described, result):
    return [_merge(a, b) for a, b in zip(described, [describe(leaf) for leaf in flatten(result)])]


def _unknown_tensors(node, captured):
    tensors = list(node.inputs) + [t for t in captured["tensors"].values() if t not in node.inputs]
    return [t for t in tensors if t.shape is None or None in t.shape]


def infer(node):
    """(result of the first successful probe, [(shape, dtype) or None per flattened leaf]); also sets
    ``node.depends`` and ``node.reads`` to what the function read beyond its arguments."""
    captured = {"tensors": {}, "variables": {}}
    successes = _uniform_probes(node, captured)
    _note_dependencies(node, captured)
    base, first = successes[0]
    described = [describe(leaf) for leaf in flatten(first)]
    if len(successes) == 2:
        described = _merged(described, successes[1][1])
    if _unknown_tensors(node, captured):
        described = _perturbed(node, captured, base, described)
    return first, described


def _uniform_probes(node, captured):
    """One or two successful probes [(probe, result)], every unknown size taking the probe's free size (or, when
    that never works, some unknowns fixed); raises the first probe's error when none succeeds."""
    successes, first_error = [], None
    for index, size in enumerate(FREE_SIZES):
        probe = Probe(size, FREE_RANKS[index % len(FREE_RANKS)])
        try:
            result = _run(node, probe, captured)
        except Exception as error:  # noqa: BLE001 - any failure means: try other sizes
            first_error = first_error or error
            if index == 0 and not _unknown_tensors(node, captured):
                raise  # every shape is known: the concrete call fails the same way
            continue
        successes.append((probe, result))
        if len(successes) == 2 or not _unknown_tensors(node, captured):
            return successes
    if _unknown_tensors(node, captured):
        pair = _fixing_search(node, captured)
        if pair:
            return pair
    if not successes:
        raise first_error
    return successes


def _note_dependencies(node, captured):
    inputs = {id(t) for t in node.inputs}
    node.depends = [t for key, t in captured["tensors"].items() if key not in inputs]
    arguments = {id(v) for v in flatten([list(node.args), list(node.kwargs.values())]) if isinstance(v, VariableBase)}
    node.reads = [v for key, v in captured["variables"].items() if key not in arguments]


def _integers(structure):
    """The non-negative ints in nested lists/tuples, and the product of each tuple of them."""
    found = set()
    for item in (structure if isinstance(structure, (list, tuple)) else [structure]):
        if isinstance(item, np.ndarray) and item.dtype.kind in "iu" and item.ndim == 1:
            item = tuple(int(i) for i in item)
        if type(item) is int and item >= 0:
            found.add(item)
        elif isinstance(item, (list, tuple)):
            found |= _integers(item)
            numbers = [i for i in item if type(i) is int and i >= 0]
            if len(numbers) > 1:
                found.add(int(np.prod(numbers)))
    return found


def _known(node, captured):
    """The sizes the call mentions (its tensors' known sizes and their products, its integer arguments), and the
    fully known shapes of its tensors."""
    sizes, shapes = _integers([list(node.args), list(node.kwargs.values())]), set()
    for leaf in flatten([list(node.args), list(node.kwargs.values())]) + list(captured["tensors"].values()):
        shape = leaf.shape if isinstance(leaf, VariableBase) or hasattr(leaf, "ndim") else None
        if shape is None:
            continue
        known = [int(d) for d in shape if d is not None]
        sizes.update(known)
        if len(known) > 1:
            sizes.add(int(np.prod(known)))
        if len(known) == len(shape):
            shapes.add(tuple(known))
    return sizes, shapes


def _fixing_search(node, captured):
    """Two successful probes (the first two free sizes) with the fewest unknowns fixed, or None."""
    unknown = _unknown_tensors(node, captured)
    start = Probe(FREE_SIZES[0], FREE_RANKS[0])
    sizes, shapes = _known(node, captured)
    sizes = sorted(sizes - {0, 1}) + [1, 0]
    # a tensor of unknown rank may have a shape of the call, or be 1-D of a size of the call, or have a given rank
    whole = sorted(shapes, key=len) + [(size,) for size in sizes]
    slots = [((id(t), "shape"), whole) for t in unknown if t.shape is None]
    slots += [((id(t), "rank"), RANKS) for t in unknown if t.shape is None]
    slots += [(slot, sizes) for slot in start.size_slots([t for t in unknown if t.shape is not None])]
    budget = SEARCH_BUDGET
    for count in range(1, len(slots) + 1):
        for chosen, values in _assignments(slots, count, budget):
            budget -= 1
            if budget < 0:
                return None
            fixed = dict(zip([slot for slot, _ in chosen], values))
            pair = []
            for index in (0, 1):
                probe = Probe(FREE_SIZES[index], FREE_RANKS[0], fixed)
                try:
                    pair.append((probe, _run(node, probe, captured)))
                except Exception:  # noqa: BLE001 - this assignment does not work
                    break
            if len(pair) == 2:
                return pair
    return None


def _assignments(slots, count, budget):
    """Ways of fixing ``count`` of the slots to one of their candidates (at most ``budget`` of them), those using 0
    and 1 (which make most calls succeed without being forced) last."""
    found = itertools.islice(((chosen, values) for chosen in itertools.combinations(slots, count)
                              for values in itertools.product(*[candidates for _, candidates in chosen])), budget)
    return sorted(found, key=lambda item: sum(value in (0, 1) for value in item[1]))


def _perturbations(node, captured, base):
    """Changes of ``base``'s unknowns, one at a time: each unknown size, each axis of all tensors together, each
    unknown rank (alone, then all together)."""
    unknown = _unknown_tensors(node, captured)
    slots = base.size_slots(unknown)  # (fixed ones too: a fixed value that works need not be the only one)
    for slot in slots:
        yield {slot: base.fixed.get(slot, base.size) + 2}
    for axis in sorted({axis for _, axis in slots}):
        group = [slot for slot in slots if slot[1] == axis]
        other = max(base.fixed.get(slot, base.size) for slot in group) + 2
        yield dict.fromkeys(group, other)
    ranked = [t for t in unknown if t.shape is None]
    for tensor in ranked:
        whole = base.fixed.get((id(tensor), "shape"))
        if whole is None:
            yield {(id(tensor), "rank"): base.rank_of(tensor) + 1}
            continue
        for axis in range(len(whole)):
            yield {(id(tensor), "shape"): whole[:axis] + (whole[axis] + 2,) + whole[axis + 1:]}
        yield {(id(tensor), "shape"): (1,) + whole}
        yield {(id(tensor), "shape"): whole + (1,)}
    if len(ranked) > 1:
        yield {(id(t), "rank"): base.rank_of(t) + 1 for t in ranked if (id(t), "shape") not in base.fixed}


def _perturbed(node, captured, base, described):
    """``described`` with every size that changes under a perturbation of ``base`` made ``None`` (and every rank
    that changes made unknown)."""
    seen = []
    for changes in itertools.islice(_perturbations(node, captured, base), PERTURBATIONS):
        if changes in seen:
            continue
        seen.append(changes)
        if not any(info and info[0] and any(d is not None for d in info[0]) for info in described) and not any(
                slot[1] in ("rank", "shape") for slot in changes):
            continue  # nothing static left but ranks
        try:
            result = _run(node, base.changed(changes), captured)
        except Exception:  # noqa: BLE001 - the call does not allow this change: no information
            continue
        described = _merged(described, result)
    return described
