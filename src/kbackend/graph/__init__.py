"""The facade-level graph: symbolic tensors, nodes, evaluation, ``K.function`` and ``K.gradients``.

Written once for every engine, in layers: ``leaves`` (the data of symbolic tensors and variables), ``nodes``
(recorded calls and argument structures), ``frames`` (computations on concrete values, per thread), ``shapes``
(static shapes by probing), ``dependencies`` (``K.control_dependencies``), ``dispatch`` (graph awareness of the
public functions, recording, symbolic tensors), ``variable``, ``evaluate``, ``fusion``, ``control`` (loops and
switches on concrete values), ``loops`` (``K.rnn`` traced once), ``gradients`` and ``function``.

Graph mode starts when the first symbolic tensor is created (``K.placeholder``, ``K.learning_phase()``, or a
function decorated with ``K.symbolic``) and ends with ``K.clear_session()``. In graph mode a public function given a
symbolic tensor or a variable records a node instead of computing; every public function object checks this itself
(``dispatch.graph_aware``), so eager programs pay one flag test and nothing is rebound.

Evaluation (``K.function``, ``K.eval``) runs the recorded functions in topological order on concrete values,
compiled by the engine's compiler where it has one, with variables read at call time and updates applied after the
outputs are computed. Gradients use the engine's own automatic differentiation.
"""
