"""JAX engine: the loop of ``K.rnn`` as one ``jax.lax.scan``, so that a compiled program holds the step once (not
one copy per time step) and its gradient is the scan's reverse pass."""
import jax
import jax.numpy as jnp
from jax import lax

from .core import convert

__all__ = ["rnn_loop"]


def _expand_to(condition, rank):
    return condition.reshape(condition.shape + (1,) * (rank - condition.ndim))


def rnn_loop(step, inputs, states, constants, go_backwards, mask):
    """``K.rnn``'s loop (see ``kbackend.generic.control``) with ``lax.scan`` over the time axis."""
    xs = jnp.moveaxis(inputs, 1, 0)
    keeps = None if mask is None else jnp.moveaxis(mask, 1, 0)
    if go_backwards:
        xs = xs[::-1]
        keeps = None if keeps is None else keeps[::-1]
    dtypes = [s.dtype for s in states]

    def run_step(x_t, carried):
        output, new_states = step(x_t, list(carried) + constants)
        return convert(output), tuple(convert(s).astype(d) for s, d in zip(new_states, dtypes))

    if keeps is None:
        def body(carried, x_t):
            output, new_states = run_step(x_t, carried)
            return new_states, output
        final, outputs = lax.scan(body, tuple(states), xs)
    else:
        first = jax.eval_shape(lambda x_t, carried: run_step(x_t, carried)[0], xs[0], tuple(states))

        def body(carry, inputs_t):
            carried, previous = carry
            x_t, keep = inputs_t
            output, new_states = run_step(x_t, carried)
            output = jnp.where(_expand_to(keep, output.ndim), output, previous)
            new_states = tuple(jnp.where(_expand_to(keep, new.ndim), new, old) for new, old in zip(new_states, carried))
            return (new_states, output), output
        (final, _), outputs = lax.scan(body, (tuple(states), jnp.zeros(first.shape, first.dtype)), (xs, keeps))
    outputs = jnp.moveaxis(outputs, 0, 1)
    return outputs[:, -1], outputs, list(final)
