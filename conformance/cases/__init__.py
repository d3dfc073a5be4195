"""All conformance cases, as data, one module per area of the API."""
from . import (config, control, conv, ctc, gradients, graph, graph_keras, legacy, linalg, lists, math, nn, non_numeric,
               random, rnn_gradients, shape, sparse, state, tensors, threads, variables)

MODULES = (config, state, tensors, variables, sparse, lists, math, linalg, shape, nn, conv, random, graph, graph_keras,
           gradients, rnn_gradients, control, ctc, legacy, threads, non_numeric)


def all_cases():
    cases = []
    for module in MODULES:
        cases.extend(module.CASES)
    return cases
