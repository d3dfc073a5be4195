"""Generic tensor helpers: rank, sparse placeholders for dense-only engines, gather."""
__all__ = ["ndim", "is_sparse", "to_dense", "gather"]


def ndim(E, x):
    return len(E.shape_of(x))


def is_sparse(E, tensor):
    return False


def to_dense(E, tensor):
    return E.convert(tensor)


def gather(E, reference, indices):
    return E.take(E.convert(reference), E.convert(indices), 0)
