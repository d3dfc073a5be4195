"""Gradient rules of the shape functions: reshapes, axis insertions and removals, permutations, reversal,
concatenation and stacking (their ``split``), slicing by ints and slices of step 1 (zero padding back), padding,
tiling and repetition."""
import numpy as np

from ..slices import merged_split
from .emit import NoRule, call, helper, known, rank, shape, zeros_like
from .registry import engine, pairs, public, runs


def _reshaped_back(g, x):
    """``g`` reshaped to the shape of ``x`` (statically when it is known, else at run time)."""
    s = shape(x)
    return call("reshape", g, s) if known(s) else helper("reshape_like", g, x)


@engine("reshape", "expand_dims", "squeeze")
@public("reshape", "expand_dims", "squeeze", "flatten", "batch_flatten")
def _reshaping(b):
    """Every function that only changes the shape: the cotangent is reshaped back."""
    x = b.args[0]
    return pairs(b, (x, lambda: _reshaped_back(b.g, x)))


def _axis_of(axis, ndim):
    return int(axis) % ndim


@public("permute_dimensions")
def _permute_dimensions(b):
    x, pattern = b.args
    if not isinstance(pattern, (list, tuple)):
        raise NoRule("a pattern given as a tensor")
    pattern = tuple(int(p) % rank(x) for p in pattern)
    inverse = tuple(sorted(range(len(pattern)), key=lambda a: pattern[a]))
    return pairs(b, (x, lambda: call("permute", b.g, inverse)))


@public("reverse")
@engine("flip")
def _reverse(b):
    x, axes = b.args
    n = rank(x)
    axes = tuple(int(a) % n for a in (axes if isinstance(axes, (list, tuple)) else (axes,)))
    return pairs(b, (x, lambda: call("flip", b.g, axes)))


def _pieces(g, tensors, axis):
    """``g`` cut along ``axis`` into pieces of the sizes the ``tensors`` have there (known statically)."""
    sizes = [shape(t)[axis] if shape(t) is not None else None for t in tensors]
    if None in sizes:
        raise NoRule("a size along the concatenated axis is not known")
    if len(sizes) == 1:
        return [g]
    return call("split", g, tuple(int(s) for s in sizes), axis)


@public("concatenate")
@engine("concatenate")
def _concatenate(b):
    tensors, axis = b.args
    if not isinstance(tensors, (list, tuple)):
        raise NoRule("concatenate of a single tensor")
    wanted = [t for t in tensors if b.wants(t)]
    if not wanted:
        return []
    a = _axis_of(axis, rank(tensors[0]))
    return list(zip(tensors, _pieces(b.g, tensors, a)))


@public("stack")
@engine("stack")
def _stack(b):
    tensors, axis = b.args
    if not isinstance(tensors, (list, tuple)):
        raise NoRule("stack of a single tensor")
    if not any(b.wants(t) for t in tensors):
        return []
    a = _axis_of(axis, rank(tensors[0]) + 1)
    pieces = call("split", b.g, (1,) * len(tensors), a) if len(tensors) > 1 else [b.g]
    return [(t, call("squeeze", piece, a)) for t, piece in zip(tensors, pieces)]


@engine("split")
@runs(merged_split)
def _split(b):
    """The pieces' cotangents concatenated (zeros for a piece without one)."""
    x, sizes, axis = b.args
    gs = [g if g is not None else zeros_like(out) for g, out in zip(b.cotangents, b.outputs)]
    return pairs(b, (x, lambda: call("concatenate", gs, axis)))


def _basic_key(key, x_shape):
    """``key`` of ``x[key]`` as per-axis (begin, end) bounds or an int index, when it holds only ints and slices of
    step 1 on axes of known size; else None."""
    key = key if isinstance(key, tuple) else (key,)
    if Ellipsis in key or len(key) > len(x_shape):
        return None
    out = []
    for item, size in zip(key + (slice(None),) * (len(x_shape) - len(key)), x_shape):
        if isinstance(item, slice):
            if item == slice(None):
                out.append(None)
                continue
            if item.step not in (None, 1) or size is None or not all(
                    v is None or isinstance(v, (int, np.integer)) for v in (item.start, item.stop)):
                return None
            begin, end, _ = item.indices(size)
            out.append((begin, max(begin, end)))
        elif isinstance(item, (int, np.integer)) and not isinstance(item, bool):
            if size is None:
                return None
            out.append(int(item) % size)
        else:
            return None
    return out


def _padded_back(g, bounds, x_shape):
    """The cotangent of ``x[key]`` in the shape of ``x``: ``g`` with removed axes restored and zeros padded."""
    paddings = []
    for axis, (bound, size) in enumerate(zip(bounds, x_shape)):
        if bound is None:
            paddings.append((0, 0))
        elif isinstance(bound, int):
            g = call("expand_dims", g, axis)
            paddings.append((bound, size - bound - 1))
        else:
            paddings.append((bound[0], size - bound[1]))
    if any(p != (0, 0) for p in paddings):
        g = call("pad", g, tuple(paddings), 0)
    return g


@engine("getitem")
def _getitem(b):
    x, key = b.args
    x_shape = shape(x)
    if x_shape is None:
        raise NoRule("slicing a tensor of unknown rank")
    bounds = _basic_key(key, x_shape)
    if bounds is None:
        raise NoRule("an index other than ints and slices of step 1")
    return pairs(b, (x, lambda: _padded_back(b.g, bounds, x_shape)))


@engine("pad")
def _pad(b):
    x, paddings = b.args[:2]
    key = tuple(slice(low, (-high) or None) for low, high in paddings)
    return pairs(b, (x, lambda: call("getitem", b.g, key)))


@public("tile")
@engine("tile")
def _tile(b):
    """``g`` viewed as (reps, size) on each repeated axis and summed over the repetitions (one axis of unknown size
    is allowed where it is not repeated)."""
    x, reps = b.args
    x_shape = shape(x)
    if x_shape is None or not isinstance(reps, (list, tuple, int)):
        raise NoRule("tile of a tensor of unknown rank or by a tensor")
    reps = (reps,) if isinstance(reps, int) else tuple(int(r) for r in reps)
    if len(reps) > len(x_shape):
        raise NoRule("more tile repetitions than axes")
    reps = (1,) * (len(x_shape) - len(reps)) + reps  # shorter n is left-padded with 1s
    unknown = [axis for axis, size in enumerate(x_shape) if size is None]
    if len(unknown) > 1 or any(reps[axis] != 1 for axis in unknown):
        raise NoRule("tile of a tensor with several axes of unknown size, or repeating one")
    split_shape, axes = [], []
    for r, size in zip(reps, x_shape):
        if r != 1:
            axes.append(len(split_shape))
            split_shape.append(r)
        split_shape.append(-1 if size is None else size)
    if not axes:
        return pairs(b, (x, lambda: b.g))
    return pairs(b, (x, lambda: call("sum", call("reshape", b.g, tuple(split_shape)), tuple(axes), False)))


@public("repeat_elements")
@engine("repeat_elements")
def _repeat_elements(b):
    x, rep, axis = b.args
    x_shape = shape(x)
    if not known(x_shape):
        raise NoRule("repeat_elements of a tensor of unknown shape")
    a = _axis_of(axis, len(x_shape))
    grouped = x_shape[:a + 1] + (int(rep),) + x_shape[a + 1:]
    return pairs(b, (x, lambda: call("sum", call("reshape", b.g, grouped), (a + 1,), False)))


@public("repeat")
@engine("repeat")
def _repeat(b):
    """``repeat(x, n)``: (batch, features) -> (batch, n, features)."""
    x = b.args[0]
    return pairs(b, (x, lambda: call("sum", b.g, (1,), False)))
