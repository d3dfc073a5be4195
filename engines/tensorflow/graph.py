"""TensorFlow engine: graph hooks. Programs compile with ``tf.function``; gradients come from
``tf.GradientTape``."""
import sys

import tensorflow as tf

from .core import convert

__all__ = ["jit", "grad", "grad_and_aux", "stop_gradient", "print_value"]


def jit(program):
    return tf.function(program, autograph=False)


def grad(loss_of, points):
    return grad_and_aux(lambda *values: (loss_of(*values), {}), points)[0]


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
