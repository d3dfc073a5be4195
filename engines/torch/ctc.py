"""PyTorch engine: ``ctc_batch_cost`` on ``torch.nn.functional.ctc_loss`` (blank = last class, no reduction;
float16 computed in float32; lengths beyond the axes clamped); ``ctc_label_dense_to_sparse`` as a COO tensor.
``ctc_decode`` is kbackend's generic decoder (host side, as TensorFlow's: it reads the predictions back to the host).
Labels and lengths join the device of the predictions."""
import torch
import torch.nn.functional as F

from kbackend.engine_api import SETTINGS

from .core import TORCH_DTYPES, convert, convert_on

__all__ = ["ctc_batch_cost", "ctc_label_dense_to_sparse"]

_LONG, _FLOAT32 = torch.long, torch.float32
_ctc_loss = F.ctc_loss


def ctc_batch_cost(y_true, y_pred, input_length, label_length, epsilon):
    y = convert(y_pred)
    if not y.is_floating_point():
        y = y.to(TORCH_DTYPES[SETTINGS.floatx])
    dtype = y.dtype
    if dtype is torch.float16:
        y = y.to(_FLOAT32)
    _, steps, classes = y.shape
    labels = convert_on(y_true, y).to(_LONG)
    log_probs = torch.log(y + epsilon).log_softmax(2).transpose(0, 1)  # (steps, samples, classes), normalised
    input_length = convert_on(input_length, y).to(_LONG).clamp(0, steps)
    label_length = convert_on(label_length, y).to(_LONG).clamp(0, labels.shape[1])
    loss = _ctc_loss(log_probs, labels.clamp(0, classes - 1), input_length, label_length, blank=classes - 1,
                     reduction="none", zero_infinity=False)
    return loss.unsqueeze(1).to(dtype)


def ctc_label_dense_to_sparse(labels, label_lengths):
    labels = convert(labels)
    lengths = convert_on(label_lengths, labels).to(_LONG)
    mask = torch.arange(labels.shape[1], device=labels.device).unsqueeze(0) < lengths.unsqueeze(1)
    return torch.sparse_coo_tensor(mask.nonzero().T, labels[mask], tuple(labels.shape), check_invariants=False,
                                   is_coalesced=True)  # nonzero() gives sorted, unique indices
