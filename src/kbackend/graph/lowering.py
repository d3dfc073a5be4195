"""A ``K.function`` program lowered to straight-line Python code, once per input signature and engine.

After the simplifications of ``kbackend.graph.simplify`` (public calls replaced by their lowered forms on engines
without a compiler, constants folded, common subexpressions merged, dead nodes dropped; the slices were merged when
the function was built), each node becomes one line of generated source such as ``t12 = c3(t4, w0, 0.5)``: values
live in local variables, the variables are read once at entry, the feeds are unpacked once, and the outputs and
update values are returned at the end. Nothing is looked up, dispatched or checked per node at run time. Nodes
recorded for an engine-table function (the Python operators, the nodes that gradient rules emit) call the active
engine's function directly, so a lowered program belongs to the engine active when it was lowered.

Nodes that run sub-graphs in frames of their own (``K.rnn`` loops, gradients by the engine's autodiff) and calls
that take Python functions or read tensors they closed over stay calls into the existing machinery: the line
stores the values they read in the computing frame first, and calls them with that frame. The values a gradients
node computes on the way (the loss sub-graph) are taken from it instead of being computed again.

On engines without a compiler, public calls are replaced by their lowered forms, and the values computed from
constants and the shapes of other tensors only (the cotangent of a mean, spread over the batch) are computed once
per shape and kept (never a value the program returns or assigns). A program made of engine calls only runs without
a computing frame.

The generated function is ``program(feed_values, variable_values, seed) -> (outputs, new variable values)``, as
``K.function``'s interpreted program; engines with a compiler trace it (``jax.jit``, ``tf.function``), the others
run it. Its source is kept as ``program.lowered_source``.
"""
import keyword
import math
import os

from .. import _state
from .._config import SETTINGS
from .._dtypes import promote_weak
from .evaluate import Seeds, compute_on_demand, missing
from .frames import Frame
from .leaves import SymbolicTensorBase, VariableBase
from .loss_graph import loss_sub_graph
from .nodes import has_graph_input, leaves
from .shape_helpers import HELPERS
from .simplify import plain, simplify, takes_functions

_ops = _state.ops
_LITERALS = (bool, int, str, type(None))
# engine-table functions of two operands where a Python number is weak (it takes the tensor's dtype)
_WEAK_NUMBERS = frozenset({"add", "subtract", "multiply", "divide", "maximum", "minimum", "power"})
_NUMBERS = (int, float)
_BODY = "        "  # the indentation of the program's lines


def _shape_helper(fn):
    """Whether ``fn`` is one of the run-time shape helpers of the gradient rules (they read their second argument
    for its shape only)."""
    return any(fn is helper for helper in HELPERS.values())


def _engine_call(fn):
    """Whether ``fn`` is an engine-table function or a run-time shape helper: it reads nothing through a
    computing frame (public functions may: they call other public functions, which compute in the frame)."""
    return getattr(fn, "engine_table_name", None) is not None or _shape_helper(fn) or \
        getattr(fn, "reads_no_frame", False) is True


def lowering_enabled():
    """Whether programs are lowered to generated code: yes unless the environment variable ``KBACKEND_LOWERING``
    is ``0``, which runs them with the node interpreter instead (for debugging, and to compare both). Read when a
    program is built (once per input signature, and per engine for a loop's step)."""
    return os.environ.get("KBACKEND_LOWERING", "1") != "0"


def _calls_back(node):
    """Whether running ``node`` reads values through the computing frame: a loop or gradients node, or a call that
    takes a Python function (which may read tensors it closed over). (Other calls may list dependencies found
    while their shapes were probed; they read their arguments only. A tensor read through the frame that is not
    stored there is computed on demand, and variables are always there.)"""
    if node.kind in ("gradients", "loop"):
        return True
    return takes_functions(node)


def _bound(fn):
    """The function a line calls for ``fn``: the active engine's own table function for the engine-table
    functions that recorded nodes run, else ``fn``."""
    name = getattr(fn, "engine_table_name", None)
    if name is not None:
        engine_function = getattr(_ops, name, None)
        if engine_function is not None:
            return engine_function
    return fn


def _numbers_converted(fn, args):
    """``args`` of a call of ``fn`` with a Python number operand of a weak binary engine function converted, once,
    to the dtype of the other operand when the promotion rule keeps that dtype (as the call would convert it: the
    engine then finds two tensors of one dtype and takes its fast path)."""
    if getattr(fn, "engine_table_name", None) not in _WEAK_NUMBERS or len(args) != 2:
        return args
    converted = list(args)
    for number, other in ((0, 1), (1, 0)):
        if type(args[number]) in _NUMBERS and isinstance(args[other], (SymbolicTensorBase, VariableBase)):
            dtype = args[other].dtype
            if dtype is not None and promote_weak(dtype, type(args[number]), SETTINGS.floatx) == dtype:
                converted[number] = _ops.convert(args[number], dtype)
    return converted


class _Writer:
    """Generates the program's source, line by line, and the namespace its names refer to."""

    def __init__(self, simplified, convert_numbers=True, memoised=None):
        self.simplified = simplified
        self.convert_numbers = convert_numbers  # (only where values made now are concrete: not inside a trace)
        self.memoised = memoised or {}  # id(output) -> the tensor whose shape keys its memo (see _memoised)
        self.shape_keys = {}            # id(symbolic tensor) -> the local holding its shape
        self.body = []
        self.namespace = {"_Frame": Frame, "_Seeds": Seeds, "_compute": compute_on_demand, "_slice": slice}
        self.names = {}            # id(symbolic tensor) -> local name of its value
        self.objects = {}          # id(object) -> its name in the namespace
        self.variable_names = {}   # id(variable) -> local name of its value
        self.extra_variables = []  # (local name, variable): variables read at entry that the program was not given
        self.aux = []              # (aux name, shareable ids) of the gradients nodes emitted so far
        self.count = 0

    def local(self, prefix="t"):
        self.count += 1
        return f"{prefix}{self.count}"

    def constant(self, value):
        """An expression of ``value``: a literal, or a name bound to it in the namespace."""
        if type(value) in _LITERALS or (type(value) is float and math.isfinite(value)):
            return repr(value)
        name = self.objects.get(id(value))
        if name is None:
            name = self.objects[id(value)] = f"c{len(self.objects)}"
            self.namespace[name] = value
        return name

    def tensor(self, tensor):
        """The expression of a symbolic tensor's value; ValueError for a placeholder not fed."""
        resolved = self.simplified.resolve(tensor)
        key = id(resolved)
        constants = self.simplified.constants
        if key in constants:
            return self.constant(constants[key])
        name = self.names.get(key)
        if name is None:
            missing(tensor)
        return name

    def variable(self, variable):
        name = self.variable_names.get(id(variable))
        if name is None:
            name = self.variable_names[id(variable)] = self.local("w")
            self.extra_variables.append((name, variable))
        return name

    def expression(self, structure):
        """The expression of an argument structure with its symbolic tensors and variables replaced by their
        values (as ``Frame.resolve`` replaces them)."""
        if isinstance(structure, SymbolicTensorBase):
            return self.tensor(structure)
        if isinstance(structure, VariableBase):
            return self.variable(structure)
        if not has_graph_input((structure,), {}):
            return self.constant(structure)
        if isinstance(structure, list):
            return "[" + ", ".join(self.expression(item) for item in structure) + "]"
        if type(structure) is tuple:
            return "(" + "".join(self.expression(item) + ", " for item in structure) + ")"
        if isinstance(structure, dict):
            return "{" + ", ".join(f"{self.constant(key)}: {self.expression(value)}"
                                   for key, value in structure.items()) + "}"
        if isinstance(structure, slice):
            return (f"_slice({self.expression(structure.start)}, {self.expression(structure.stop)}, "
                    f"{self.expression(structure.step)})")
        return self.constant(structure)

    def target(self, node):
        """The assignment target of ``node``'s result: names for its symbolic outputs (new locals), ``_`` for
        the rest, nested as the result is."""
        outputs = iter(node.outputs)

        def walk(structure):
            if isinstance(structure, (list, tuple)):
                if not structure:
                    return "_"
                return "(" + "".join(walk(item) + ", " for item in structure) + ")"
            output = next(outputs)
            if not isinstance(output, SymbolicTensorBase):
                return "_"
            name = self.names[id(output)] = self.local()
            return name
        if not node.outputs:
            return "_"
        return walk(node.structure if isinstance(node.structure, (list, tuple)) else None)

    def call(self, node):
        """The call expression of a plain node."""
        function = self.constant(_bound(node.fn))
        args = [self.expression(a) for a in (_numbers_converted(node.fn, node.args) if self.convert_numbers
                                             else node.args)]
        if node.seeded is not None:
            args[node.seeded] = f"_seeds.for_node({self.constant(node)})"
        kwargs = node.kwargs
        if kwargs:
            if all(isinstance(k, str) and k.isidentifier() and not keyword.iskeyword(k) for k in kwargs):
                args += [f"{key}={self.expression(value)}" for key, value in kwargs.items()]
            else:
                args.append("**" + self.expression(kwargs))
        return f"{function}({', '.join(args)})"

    def store_reads(self, node, indent):
        """Lines putting the values ``node`` reads into the computing frame (under each tensor's own id)."""
        for tensor in {id(t): t for t in node.needs()}.values():
            resolved = self.simplified.resolve(tensor)
            if id(resolved) in self.names or id(resolved) in self.simplified.constants:
                self.body.append(f"{indent}_env[{id(tensor)}] = {self.tensor(tensor)}")

    def node(self, node):
        """The lines of one node."""
        indent = _BODY
        keys = [id(o) for o in node.outputs if isinstance(o, SymbolicTensorBase)]
        source = next((aux for aux, shareable in self.aux if keys and all(k in shareable for k in keys)), None)
        if source is None:
            self.run(node, indent)
            return
        # computed by an earlier gradients node's run of the loss sub-graph, when its engine returned the values
        self.body.append(f"{indent}if {source} is None:")
        known_aux = len(self.aux)
        self.run(node, indent + "    ")
        self.body.append(f"{indent}else:")
        for output in node.outputs:
            if isinstance(output, SymbolicTensorBase):
                self.body.append(f"{indent}    {self.names[id(output)]} = {source}[{id(output)}]")
        for aux, _ in self.aux[known_aux:]:
            self.body.append(f"{indent}    {aux} = None")

    def run(self, node, indent):
        """The lines running ``node``, its outputs named."""
        if node.kind in ("gradients", "loop"):
            self.store_reads(node, indent)
            result, name = self.local("r"), self.constant(node)
            self.body.append(f"{indent}{result} = {name}.fn({name}, _frame, _seeds)")
            self.body.append(f"{indent}{self.target(node)} = {result}[0]")
            if node.kind == "gradients":
                aux = self.local("aux")
                self.body.append(f"{indent}{aux} = {result}[1]")
                self.aux.append((aux, set(loss_sub_graph(node)[2])))
            return
        if _calls_back(node):
            self.store_reads(node, indent)
        shape_tensor = self.memoised.get(id(node.outputs[0])) if node.outputs else None
        call = self.call(node)
        if shape_tensor is None:
            self.body.append(f"{indent}{self.target(node)} = {call}")
            return
        key = self.shape_keys.get(id(shape_tensor))
        if key is None:  # (the tensor is computed by now: the first node memoised under it reads it)
            key = self.shape_keys[id(shape_tensor)] = self.local("k")
            self.body.append(f"{indent}{key} = {self.constant(_ops.shape_of)}({self.tensor(shape_tensor)})")
        memo, target = self.constant({}), self.target(node)
        self.body.append(f"{indent}{target} = {memo}.get({key})")
        self.body.append(f"{indent}if {target} is None:")
        self.body.append(f"{indent}    {target} = {memo}[{key}] = {call}")


def _memoised(simplified, targets):
    """The values a program computes once per shape: {id(output): the tensor whose shape keys its memo}.

    Memoised are the single-output plain engine calls (and run-time shape helpers) that read no variable and whose
    tensor arguments are constants, memoised values of one key, or the second argument of a shape helper (read for
    its shape only, which keys the memo): the mean's cotangent spread over the batch, for instance. A memoised value
    is shared by every call of the program, so none reaches a returned or assigned value (even as a view): the
    tensors from which a target is computed through memoised calls only are computed on every call.
    """
    keyed, producers = {}, {}
    for node in simplified.order:
        if not plain(node) or len(node.outputs) != 1 or not isinstance(node.outputs[0], SymbolicTensorBase) or \
                not _engine_call(node.fn) or any(isinstance(leaf, VariableBase)
                                                 for leaf in leaves((node.args, node.kwargs))):
            continue
        shape_only = None
        if _shape_helper(node.fn) and len(node.args) > 1 and isinstance(node.args[1], SymbolicTensorBase):
            shape_only = simplified.resolve(node.args[1])
            if id(shape_only) in simplified.constants:
                shape_only = None
        keys = set() if shape_only is None else {id(shape_only)}
        shape_of_key = {} if shape_only is None else {id(shape_only): shape_only}
        for tensor in node.inputs:
            resolved = simplified.resolve(tensor)
            if id(resolved) in simplified.constants or resolved is shape_only:
                continue
            key = keyed.get(id(resolved))
            if key is None:
                break
            keys.add(id(key))
            shape_of_key[id(key)] = key
        else:
            if len(keys) == 1:  # (constants only are folded; values under two keys are left to run)
                keyed[id(node.outputs[0])] = shape_of_key[keys.pop()]
                producers[id(node.outputs[0])] = node
    stack = [id(simplified.resolve(t)) for t in targets]
    while stack:
        key = stack.pop()
        if keyed.pop(key, None) is not None:
            stack += [id(simplified.resolve(t)) for t in producers[key].inputs]
    return keyed


def lower(order, inputs, fed, phase, phase_value, variables, outputs, update_values, fold=True):
    """Lower a ``K.function`` program to generated Python code.

    Arguments:
        order: the nodes of the program, in run order.
        inputs: the placeholders fed, in the order of the program's feed values.
        fed: per input, whether a value is fed for it in this signature.
        phase: the learning-phase tensor, or None.
        phase_value: the learning phase of this signature (0 or 1).
        variables: the variables whose values the program takes, in order.
        outputs: the outputs (symbolic tensors, variables or constants).
        update_values: the values assigned to the updated variables (symbolic tensors, variables or constants).
        fold: whether constant parts are computed once at lowering.

    Returns:
        ``program(feed_values, variable_values, seed) -> (outputs, new variable values)``.

    Raises:
        ValueError: a placeholder whose value the program needs is not fed.
    """
    known = {id(phase): phase_value} if phase is not None else {}
    fed_inputs = [p for p, given in zip(inputs, fed) if given and p is not phase]
    for placeholder in fed_inputs:
        known.pop(id(placeholder), None)
    targets = [item for item in list(outputs) + list(update_values) if isinstance(item, SymbolicTensorBase)]
    # An engine with a compiler merges and fuses the traced program itself: the lowered forms (whose recording
    # probes shapes, seconds of first call on JAX) and the memos (the values would be traced ones) are for the
    # others. Nor are values memoised where a gradients node may hand values over (its lines branch).
    compiled = bool(_ops._engine.capabilities.get("jit"))
    simplified = simplify(order, targets, known, fold, forms=not compiled)
    memo = not compiled and all(node.kind != "gradients" for node in simplified.order)
    writer = _Writer(simplified, memoised=_memoised(simplified, targets) if memo else None)
    feed_names = []
    for placeholder, given in zip(inputs, fed):
        if given and placeholder is not phase:
            name = writer.names[id(placeholder)] = writer.local("f")
            feed_names.append(name)
        else:
            feed_names.append("_")
    variable_names = [writer.local("w") for _ in variables]
    writer.variable_names.update((id(v), name) for v, name in zip(variables, variable_names))
    for node in simplified.order:
        writer.node(node)
    returned = []
    for group in (outputs, update_values):
        items = [writer.tensor(item) if isinstance(item, SymbolicTensorBase) else
                 writer.variable(item) if isinstance(item, VariableBase) else writer.constant(_ops.convert(item))
                 for item in group]
        returned.append("(" + "".join(item + ", " for item in items) + ")")
    lines = ["def program(feed_values, variable_values, seed):"]
    if inputs:
        lines.append(f"    {''.join(name + ', ' for name in feed_names)}= feed_values")
    if variables:
        lines.append(f"    {''.join(name + ', ' for name in variable_names)}= variable_values")
    for name, variable in writer.extra_variables:
        lines.append(f"    {name} = {writer.constant(variable)}.value")
    env = [f"{id(p)}: {writer.names[id(p)]}" for p in fed_inputs]
    if phase is not None and id(phase) in known:
        env.append(f"{id(phase)}: {phase_value!r}")
    if all(node.kind == "call" and node.seeded is None and _engine_call(node.fn) and not _calls_back(node)
           for node in simplified.order):
        # only engine calls: nothing reads the computing frame (nor the seeds), so the program makes none
        lines.extend(line[4:] for line in writer.body)
    else:
        writer.namespace["_variable_keys"] = tuple(id(v) for v in variables)
        lines.append(f"    _env = {{{', '.join(env)}}}")
        lines.append("    _frame = _Frame(_env, dict(zip(_variable_keys, variable_values)), None, _compute)")
        lines.append("    _seeds = _Seeds(seed)")
        lines.append("    with _frame:")
        lines.extend(writer.body or ["        pass"])
    lines.append(f"    return {returned[0]}, {returned[1]}")
    source = "\n".join(lines) + "\n"
    exec(compile(source, "<lowered K.function>", "exec"), writer.namespace)  # noqa: S102 - our own generated code
    program = writer.namespace["program"]
    program.lowered_source = source
    return program


def lower_step(node):
    """The step of a ``K.rnn`` loop node (``kbackend.graph.loops``) lowered to generated code, or None when its
    sub-graph holds a node that reads values through the computing frame (a nested loop, a gradients node, a call
    taking a Python function), which the interpreter then runs.

    Arguments:
        node: a node of kind ``'loop'``.

    Returns:
        ``make_step(frame, seeds) -> step(x, states_and_constants) -> (output, new_states)``: ``make_step`` reads the
        values the step reads from outside (tensors and variables) in ``frame`` once; ``step`` computes one time
        step. Or None.
    """
    x_t, states_in, output, new_states, order = node.extra["step"]
    # The step is lowered when the loop first runs, which may be inside a compiler's trace: values computed now
    # could be traced ones, so nothing is folded, and Python numbers are converted ahead only on engines that do
    # not trace programs (capability ``jit``).
    simplified = simplify(order, [t for t in [output] + list(new_states) if isinstance(t, SymbolicTensorBase)],
                          fold=False, forms=not _ops._engine.capabilities.get("jit"))
    if any(_calls_back(n) for n in simplified.order):
        return None
    writer = _Writer(simplified, convert_numbers=not _ops._engine.capabilities.get("jit"))
    writer.names[id(x_t)] = "x"
    state_names = [writer.local("s") for _ in states_in]
    writer.names.update((id(p), name) for p, name in zip(states_in, state_names))
    produced = {id(o) for n in simplified.order for o in n.outputs if isinstance(o, SymbolicTensorBase)}
    outer = {}
    for tensor in [t for n in simplified.order for t in n.inputs] + [output] + list(new_states):
        if isinstance(tensor, SymbolicTensorBase):
            resolved = simplified.resolve(tensor)
            key = id(resolved)
            if key not in produced and key not in writer.names and key not in simplified.constants:
                outer[key] = resolved
                writer.names[key] = writer.local("o")
    for item in simplified.order:
        writer.node(item)
    returned = [writer.tensor(t) if isinstance(t, SymbolicTensorBase) else
                writer.variable(t) if isinstance(t, VariableBase) else writer.constant(t)
                for t in [output] + list(new_states)]
    lines = ["def make_step(_frame, _seeds):"]
    lines += [f"    {writer.names[key]} = _frame.tensor_value({writer.constant(t)})" for key, t in outer.items()]
    lines += [f"    {name} = _frame.variable_value({writer.constant(v)})" for name, v in writer.extra_variables]
    lines.append("    def step(x, _states):")
    if states_in:
        lines.append(f"        {''.join(n + ', ' for n in state_names)}= _states[:{len(states_in)}]")
    lines.extend(writer.body)
    lines.append(f"        return {returned[0]}, [{', '.join(returned[1:])}]")
    lines.append("    return step")
    source = "\n".join(lines) + "\n"
    exec(compile(source, "<lowered K.rnn step>", "exec"), writer.namespace)  # noqa: S102 - our own generated code
    make_step = writer.namespace["make_step"]
    make_step.lowered_source = source
    return make_step
