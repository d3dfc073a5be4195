"""TensorFlow engine: CTC on TensorFlow's kernels, usable inside ``tf.function``.

* ``ctc_batch_cost``: the ``CTCLoss`` kernel (float32/float64; float16 computed in float32) on sparse labels built
  with tensor ops; samples whose labels cannot fit their input length get ``+inf`` (the kernel would skip them).
* ``ctc_decode``: greedy with ``tf.nn.ctc_greedy_decoder``; beam search with kbackend's prefix beam search (the one
  every engine uses, so that all engines decode alike) inside ``tf.numpy_function``.
* ``ctc_label_dense_to_sparse``: a ``tf.SparseTensor`` built with ``tf.sequence_mask`` / ``tf.where``.
"""
from kbackend.engine_api import SETTINGS, decode_host

from .core import TF_DTYPES, convert, dtype_of, tf
from .devices import follow_inputs_in_module

__all__ = ["ctc_batch_cost", "ctc_decode", "ctc_label_dense_to_sparse"]

_CTCLoss = tf.raw_ops.CTCLoss
_INT32, _INT64, _FLOAT32, _FLOAT64 = tf.int32, tf.int64, tf.float32, tf.float64
_NEG = -1e30  # log(0) as a finite number (no inf - inf in the recursion)
_FLOATS = ("float16", "float32", "float64")


def _float(y_pred):
    """``y_pred`` as a tensor, its result dtype name and the dtype the kernels compute in."""
    y_pred = convert(y_pred)
    dtype = dtype_of(y_pred)
    if dtype not in _FLOATS:
        dtype = SETTINGS.floatx
    compute = _FLOAT32 if dtype == "float16" else TF_DTYPES[dtype]
    return tf.cast(y_pred, compute), dtype


def _sparse_labels(labels, lengths):
    """Indices (int64) and values of ``labels[i, j]`` for ``j < lengths[i]``."""
    mask = tf.sequence_mask(lengths, tf.shape(labels)[1])
    indices = tf.where(mask)
    return indices, tf.gather_nd(labels, indices)


def ctc_label_dense_to_sparse(labels, label_lengths):
    labels = convert(labels)
    indices, values = _sparse_labels(labels, tf.cast(label_lengths, _INT32))
    return tf.SparseTensor(indices, values, tf.shape(labels, out_type=_INT64))


def _shift(x, k, fill):
    """``x`` (batch, width) shifted right by ``k`` along axis 1."""
    return tf.pad(x, [[0, 0], [k, 0]], constant_values=fill)[:, :tf.shape(x)[1]]


@tf.function(reduce_retracing=True)
def _forward(logp, labels, input_length, label_length):
    """-log p(labels) by the forward algorithm in log space (tf.scan over the steps), for float64: TensorFlow's
    CTCLoss kernel computes its double version to about 1e-8 only."""
    batch, steps, classes = tf.unstack(tf.shape(logp))
    blank = classes - 1
    width = 2 * tf.shape(labels)[1] + 1
    labels = tf.clip_by_value(labels, 0, blank)
    ext = tf.reshape(tf.stack([tf.fill(tf.shape(labels), blank), labels], 2), [batch, -1])
    ext = tf.concat([ext, tf.fill([batch, 1], blank)], 1)  # blank, l1, blank, l2, ..., blank
    emissions = tf.gather(logp, ext, axis=2, batch_dims=1)  # (batch, steps, width)
    skip = tf.logical_and(tf.not_equal(ext, blank), tf.not_equal(ext, _shift(ext, 2, -1)))
    lengths = tf.expand_dims(input_length, 1)

    def step(alpha, inputs):
        t, emission = inputs
        stay, move = alpha, _shift(alpha, 1, _NEG)
        jump = tf.where(skip, _shift(alpha, 2, _NEG), tf.constant(_NEG, alpha.dtype))
        peak = tf.maximum(tf.maximum(stay, move), jump)
        new = peak + tf.math.log(tf.exp(stay - peak) + tf.exp(move - peak) + tf.exp(jump - peak)) + emission
        return tf.where(t < lengths, new, alpha)

    start = tf.concat([tf.zeros([batch, 1], logp.dtype), tf.fill([batch, width - 1], tf.constant(_NEG, logp.dtype))], 1)
    alpha = tf.foldl(step, (tf.range(steps), tf.transpose(emissions, [1, 0, 2])), start)
    end = tf.expand_dims(2 * label_length, 1)
    position = tf.expand_dims(tf.range(width), 0)
    final = tf.logical_or(tf.equal(position, end), tf.equal(position, end - 1))
    return -tf.reduce_logsumexp(tf.where(final, alpha, tf.constant(_NEG, alpha.dtype)), 1)


def ctc_batch_cost(y_true, y_pred, input_length, label_length, epsilon):
    y, dtype = _float(y_pred)
    steps = tf.shape(y)[1]
    labels = tf.cast(convert(y_true), _INT32)
    label_length = tf.minimum(tf.cast(label_length, _INT32), tf.shape(labels)[1])
    input_length = tf.minimum(tf.cast(input_length, _INT32), steps)
    logits = tf.math.log(y + tf.cast(epsilon, y.dtype))
    if y.dtype == _FLOAT64:
        loss = _forward(tf.nn.log_softmax(logits, 2), labels, input_length, label_length)
    else:
        # The kernel rejects empty label sequences: give them a dummy label, then their loss is -sum log p(blank).
        empty = tf.equal(label_length, 0)
        indices, values = _sparse_labels(tf.clip_by_value(labels, 0, tf.maximum(tf.shape(y)[2] - 2, 0)),
                                         tf.where(empty, 1, label_length))
        loss, _ = _CTCLoss(inputs=tf.transpose(logits, [1, 0, 2]), labels_indices=indices, labels_values=values,
                           sequence_length=input_length, ignore_longer_outputs_than_inputs=True)
        blank = tf.nn.log_softmax(logits, 2)[:, :, -1]
        blank_loss = -tf.reduce_sum(tf.where(tf.range(steps)[None, :] < input_length[:, None], blank, 0.0), 1)
        loss = tf.where(empty, blank_loss, loss)
    # A label sequence needs one step per label plus one blank between equal neighbours; else the loss is +inf.
    within = tf.sequence_mask(label_length - 1, tf.shape(labels)[1] - 1)
    repeats = tf.reduce_sum(tf.cast(tf.logical_and(within, tf.equal(labels[:, 1:], labels[:, :-1])), _INT32), 1)
    loss = tf.where(label_length + repeats > input_length, tf.constant(float("inf"), loss.dtype), loss)
    return tf.cast(tf.expand_dims(loss, 1), TF_DTYPES[dtype])


def _greedy(y, input_length, dtype, epsilon):
    steps = tf.shape(y)[1]
    lengths = tf.minimum(tf.cast(input_length, _INT32), steps)
    logits = tf.math.log(tf.transpose(y, [1, 0, 2]) + tf.cast(epsilon, y.dtype))
    (decoded,), log_prob = tf.nn.ctc_greedy_decoder(logits, lengths, merge_repeated=True)
    dense = tf.sparse.to_dense(decoded, default_value=tf.constant(-1, _INT64))
    return [dense], tf.cast(log_prob, TF_DTYPES[dtype])


def ctc_decode(y_pred, input_length, greedy, beam_width, top_paths, merge_repeated, epsilon):
    y, dtype = _float(y_pred)
    if greedy:
        return _greedy(y, input_length, dtype, epsilon)

    def host(values, lengths):
        decoded, log_prob = decode_host(values, lengths, False, beam_width, top_paths, merge_repeated, epsilon)
        return (*decoded, log_prob.astype(y.dtype.as_numpy_dtype))

    outputs = tf.numpy_function(host, [y, convert(input_length)], [_INT64] * top_paths + [y.dtype], stateful=False)
    decoded, log_prob = list(outputs[:top_paths]), outputs[top_paths]
    for d in decoded:
        d.set_shape((None, None))
    log_prob.set_shape((None, top_paths))
    return decoded, tf.cast(log_prob, TF_DTYPES[dtype])


follow_inputs_in_module(globals(), __all__)
