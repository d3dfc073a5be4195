"""The data model of the conformance suite: cases, properties, tolerances and dtype rules.

A ``Case`` calls one public function with given inputs and compares the result with an independent float64 NumPy
reference (``kbackend.conformance.reference``). Each case is instantiated once per input dtype and checked for
several *properties*, each with its own id, so that one property can be a known gap without hiding the others:

* ``values``: the result equals the reference within the tolerance of the result dtype;
* ``dtype``: ``K.dtype(result)`` is the expected dtype name;
* ``shape``: ``K.int_shape(result)`` is the reference's shape;
* ``error``: (``ErrorCase``) the call raises the expected exception type;
* ``check``: (``CheckCase``) a procedural check of behaviour that is not a pure function (state, variables, RNG);
* ``symbolic``: the same call through placeholders and ``K.function`` gives the same values, shape and dtype;
* ``unknown_shape``: the same, through placeholders whose sizes are all ``None`` and then of unknown rank: the
  static shapes are compatible with the result (``None`` matches any size; unknown rank matches any shape) and the
  values are the eager ones (checked on the first dtype of a case);
* ``placement``: the same call with the tensor inputs on each placement the engine offers besides its default (torch's
  ``meta`` device, JAX arrays spread over several devices): the results live where the inputs live, with the right
  shape and dtype, and the right values where the placement holds values (``kbackend.conformance.placement``; checked
  on the first dtype of a case, on engines that offer a placement on this machine);
* ``gradient``: for the functions in ``DIFFERENTIABLE``, on the float64 instance, ``K.gradients`` matches central
  finite differences of the reference (``graph_properties``).

Ids read ``function[label-dtype]::property``, e.g. ``sum[axis=-1-float16]::values``.
"""
import dataclasses
from typing import Any, Callable, Optional, Tuple

import numpy as np

from kbackend.engine_api import active_engine

FLOATS = ("float16", "float32", "float64")
INTS = ("int32", "int64")
ALL_DTYPES = FLOATS + INTS + ("bool",)
NUMERIC = FLOATS + INTS

# Functions whose gradient property is checked (differentiable in their float tensor inputs, almost everywhere).
DIFFERENTIABLE = frozenset((
    "sum", "prod", "mean", "var", "std", "max", "min", "logsumexp", "cumsum", "cumprod", "square", "abs", "sqrt",
    "exp", "log", "sin", "cos", "pow", "clip", "maximum", "minimum", "dot", "batch_dot", "transpose", "gather",
    "identity",
    # shapes
    "concatenate", "reshape", "permute_dimensions", "resize_images", "resize_volumes", "repeat_elements", "repeat",
    "tile", "flatten", "batch_flatten", "expand_dims", "squeeze", "temporal_padding", "spatial_2d_padding",
    "spatial_3d_padding", "stack", "reverse", "slice",
    # neural-network functions
    "relu", "elu", "softmax", "softplus", "softsign", "sigmoid", "hard_sigmoid", "tanh", "categorical_crossentropy",
    "sparse_categorical_crossentropy", "binary_crossentropy", "l2_normalize", "bias_add", "batch_normalization",
    "normalize_batch_in_training",
    # convolution and pooling
    "conv1d", "conv2d", "conv2d_transpose", "separable_conv1d", "separable_conv2d", "depthwise_conv2d", "conv3d",
    "conv3d_transpose", "pool2d", "pool3d", "local_conv1d", "local_conv2d",
    # CTC and legacy aliases
    "ctc_batch_cost", "deconv2d", "asymmetric_temporal_padding",
    # folds (their step functions are differentiable)
    "foldl", "foldr",
))

# Public functions without a symbolic property (they evaluate or inspect, rather than compute a tensor).
NOT_SYMBOLIC = frozenset(("eval", "get_value", "count_params", "int_shape", "ndim", "dtype", "is_tensor",
                          "is_variable", "is_placeholder", "is_keras_tensor", "is_sparse"))
# Public functions without a placement property: their results describe sizes (an input's shape, or a range whose
# bounds are read as numbers), and are made where the engine makes shape-only tensors (its default placement), as
# TensorFlow keeps shapes in host memory.
SHAPE_RESULTS = frozenset(("shape", "size", "arange"))
# The properties of a golden case whose reference is a hard-coded value (nothing to differentiate).
NO_GRADIENT = ("values", "dtype", "shape", "symbolic", "unknown_shape", "placement")

# (rtol, atol) by result dtype; integers and bools compare exactly.
TOLERANCE = {"float16": (2e-3, 2e-3), "float32": (2e-5, 1e-6), "float64": (1e-10, 1e-12)}


@dataclasses.dataclass(frozen=True)
class T:
    """A tensor input: ``value`` is converted to an engine tensor of the case's dtype (or of ``dtype`` if fixed).

    With ``as_numpy=True`` it is passed as a NumPy array of that dtype instead (inputs may be NumPy arrays)."""
    value: Any
    dtype: Optional[str] = None
    as_numpy: bool = False
    variable: bool = False


def holds_tensor_inputs(arg):
    """Whether ``arg`` is a list or tuple holding ``T`` inputs, at any depth (they are converted in place)."""
    return type(arg) in (list, tuple) and any(isinstance(a, T) or holds_tensor_inputs(a) for a in arg)


# Expected result dtype as a function of (input dtype, floatx).
def same(dtype, floatx):
    return dtype


def float_of(dtype, floatx):
    return dtype if dtype in FLOATS else floatx


def accumulate(dtype, floatx):
    return "int32" if dtype == "bool" else dtype


def boolean(dtype, floatx):
    return "bool"


def int64(dtype, floatx):
    return "int64"


def floatx_default(dtype, floatx):
    return floatx


# A placeholder in Case args/kwargs replaced by the case's dtype name (for dtype= arguments).
DT = "<case dtype>"


def fixed(name):
    def rule(dtype, floatx):
        return name
    rule.__name__ = f"fixed_{name}"
    return rule


@dataclasses.dataclass
class Case:
    """A pure function call compared with the reference, instantiated per dtype in ``dtypes``."""
    fn: str
    args: Tuple = ()
    kwargs: dict = dataclasses.field(default_factory=dict)
    ref: Optional[Callable] = None        # reference(*args_as_float64, **kwargs) -> expected value(s)
    dtypes: Tuple[str, ...] = FLOATS
    result_dtype: Callable = same          # rule for the expected dtype of the result
    label: str = ""
    tolerance: Optional[Tuple[float, float]] = None  # override (rtol, atol)
    properties: Tuple[str, ...] = ("values", "dtype", "shape", "symbolic", "unknown_shape", "placement", "gradient")


@dataclasses.dataclass
class ErrorCase:
    """A call that must raise ``raises`` on every engine."""
    fn: str
    args: Tuple = ()
    kwargs: dict = dataclasses.field(default_factory=dict)
    raises: type = ValueError
    label: str = ""
    dtype: str = "float32"


@dataclasses.dataclass
class CheckCase:
    """A procedural check: ``check(K)`` raises AssertionError on failure (state, variables, randomness)."""
    fn: str
    check: Callable
    label: str = ""
    needs: Optional[str] = None  # an engine capability the check needs (else it is an expected failure)


def case_ids(case):
    """[(case_id, dtype, property)] for every instance of ``case``."""
    if isinstance(case, Case):
        out = []
        for dtype in case.dtypes:
            stem = f"{case.fn}[{case.label + '-' if case.label else ''}{dtype}]"
            out.extend((f"{stem}::{prop}", dtype, prop) for prop in case.properties
                       if (prop != "gradient" or (dtype == "float64" and case.fn in DIFFERENTIABLE))
                       and (prop not in ("symbolic", "unknown_shape") or case.fn not in NOT_SYMBOLIC)
                       and (prop not in ("unknown_shape", "placement") or dtype == case.dtypes[0])
                       and (prop != "placement" or (case.fn not in NOT_SYMBOLIC | SHAPE_RESULTS and has_placed_input(case))))
        return out
    if isinstance(case, ErrorCase):
        return [(f"{case.fn}[{case.label or 'error'}]::error", case.dtype, "error")]
    return [(f"{case.fn}[{case.label or 'check'}]::check", None, "check")]


def has_placed_input(case):
    """Whether ``case`` has a tensor input that is not a NumPy array (the placement property follows those)."""
    return any(_is_placed(a) for a in list(case.args) + list(case.kwargs.values()))


def _is_placed(arg):
    if isinstance(arg, T):
        return not arg.as_numpy
    return type(arg) in (list, tuple) and any(_is_placed(a) for a in arg)


def to_input(value, dtype):
    """The NumPy array of a ``T`` input at ``dtype`` (bool from numbers means non-zero)."""
    array = np.asarray(value)
    if dtype == "bool" and array.dtype != np.bool_:
        return array != 0
    return array.astype(dtype)


def is_engine_tensor(K, value):
    """Whether ``value`` is a tensor of the active engine: of the type the engine's ``convert`` gives a NumPy array
    (numpy.ndarray, torch.Tensor, jax.Array, tf.Tensor), or a sparse tensor of the engine; not a NumPy scalar, a
    Python number or a ``kbackend.Variable`` (nor a NumPy array, on another engine)."""
    return isinstance(value, type(active_engine().ops.convert(np.zeros(1, np.float32)))) or K.is_sparse(value)
