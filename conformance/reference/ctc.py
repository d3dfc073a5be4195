"""Reference CTC functions (float64 NumPy, written for clarity: explicit loops over samples, steps and states).

Conventions of Keras 2 on TensorFlow: ``y_pred`` are probabilities ``(samples, steps, classes)``, the blank is the
last class, and the functions work on ``log(y_pred + epsilon)``; the loss and the beam search normalise each step
with a log-softmax (as TensorFlow's kernels do with their logits), the greedy decoder does not.
"""
import numpy as np

EPSILON = 1e-7


def _log_softmax(row):
    return row - np.logaddexp.reduce(row)


def _sample_log_probabilities(y, length, epsilon):
    """The normalised log-probabilities (length, classes) of one sample's first ``length`` steps."""
    return np.array([_log_softmax(np.log(y[t] + epsilon)) for t in range(length)]).reshape(length, y.shape[1])


def _sample_loss(logp, labels):
    """-log p(labels | logp) by the CTC forward algorithm; logp (steps, classes) normalised, labels a list."""
    steps, classes = logp.shape
    blank = classes - 1
    extended = [blank]
    for label in labels:
        extended += [label, blank]
    states = len(extended)
    if steps == 0:
        return 0.0 if not labels else np.inf
    alpha = np.full((steps, states), -np.inf)
    alpha[0, 0] = logp[0, blank]
    if states > 1:
        alpha[0, 1] = logp[0, extended[1]]
    for t in range(1, steps):
        for s in range(states):
            incoming = [alpha[t - 1, s]]
            if s >= 1:
                incoming.append(alpha[t - 1, s - 1])
            if s >= 2 and extended[s] != blank and extended[s] != extended[s - 2]:
                incoming.append(alpha[t - 1, s - 2])
            alpha[t, s] = np.logaddexp.reduce(incoming) + logp[t, extended[s]]
    ends = [alpha[steps - 1, states - 1]]
    if states > 1:
        ends.append(alpha[steps - 1, states - 2])
    return -np.logaddexp.reduce(ends)


def ctc_batch_cost(y_true, y_pred, input_length, label_length, epsilon=EPSILON):
    samples, steps, _ = y_pred.shape
    out = np.zeros((samples, 1))
    for b in range(samples):
        length = min(int(np.ravel(input_length)[b]), steps)
        logp = _sample_log_probabilities(y_pred[b], length, epsilon)
        labels = [int(v) for v in y_true[b, :int(np.ravel(label_length)[b])]]
        out[b, 0] = _sample_loss(logp, labels)
    return out


def _padded(sequences):
    width = max((len(s) for s in sequences), default=0)
    out = np.full((len(sequences), width), -1, dtype=np.int64)
    for b, sequence in enumerate(sequences):
        out[b, :len(sequence)] = sequence
    return out


def _greedy(y_pred, input_length, epsilon):
    samples, steps, classes = y_pred.shape
    sequences, log_prob = [], np.zeros((samples, 1))
    for b in range(samples):
        sequence, previous = [], -1
        for t in range(min(int(np.ravel(input_length)[b]), steps)):
            scores = np.log(y_pred[b, t] + epsilon)
            best = int(np.argmax(scores))
            log_prob[b, 0] -= scores[best]
            if best != classes - 1 and best != previous:
                sequence.append(best)
            previous = best
        sequences.append(sequence)
    return [_padded(sequences)], log_prob


def _beam_search(logp, beam_width, top_paths, merge_repeated):
    """Prefix beam search (Graves 2012; Hannun et al. 2014): beams are label prefixes with the probabilities of the
    alignments so far ending in a blank and ending in the prefix's last label."""
    blank = logp.shape[1] - 1
    beams = {(): (0.0, -np.inf)}  # prefix -> (log p ending in blank, log p ending in its last label)
    for row in logp:
        candidates = {prefix: [-np.inf, -np.inf] for prefix in beams}  # existing beams first (they win ties)
        for prefix, (p_blank, p_label) in beams.items():
            total = np.logaddexp(p_blank, p_label)
            candidates[prefix][0] = np.logaddexp(candidates[prefix][0], total + row[blank])
            if prefix:  # repeat the last label without a blank in between: same prefix
                candidates[prefix][1] = np.logaddexp(candidates[prefix][1], p_label + row[prefix[-1]])
            for label in range(blank):
                extended = prefix + (label,)
                source = p_blank if prefix and label == prefix[-1] else total  # a repeat needs a blank first
                entry = candidates.setdefault(extended, [-np.inf, -np.inf])
                entry[1] = np.logaddexp(entry[1], source + row[label])
        ranked = sorted(candidates.items(), key=lambda item: -np.logaddexp(*item[1]))  # stable: order kept on ties
        beams = {prefix: tuple(p) for prefix, p in ranked[:beam_width] if np.logaddexp(*p) > -np.inf}
    ranked = sorted(beams.items(), key=lambda item: -np.logaddexp(*item[1]))[:top_paths]
    out = []
    for prefix, (p_blank, p_label) in ranked:
        if merge_repeated:
            prefix = tuple(label for i, label in enumerate(prefix) if i == 0 or label != prefix[i - 1])
        out.append((prefix, np.logaddexp(p_blank, p_label)))
    return out + [((), -np.inf)] * (top_paths - len(out))


def ctc_decode(y_pred, input_length, greedy=True, beam_width=100, top_paths=1, merge_repeated=False,
               epsilon=EPSILON):
    if greedy:
        return _greedy(y_pred, input_length, epsilon)
    samples, steps, _ = y_pred.shape
    results = []
    for b in range(samples):
        length = min(int(np.ravel(input_length)[b]), steps)
        logp = _sample_log_probabilities(y_pred[b], length, epsilon)
        results.append(_beam_search(logp, beam_width, top_paths, merge_repeated))
    decoded = [_padded([results[b][k][0] for b in range(samples)]) for k in range(top_paths)]
    log_prob = np.array([[score for _, score in result] for result in results]).reshape(samples, top_paths)
    return decoded, log_prob


def ctc_label_dense_to_sparse(labels, label_lengths):
    """The dense value of the sparse result: labels within their lengths, zeros elsewhere."""
    dense = np.zeros_like(labels)
    for b in range(labels.shape[0]):
        length = int(np.ravel(label_lengths)[b])
        dense[b, :length] = labels[b, :length]
    return dense
