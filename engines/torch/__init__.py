"""The PyTorch engine: declaration (imports no framework; the modules in MODULES import torch when selected)."""
NAME = "torch"
FRAMEWORK = "torch"
INSTALL = 'pip install "kbackend[torch]"'
MODULES = ("core", "math", "reductions", "shape", "linalg", "random", "nn", "conv", "ctc", "sparse", "graph")
KNOWN_GAPS = "known_gaps"
CAPABILITIES = {
    "dtypes": ("float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"),
    "gradients": "torch.autograd",  # through the graph (issue 4)
    "jit": False,             # eager: K.function runs the graph op by op
    "sparse": "torch.sparse_coo_tensor",
    "devices": ("cpu",),
}
