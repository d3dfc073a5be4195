"""kbackend-tinyengine: a third-party kbackend engine, the worked example of the README's "Writing and testing a new
engine".

This module is the engine's declaration (see ``kbackend.engine_api.DECLARATION_KEYS``): it imports no framework, so
that ``kbackend engines`` lists the engine without loading it. The distribution registers it in its pyproject.toml
under the entry-point group ``kbackend.engines`` as ``tiny``; ``KERAS_BACKEND=tiny`` selects it. The primitives
(``core``) are kbackend's ``CORE`` on NumPy; every other function is kbackend's generic implementation.
"""
NAME = "tiny"
FRAMEWORK = "numpy"
INSTALL = "pip install numpy"
MODULES = ("core",)
CAPABILITIES = {
    "dtypes": ("float16", "float32", "float64", "int32", "int64", "bool"),
    # No automatic differentiation of its own: K.gradients transforms the recorded graph with kbackend's gradient
    # rules (written once on the engine functions), which cover the usual losses; for a loss through a function
    # without a rule (a convolution, K.rnn, ...) it raises engine_api.NoAutodiffError, which the conformance suite
    # reports as an expected failure naming this declaration.
    "gradients": False,
    "gradient_rules": True,
    "jit": False,  # K.function runs the recorded graph op by op
    "sparse": False,  # no sparse tensors: the sparse checks are expected failures naming this declaration
    "devices": ("cpu",),
}
# Conformance cases the engine is known to fail, each with its reason ({case id pattern: reason}); none beyond the
# capabilities it declares it lacks.
KNOWN_GAPS = {}
