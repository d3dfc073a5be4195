"""All conformance cases, as data, one module per area of the API."""
from . import config, conv, ctc, graph, legacy, linalg, lists, math, nn, random, shape, sparse, tensors, variables

MODULES = (config, tensors, variables, sparse, lists, math, linalg, shape, nn, conv, random, graph, ctc, legacy)


def all_cases():
    cases = []
    for module in MODULES:
        cases.extend(module.CASES)
    return cases
