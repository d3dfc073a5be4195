"""TensorFlow engine: graph hooks. Programs compile with ``tf.function``; gradients come from
``tf.GradientTape``."""
import sys

import numpy as np
import tensorflow as tf

from .core import NP_DTYPES, EagerTensor, convert
from .devices import follow_inputs_in_module

__all__ = ["jit", "feed", "grad_and_aux", "stop_gradient", "print_value"]

_device_name = tf.__internal__.eager_context.get_device_name


def feed(value, dtype):
    """A value fed to a ``K.function``: a NumPy array of the placeholder's dtype goes into an eager tensor directly
    (5 µs, against 8 µs through ``tf.constant``); anything else is converted as usual."""
    if type(value) is np.ndarray and value.dtype == NP_DTYPES[dtype]:
        return EagerTensor(value, _device_name(), None)
    return convert(value, dtype)


def jit(program):
    """``tf.function`` of the program, traced once: kbackend compiles one program per input signature (shapes,
    dtypes, learning phase), so the concrete function is taken on the first call and called directly after that,
    skipping tf.function's per-call argument matching (about 100 µs for a training step's arguments)."""
    return _ConcreteProgram(tf.function(program, autograph=False))


class _ConcreteProgram:
    __slots__ = ("function", "concrete", "call_flat")

    def __init__(self, function):
        self.function = function
        self.concrete = None
        self.call_flat = None

    def __call__(self, *args):
        if self.call_flat is not None:
            try:
                return self.call_flat([a for a in tf.nest.flatten(args) if a is not None],
                                      self.concrete.captured_inputs)
            except (TypeError, AttributeError, ValueError):
                self.call_flat = None  # a TensorFlow without this entry point: the public call below
        if self.concrete is None:
            self.concrete = self.function.get_concrete_function(*args)
            result = self.concrete(*args)
            self.call_flat = getattr(self.concrete, "_call_flat", None)  # TensorFlow's own fast entry point
            return result
        return self.concrete(*args)


def grad_and_aux(loss_and_aux, points):
    """One forward run under a tape: the gradients, and the auxiliary values."""
    points = [convert(p) for p in points]
    with tf.GradientTape() as tape:
        for point in points:
            tape.watch(point)
        loss, aux = loss_and_aux(*points)
    found = tape.gradient(loss, points, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    return [tf.convert_to_tensor(g) for g in found], aux  # IndexedSlices (from gather) become dense


def stop_gradient(x):
    return tf.stop_gradient(convert(x))


def print_value(x, message):
    if tf.executing_eagerly():  # print through Python's sys.stdout (redirections apply)
        value = convert(x).numpy()
        sys.stdout.write(f"{message} {value}\n" if message else f"{value}\n")
        return
    if message:
        tf.print(message, convert(x), output_stream=sys.stdout)
    else:
        tf.print(convert(x), output_stream=sys.stdout)


follow_inputs_in_module(globals(), __all__, skip=("jit", "feed", "grad_and_aux", "print_value"))
