"""PyTensor engine: generic functions run as one eager graph each, on small inputs.

A generic function (``kbackend.engine_api.GENERIC_FUNCTIONS``, written once on the engine core) makes one engine
call per operation: an eager ``K.softmax`` was five compiled PyTensor functions called in turn (max, subtract, exp,
sum, divide), each with its own signature lookup and call. On inputs of at most ``SMALL_INPUTS`` elements, where
those calls cost more than the arithmetic, the same generic code builds one PyTensor graph on symbolic inputs
(every engine function builds graph nodes on symbolic inputs), compiled once per input signature and called once
(``compiled.graph_function``); each operation is still computed by its NumPy implementation, in the same order.
Larger inputs take the generic path, one engine call per operation (a whole graph that NumPy cannot vectorise
would run in unfused C: the crossentropy of 1000x1000 took 15 ms that way against 7 ms). On symbolic inputs (a
program being traced) both add the same nodes. Measured (8x8 float32, eager, one thread, ``benchmarks.per_call``):
relu 45 -> 21 us, softmax 63 -> 35 us, categorical_crossentropy 267 -> 205 us.

Only functions whose arguments are tensors, numbers, strings, None and tuples of them (what a signature can hold)
are composed; random functions are not (each call draws with a new seed).
"""
import builtins
import inspect

import numpy as np

from kbackend.engine_api import GENERIC_FUNCTIONS, active_engine

from .compiled import SMALL_INPUTS, graph_function, is_symbolic

COMPOSED = ("relu", "elu", "softmax", "log_softmax", "softsign", "hard_sigmoid", "softplus", "logsumexp",
            "l2_normalize", "square", "clip", "categorical_crossentropy", "binary_crossentropy",
            "sparse_categorical_crossentropy", "softmax_categorical_crossentropy", "bias_add", "log1p", "expm1")

__all__ = list(COMPOSED)

_ndarray = np.ndarray


def _composed(name):
    """The generic function ``name`` as one eager graph; on values whose graph cannot be built (a generic function
    that reads a size the input's type does not hold, say), or that its graph rejects, the generic function itself
    runs (and computes, or raises the error every engine raises)."""
    generic = GENERIC_FUNCTIONS[name]
    parameters = list(inspect.signature(generic).parameters.values())[1:]  # without the engine namespace E

    def body(*args):
        return generic(active_engine().ops, *args)
    body.__name__ = body.__qualname__ = name
    body.__signature__ = inspect.Signature(parameters)
    one_graph = graph_function(body)

    def call(*args, **kwargs):
        if builtins.sum(a.size for a in args if type(a) is _ndarray) > SMALL_INPUTS:
            return generic(active_engine().ops, *args, **kwargs)
        try:
            return one_graph(*args, **kwargs)
        except Exception:
            if builtins.any(map(is_symbolic, args)) or builtins.any(map(is_symbolic, kwargs.values())):
                raise
            return generic(active_engine().ops, *args, **kwargs)
    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"The generic ``{name}`` as one eager PyTensor graph (see the module's docstring)."
    call.__wrapped__ = body  # (its signature: the generic function's without the engine namespace)
    call.cache = one_graph.cache
    return call


relu, elu, softmax, log_softmax, softsign, hard_sigmoid, softplus, logsumexp, l2_normalize, square, clip, \
    categorical_crossentropy, binary_crossentropy, sparse_categorical_crossentropy, softmax_categorical_crossentropy, \
    bias_add, log1p, expm1 = map(_composed, COMPOSED)
