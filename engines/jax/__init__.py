"""The JAX engine: declaration (imports nothing heavy; JAX is imported by the implementation modules)."""
NAME = "jax"
FRAMEWORK = "jax"
INSTALL = 'pip install "kbackend[jax]"'
MODULES = ("core", "math", "reductions", "shape", "linalg", "random", "nn", "conv", "ctc", "sparse", "graph", "control",
           "devices")
KNOWN_GAPS = "known_gaps"
CAPABILITIES = {
    "dtypes": ("float16", "float32", "float64", "int8", "int16", "int32", "int64",
               "uint8", "uint16", "uint32", "uint64", "bool"),
    "gradients": "jax",   # jax.grad / jax.vjp through the graph
    "jit": "jax.jit",
    "sparse": "jax.experimental.sparse.BCOO",
    # device kinds results stay on: one CPU device and meshes of several are tested (8 host devices,
    # tests/engines/test_jax_sharding.py); GPU and TPU take the same code paths, untested here
    "devices": ("cpu", "gpu", "tpu"),
}
