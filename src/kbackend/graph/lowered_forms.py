"""The *lowered forms* of public functions: for a node of a public function, the engine-table calls that compute its
values when its static shapes and dtypes already prove what the public function checks at run time.
``kbackend.graph.simplify`` replaces such nodes by those calls before merging common subexpressions, so that a lowered
program calls the engine directly and shares the calls a gradient rule made of the same values. Forms are not
differentiated (``K.gradients`` works on the recorded graph), so they need no rules.

The forms are written next to the gradient rules of the same functions (``kbackend.graph.grad_rules``: they reuse the
rules' engine calls) and registered when those modules are imported (``kbackend.graph.gradients`` imports them when
kbackend is imported). This module is a leaf, so that the simplifier reads the table without importing the rules.
"""

FORMS = {}


def lowered_form(name, implementation=None):
    """Decorator: the lowered form of the nodes of the public function ``name`` (with ``implementation``: of its
    nodes running the function of that name, as for ``grad_rules.registry.implemented``). ``form(node)`` returns the symbolic output of
    engine-table calls (``emit.call``) computing the node's single output, or None where the static facts do not
    prove the public function's checks pass (the node then runs as recorded)."""
    def decorate(function):
        key = ("public", name) if implementation is None else ("implemented", name, implementation)
        if key in FORMS:
            raise ValueError(f"two lowered forms for {key!r}")
        FORMS[key] = function
        return function
    return decorate


def form_for(node):
    """The lowered form of ``node`` (see ``lowered_form``), or None."""
    if node.kind != "call" or getattr(node.fn, "engine_table_name", None) is not None or not FORMS:
        return None
    implementation = getattr(node.fn, "__name__", None)
    if implementation == node.name:
        return FORMS.get(("public", node.name))
    return FORMS.get(("implemented", node.name, implementation))
