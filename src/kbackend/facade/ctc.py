"""Public API: CTC (connectionist temporal classification) loss and decoding, as in Keras 2 on TensorFlow.

``y_pred`` holds softmax probabilities ``(samples, time_steps, num_classes)``; the **blank is the last class**; the
functions take ``log(y_pred + epsilon())`` first. Lengths may be given as ``(samples, 1)`` or ``(samples,)`` and as
integer or float tensors; lengths beyond ``time_steps`` count as ``time_steps``.
"""
import numbers

from .._config import SETTINGS
from .._registry import ops as _ops
from ..graph.dispatch import graph_aware
from . import static_shapes as _rules


def _shape(x, what):
    shape = _ops.shape_of(x)
    if shape is None:
        raise ValueError(f"{what} must be a tensor with a known shape")
    return tuple(shape)


def _same(a, b):
    """Whether two dimensions can be equal (None: unknown, inside a traced function)."""
    return a is None or b is None or a == b


def _lengths(x, batch, what):
    """``x`` as a (batch,) tensor; ValueError unless its shape is (batch,) or (batch, 1)."""
    shape = _shape(x, what)
    if not (len(shape) == 1 or (len(shape) == 2 and _same(shape[1], 1))) or not _same(shape[0], batch):
        raise ValueError(f"{what} must have shape ({batch}, 1) or ({batch},) for {batch} samples, got {shape}")
    return _ops.reshape(_ops.convert(x), (-1,))


def _y_pred(y_pred):
    shape = _shape(y_pred, "y_pred")
    if len(shape) != 3 or not (shape[2] is None or shape[2] >= 1):
        raise ValueError(f"y_pred must have shape (samples, time_steps, num_classes), got {shape}")
    return shape


@graph_aware
def ctc_label_dense_to_sparse(labels, label_lengths):
    """The sparse tensor of the engine (``scipy.sparse.coo_array`` on NumPy, COO ``torch.Tensor``, BCOO,
    ``tf.SparseTensor``) holding ``labels[i, j]`` at ``(i, j)`` for ``j < label_lengths[i]``, of the shape of
    ``labels`` ``(samples, max_label_length)``."""
    shape = _shape(labels, "labels")
    if len(shape) != 2:
        raise ValueError(f"labels must have shape (samples, max_label_length), got {shape}")
    return _ops.ctc_label_dense_to_sparse(labels, _lengths(label_lengths, shape[0], "label_lengths"))


@graph_aware(fallback=_rules.ctc_batch_cost)
def ctc_batch_cost(y_true, y_pred, input_length, label_length):
    """The CTC loss of each sample, shape ``(samples, 1)``: ``-log p(y_true | y_pred)`` summed over alignments.

    ``y_true`` ``(samples, max_label_length)`` holds class indices (values beyond ``label_length`` are ignored, e.g.
    -1 padding); ``input_length`` and ``label_length`` ``(samples, 1)`` give the lengths of each sample. A sample
    whose labels cannot fit in its input length has a loss of ``+inf``. float16 is computed in float32.
    """
    samples, _, _ = _y_pred(y_pred)
    shape = _shape(y_true, "y_true")
    if len(shape) != 2 or not _same(shape[0], samples):
        raise ValueError(f"y_true must have shape ({samples}, max_label_length) for y_pred of {samples} samples, "
                         f"got {shape}")
    return _ops.ctc_batch_cost(y_true, y_pred, _lengths(input_length, samples, "input_length"),
                               _lengths(label_length, samples, "label_length"), SETTINGS.epsilon)


def _positive_int(value, what):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"ctc_decode(): {what} must be an int, got {value!r}")
    if value < 1:
        raise ValueError(f"ctc_decode(): {what} must be at least 1, got {value}")
    return int(value)


def _decoded_lengths_unknown(result, described):
    """The static shapes of ``ctc_decode``'s outputs: the decoded sequences' length depends on the values (the
    log-probabilities' shape does not)."""
    count = len(result[0])
    return [(info[0][:1] + (None,) * (len(info[0]) - 1), info[1]) if index < count and info and info[0] is not None else info
            for index, info in enumerate(described)]


@graph_aware(shape_rule=_decoded_lengths_unknown)
def ctc_decode(y_pred, input_length, greedy=True, beam_width=100, top_paths=1, merge_repeated=False):
    """Decode softmax output: ``(decoded, log_prob)``.

    ``decoded`` is a list of int64 tensors ``(samples, longest_decoded_length)`` padded with -1: one for the greedy
    (best path) decoder, which takes the most likely class per step, collapses repeats and drops blanks; or
    ``top_paths`` for the beam search (``tf.nn.ctc_beam_search_decoder`` with ``beam_width``; ``merge_repeated``
    merges consecutive equal labels of the output sequences). ``log_prob`` is ``(samples, 1)`` for greedy: the
    negative sum of the best log-probabilities over the steps (a positive number); ``(samples, top_paths)`` for
    beam search: the log-probabilities of the decoded sequences (if fewer than ``top_paths`` sequences exist, the
    rest are empty with a log-probability of ``-inf``). ``input_length`` is ``(samples,)``.
    """
    samples, _, _ = _y_pred(y_pred)
    lengths = _lengths(input_length, samples, "input_length")
    greedy = bool(greedy)
    if not greedy:
        beam_width = _positive_int(beam_width, "beam_width")
        top_paths = _positive_int(top_paths, "top_paths")
        if top_paths > beam_width:
            raise ValueError(f"ctc_decode(): top_paths ({top_paths}) must not exceed beam_width ({beam_width})")
    return _ops.ctc_decode(y_pred, lengths, greedy, beam_width, top_paths, bool(merge_repeated), SETTINGS.epsilon)


ENGINE_FUNCTIONS = {name: name for name in ("ctc_label_dense_to_sparse", "ctc_batch_cost", "ctc_decode")}
