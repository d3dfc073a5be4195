"""The PyTensor engine (Keras 2's Theano backend, continued): declaration (imports nothing heavy).

Eager tensors are ``numpy.ndarray``; every function is written once with ``pytensor.tensor`` operations, so it also
builds graphs on symbolic PyTensor variables. Eager calls compile that graph once per input signature and cache it
(``compiled.py``); ``K.function`` traces its whole program into one PyTensor graph (``graph.py``).
"""
NAME = "pytensor"
FRAMEWORK = "pytensor"
INSTALL = 'pip install "kbackend[pytensor]"'
ALIASES = ("theano",)  # names that select this engine too (Keras 2's keras.json says "backend": "theano")
MODULES = ("core", "math", "shape", "random", "graph", "composed")
KNOWN_GAPS = "known_gaps"
CAPABILITIES = {
    "dtypes": ("float16", "float32", "float64", "int8", "int16", "int32", "int64",
               "uint8", "uint16", "uint32", "uint64", "bool"),
    "gradients": "pytensor.grad",
    # K.gradients transforms the recorded graph with kbackend's rules (pytensor.grad where a function has none):
    # measured faster (tiny MLP training step, C programs, one thread: 17,300 to 18,100 steps/s against 14,100 to
    # 16,200 with pytensor.grad for the whole loss; first call with a warm compile folder 0.9 to 1.3 s against 1.2
    # to 2.0 s); the conformance gradient cases (-k grad, gradients of gradients included) pass on both paths.
    "gradient_rules": True,
    "jit": "pytensor.function",
    "sparse": False,
    "devices": ("cpu",),
}
