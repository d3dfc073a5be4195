"""The TensorFlow engine: declaration (imports nothing heavy; TensorFlow is imported by ``core`` when selected)."""
NAME = "tensorflow"
FRAMEWORK = "tensorflow"
DISTRIBUTIONS = ("tensorflow-cpu", "tensorflow")  # which installed package provides it (for `kbackend info`)
INSTALL = 'pip install "kbackend[tensorflow]"'
MODULES = ("core", "math", "reductions", "shape", "linalg", "random", "nn", "conv", "ctc", "sparse", "graph", "devices")
KNOWN_GAPS = "known_gaps"
CAPABILITIES = {
    "dtypes": ("float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"),
    "gradients": "tf.GradientTape",  # through the graph (issue 4)
    "jit": "tf.function",
    "sparse": "tf.SparseTensor",
    # device kinds results stay on: CPU devices are tested (two logical CPUs, tests/engines/test_tensorflow_devices.py);
    # GPU takes the same code paths, untested here
    "devices": ("cpu", "gpu"),
}
