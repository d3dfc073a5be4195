"""Gradient rules of the neural-network functions: activations, ``bias_add``, softmax and the crossentropies.

Ties follow Keras 2 on TensorFlow, as the engines' own autodiff of the generic implementations does: ``relu``
passes nothing at 0 (nor does relu6 at 0 and 6), a leaky relu passes ``alpha`` at 0, its ceiling passes the
gradient at the bound (a clip), ``elu`` takes the negative branch at 0, ``hard_sigmoid`` passes it at the clip's
bounds.
"""
from ... import _state
from ..._config import SETTINGS
from ..dispatch import record
from ...generic.nn import log_probability_bounds
from .emit import NoRule, call, dtype, helper, is_float, known, rank, shape
from ..lowered_forms import lowered_form
from .registry import engine, implemented, pairs, public


_ops = _state.ops


def call_checked(target, logits):
    """A recorded call of :func:`same_shape_target` (given the active engine's ``shape_of``)."""
    return record("same_shape_target", same_shape_target, (target, logits, _ops.shape_of), {})


def _relu_derivative(x, alpha, max_value, threshold):
    """The derivative of Keras 2's relu (see ``kbackend.generic.nn.relu``), as a float tensor (or mask)."""
    def mask(condition):
        return call("cast", condition, x.dtype)
    if alpha != 0.0 and max_value is None and threshold == 0.0:
        return call("where", call("greater", x, 0.0), 1.0, alpha)
    if threshold != 0.0:
        passing = call("greater", x, threshold)
        if max_value is not None:
            passing = call("logical_and", passing, call("logical_and", call("greater_equal", x, 0.0),
                                                         call("less_equal", x, max_value)))
    elif max_value == 6.0:
        passing = call("logical_and", call("greater", x, 0.0), call("less", x, 6.0))
    else:
        passing = call("greater", x, 0.0)
        if max_value is not None:
            passing = call("logical_and", passing, call("less_equal", x, max_value))
    derivative = mask(passing)
    if alpha != 0.0:
        derivative = call("add", derivative, call("multiply", mask(call("less", x, threshold)), alpha))
    return derivative


@public("relu")
@engine("relu")
def _relu(b):
    x, alpha, max_value, threshold = b.args
    alpha, threshold = float(alpha), float(threshold)
    max_value = None if max_value is None else float(max_value)
    if alpha == 0.0 and max_value is None and threshold == 0.0:
        # g times the mask (a float times a bool: the float's dtype), cheaper than a select on NumPy and torch
        return pairs(b, (x, lambda: call("multiply", b.g, call("greater", x, 0.0))))
    return pairs(b, (x, lambda: call("multiply", b.g, _relu_derivative(x, alpha, max_value, threshold))))


@public("elu")
@engine("elu")
def _elu(b):
    x, alpha = b.args
    # x > 0: 1; else alpha * exp(x) = out + alpha
    return pairs(b, (x, lambda: call("where", call("greater", x, 0.0), b.g,
                                     call("multiply", b.g, call("add", b.out, float(alpha))))))


@public("sigmoid")
@engine("sigmoid")
def _sigmoid(b):
    return pairs(b, (b.args[0], lambda: call("multiply", b.g, call("multiply", b.out, call("subtract", 1.0, b.out)))))


@public("softplus")
@engine("softplus")
def _softplus(b):
    x = b.args[0]
    return pairs(b, (x, lambda: call("multiply", b.g, call("sigmoid", x))))


@public("softsign")
@engine("softsign")
def _softsign(b):
    x = b.args[0]
    return pairs(b, (x, lambda: call("divide", b.g, call("square", call("add", call("abs", x), 1.0)))))


@public("hard_sigmoid")
@engine("hard_sigmoid")
def _hard_sigmoid(b):
    x = b.args[0]
    inside = call("logical_and", call("greater_equal", x, -2.5), call("less_equal", x, 2.5))
    return pairs(b, (x, lambda: call("where", inside, call("multiply", b.g, 0.2), 0.0)))


def _axis(axis, x):
    return int(axis) % rank(x)


@public("softmax")
@engine("softmax")
def _softmax(b):
    x, axis = b.args

    def d_x():
        a = _axis(axis, x)
        y = b.out
        return call("multiply", y, call("subtract", b.g, call("sum", call("multiply", b.g, y), (a,), True)))
    return pairs(b, (x, d_x))


@engine("log_softmax")
def _log_softmax(b):
    x, axis = b.args

    def d_x():
        a = _axis(axis, x)
        return call("subtract", b.g, call("multiply", call("exp", b.out), call("sum", b.g, (a,), True)))
    return pairs(b, (x, d_x))


def _data_format(data_format):
    return (data_format or SETTINGS.image_data_format).lower()


@public("bias_add")
@engine("bias_add")
def _bias_add(b):
    x, bias, data_format = b.args

    def d_bias():
        ndim, bias_rank = rank(x), rank(bias)
        g = b.g
        if bias_rank == 1:
            channel = 1 if _data_format(data_format) == "channels_first" else ndim - 1
            reduced = call("sum", g, tuple(a for a in range(ndim) if a != channel), False)
        else:
            reduced = call("sum", g, (0,), False)
            if _data_format(data_format) == "channels_first":
                reduced = call("reshape", reduced, shape(bias)) if None not in shape(bias) else \
                    helper("reshape_like", reduced, bias)
        return reduced
    return pairs(b, (x, lambda: b.g), (bias, d_bias))  # the result has the shape of x


def _plain_float(*tensors):
    """Whether the tensors are dense, of one float dtype and of known ranks (what the lowered forms need)."""
    kinds = {dtype(t) for t in tensors}
    return len(kinds) == 1 and is_float(tensors[0]) and all(shape(t) is not None and not getattr(t, "sparse", False)
                                                           for t in tensors)


@lowered_form("relu")
def _relu_form(node):
    """The engine's relu, its number arguments checked (as the public function checks them) at lowering."""
    x, alpha, max_value, threshold = node.args
    numbers = (alpha, threshold) if max_value is None else (alpha, threshold, max_value)
    if not _plain_float(x) or any(type(n) not in (int, float) for n in numbers):
        return None
    return call("relu", x, float(alpha), None if max_value is None else float(max_value), float(threshold))


@lowered_form("bias_add")
def _bias_add_form(node):
    """``x + bias`` for a rank-1 bias on a rank-2 ``x`` (its channels are the last axis whatever the data format)
    of the same dtype, the bias matching the channels statically."""
    x, bias, data_format = node.args
    if not _plain_float(x, bias) or len(shape(x)) != 2 or len(shape(bias)) != 1:
        return None
    if data_format is not None and (type(data_format) is not str or
                                    data_format.lower() not in ("channels_first", "channels_last")):
        return None
    if shape(bias)[0] is None or shape(bias)[0] != shape(x)[1]:
        return None
    return call("add", x, bias)


def _crossentropy_parts(logits, axis, epsilon):
    """(log-probabilities, the clipped ones, the mask where the clip passes the gradient)"""
    low, high = log_probability_bounds(epsilon, logits.dtype)
    log_p = call("log_softmax", logits, axis)
    clipped = call("clip", log_p, low, high)
    return log_p, clipped, call("equal", clipped, log_p)


@implemented("categorical_crossentropy", "_crossentropy_of_softmax_logits")
@engine("softmax_categorical_crossentropy")
def _softmax_crossentropy(b):
    """``L = -sum(t * clip(log_softmax(z), log eps, log(1 - eps)), axis)``: ``dL/dz = p * sum(u) - u`` with
    ``u = g * t * m`` (``m``: where the clip passes the gradient) and ``p = softmax(z)``; ``dL/dt = -g * clip(...)``."""
    target, logits, axis = b.args[:3]
    epsilon = b.args[3] if len(b.args) > 3 else SETTINGS.epsilon
    if not is_float(logits):
        raise NoRule("integer logits")
    a = _axis(axis, logits)
    log_p, clipped, inside = _crossentropy_parts(logits, a, epsilon)
    g = call("expand_dims", b.g, a)

    def d_logits():
        # the mask multiplies (a float times a bool: the float's dtype), cheaper than a select on NumPy and torch
        u = call("multiply", call("multiply", g, target), inside)
        return call("subtract", call("multiply", call("exp", log_p), call("sum", u, (a,), True)), u)
    return pairs(b, (logits, d_logits), (target, lambda: call("negative", call("multiply", g, clipped))))


def same_shape_target(target, logits, shape_of):
    """``target``, after checking at run time that it has the shape of ``logits`` (as the fused crossentropy
    checks it), for a lowered form whose static shapes leave sizes unknown.

    Arguments:
        target: the crossentropy's target.
        logits: its logits.
        shape_of: the engine's ``shape_of``.

    Returns:
        ``target``.

    Raises:
        ValueError: the shapes differ.
    """
    if shape_of(target) != shape_of(logits):
        raise ValueError(f"categorical_crossentropy(): target and output must have the same shape, got "
                         f"{tuple(shape_of(target))} and {tuple(shape_of(logits))}")
    return target


same_shape_target.reads_no_frame = True  # (a lowered program calls it without a computing frame)


@lowered_form("categorical_crossentropy", "_crossentropy_of_softmax_logits")
def _softmax_crossentropy_form(node):
    """``-sum(target * clip(log_softmax(logits), log eps, log(1 - eps)), axis)`` as engine calls: the same calls
    as the gradient rule's, so that the lowered program computes the log-probabilities once. The target must have
    the dtype of the logits; its shape is checked at run time unless both static shapes are known and equal."""
    target, logits, axis = node.args[:3]
    epsilon = node.args[3] if len(node.args) > 3 else SETTINGS.epsilon
    if not _plain_float(target, logits) or len(shape(target)) != len(shape(logits)) or type(axis) is not int:
        return None
    a = _axis(axis, logits)
    if not (known(shape(target)) and shape(target) == shape(logits)):
        target = call_checked(target, logits)
    _, clipped, _ = _crossentropy_parts(logits, a, epsilon)
    return call("negative", call("sum", call("multiply", target, clipped), (a,), False))
