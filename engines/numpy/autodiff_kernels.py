"""NumPy engine: the convolution and pooling kernels as ``autograd`` primitives, for the autodiff twin.

The twin would otherwise differentiate the generic im2col versions (gathers and scatter-adds of every window), 10
to 100 times slower than the engine's kernels. Here the engine's own kernels (``conv.py``) compute the values and
each VJP is vectorised NumPy of the same shape: one Python iteration per kernel tap, never per cell.

* ``conv``: w.r.t. the input, the transposed convolution of the cotangent with the same kernel (the engine's
  ``conv_transpose``); w.r.t. the kernel, per tap, the product of the tap's input slice with the cotangent.
* ``conv_transpose``: w.r.t. the input, per tap, the cotangent's canvas slice times the tap's kernel (the forward
  convolution); w.r.t. the kernel, per tap, the product of the canvas slice with the input.
* ``depthwise_conv``: the same per tap, channel by channel (no sum over input channels).
* ``pool``: max pooling routes the cotangent to the first maximum of each window; average pooling spreads it over
  the window's real cells (padding excluded, as in the forward).

Arguments are normalised by the facade, as for the engine functions; a variable argument is read first (in the
twin its value may be a traced box).
"""
import numpy as np
from autograd.extend import defvjp, primitive

from kbackend.engine_api import Variable, window_counts

from . import conv as _kernels
from .conv import _compute, _floats, _last, _padded, _result, _tap_slices, _taps, transpose_canvas

__all__ = ["KERNELS"]


def _spatial(nd):
    """The batch and spatial axes of a channels-last rank-(nd+2) array."""
    return tuple(range(nd + 1))


def _cotangent(g, data_format, nd):
    return _last(_compute(np.asarray(g)), data_format, nd)


def _like(gradient, value):
    """``gradient`` in the dtype of the argument ``value`` it belongs to (floats keep theirs)."""
    dtype = np.result_type(value)
    return gradient.astype(dtype, copy=False) if dtype.kind == "f" else gradient


def _unpadded(padded, padding):
    """The cells of channels-last ``padded`` that are not padding."""
    return padded[(slice(None),) + tuple(slice(lo, n - hi) for (lo, hi), n in zip(padding, padded.shape[1:-1]))]


# --- conv ----------------------------------------------------------------------------------------------------------
conv = primitive(_kernels.conv)


def _conv_input_vjp(ans, x, kernel, strides, padding, data_format, dilation_rate):
    shape = np.shape(x)
    return lambda g: _like(_kernels.conv_transpose(g, kernel, shape, strides, padding, data_format, dilation_rate), x)


def _conv_kernel_vjp(ans, x, kernel, strides, padding, data_format, dilation_rate):
    def vjp(g):
        xs, k, _ = _floats(x, kernel)
        nd = len(strides)
        xs = _last(xs, data_format, nd)
        slices = _taps(xs, k.shape[:nd], strides, padding, dilation_rate)
        xs, g = _padded(xs, padding), _cotangent(g, data_format, nd)
        out = np.empty(k.shape, dtype=g.dtype)
        for index, tap in slices:
            out[tap] = np.tensordot(xs[index], g, (_spatial(nd), _spatial(nd)))
        return _like(out, kernel)
    return vjp


defvjp(conv, _conv_input_vjp, _conv_kernel_vjp)


# --- conv_transpose ------------------------------------------------------------------------------------------------
conv_transpose = primitive(_kernels.conv_transpose)


def _canvas_of(g, x_sizes, kernel_size, output_shape, strides, padding, data_format, dilation_rate):
    """The channels-last cotangent placed in the transposed convolution's canvas (zeros outside the window)."""
    nd = len(strides)
    g = _cotangent(g, data_format, nd)
    canvas, window = transpose_canvas(x_sizes, kernel_size, tuple(output_shape), strides, padding, data_format,
                                      dilation_rate)
    full = np.zeros((g.shape[0],) + canvas + (g.shape[-1],), dtype=g.dtype)
    full[window] = g
    return full


def _conv_transpose_vjps(ans, x, kernel, output_shape, strides, padding, data_format, dilation_rate):
    nd = len(strides)
    xs, k, _ = _floats(x, kernel)
    xs = _last(xs, data_format, nd)
    sizes = xs.shape[1:-1]
    slices = _tap_slices(k.shape[:nd], strides, dilation_rate, sizes)

    def canvas(g):
        return _canvas_of(g, sizes, k.shape[:nd], output_shape, strides, padding, data_format, dilation_rate)

    def input_vjp(g):
        full, out = canvas(g), None
        for index, tap in slices:
            part = np.matmul(full[index], k[tap])  # (..., out) @ (out, in)
            out = part if out is None else np.add(out, part, out=out)
        return _like(_result(out, data_format, nd, out.dtype), x)

    def kernel_vjp(g):
        full = canvas(g)
        out = np.empty(k.shape, dtype=full.dtype)
        for index, tap in slices:
            out[tap] = np.tensordot(full[index], xs, (_spatial(nd), _spatial(nd)))
        return _like(out, kernel)
    return input_vjp, kernel_vjp


defvjp(conv_transpose, lambda *args: _conv_transpose_vjps(*args)[0], lambda *args: _conv_transpose_vjps(*args)[1])


# --- depthwise_conv ------------------------------------------------------------------------------------------------
depthwise_conv = primitive(_kernels.depthwise_conv)


def _depthwise_vjps(ans, x, kernel, strides, padding, data_format, dilation_rate):
    nd = len(strides)
    xs, k, _ = _floats(x, kernel)
    xs = _last(xs, data_format, nd)
    slices = _taps(xs, k.shape[:nd], strides, padding, dilation_rate)
    channels, mult = k.shape[nd:]

    def per_multiplier(g):   # (N, o..., C*M) -> (N, o..., C, M)
        g = _cotangent(g, data_format, nd)
        return g.reshape(g.shape[:-1] + (channels, mult))

    def input_vjp(g):
        g = per_multiplier(g)
        out = np.zeros(_padded(xs, padding).shape, dtype=g.dtype)
        for index, tap in slices:
            out[index] += np.einsum("...cm,cm->...c", g, k[tap])
        return _like(_result(_unpadded(out, padding), data_format, nd, out.dtype), x)

    def kernel_vjp(g):
        g, padded = per_multiplier(g), _padded(xs, padding)
        out = np.empty(k.shape, dtype=g.dtype)
        g = g.reshape((-1, channels, mult))
        for index, tap in slices:
            out[tap] = np.einsum("pc,pcm->cm", padded[index].reshape((-1, channels)), g)
        return _like(out, kernel)
    return input_vjp, kernel_vjp


defvjp(depthwise_conv, lambda *args: _depthwise_vjps(*args)[0], lambda *args: _depthwise_vjps(*args)[1])


# --- pool ----------------------------------------------------------------------------------------------------------
pool = primitive(_kernels.pool)


def _pool_vjp(ans, x, pool_size, strides, padding, data_format, pool_mode):
    def vjp(g):
        nd = len(strides)
        xs = _last(_compute(np.asarray(x)), data_format, nd)
        g = _cotangent(g, data_format, nd)
        slices = _taps(xs, pool_size, strides, padding, (1,) * nd)
        if pool_mode == "max":
            padded = _padded(xs, padding, -np.inf)
            best = _last(_compute(np.asarray(ans)), data_format, nd)
            unclaimed = np.ones(g.shape, dtype=bool)
        else:
            counts = window_counts(xs.shape[1:-1], pool_size, strides, padding)
            g = g / counts.reshape((1,) + counts.shape + (1,)).astype(g.dtype, copy=False)
            padded = _padded(xs, padding)
        out = np.zeros(padded.shape, dtype=g.dtype)
        for index, _ in slices:
            if pool_mode == "max":
                winner = unclaimed & (padded[index] == best)
                unclaimed &= ~winner
                out[index] += np.where(winner, g, 0)
            else:
                out[index] += g
        return _like(_result(_unpadded(out, padding), data_format, nd, out.dtype), x)
    return vjp


defvjp(pool, _pool_vjp)


# --- the twin's versions: variables are read first ----------------------------------------------------------------
def _reading_variables(kernel, arity):
    def twin(*args):
        values = [a.value if isinstance(a, Variable) else a for a in args[:arity]]
        return kernel(*values, *args[arity:])
    twin.__name__ = kernel.__name__
    return twin


KERNELS = {
    "conv": _reading_variables(conv, 2),
    "conv_transpose": _reading_variables(conv_transpose, 2),
    "depthwise_conv": _reading_variables(depthwise_conv, 2),
    "pool": _reading_variables(pool, 1),
}
