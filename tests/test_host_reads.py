"""Every place where kbackend may read a value back to the host, listed with its reason (issue 11).

A host read (``.numpy()``, ``.item()``, ``.tolist()``, ``to_numpy``, ``np.asarray``/``np.array``, JAX's
``host_array``/``device_get``) on a tensor that lives on an accelerator is a device-to-host copy and a sync: it must
never sit in a per-call path unless the function's contract is to return host values. This test parses the engines
(not NumPy's, whose tensors are host arrays), the generic fallbacks, the facade and the graph, finds every such call,
and compares the (file, function) pairs with ``DOCUMENTED`` below, which is the documentation of the README's "Devices
and sharding" section. A new read fails the test until it is listed here with its reason; an entry whose read is gone
fails too, so the list stays exact.
"""
import ast
import collections
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCANNED = ("engines/torch", "engines/jax", "engines/tensorflow", "src/kbackend/generic", "src/kbackend/facade",
           "src/kbackend/graph")
READ_METHODS = {"numpy", "item", "tolist", "to_numpy", "device_get"}
READ_FUNCTIONS = {"to_numpy", "host_array", "device_get"}
NUMPY_CONVERSIONS = {"asarray", "array", "asanyarray"}

_INPUTS = "converts NumPy and Python inputs (host data already)"
_ARGS = "reads Python/NumPy arguments (shapes, paddings, fill values, bounds) to build the call"
_CONTRACT = "its contract returns host values"
_MESH = "arranges JAX device objects into a mesh (no tensor values)"
_HOST_INDICES = "checks indices or exponents only when they are in host memory already (no transfer)"
_TENSOR_ARGS = ("an argument that fixes a shape or a count (arange bounds, a transposed convolution's output shape, "
                "slice sizes) given as a tensor: its value decides the result's shape, so it is read once, by the call")
_SPARSE = "the generic sparse fallback builds the result on the host (the built-in engines' sparse tensors are native)"
_CTC = "CTC decoding is a host algorithm (as TensorFlow's decoders are): it reads the predictions"

DOCUMENTED = {
    ("engines/jax/conv.py", "_depthwise"): "a NumPy 0-d padding value (a constant, no tensor)",
    ("engines/jax/conv.py", "_pool"): "NumPy 0-d init values of the window reduction (constants, no tensor)",
    ("engines/jax/core.py", "Variable.assign"): _INPUTS,
    ("engines/jax/core.py", "convert"): _INPUTS,
    ("src/kbackend/generic/coerce.py", "host_array"): _INPUTS,
    ("engines/jax/core.py", "operand"): _INPUTS,
    ("engines/jax/core.py", "to_numpy"): _CONTRACT,
    ("engines/jax/devices.py", "_mesh_of_devices"): _MESH,
    ("engines/jax/devices.py", "_placement_mesh"): _MESH,
    ("engines/jax/graph.py", "feed"): "a K.function feed given as NumPy or Python values (host data already)",
    ("engines/jax/math.py", "_any_negative"): _HOST_INDICES,
    ("engines/jax/shape.py", "_check_indices"): _HOST_INDICES,
    ("engines/jax/shape.py", "_paddings"): _ARGS,
    ("engines/jax/sparse.py", "sparse_coo"): _INPUTS,
    ("engines/jax/sparse.py", "sparse_tensor"): _INPUTS,
    ("engines/tensorflow/core.py", "_number"): "K.arange with tensor bounds (its length depends on them)",
    ("engines/tensorflow/core.py", "_scalar"): _INPUTS,
    ("engines/tensorflow/core.py", "convert"): _INPUTS,
    ("engines/tensorflow/core.py", "full"): _ARGS,
    ("engines/tensorflow/core.py", "ints"): _ARGS,
    ("engines/tensorflow/core.py", "to_numpy"): _CONTRACT,
    ("engines/tensorflow/graph.py", "print_value"): "K.print_tensor prints the value (its contract)",
    ("engines/tensorflow/nn.py", "softmax"): ("reads one sum of the output only when it lives on a CPU device (host "
                                              "memory: no transfer), to skip the NaN-row fix"),
    ("engines/tensorflow/shape.py", "_hashable"): _ARGS,
    ("engines/tensorflow/shape.py", "_paddings"): _ARGS,
    ("engines/tensorflow/shape.py", "pad"): _ARGS,
    ("engines/tensorflow/shape.py", "take"): ("host indices are checked on the host; device indices are read only on "
                                              "the error path, after TensorFlow's kernel has refused them"),
    ("engines/tensorflow/sparse.py", "sparse_coo"): _INPUTS,
    ("engines/tensorflow/sparse.py", "sparse_tensor"): _INPUTS,
    ("engines/torch/core.py", "full"): _ARGS,
    ("engines/torch/core.py", "to_numpy"): _CONTRACT,
    ("engines/torch/math.py", "_bound"): "checks that a Python int clip bound fits the dtype (no tensor)",
    ("engines/torch/shape.py", "pad"): _ARGS,
    ("engines/torch/sparse.py", "sparse_coo"): _INPUTS,
    ("engines/torch/sparse.py", "sparse_tensor"): _INPUTS,
    ("src/kbackend/facade/_checks.py", "real_number"): ("a number argument (a clip bound, a dropout level, an alpha) "
                                                        "given as a 0-d tensor: Keras 2 reads it as a number"),
    ("src/kbackend/facade/_conv_args.py", "hashable"): _ARGS,
    ("src/kbackend/facade/_shape_args.py", "as_int"): _TENSOR_ARGS,
    ("src/kbackend/facade/_shape_args.py", "as_ints"): _TENSOR_ARGS,
    ("src/kbackend/facade/_shape_args.py", "padding_pairs"): _ARGS,
    ("src/kbackend/facade/config.py", "Session.run"): "the legacy session's run returns NumPy (its contract)",
    ("src/kbackend/facade/config.py", "cast_to_floatx"): "K.cast_to_floatx returns a NumPy array (its contract)",
    ("src/kbackend/facade/conv.py", "_dim"): _TENSOR_ARGS,
    ("src/kbackend/facade/conv.py", "_shape_argument"): _TENSOR_ARGS,
    ("src/kbackend/facade/shape.py", "_number"): _TENSOR_ARGS,
    ("src/kbackend/facade/static_shapes.py", "slice"): _TENSOR_ARGS,
    ("src/kbackend/facade/tensors.py", "_host"): "K.eval / K.get_value return NumPy (their contract)",
    ("src/kbackend/facade/tensors.py", "_host_shape"): "K.shape of a recorded call: the static shape (no values)",
    ("src/kbackend/facade/tensors.py", "shape"): "K.shape builds a host int32 tensor from the static shape",
    ("src/kbackend/facade/variables.py", "constant"): _INPUTS,
    ("src/kbackend/facade/variables.py", "set_value"): _INPUTS,
    ("src/kbackend/generic/ctc.py", "beam_search"): _CTC,
    ("src/kbackend/generic/ctc.py", "ctc_decode"): _CTC,
    ("src/kbackend/generic/ctc.py", "ctc_label_dense_to_sparse"): ("the label lengths decide the sparse result's "
                                                                   "number of entries"),
    ("src/kbackend/generic/ctc.py", "decode_host"): _CTC,
    ("src/kbackend/generic/graph.py", "print_value"): "K.print_tensor prints the value (its contract)",
    ("src/kbackend/generic/nn.py", "log_probability_bounds"): "rounds epsilon in the dtype (a Python number)",
    ("src/kbackend/generic/random.py", "truncated_normal"): ("the generic fallback redraws until no value is beyond "
                                                             "two deviations; every built-in engine draws natively"),
    ("src/kbackend/generic/tensors.py", "sparse_concatenate"): _SPARSE,
    ("src/kbackend/generic/tensors.py", "sparse_coo"): _SPARSE,
    ("src/kbackend/graph/control.py", "switch_values"): ("K.switch with a 0-d tensor condition in eager mode picks a "
                                                         "branch by its value"),
    ("src/kbackend/graph/function.py", "Function.__call__"): "K.function returns NumPy outputs (its contract)",
    ("src/kbackend/graph/variable.py", "Variable.__array__"): "np.asarray(variable) asks for host values",
    ("src/kbackend/graph/variable.py", "Variable.__bool__"): "bool(variable) asks for a host value",
    ("src/kbackend/graph/variable.py", "Variable.__float__"): "float(variable) asks for a host value",
    ("src/kbackend/graph/variable.py", "Variable.__int__"): "int(variable) asks for a host value",
    ("src/kbackend/graph/variable.py", "Variable.numpy"): "variable.numpy() asks for host values",
}


def _read_call(call):
    """The name of the host read ``call`` makes, or None."""
    func = call.func
    if isinstance(func, ast.Attribute):
        if func.attr in READ_METHODS:
            return "." + func.attr
        if func.attr in NUMPY_CONVERSIONS and isinstance(func.value, ast.Name) and func.value.id in ("np", "numpy"):
            return "np." + func.attr
    elif isinstance(func, ast.Name) and func.id in READ_FUNCTIONS:
        return func.id
    return None


def host_reads():
    """{(file, enclosing function or class.method): sorted read names} over the scanned folders."""
    found = collections.defaultdict(set)

    def visit(node, path, scope):
        for child in ast.iter_child_nodes(node):
            inner = scope
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                inner = f"{scope}.{child.name}" if scope else child.name
            elif isinstance(child, ast.Call) and _read_call(child):
                found[(path, scope or "<module>")].add(_read_call(child))
            visit(child, path, inner)

    for folder in SCANNED:
        for file in sorted((ROOT / folder).glob("*.py")):
            visit(ast.parse(file.read_text()), file.relative_to(ROOT).as_posix(), "")
    return {key: sorted(names) for key, names in found.items()}


def test_the_scan_sees_the_engines():
    reads = host_reads()
    assert ("engines/torch/core.py", "to_numpy") in reads and ("engines/jax/core.py", "to_numpy") in reads, reads


def test_every_host_read_is_documented():
    undocumented = sorted(f"{path}::{scope} ({', '.join(names)})" for (path, scope), names in host_reads().items()
                          if (path, scope) not in DOCUMENTED)
    assert not undocumented, ("host reads without a reason in tests/test_host_reads.py DOCUMENTED (a read of a "
                              "device tensor in a per-call path is a sync):\n" + "\n".join(undocumented))


def test_every_documented_read_still_exists():
    reads = host_reads()
    stale = sorted(f"{path}::{scope}" for path, scope in DOCUMENTED if (path, scope) not in reads)
    assert not stale, "entries of DOCUMENTED whose read is gone (remove them):\n" + "\n".join(stale)


def test_reasons_are_given():
    assert all(isinstance(reason, str) and len(reason) > 20 for reason in DOCUMENTED.values())
