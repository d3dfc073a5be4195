"""The facade-level graph: symbolic tensors, nodes, evaluation, ``K.function`` and ``K.gradients``.

Written once for every engine. Graph mode starts when the first symbolic tensor is created (``K.placeholder``,
``K.learning_phase()``) and ends with ``K.clear_session()``. In graph mode the public functions in the ``kbackend``
namespace are replaced by graph-aware twins: given a symbolic tensor or a variable they record a node (its static
shape and dtype found by running the function on small probe inputs of the active engine) instead of computing;
given anything else they compute as usual. Eager programs never pay for this.

Evaluation (``K.function``, ``K.eval``) runs the recorded functions in topological order on concrete values,
compiled by the engine's compiler where it has one, with variables read at call time and updates applied after the
outputs are computed. Gradients use the engine's own automatic differentiation.
"""
