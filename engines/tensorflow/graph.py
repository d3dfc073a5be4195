"""TensorFlow engine: graph hooks. Programs compile with ``tf.function``; gradients come from
``tf.GradientTape``."""
import sys

import tensorflow as tf

from .core import convert

__all__ = ["jit", "grad", "stop_gradient", "print_value"]


def jit(program):
    return tf.function(program, autograph=False)


def grad(loss_of, points):
    points = [convert(p) for p in points]
    with tf.GradientTape() as tape:
        for point in points:
            tape.watch(point)
        loss = loss_of(*points)
    found = tape.gradient(loss, points, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    return [tf.convert_to_tensor(g) for g in found]  # IndexedSlices (from gather) become dense


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
