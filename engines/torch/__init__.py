"""The PyTorch engine: declaration (imports no framework; the modules in MODULES import torch when selected)."""
NAME = "torch"
FRAMEWORK = "torch"
INSTALL = 'pip install "kbackend[torch]"'
MODULES = ("core", "math", "reductions", "shape", "linalg", "random", "nn", "conv", "ctc", "sparse", "graph",
           "devices")
KNOWN_GAPS = "known_gaps"
CAPABILITIES = {
    "dtypes": ("float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"),
    "gradients": "torch.autograd",  # through the graph (issue 4): the fallback where a function has no gradient rule
    # K.gradients as a graph transformation (kbackend.graph.grad_rules): measured faster than torch.autograd on the
    # training-step benchmark (tiny MLP 0.64-0.90x of eager torch against 0.46-0.56x; MLP 0.72-0.88x against 0.69-0.86x)
    "gradient_rules": True,
    # ... except through K.rnn, where the rule's reverse loop (Python-driven reverse steps paying torch's per-op cost)
    # only ties with torch.autograd: 2-layer LSTM benchmark, one thread, against nn.LSTM: wall time interleaved
    # 0.52-0.57x with the rule against 0.56-0.62x with autograd, CPU time 0.57-0.59x against 0.56-0.58x; autograd
    # kept (the benchmark reports wall time)
    "gradient_rules_exclude": ("rnn",),
    "jit": False,             # eager: K.function runs the graph op by op
    "sparse": "torch.sparse_coo_tensor",
    # torch device types results stay on (torch's own names): values are tested on cpu, placement on meta (shape,
    # dtype and device without values: tests/engines/test_torch_devices.py); cuda and mps take the same code paths
    # but no machine of the test suite has one
    "devices": ("cpu", "cuda", "mps", "meta"),
}
