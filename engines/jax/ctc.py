"""JAX engine: ``ctc_batch_cost`` as one jitted function, the CTC forward algorithm in log space with
``lax.scan`` over the time steps (vectorised over the batch and the extended label positions; float16 computed in
float32; differentiable). ``ctc_decode`` and ``ctc_label_dense_to_sparse`` are kbackend's generic versions (host
side: their results have data-dependent shapes)."""

import jax
import jax.numpy as jnp
from jax import lax

from kbackend.engine_api import SETTINGS

from .core import FLOAT_DTYPES, JNP_DTYPES, as_array

__all__ = ["ctc_batch_cost"]

NEG = -1e30        # log(0) as a finite number (no inf - inf in the recursion or its gradient)
INFEASIBLE = 1e29  # losses above this had no valid alignment: +inf
_INT32 = JNP_DTYPES["int32"]
_FLOAT32 = JNP_DTYPES["float32"]


def _shift(x, k, fill):
    """``x`` (batch, width) shifted right by ``k`` along axis 1."""
    return jnp.pad(x, ((0, 0), (k, 0)), constant_values=fill)[:, :x.shape[1]]


@jax.jit
def _ctc_loss(y, labels, input_length, label_length, epsilon):
    batch, steps, classes = y.shape
    max_labels = labels.shape[1]
    width = 2 * max_labels + 1
    blank = classes - 1
    logp = jax.nn.log_softmax(jnp.log(y + epsilon), axis=2)
    labels = jnp.clip(labels.astype(_INT32), 0, blank)
    ext = jnp.full((batch, width), blank, _INT32).at[:, 1::2].set(labels)  # blank, l1, blank, l2, ..., blank
    emissions = jnp.take_along_axis(logp, jnp.broadcast_to(ext[:, None, :], (batch, steps, width)), axis=2)
    skip = (ext != blank) & (ext != _shift(ext, 2, -1))
    lengths = input_length.astype(_INT32)[:, None]

    def step(alpha, inputs):
        t, emission = inputs
        stay, move, jump = alpha, _shift(alpha, 1, NEG), jnp.where(skip, _shift(alpha, 2, NEG), NEG)
        peak = jnp.maximum(jnp.maximum(stay, move), jump)
        new = peak + jnp.log(jnp.exp(stay - peak) + jnp.exp(move - peak) + jnp.exp(jump - peak)) + emission
        return jnp.where(t < lengths, new, alpha), None

    start = jnp.full((batch, width), NEG, y.dtype).at[:, 0].set(0.0)  # before t=0, in state 0
    alpha, _ = lax.scan(step, start, (jnp.arange(steps), jnp.swapaxes(emissions, 0, 1)))
    end = 2 * jnp.minimum(label_length.astype(_INT32), max_labels)[:, None]
    position = jnp.arange(width)[None, :]
    final = (position == end) | (position == end - 1)
    loss = -jax.nn.logsumexp(jnp.where(final, alpha, NEG), axis=1)
    return jnp.where(loss > INFEASIBLE, jnp.inf, loss)[:, None]


def ctc_batch_cost(y_true, y_pred, input_length, label_length, epsilon):
    y = as_array(y_pred)
    dtype = y.dtype if y.dtype in FLOAT_DTYPES else JNP_DTYPES[SETTINGS.floatx]
    compute = _FLOAT32 if dtype.itemsize == 2 else dtype
    loss = _ctc_loss(y.astype(compute), as_array(y_true), as_array(input_length), as_array(label_length),
                     jnp.asarray(epsilon, compute))
    return loss.astype(dtype)
