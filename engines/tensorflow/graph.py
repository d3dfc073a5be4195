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
    return list(tape.gradient(loss, points, unconnected_gradients=tf.UnconnectedGradients.ZERO))


def stop_gradient(x):
    return tf.stop_gradient(convert(x))


def print_value(x, message):
    if message:
        tf.print(message, convert(x), output_stream=sys.stdout)
    else:
        tf.print(convert(x), output_stream=sys.stdout)
