"""Conformance cases the PyTorch engine is known to fail, each with its reason ({case id pattern: reason}).

The placement gaps are those of torch's ``meta`` device, the stand-in for an accelerator that the suite can always
use: it keeps shapes, dtypes and devices but no values, so a function that must read its inputs' values on the host
cannot run there (on a real accelerator these calls copy the values they need to the host, as their contract says).
"""
_READS_VALUES = ("the function reads its tensor inputs' values on the host (the meta device, which stands in for an "
                 "accelerator in the suite, holds none)")

GAPS = {
    "ctc_decode[*]::placement": "CTC decoding is a host algorithm over the predictions' values: " + _READS_VALUES,
    "ctc_batch_cost[*]::placement": "torch has no meta kernel for its CTC loss (aten::_ctc_loss)",
}
