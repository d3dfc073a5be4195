"""Computing frames: while a thread evaluates a graph (``K.function``, ``K.eval``, a gradient) or runs a function on
probe values to infer its shapes, public functions compute on concrete values instead of recording.

A frame maps the symbolic tensors computed so far to their values (``env``) and the variables to the values this
computation uses (``variables``: inside a compiled program these are the traced arguments, inside a gradient the
differentiated ones; variables themselves are never modified while a program runs, so that several threads can run
programs at once). A symbolic tensor or a variable that reaches a public function inside a frame (one that a
function given to ``K.rnn`` closes over, say) is replaced by its value here:

* while evaluating, a symbolic tensor not computed yet is computed on demand (``compute``); the learning phase is
  0 unless fed;
* while probing, it gets a probe value (see ``kbackend.graph.shapes.Probe.value_for``) and is noted in
  ``captured``, so that the node records it as a dependency; the variables read are noted in ``reads``.

Frames are per thread (``kbackend._state.THREAD.frames``).
"""
from .. import _state
from .leaves import SymbolicTensorBase, VariableBase


class Frame:
    """One computation on concrete values in the calling thread."""

    __slots__ = ("env", "variables", "probe", "compute", "captured", "reads")

    def __init__(self, env, variables=None, probe=None, compute=None):
        self.env = env                        # id(symbolic tensor) -> value
        self.variables = variables or {}      # id(variable) -> value used by this computation
        self.probe = probe                    # the probe configuration when inferring shapes, else None
        self.compute = compute                # compute(tensor, frame) -> value, for tensors not in env
        self.captured = {}                    # id -> symbolic tensor met that was not computed beforehand
        self.reads = {}                       # id -> variable read through this frame

    def __enter__(self):
        _state.THREAD.frames.append(self)
        return self

    def __exit__(self, *exc):
        _state.THREAD.frames.pop()

    def tensor_value(self, tensor):
        """The value of a symbolic tensor in this computation."""
        key = id(tensor)
        try:
            return self.env[key]
        except KeyError:
            pass
        if tensor is _state.SESSION.learning_phase_tensor:
            return 0  # the learning phase is 0 (test mode) unless fed
        self.captured[key] = tensor
        if self.probe is not None:
            value = self.probe.value_for(tensor, self)
        elif self.compute is not None:
            value = self.compute(tensor, self)
        else:
            raise ValueError(f"The value of {tensor!r} is not known in this computation: feed its placeholders")
        self.env[key] = value
        return value

    def variable_value(self, variable):
        """The value of a variable in this computation (its current value unless the computation rebinds it)."""
        key = id(variable)
        value = self.variables.get(key)
        if value is None:
            self.reads[key] = variable
            value = variable.value
        return value

    def resolve(self, structure):
        """``structure`` (nested lists, tuples, dicts, slices) with its symbolic tensors and variables replaced by
        their values in this computation."""
        if isinstance(structure, SymbolicTensorBase):
            return self.tensor_value(structure)
        if isinstance(structure, VariableBase):
            return self.variable_value(structure)
        if isinstance(structure, list):
            return [self.resolve(item) for item in structure]
        if type(structure) is tuple:
            return tuple(self.resolve(item) for item in structure)
        if isinstance(structure, dict):
            return {key: self.resolve(value) for key, value in structure.items()}
        if isinstance(structure, slice):
            return slice(self.resolve(structure.start), self.resolve(structure.stop), self.resolve(structure.step))
        return structure


def current():
    """The innermost frame of the calling thread, or None when it is not computing."""
    frames = _state.THREAD.frames
    return frames[-1] if frames else None


def probing():
    """Whether the calling thread is running a function on probe values (printing is then skipped)."""
    frame = current()
    return frame is not None and frame.probe is not None
