"""NumPy engine: CTC comes from kbackend's generic versions (the forward algorithm on the engine core, vectorised
over the batch and the label positions; host-side decoders; scipy.sparse labels through ``sparse_coo``)."""
__all__ = []
