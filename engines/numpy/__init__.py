"""The NumPy engine: declaration (imports nothing heavy)."""
NAME = "numpy"
FRAMEWORK = "numpy"
INSTALL = "pip install kbackend"
MODULES = ("core", "math", "shape", "linalg", "random", "nn", "conv", "ctc", "sparse", "graph")
KNOWN_GAPS = "known_gaps"
CAPABILITIES = {
    "dtypes": ("float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"),
    "gradients": "autograd",  # through the graph (issue 4): the fallback where a function has no gradient rule
    # K.gradients as a graph transformation (kbackend.graph.grad_rules) where its rules cover the loss: no autograd
    # then, and 2x (MLP) to 4x (tiny MLP) faster training steps than autograd
    "gradient_rules": True,
    "jit": False,
    "sparse": "scipy.sparse",
    "devices": ("cpu",),
}
# Capabilities that need a package beyond NumPy: {capability: (module, install command)} (see kbackend._optional).
OPTIONAL = {
    "gradients": ("autograd", "pip install autograd (a dependency of kbackend)"),
    "sparse": ("scipy.sparse", 'pip install "kbackend[sparse]"'),
}
