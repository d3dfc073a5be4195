"""Gradient rules of the products: ``dot`` (Keras 2's N-D form), ``matmul`` (the ``@`` operator and what rules
emit), ``tensordot``, ``transpose`` and the engine's ``permute``."""
from .emit import NoRule, call, rank, sum_to
from ..lowered_forms import lowered_form
from .registry import engine, pairs, public


def _swap_last(x):
    n = rank(x)
    return call("permute", x, tuple(range(n - 2)) + (n - 1, n - 2))


@engine("matmul")
def _matmul(b):
    x, y = b.args
    if rank(x) < 2 or rank(y) < 2:
        raise NoRule("matmul of a vector")
    return pairs(b, (x, lambda: sum_to(call("matmul", b.g, _swap_last(y)), x)),
                 (y, lambda: sum_to(call("matmul", _swap_last(x), b.g), y)))


@public("dot")
@engine("dot")
def _dot(b):
    """``dot(x, y)`` contracts the last axis of ``x`` with the second-to-last of ``y`` (the only one of a vector
    ``x``); the result's axes are x's others, then y's others."""
    x, y = b.args
    nx, ny = rank(x), rank(y)
    if ny < 2 or nx < 1:
        raise NoRule("dot with a vector or scalar y")
    if nx == 2 and ny == 2:
        return pairs(b, (x, lambda: call("matmul", b.g, _swap_last(y))),
                     (y, lambda: call("matmul", _swap_last(x), b.g)))
    x_part = tuple(range(nx - 1))                        # axes of the result (and of x) that come from x
    y_part = tuple(range(nx - 1, nx - 1 + ny - 1))       # axes of the result that come from y
    y_others = tuple(range(ny - 2)) + (ny - 1,)          # the matching axes of y

    def d_x():
        return call("tensordot", b.g, y, (y_part, y_others))

    def d_y():
        contracted = call("tensordot", x, b.g, (x_part, x_part))   # (k, y's others...)
        if ny == 2:
            return contracted
        return call("permute", contracted, tuple(range(1, ny - 1)) + (0, ny - 1))
    return pairs(b, (x, d_x), (y, d_y))


@lowered_form("dot")
def _dot_form(node):
    """The engine's dot itself (the public function checks nothing more)."""
    return call("dot", *node.args)


@engine("tensordot")
def _tensordot(b):
    x, y, axes = b.args
    nx, ny = rank(x), rank(y)
    if isinstance(axes, int):
        x_axes, y_axes = tuple(range(nx - axes, nx)), tuple(range(axes))
    else:
        x_axes = tuple(int(a) % nx for a in axes[0])
        y_axes = tuple(int(a) % ny for a in axes[1])
    x_free = tuple(a for a in range(nx) if a not in x_axes)
    y_free = tuple(a for a in range(ny) if a not in y_axes)
    nfx = len(x_free)

    def d_x():  # g (x_free..., y_free...) . y over y_free -> (x_free..., y's contracted axes in y's order)
        partial = call("tensordot", b.g, y, (tuple(range(nfx, nfx + len(y_free))), y_free))
        order = x_free + tuple(x_axes[y_axes.index(a)] for a in sorted(y_axes))
        return call("permute", partial, tuple(order.index(a) for a in range(nx)))

    def d_y():  # x . g over x_free -> (x_axes order = y_axes order..., y_free...)
        partial = call("tensordot", x, b.g, (x_free, tuple(range(nfx))))
        order = tuple(y_axes[x_axes.index(a)] for a in sorted(x_axes)) + y_free
        return call("permute", partial, tuple(order.index(a) for a in range(ny)))
    return pairs(b, (x, d_x), (y, d_y))


@engine("permute")
def _permute(b):
    x, pattern = b.args
    inverse = tuple(sorted(range(len(pattern)), key=lambda a: pattern[a]))
    return pairs(b, (x, lambda: call("permute", b.g, inverse)))


@public("transpose")
def _transpose(b):
    x = b.args[0]
    n = rank(x)
    return pairs(b, (x, lambda: call("permute", b.g, tuple(reversed(range(n))))))
