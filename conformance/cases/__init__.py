"""All conformance cases, as data, one module per area of the API."""
from . import config, linalg, math, tensors, variables

MODULES = (config, tensors, variables, math, linalg)


def all_cases():
    cases = []
    for module in MODULES:
        cases.extend(module.CASES)
    return cases
