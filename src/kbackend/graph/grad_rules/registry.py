"""The registry of gradient rules, keyed by what a recorded node runs.

A rule differentiates one function: ``rule(b)`` gets a :class:`Backward` (the node, its arguments, its outputs,
the cotangents of its outputs, and which inputs need one) and returns ``(input, cotangent)`` pairs for the inputs it
differentiates; inputs it leaves out (integer inputs, masks, ``stop_gradient``) get nothing from it. A cotangent has
the input's shape (a rule reduces broadcasts itself, with ``emit.sum_to``); the caller casts it to the input's float
dtype.

Keys:

* ``engine(name)`` rules: for nodes running the engine-table function ``name`` with its normalised positional
  arguments: the Python operators (``x * y`` records the engine's ``multiply``) and the nodes rules emit themselves;
* ``public(name)`` rules: for nodes of the public function ``name`` (``K.sum``...), with the public arguments as
  the facade recorded them (every parameter positionally, defaults filled in; axes possibly negative);
* ``runs(function)``: for nodes the graph machinery builds itself, running ``function``;
* ``implemented(name, implementation)``: for nodes of the public function ``name`` that run another function than
  its implementation (a call recorded in a cheaper form by ``kbackend.graph.fusion``; a ``graph_impl``), keyed by
  that function's name.
"""
from ..nodes import has_graph_input
from .emit import HELPERS, NoRule, engine_function

RULES = {}


class Backward:
    """What a rule sees of one node being differentiated."""

    __slots__ = ("node", "args", "outputs", "cotangents", "wanted")

    def __init__(self, node, cotangents, wanted):
        self.node = node
        self.args = node.args
        self.outputs = node.outputs
        self.cotangents = cotangents  # per output: its cotangent, or None
        self.wanted = wanted          # ids of the tensors and variables that need a cotangent

    @property
    def g(self):
        """The cotangent of the first output."""
        return self.cotangents[0]

    @property
    def out(self):
        """The first output."""
        return self.outputs[0]

    def wants(self, x):
        """Whether the input ``x`` needs a cotangent."""
        return id(x) in self.wanted


def pairs(b, *candidates):
    """The (input, cotangent) pairs of a rule for the inputs that need one: ``candidates`` are (input, builder),
    ``builder()`` making the cotangent (called only when the input needs it). A list of tensors where a rule takes
    one tensor (``K.sum([a, b])`` stacks them) is not covered: NoRule."""
    out = []
    for x, build in candidates:
        if isinstance(x, (list, tuple)) and has_graph_input(x, {}):
            raise NoRule("a list of tensors given for a tensor")
        if b.wants(x):
            out.append((x, build()))
    return out


def _register(key, function):
    if key in RULES:
        raise ValueError(f"two gradient rules for {key!r}")
    RULES[key] = function
    return function


def engine(*names):
    """Decorator: the rule of the engine-table functions ``names`` (also the run-time shape helpers of ``emit``)."""
    def decorate(function):
        for name in names:
            _register(HELPERS[name] if name in HELPERS else engine_function(name), function)
        return function
    return decorate


def public(*names):
    """Decorator: the rule of the public functions ``names``."""
    def decorate(function):
        for name in names:
            _register(("public", name), function)
        return function
    return decorate


def runs(*functions):
    """Decorator: the rule of the nodes that the graph machinery builds itself and that run ``functions`` (the
    ``split`` of merged slices, the loop of ``K.rnn``)."""
    def decorate(function):
        for key in functions:
            _register(key, function)
        return function
    return decorate


def implemented(name, implementation):
    """Decorator: the rule of the public function ``name`` when its node runs the function named
    ``implementation``: a call recorded in a cheaper form (``kbackend.graph.fusion``), or a public function whose
    recorded calls run another implementation than its eager ones (``graph_impl``)."""
    def decorate(function):
        return _register(("implemented", name, implementation), function)
    return decorate


def rule_for(node):
    """The rule that differentiates ``node``, or None."""
    function = node.fn
    found = RULES.get(function)
    if found is not None:
        return found
    implementation = getattr(function, "__name__", None)
    if implementation == node.name:
        return RULES.get(("public", node.name))
    return RULES.get(("implemented", node.name, implementation))

