"""The public API for engine authors: everything an engine needs from kbackend, under names that stay.

An engine is an importable package (or module) whose top level is a *declaration* that imports no framework, and
whose implementation modules import the framework when the engine is selected. It is registered under the
entry-point group ``kbackend.engines`` (``ENTRY_POINT_GROUP``) of its distribution, as kbackend registers its
built-in engines; users select it by that name (``KERAS_BACKEND=<name>``, ``K.set_backend``). An engine imports
from kbackend only this module and the public ``kbackend`` namespace. The groups:

Declaration
    ``DECLARATION_KEYS``: the names an engine's top module defines (``NAME``, ``FRAMEWORK``, ``INSTALL``,
    ``MODULES``, ``CAPABILITIES``, ``KNOWN_GAPS``, ``OPTIONAL``, ``ALIASES``), each with its meaning;
    ``CAPABILITY_KEYS``: the keys of ``CAPABILITIES``; ``ENTRY_POINT_GROUP``: where a distribution registers its
    engine.

Primitives
    ``CORE``: the functions every engine provides natively; ``CORE_CONTRACTS``: the signature and contract of
    each. ``GENERIC_FUNCTIONS``: every other engine function, written once on the core; an engine may provide any
    of them natively (same name and signature) where its framework does better. ``Variable``: the base class of
    the engine's ``Variable`` (a core name).

Settings
    ``SETTINGS``: the global settings an engine reads on its hot paths (``SETTINGS.floatx``, ``SETTINGS.epsilon``,
    ``SETTINGS.image_data_format``); read them, never assign them (users change them with ``K.set_floatx`` and
    friends).

Dtypes
    ``DTYPE_NAMES``, ``FLOATS``, ``SIGNED``, ``UNSIGNED``: dtype names (strings); ``dtype_name``,
    ``register_dtype_names``: naming a framework's dtype objects; ``is_float``, ``is_int``; the promotion rule:
    ``promote``, ``promote_weak``, ``scalar_dtype``.

Generic helpers
    Pieces of the generic implementations that native functions reuse. Conversion: ``coerce_with``,
    ``host_array`` (host data as a NumPy array by kbackend's dtype rules), ``holds_values``, ``stack_values``,
    ``value_shape``, ``is_scipy_sparse``. Convolutions: ``CHANNELS_LAST``,
    ``to_channels_first``, ``to_channels_last``, ``output_sizes``, ``transpose_pads``, ``unit_output_strides``,
    ``window_counts``, ``window_indices``. Neural networks: ``bias_shape``, ``log_probability_bounds``. Shapes:
    ``compute_dtype``, ``lerp_plan``, ``upsample_plan``. Linear algebra and CTC: ``sparse_dot``, ``decode_host``.

Graph hooks
    ``GRAPH_HOOKS``: the optional engine functions the graph layer calls (``jit``, ``feed``, ``grad``,
    ``grad_and_aux``, ``stop_gradient``, ``print_value``, ``release_caches``), each with its contract;
    ``SymbolicTensor``: the class of recorded tensors; ``topological_order``, ``merge_slices``: the run order of
    a recorded graph, for an engine that lowers a whole graph to its framework. ``PLACEMENT_HOOKS``: the optional
    functions of an engine whose tensors live on devices or are sharded.

Optional packages and errors
    ``EngineError``; ``NoAutodiffError``: K.gradients of a loss that needs automatic differentiation on an engine
    without it; ``OptionalDependencyError``, ``require``, ``require_capability``,
    ``unavailable_capabilities``: features that need a package an install may lack.

Running code under an engine
    ``backend_scope``: the calling thread runs on the named engine within the block (the supported way, also
    ``kbackend.backend_scope``); ``engine_scope``: the same for a loaded ``Engine`` object. ``Engine``: a loaded
    engine; ``load_engine``, ``active_engine``, ``installed_engines``, ``registered_engines``;
    ``build_engine``, ``collect_native``: building a variant of a loaded engine (the NumPy engine's autodiff twin).
    ``API_SECTIONS``: kbackend's public functions by section, as ``kbackend info`` and the conformance report
    group them.

Every name is documented in the README's "Writing and testing a new engine", with a worked example: the tiny
engine of ``tests/third_party_engine``, a distribution of its own.
"""
from ._config import SETTINGS
from ._dtypes import (DTYPE_NAMES, FLOATS, SIGNED, UNSIGNED, dtype_name, is_float, is_int, promote, promote_weak,
                      register_dtype_names, scalar_dtype)
from ._engine import CORE, Engine, EngineError, build_engine, collect_native
from ._optional import OptionalDependencyError, require, require_capability, unavailable_capabilities
from ._registry import (ENTRY_POINT_GROUP, active_engine, backend_scope, engine_scope, entry_points as
                        registered_engines, installed_engines, load_engine)
from .facade.api_names import API_SECTIONS
from .generic import FUNCTIONS as GENERIC_FUNCTIONS
from .generic.coerce import coerce_with, holds_values, host_array, stack_values, value_shape
from .generic.conv import (CHANNELS_LAST, output_sizes, to_channels_first, to_channels_last, transpose_pads,
                           unit_output_strides, window_counts, window_indices)
from .generic.ctc import decode_host
from .generic.graph import NoAutodiffError
from .generic.linalg import sparse_dot
from .generic.nn import bias_shape, log_probability_bounds
from .generic.shape import compute_dtype, lerp_plan, upsample_plan
from .generic.tensors import is_scipy_sparse
from .graph.dispatch import SymbolicTensor
from .graph.nodes import topological_order
from .graph.slices import merge_slices
from .graph.variable import Variable

DECLARATION_KEYS = {
    "NAME": "str: the engine's name (what ``kbackend engines`` lists; users select the engine by the name it is "
            "registered under, which should be the same).",
    "FRAMEWORK": "str or None: the importable module of the framework, checked with importlib.util.find_spec "
                 "(without importing it) before the engine loads; None when the engine needs nothing beyond "
                 "kbackend's own dependencies.",
    "INSTALL": "str: the command that installs the framework, shown when it is missing.",
    "MODULES": "tuple of str: submodules (of the engine package) that hold native functions, each listing them "
               "in its __all__; the top module's own __all__ counts too.",
    "CAPABILITIES": "dict: what the engine offers beyond the core; keys in CAPABILITY_KEYS.",
    "KNOWN_GAPS": "optional, str or dict: conformance case ids (``*`` matches any text) the engine is known to "
                  "fail, each with its reason; a dict, or the name of a submodule whose GAPS is that dict. "
                  "``kbackend conformance`` reports them as xfail, and as a failure when they pass.",
    "OPTIONAL": "optional, dict: {capability: (module, install command)} for capabilities that need a package "
                "an install may lack (see require_capability); the cases needing it are reported as skipped, "
                "with the command.",
    "ALIASES": "optional, tuple of str: other names that select the engine (KERAS_BACKEND, keras.json), each "
               "with a one-line notice naming the engine (the PyTensor engine declares 'theano').",
}

CAPABILITY_KEYS = {
    "dtypes": "tuple of dtype names the engine computes in (shown by ``kbackend info``).",
    "gradients": "false when the engine has no automatic differentiation (then the conformance suite reports "
                 "every gradient property as xfail, naming this declaration), else what provides it "
                 "(e.g. 'autograd'): the engine provides ``grad`` or ``grad_and_aux`` natively.",
    "gradient_rules": "optional, true when K.gradients should transform the recorded graph with kbackend's gradient "
                      "rules (written once with engine functions) wherever every function on the path has one; the "
                      "engine's own autodiff (``gradients``) serves the rest. Declare it where it measures faster.",
    "gradient_rules_exclude": "optional, tuple of public function names (e.g. 'rnn') whose gradient rule the "
                              "engine does not take, its own autodiff measuring faster there: a K.gradients call "
                              "whose loss goes through one of them uses the engine's autodiff (``gradients``).",
    "jit": "true when the engine's ``jit`` compiles K.function programs (their inputs are then traced values).",
    "sparse": "false, or what holds sparse tensors: the engine provides is_sparse, to_dense and sparse inputs.",
    "devices": "tuple of device types results stay on (shown by ``kbackend info``; placement is tested where "
               "the engine's ``placements`` offers more than its default).",
}

CORE_CONTRACTS = {
    # conversion and introspection
    "convert": "convert(x, dtype=None): x (engine tensor, Variable, NumPy array or scalar, Python number or "
               "nested list, a list holding tensors: stack_values) as an engine tensor, of dtype when given. "
               "Without dtype: Python scalars by scalar_dtype, Python float lists in floatx, int lists in int32. "
               "TypeError for strings and non-numeric values.",
    "copy": "copy(x): a new engine tensor with x's values (never a view).",
    "to_numpy": "to_numpy(x): x's values as a NumPy array (a Variable's current value).",
    "dtype_of": "dtype_of(x): x's dtype name (a Variable's too).",
    "shape_of": "shape_of(x): x's shape as a tuple of ints (value_shape for non-tensors).",
    "cast": "cast(x, dtype): x converted to dtype (floats to integers truncate toward zero).",
    "is_native_tensor": "is_native_tensor(x): whether x is a tensor of the framework.",
    "Variable": "Variable: the engine's variable class, a subclass of engine_api.Variable (the loader binds it to "
                "the engine with Variable.bind_engine).",
    # element-wise
    "add": "add(x, y): x + y, operands coerced by the promotion rule (coerce_with); likewise every binary "
           "element-wise primitive below, with broadcasting.",
    "subtract": "subtract(x, y): x - y.",
    "multiply": "multiply(x, y): x * y.",
    "divide": "divide(x, y): true division; integer or bool operands give floatx.",
    "negative": "negative(x): -x, x's dtype.",
    "power": "power(x, y): C99 pow (so (-inf) ** 0.5 is inf).",
    "abs": "abs(x): |x|, x's dtype.",
    "sign": "sign(x): -1, 0 or 1 in x's dtype (bool: x itself).",
    "sqrt": "sqrt(x): square root of max(x, 0); integers compute in floatx (likewise exp, log, sin, cos, tanh).",
    "exp": "exp(x).",
    "log": "log(x).",
    "sin": "sin(x).",
    "cos": "cos(x).",
    "tanh": "tanh(x).",
    "round": "round(x): half to even; integers unchanged.",
    "maximum": "maximum(x, y): element-wise maximum.",
    "minimum": "minimum(x, y): element-wise minimum.",
    "equal": "equal(x, y): bool tensor (likewise the comparisons below).",
    "not_equal": "not_equal(x, y).",
    "greater": "greater(x, y).",
    "greater_equal": "greater_equal(x, y).",
    "less": "less(x, y).",
    "less_equal": "less_equal(x, y).",
    "where": "where(condition, x, y): x where condition (converted to bool), else y; x and y coerced.",
    "logical_and": "logical_and(x, y): bool tensor.",
    "logical_or": "logical_or(x, y): bool tensor.",
    "logical_not": "logical_not(x): bool tensor.",
    # reductions
    "sum": "sum(x, axis=None, keepdims=False): axis None, a non-negative int or a tuple of them; x's dtype "
           "(bool counts in int32; float16 accumulates in float32).",
    "prod": "prod(x, axis=None, keepdims=False): as sum.",
    "max": "max(x, axis=None, keepdims=False): ValueError over an empty axis.",
    "min": "min(x, axis=None, keepdims=False): ValueError over an empty axis.",
    "any": "any(x, axis=None, keepdims=False): bool tensor.",
    "all": "all(x, axis=None, keepdims=False): bool tensor.",
    "argmax": "argmax(x, axis): int64 indices along the int axis.",
    "argmin": "argmin(x, axis): int64 indices along the int axis.",
    "cumsum": "cumsum(x, axis): x's dtype (bool in int32).",
    "cumprod": "cumprod(x, axis): x's dtype (bool in int32).",
    # shapes
    "reshape": "reshape(x, shape): shape a tuple of ints, at most one -1.",
    "permute": "permute(x, pattern): axes reordered by the tuple pattern.",
    "expand_dims": "expand_dims(x, axis): a size-1 axis inserted at the non-negative axis.",
    "squeeze": "squeeze(x, axis): the size-1 axis removed.",
    "concatenate": "concatenate(tensors, axis): along an existing axis (tensors of one dtype).",
    "stack": "stack(tensors, axis): along a new axis.",
    "broadcast_to": "broadcast_to(x, shape).",
    "take": "take(x, indices, axis): gather along axis by an integer tensor of indices.",
    "flip": "flip(x, axes): reversed along the tuple of axes.",
    "tile": "tile(x, reps): repeated by the tuple reps (one per axis).",
    "pad": "pad(x, paddings, value=0): constant padding, paddings ((before, after), ...) per axis.",
    # linear algebra
    "matmul": "matmul(x, y): matrix product with batch broadcasting, operands coerced.",
    "tensordot": "tensordot(x, y, axes): axes a pair of tuples, operands coerced.",
    # creation
    "zeros": "zeros(shape, dtype).",
    "ones": "ones(shape, dtype).",
    "full": "full(shape, value, dtype).",
    "eye": "eye(rows, cols, dtype).",
    "arange": "arange(start, stop, step, dtype).",
    # random
    "random_uniform": "random_uniform(shape, minval, maxval, dtype, seed): seed is an int (the facade draws one "
                      "when the user gives None); floats lie in [minval, maxval) in dtype, also after rounding.",
    "random_normal": "random_normal(shape, mean, stddev, dtype, seed).",
}

GRAPH_HOOKS = {
    "jit": "jit(program) -> callable: compile K.function's pure program (feeds, variable values, seed) -> "
           "(outputs, new variable values); generic: the program itself (eager).",
    "feed": "feed(value, dtype): a value fed to a K.function as its program takes it; generic: convert.",
    "grad": "grad(loss_of, points): the gradients of the scalar loss_of(*points) at points; generic: raises "
            "NotImplementedError (declare CAPABILITIES['gradients'] false then).",
    "grad_and_aux": "grad_and_aux(loss_and_aux, points) -> (gradients, aux): loss_and_aux(*points) returns "
                    "(loss, dict of tensors); the gradients of loss and the dict's values from the same run "
                    "(generic: grad, and None for aux).",
    "stop_gradient": "stop_gradient(x): x, with no gradient flowing through it; generic: convert.",
    "print_value": "print_value(x, message): print message and x's values (K.print_tensor).",
    "release_caches": "release_caches(): drop compiled programs and traces that will not run again; generic: "
                      "nothing.",
}

PLACEMENT_HOOKS = {
    "placements": "placements() -> tuple: the placement names this machine offers besides the default (the "
                  "conformance suite's placement property tries each); generic: none.",
    "place": "place(x, placement): x moved to placement.",
    "placement_of": "placement_of(x): a comparable description of where x lives.",
    "placement_has_values": "placement_has_values(placement): False for a stand-in device without values (torch's "
                            "meta): the suite then checks shapes, dtypes and placement only.",
    "placed_like": "placed_like(x, like): x (made by kbackend from host values, e.g. CTC decoding's results) where "
                   "like lives; generic: x itself.",
    "placement_scope": "placement_scope(x): the context in which a user's function given to map_fn/foldl/foldr "
                       "runs, so that the framework's own operators in it make their results where x lives; "
                       "generic: a context that does nothing.",
}

__all__ = [
    # declaration
    "DECLARATION_KEYS", "CAPABILITY_KEYS", "ENTRY_POINT_GROUP",
    # primitives
    "CORE", "CORE_CONTRACTS", "GENERIC_FUNCTIONS", "Variable",
    # settings and dtypes
    "SETTINGS", "DTYPE_NAMES", "FLOATS", "SIGNED", "UNSIGNED", "dtype_name", "register_dtype_names", "is_float",
    "is_int", "promote", "promote_weak", "scalar_dtype",
    # generic helpers
    "coerce_with", "host_array", "holds_values", "stack_values", "value_shape", "is_scipy_sparse", "CHANNELS_LAST",
    "to_channels_first", "to_channels_last", "output_sizes", "transpose_pads", "unit_output_strides",
    "window_counts", "window_indices", "bias_shape", "log_probability_bounds", "compute_dtype", "lerp_plan",
    "upsample_plan", "sparse_dot", "decode_host",
    # graph hooks
    "GRAPH_HOOKS", "SymbolicTensor", "topological_order", "merge_slices", "PLACEMENT_HOOKS",
    # optional packages and errors
    "EngineError", "NoAutodiffError", "OptionalDependencyError", "require", "require_capability", "unavailable_capabilities",
    # running code under an engine
    "backend_scope", "engine_scope", "Engine", "load_engine", "active_engine", "installed_engines",
    "registered_engines", "build_engine", "collect_native", "API_SECTIONS",
]
