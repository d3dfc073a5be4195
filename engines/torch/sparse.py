"""PyTorch engine: sparse tensors are torch tensors with a sparse layout (COO, CSR, ...); ``sparse_coo`` and
``sparse_tensor`` (``K.variable`` of a sparse value) build coalesced COO tensors. ``sparse_matmul`` is torch's sparse
product (bool, which has no kernel, computes on dense values); ``sparse_concatenate`` joins COO tensors."""
import numpy as np
import torch

from kbackend.engine_api import is_scipy_sparse

from .core import TORCH_DTYPES, convert

__all__ = ["is_sparse", "to_dense", "sparse_coo", "sparse_tensor", "sparse_matmul", "sparse_concatenate"]

Tensor = torch.Tensor
_STRIDED = torch.strided
_sparse_coo_tensor = torch.sparse_coo_tensor
_COO = torch.sparse_coo


def is_sparse(tensor):
    return isinstance(tensor, Tensor) and tensor.layout is not _STRIDED


def to_dense(tensor):
    if isinstance(tensor, Tensor) and tensor.layout is not _STRIDED:
        return tensor.to_dense()
    if is_scipy_sparse(tensor):
        return convert(tensor.toarray())
    return convert(tensor)


def sparse_coo(indices, values, shape):
    values = convert(values)
    indices = torch.as_tensor(np.asarray(indices, dtype=np.int64).reshape(-1, len(shape)).T, device=values.device)
    return _sparse_coo_tensor(indices, values, tuple(shape), check_invariants=True).coalesce()


def sparse_tensor(value, dtype):
    if is_sparse(value):
        return value.to(TORCH_DTYPES[dtype], copy=True)
    if not is_scipy_sparse(value):
        raise TypeError(f"Expected a sparse tensor or a scipy.sparse matrix, got {type(value).__name__}")
    coo = value.tocoo()
    indices = torch.as_tensor(np.stack(coo.coords).astype(np.int64))
    values = torch.as_tensor(np.asarray(coo.data)).to(TORCH_DTYPES[dtype])
    return _sparse_coo_tensor(indices, values, coo.shape, check_invariants=False).coalesce()


def sparse_matmul(x, y):
    """The dense product of the 2-D sparse tensor ``x`` and the dense 2-D tensor ``y`` (of one dtype)."""
    if x.dtype is torch.bool:
        return torch.matmul(x.to_dense().to(torch.int64), y.to(torch.int64)) != 0
    return torch.sparse.mm(x, y)


def sparse_concatenate(tensors, axis):
    """The sparse tensors (one dtype, shapes checked by the facade) joined along ``axis``, as a COO tensor."""
    return torch.cat([t if t.layout is _COO else t.to_sparse_coo() for t in tensors], axis).coalesce()
