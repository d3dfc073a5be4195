"""All conformance cases, as data, one module per area of the API."""
from . import (config, control, conv, ctc, graph, legacy, linalg, math, nn, random, shape, sparse, state, tensors,
               variables)

MODULES = (config, state, tensors, variables, sparse, math, linalg, shape, nn, conv, random, graph, control, ctc,
           legacy)


def all_cases():
    cases = []
    for module in MODULES:
        cases.extend(module.CASES)
    return cases
