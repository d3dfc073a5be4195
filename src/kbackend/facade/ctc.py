"""Public API: CTC (connectionist temporal classification) loss and decoding, as in Keras 2 on TensorFlow.

``y_pred`` holds softmax probabilities ``(samples, time_steps, num_classes)``; the **blank is the last class**
(``num_classes - 1``); the functions take ``log(y_pred + epsilon())`` first. Lengths may be given as ``(samples, 1)``
or ``(samples,)`` and as integer or float tensors; lengths beyond ``time_steps`` count as ``time_steps``. Tensor
arguments may be the engine's tensors, variables, NumPy arrays or nested lists of numbers.

In graph mode, a call given a symbolic tensor or a variable records a node and returns ``kbackend.SymbolicTensor``
objects (the decoded sequences' lengths are unknown); with known sizes the checks run when the call is recorded.
"""
import numbers
from typing import List, Tuple

from .._config import SETTINGS
from .._registry import ops as _ops
from .._types import Tensor, TensorLike
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
def ctc_label_dense_to_sparse(labels: TensorLike, label_lengths: TensorLike) -> Tensor:
    """The labels of each sample, up to its length, as a sparse tensor (the form ``tf.nn.ctc_loss`` takes).

    Entry ``(i, j)`` holds ``labels[i, j]`` for ``j < label_lengths[i]``; the other entries are absent (zero).

    Arguments:
        labels: ``(samples, max_label_length)``, any numeric dtype (kept).
        label_lengths: ``(samples,)`` or ``(samples, 1)``, integer or float; lengths above ``max_label_length``
            count as ``max_label_length``.

    Returns:
        The active engine's sparse tensor of dense shape ``(samples, max_label_length)`` in the dtype of ``labels``:
        a ``scipy.sparse.coo_array`` (NumPy), a sparse COO ``torch.Tensor``, a ``jax.experimental.sparse.BCOO`` or
        a ``tf.SparseTensor``; a kbackend.SymbolicTensor in graph mode. ``K.to_dense`` makes it dense.

    Raises:
        ValueError: ``labels`` is not 2-D; ``label_lengths`` is not ``(samples,)`` or ``(samples, 1)``.
        ImportError: on the NumPy engine, SciPy is not installed.
    """
    shape = _shape(labels, "labels")
    if len(shape) != 2:
        raise ValueError(f"labels must have shape (samples, max_label_length), got {shape}")
    return _ops.ctc_label_dense_to_sparse(labels, _lengths(label_lengths, shape[0], "label_lengths"))


@graph_aware(fallback=_rules.ctc_batch_cost)
def ctc_batch_cost(y_true: TensorLike, y_pred: TensorLike, input_length: TensorLike,
                   label_length: TensorLike) -> Tensor:
    """The CTC loss of each sample: ``-log p(labels | y_pred)``, the probability summed over every alignment.

    Sample ``i`` reads the first ``input_length[i]`` steps of ``y_pred[i]`` and the first ``label_length[i]``
    labels of ``y_true[i]`` (later values are ignored, e.g. -1 padding). A sample whose labels cannot fit in its
    input length (repeated labels need a blank between them) has a loss of ``+inf``. float16 is computed in
    float32; integer ``y_pred`` computes in ``floatx()``.

    Arguments:
        y_true: ``(samples, max_label_length)`` class indices in ``[0, num_classes - 1)`` (not the blank), integer
            or float.
        y_pred: ``(samples, time_steps, num_classes)`` softmax probabilities, the blank last.
        input_length: ``(samples, 1)`` or ``(samples,)``, the number of valid steps of each sample.
        label_length: ``(samples, 1)`` or ``(samples,)``, the number of labels of each sample.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of shape ``(samples, 1)``, in the float dtype of ``y_pred``.

    Raises:
        ValueError: ``y_pred`` is not 3-D; ``y_true`` is not ``(samples, max_label_length)``; a length tensor is
            not ``(samples,)`` or ``(samples, 1)``.
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
    return [(info[0][:1] + (None,) * (len(info[0]) - 1), info[1])
            if index < count and info and info[0] is not None else info
            for index, info in enumerate(described)]


@graph_aware(shape_rule=_decoded_lengths_unknown, values_matter=True)
def ctc_decode(y_pred: TensorLike, input_length: TensorLike, greedy: bool = True, beam_width: int = 100,
               top_paths: int = 1, merge_repeated: bool = False) -> Tuple[List[Tensor], Tensor]:
    """Decode softmax outputs into label sequences, greedily (best path) or by beam search.

    The greedy decoder takes the most likely class at each valid step, collapses consecutive repeats and drops
    blanks. The beam search (one prefix beam search shared by all engines, as ``tf.nn.ctc_beam_search_decoder``)
    keeps ``beam_width`` candidates and returns the ``top_paths`` most likely sequences. With ``merge_repeated``
    True the beam search also merges equal consecutive labels that a blank separated (``A _ A`` gives ``A``, not
    ``AA``); the default False keeps them (Keras 2.2.5+).

    Arguments:
        y_pred: ``(samples, time_steps, num_classes)`` softmax probabilities, the blank last.
        input_length: ``(samples,)`` (or ``(samples, 1)``), the number of valid steps of each sample.
        greedy: True for the greedy decoder (default), False for the beam search.
        beam_width: beam search only: the number of candidates kept per step, an int >= 1; default 100.
        top_paths: beam search only: how many sequences to return, an int in ``[1, beam_width]``; default 1.
        merge_repeated: beam search only: merge consecutive equal labels of the decoded sequences; default False.

    Returns:
        A tuple ``(decoded, log_prob)``. ``decoded`` is a list of int64 tensors ``(samples, longest_length)`` padded
        with -1: one for greedy, ``top_paths`` for the beam search (best first). ``log_prob`` is ``(samples, 1)``
        for greedy, the negative sum over the steps of the best log-probabilities (a positive number), or
        ``(samples, top_paths)`` for the beam search, the log-probabilities of the sequences (``-inf`` and an empty
        sequence where fewer than ``top_paths`` exist), in the float dtype of ``y_pred``. The tensors are the
        active engine's (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; kbackend.SymbolicTensor in graph
        mode).

    Raises:
        ValueError: ``y_pred`` is not 3-D; ``input_length`` is not ``(samples,)`` or ``(samples, 1)``; for the
            beam search, ``beam_width`` or ``top_paths`` is < 1 or ``top_paths > beam_width``.
        TypeError: for the beam search, ``beam_width`` or ``top_paths`` is not an int.
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
