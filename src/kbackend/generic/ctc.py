"""Generic CTC functions (first argument: the engine namespace E).

* ``ctc_batch_cost``: the CTC forward algorithm in log space on the engine core (so gradients flow on every engine
  with automatic differentiation): vectorised over the batch and the positions of the extended label sequence
  (blank, l1, blank, l2, ..., blank), one step per time step.
* ``ctc_decode``: greedy (best path) and prefix beam search decoding, computed on the host with NumPy (as
  TensorFlow's decoders run on the CPU); the results are converted to engine tensors. The beam search follows
  ``tf.nn.ctc_beam_search_decoder`` (per-step log-softmax normalisation, ``merge_repeated`` applied to the output
  label sequences, beams kept in order of probability, earlier candidates winning ties).
* ``ctc_label_dense_to_sparse``: the engine's sparse tensor (``E.sparse_coo``) of the labels within their lengths.

The blank is the last class. Inputs are probabilities; ``log(y_pred + epsilon)`` is taken first, as Keras 2 does.
"""
import numpy as np

from .. import _dtypes
from .._config import SETTINGS

__all__ = ["ctc_batch_cost", "ctc_decode", "ctc_label_dense_to_sparse"]

NEG = -1e30        # log(0) as a finite number, so that the recursion has no inf - inf
INFEASIBLE = 1e29  # losses above this had no valid alignment: reported as +inf


def _float_dtype(E, x):
    dtype = E.dtype_of(x)
    return dtype if _dtypes.is_float(dtype) else SETTINGS.floatx


def _shift(E, x, k, width, fill=NEG):
    """``x`` (batch, width) shifted right by ``k`` positions along axis 1, filled with ``fill``."""
    return E.take(E.pad(x, ((0, 0), (k, 0)), fill), np.arange(width), 1)


def ctc_batch_cost(E, y_true, y_pred, input_length, label_length, epsilon):
    y_pred = E.convert(y_pred)
    dtype = _float_dtype(E, y_pred)
    compute = "float32" if dtype == "float16" else dtype
    y = E.cast(y_pred, compute)
    batch, steps, classes = E.shape_of(y)
    max_labels = E.shape_of(y_true)[1]
    width = 2 * max_labels + 1
    blank = classes - 1
    logp = E.log(E.add(y, epsilon))
    logp = E.subtract(logp, E.logsumexp(logp, 2, True))  # normalised, as tf.nn.ctc_loss does with its logits
    labels = E.clip(E.cast(y_true, "int64"), 0, blank)   # padding (e.g. -1) beyond the lengths is never read
    blanks = E.full((batch, max_labels), blank, "int64")
    ext = E.reshape(E.stack([blanks, labels], 2), (batch, 2 * max_labels))
    ext = E.concatenate([ext, E.full((batch, 1), blank, "int64")], 1)  # (batch, width): blank, l1, blank, ...
    onehot = E.cast(E.equal(E.expand_dims(ext, 2), E.arange(0, classes, 1, "int64")), compute)
    emissions = E.matmul(logp, E.permute(onehot, (0, 2, 1)))  # (batch, steps, width): log p of ext[s] at t
    # A skip from s-2 to s is allowed when ext[s] is a label different from ext[s-2].
    before = _shift(E, ext, 2, width, -1)
    skip = E.logical_and(E.not_equal(ext, blank), E.not_equal(ext, before))
    start = np.full((batch, width), NEG)
    start[:, 0] = 0.0  # a virtual step before t=0 in state 0, so the recursion starts in blank or l1
    alpha = E.convert(start, compute)
    lengths = E.cast(E.reshape(input_length, (batch, 1)), "int64")
    for t in range(steps):
        stay, step = alpha, _shift(E, alpha, 1, width)
        jump = E.where(skip, _shift(E, alpha, 2, width), NEG)
        peak = E.maximum(E.maximum(stay, step), jump)
        total = E.add(E.add(E.exp(E.subtract(stay, peak)), E.exp(E.subtract(step, peak))),
                      E.exp(E.subtract(jump, peak)))
        new = E.add(E.add(peak, E.log(total)), E.reshape(E.take(emissions, [t], 1), (batch, width)))
        alpha = E.where(E.greater(lengths, t), new, alpha)
    position = E.arange(0, width, 1, "int64")
    end = E.multiply(E.minimum(E.cast(E.reshape(label_length, (batch, 1)), "int64"), max_labels), 2)
    final = E.logical_or(E.equal(position, end), E.equal(position, E.subtract(end, 1)))
    loss = E.negative(E.logsumexp(E.where(final, alpha, NEG), 1, False))
    loss = E.where(E.greater(loss, INFEASIBLE), float("inf"), loss)
    return E.cast(E.reshape(loss, (batch, 1)), dtype)


# --- decoding (host side) -------------------------------------------------------------------------------------------
def dense_paths(paths, batch):
    """(batch, longest) int64 array of the label sequences ``paths`` (one per sample), padded with -1."""
    width = max((len(p) for p in paths), default=0)
    out = np.full((batch, width), -1, dtype=np.int64)
    for b, path in enumerate(paths):
        out[b, :len(path)] = path
    return out


def greedy_decode(logp, lengths):
    """Best path: the most likely class per step, repeats collapsed, blanks removed (tf.nn.ctc_greedy_decoder).

    ``logp`` (batch, steps, classes) log-scores; returns (decoded (batch, longest) int64 padded with -1,
    log_prob (batch, 1) = -sum over the valid steps of the best score)."""
    batch, steps, classes = logp.shape
    best = logp.argmax(axis=2)
    valid = np.arange(steps)[None, :] < lengths[:, None]
    log_prob = -np.where(valid, logp.max(axis=2), 0.0).sum(axis=1, keepdims=True)
    previous = np.concatenate([np.full((batch, 1), -1), best[:, :-1]], axis=1)
    keep = valid & (best != classes - 1) & (best != previous)
    counts = keep.sum(axis=1)
    out = np.full((batch, int(counts.max(initial=0))), -1, dtype=np.int64)
    rows, cols = np.nonzero(keep)
    out[rows, np.cumsum(keep, axis=1)[rows, cols] - 1] = best[rows, cols]
    return out, log_prob


def beam_search(logp, beam_width, top_paths, merge_repeated):
    """CTC prefix beam search over ``logp`` (steps, classes) normalised log-probabilities, blank = last class.

    Returns ``top_paths`` pairs (label sequence, log-probability), best first; when fewer beams exist the rest are
    ``((), -inf)``. Beams are label prefixes with the log-probability of ending in a blank (``pb``) or in their last
    label (``pl``); each step updates the beams, proposes every one-label extension, and keeps the ``beam_width``
    most probable candidates of non-zero probability (existing beams first, then extensions in beam order and label
    order; the earlier candidate wins a tie). With an unbounded beam this is exact: every prefix has the total
    probability of its alignments. (TensorFlow's kernel differs on rare inputs: a beam that drops out of the beam
    and is proposed again by its parent in the same step loses its history there.)
    """
    steps, classes = logp.shape
    blank = classes - 1
    labels = np.arange(blank)
    # Prefixes are nodes of a trie (node 0: the empty prefix); a beam is a node with its two probabilities.
    node_parent, node_label, children = [-1], [-1], {}
    nodes, parents, last = np.array([0]), np.array([-1]), np.array([-1])
    pb, pl = np.array([0.0]), np.array([-np.inf])
    for t in range(steps):
        lp = logp[t]
        count = len(nodes)
        total = np.logaddexp(pb, pl)
        position = {node: i for i, node in enumerate(nodes.tolist())}
        parent = np.array([position.get(node, -1) for node in parents.tolist()])  # the parent's beam, if any
        # Existing beams: stay on the last label (from pl) or arrive from the parent beam, or end in a blank.
        has_parent = parent >= 0
        up = np.where(has_parent, parent, 0)
        arrive = np.where(has_parent, np.where(last == last[up], pb[up], total[up]), -np.inf)
        new_pl = np.where(last >= 0, np.logaddexp(pl, arrive) + lp[np.maximum(last, 0)], -np.inf)
        new_pb = total + lp[blank]
        # Extensions by one label: from a blank ending only when the label repeats the last one.
        grow = np.where(labels[None, :] == last[:, None], pb[:, None], total[:, None]) + lp[None, :blank]
        grow[parent[has_parent], last[has_parent]] = -np.inf  # already a beam: counted above
        scores = np.concatenate([np.logaddexp(new_pb, new_pl), grow.ravel()])
        keep = _top(scores, beam_width)
        old = keep < count
        index = np.where(old, keep, 0)                                # the beam kept, for existing beams
        row, label = np.divmod(np.where(old, 0, keep - count), max(blank, 1))  # the beam extended, the label (new)
        next_nodes = nodes[index]
        for i in np.flatnonzero(~old).tolist():  # new beams: find or create their trie nodes
            key = (int(nodes[row[i]]), int(label[i]))
            child = children.get(key)
            if child is None:
                child = children[key] = len(node_parent)
                node_parent.append(key[0])
                node_label.append(key[1])
            next_nodes[i] = child
        parents = np.where(old, parents[index], nodes[row])
        last = np.where(old, last[index], label)
        pb = np.where(old, new_pb[index], -np.inf)
        pl = np.where(old, new_pl[index], scores[keep])
        nodes = next_nodes
    total = np.logaddexp(pb, pl)
    out = []
    for i in _top(total, top_paths).tolist():
        path, node = [], int(nodes[i])
        while node > 0:
            path.append(node_label[node])
            node = node_parent[node]
        path.reverse()
        if merge_repeated:
            path = [label for j, label in enumerate(path) if j == 0 or label != path[j - 1]]
        out.append((tuple(path), float(total[i])))
    return out + [((), -np.inf)] * (top_paths - len(out))


def _top(scores, k):
    """Indices of the ``k`` largest finite ``scores``, largest first; among equal scores the earlier index first."""
    finite = np.flatnonzero(scores > -np.inf)
    if finite.size > k:
        values = scores[finite]
        threshold = np.partition(values, finite.size - k)[finite.size - k]  # the k-th largest
        above = finite[values > threshold]
        finite = np.concatenate([above, finite[values == threshold][:k - above.size]])
    return finite[np.lexsort((finite, -scores[finite]))]


def _log_softmax(x):
    peak = x.max(axis=-1, keepdims=True)
    return x - peak - np.log(np.exp(x - peak).sum(axis=-1, keepdims=True))


def decode_host(y, lengths, greedy, beam_width, top_paths, merge_repeated, epsilon):
    """``ctc_decode`` on NumPy arrays: y (samples, steps, classes) probabilities, lengths (samples,).

    Returns (list of int64 arrays (samples, longest) padded with -1, float64 log_prob)."""
    y = np.asarray(y, dtype=np.float64)
    batch, steps, _ = y.shape
    lengths = np.minimum(np.asarray(lengths).reshape(batch).astype(np.int64), steps)
    logp = np.log(y + epsilon)
    if greedy:
        decoded, log_prob = greedy_decode(logp, lengths)
        return [decoded], log_prob
    logp = _log_softmax(logp)
    results = [beam_search(logp[b, :lengths[b]], beam_width, top_paths, merge_repeated) for b in range(batch)]
    decoded = [dense_paths([results[b][k][0] for b in range(batch)], batch) for k in range(top_paths)]
    log_prob = np.array([[score for _, score in result] for result in results]).reshape(batch, top_paths)
    return decoded, log_prob


def ctc_decode(E, y_pred, input_length, greedy, beam_width, top_paths, merge_repeated, epsilon):
    y_pred = E.convert(y_pred)
    dtype = _float_dtype(E, y_pred)
    decoded, log_prob = decode_host(E.to_numpy(y_pred), E.to_numpy(input_length), greedy, beam_width, top_paths,
                                    merge_repeated, epsilon)
    # a host algorithm: its results join the predictions' placement
    return ([E.placed_like(E.convert(d, "int64"), y_pred) for d in decoded],
            E.placed_like(E.convert(log_prob, dtype), y_pred))


def ctc_label_dense_to_sparse(E, labels, label_lengths):
    labels = E.convert(labels)
    batch, max_labels = E.shape_of(labels)
    lengths = np.asarray(E.to_numpy(label_lengths)).reshape(batch)
    rows, cols = np.nonzero(np.arange(max_labels)[None, :] < lengths[:, None])
    values = E.take(E.reshape(labels, (-1,)), rows * max_labels + cols, 0)
    return E.sparse_coo(np.stack([rows, cols], axis=1).astype(np.int64), values, (batch, max_labels))
