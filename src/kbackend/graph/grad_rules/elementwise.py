"""Gradient rules of the element-wise functions: arithmetic (also the Python operators), math, comparisons' selects,
clipping, casts and the run-time shape helpers of ``emit``.

Conventions at ties are Keras 2's on TensorFlow: ``maximum(x, y)`` passes the gradient to ``x`` where ``x >= y``
(``minimum``: where ``x <= y``), ``clip`` to ``x`` at its bounds (a tensor bound gets it only where ``x`` is beyond
it), ``abs`` and ``sign`` have a zero derivative at 0, ``round`` and ``sign`` a zero derivative everywhere.
"""
from .emit import NoRule, call, helper, is_float, rank, sum_to
from .registry import engine, implemented, pairs as _pairs, public


@engine("add")
def _add(b):
    x, y = b.args
    return _pairs(b, (x, lambda: sum_to(b.g, x)), (y, lambda: sum_to(b.g, y)))


@engine("subtract")
def _subtract(b):
    x, y = b.args
    return _pairs(b, (x, lambda: sum_to(b.g, x)), (y, lambda: sum_to(call("negative", b.g), y)))


@engine("multiply")
def _multiply(b):
    x, y = b.args
    return _pairs(b, (x, lambda: sum_to(call("multiply", b.g, y), x)),
                  (y, lambda: sum_to(call("multiply", b.g, x), y)))


@engine("divide")
def _divide(b):
    x, y = b.args
    return _pairs(b, (x, lambda: sum_to(call("divide", b.g, y), x)),
                  (y, lambda: sum_to(call("negative", call("divide", call("multiply", b.g, b.out), y)), y)))


@engine("negative")
def _negative(b):
    return _pairs(b, (b.args[0], lambda: call("negative", b.g)))


@engine("power")
@public("pow")
def _power(b):
    x, a = b.args

    def d_x():
        if isinstance(a, (int, float)) and not isinstance(a, bool):
            if a == 2:
                return call("multiply", b.g, call("multiply", x, 2.0))
            if a == 1:
                return b.g
            return call("multiply", b.g, call("multiply", call("power", x, a - 1), a))
        return sum_to(call("multiply", b.g, call("multiply", call("power", x, call("subtract", a, 1)), a)), x)

    def d_a():  # log(x) where x > 0, else 0 (TensorFlow's convention)
        positive = call("greater", x, 0)
        log_x = call("where", positive, call("log", call("where", positive, x, 1)), 0)
        return sum_to(call("multiply", b.g, call("multiply", b.out, log_x)), a)
    return _pairs(b, (x, d_x), (a, d_a))


def _sqrt(b):
    """``sqrt`` takes negative inputs as 0 (``sqrt(maximum(x, 0))``): no gradient there, nor at 0."""
    positive = call("greater", b.out, 0.0)
    return call("where", positive, call("divide", b.g, call("multiply", call("where", positive, b.out, 1.0), 2.0)),
                0.0)


def _unary(derivative):
    """A rule for ``f(x)`` whose cotangent is ``derivative(b)`` (the cotangent of x, g times f'(x))."""
    def rule(b):
        return _pairs(b, (b.args[0], lambda: derivative(b)))
    return rule


engine("square")(public("square")(_unary(lambda b: call("multiply", b.g, call("multiply", b.args[0], 2.0)))))
engine("sqrt")(public("sqrt")(_unary(lambda b: _sqrt(b))))
engine("exp")(public("exp")(_unary(lambda b: call("multiply", b.g, b.out))))
engine("log")(public("log")(_unary(lambda b: call("divide", b.g, b.args[0]))))
engine("sin")(public("sin")(_unary(lambda b: call("multiply", b.g, call("cos", b.args[0])))))
engine("cos")(public("cos")(_unary(lambda b: call("negative", call("multiply", b.g, call("sin", b.args[0]))))))
engine("tanh")(public("tanh")(_unary(
    lambda b: call("multiply", b.g, call("subtract", 1.0, call("multiply", b.out, b.out))))))
engine("abs")(public("abs")(_unary(lambda b: call("multiply", b.g, call("sign", b.args[0])))))
engine("copy")(public("identity")(_unary(lambda b: b.g)))
engine("log1p")(_unary(lambda b: call("divide", b.g, call("add", b.args[0], 1.0))))
engine("expm1")(_unary(lambda b: call("multiply", b.g, call("add", b.out, 1.0))))


@engine("sign", "round", "zeros_like", "ones_like")
@public("sign", "round", "stop_gradient", "zeros_like", "ones_like")
@implemented("stop_gradient", "_stop_gradient")
def _no_gradient(b):
    """Piecewise-constant functions, ``stop_gradient``, and ``zeros_like``/``ones_like`` (whose values do not
    depend on their input's): no cotangent for their inputs."""
    return []


@public("cast")
@engine("cast")
def _cast(b):
    x = b.args[0]
    return _pairs(b, (x, lambda: b.g)) if is_float(x) else []


def _routed(b, condition, x, y):
    """The cotangent goes to ``x`` where ``condition`` holds, to ``y`` elsewhere (``where`` and the selections)."""
    return _pairs(b, (x, lambda: sum_to(call("where", condition, b.g, 0.0), x)),
                  (y, lambda: sum_to(call("where", condition, 0.0, b.g), y)))


def _select(b, x, y, comparison):
    """Cotangents of ``maximum``/``minimum``: to ``x`` where ``comparison(x, y)`` holds, to ``y`` elsewhere."""
    return _routed(b, call(comparison, x, y), x, y)


@engine("maximum")
@public("maximum")
def _maximum(b):
    x, y = b.args
    return _select(b, x, y, "greater_equal")


@engine("minimum")
@public("minimum")
def _minimum(b):
    x, y = b.args
    return _select(b, x, y, "less_equal")


@engine("where")
def _where(b):
    condition, x, y = b.args
    return _routed(b, condition, x, y)


@public("_switch")
def _switch(b):
    """``K.switch`` and ``K.in_train_phase`` (a scalar condition such as the learning phase, or one of the
    expressions' rank): the cotangent goes to the expression selected, element by element."""
    condition, x, y = b.args
    if isinstance(condition, (bool, int)):
        chosen = x if condition else y
        return _pairs(b, (chosen, lambda: sum_to(b.g, chosen)))
    if rank(condition) not in (0, rank(b.out)):
        raise NoRule("switch on a condition of a lower rank than the expressions")
    return _routed(b, call("cast", condition, "bool"), x, y)


@public("clip")
@engine("clip")
def _clip(b):
    x, low, high = b.args
    if isinstance(low, (int, float)) and isinstance(high, (int, float)) and high < low:
        high = low
    inside = None
    if low is not None:
        inside = call("greater_equal", x, low)
    if high is not None:
        below_high = call("less_equal", x, high)
        inside = below_high if inside is None else call("logical_and", inside, below_high)
    if inside is None:
        return _pairs(b, (x, lambda: b.g))
    return _pairs(b, (x, lambda: call("where", inside, b.g, 0.0)),
                  (low, lambda: sum_to(call("where", call("less", x, low), b.g, 0.0), low)),
                  (high, lambda: sum_to(call("where", call("greater", x, high), b.g, 0.0), high)))


# --- the run-time shape helpers and broadcasting ------------------------------------------------------------------
@engine("sum_to")
def _sum_to(b):
    g, like = b.args
    return _pairs(b, (g, lambda: helper("broadcast_like", b.g, g)))


@engine("broadcast_like")
def _broadcast_like(b):
    g, like = b.args
    return _pairs(b, (g, lambda: helper("sum_to", b.g, g)))


@engine("broadcast_to")
def _broadcast_to(b):
    x = b.args[0]
    return _pairs(b, (x, lambda: sum_to(b.g, x)))


@engine("reshape_like")
def _reshape_like(b):
    g, like = b.args
    return _pairs(b, (g, lambda: helper("reshape_like", b.g, g)))


@engine("unreduce")
def _unreduce(b):
    g, like, axes, keepdims, mean = b.args
    return _pairs(b, (g, lambda: call("mean" if mean else "sum", b.g, axes, keepdims)))

