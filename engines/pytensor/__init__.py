"""The PyTensor engine (Keras 2's Theano backend, continued): declaration (imports nothing heavy).

Eager tensors are ``numpy.ndarray``; every function is written once with ``pytensor.tensor`` operations, so it also
builds graphs on symbolic PyTensor variables. Eager calls compile that graph once per input signature and cache it
(``compiled.py``); ``K.function`` traces its whole program into one PyTensor graph (``graph.py``).
"""
NAME = "pytensor"
FRAMEWORK = "pytensor"
INSTALL = 'pip install "kbackend[pytensor]"'
ALIASES = ("theano",)  # names that select this engine too (Keras 2's keras.json says "backend": "theano")
MODULES = ("core", "math", "shape", "random", "graph")
KNOWN_GAPS = "known_gaps"
CAPABILITIES = {
    "dtypes": ("float16", "float32", "float64", "int8", "int16", "int32", "int64",
               "uint8", "uint16", "uint32", "uint64", "bool"),
    "gradients": "pytensor.grad",
    "jit": "pytensor.function",
    "sparse": False,
    "devices": ("cpu",),
}
