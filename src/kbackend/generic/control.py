"""The loop of ``K.rnn`` on the engine core (engines with a loop primitive, such as ``jax.lax.scan``, give their own).

``rnn_loop(E, step, inputs, states, constants, go_backwards, mask)`` iterates ``step(x_t, states + constants) ->
(output_t, new_states)`` over axis 1 of ``inputs`` (already checked: rank >= 3; ``mask`` None or a bool
``(samples, time)`` tensor) and returns ``(last_output, outputs, final_states)``. A masked step keeps the previous
output (zeros before the first step) and the previous states; outputs are stacked in iteration order.
"""
__all__ = ["rnn_loop", "expand_to"]


def expand_to(E, condition, rank):
    """Append trailing axes to ``condition`` until it has ``rank`` axes (left-aligned broadcasting)."""
    for _ in range(rank - len(E.shape_of(condition))):
        condition = E.expand_dims(condition, len(E.shape_of(condition)))
    return condition


def rnn_loop(E, step, inputs, states, constants, go_backwards, mask):
    steps = E.shape_of(inputs)[1]
    order = range(steps - 1, -1, -1) if go_backwards else range(steps)
    outputs, previous = [], None
    time_step = (slice(None),)  # engine tensors take basic indexing: mask[:, t] is a view, with no bounds check
    # The time steps as one split (views where the engine has them): its gradient is one concatenation, where a
    # slice per step would add one zero-padded copy of the whole input per step (quadratic in the steps)
    pieces = E.split(inputs, (1,) * steps, 1)
    for t in order:
        x_t = E.squeeze(pieces[t], 1)
        output, new_states = step(x_t, states + constants)
        output = E.convert(output)
        new_states = [E.convert(s) for s in new_states]
        if mask is not None:
            keep = mask[time_step + (t,)]
            if previous is None:
                previous = E.multiply(output, 0)
            output = E.where(expand_to(E, keep, len(E.shape_of(output))), output, previous)
            new_states = [E.where(expand_to(E, keep, len(E.shape_of(new))), new, old)
                          for new, old in zip(new_states, states)]
        outputs.append(output)
        previous, states = output, new_states
    return outputs[-1], E.stack(outputs, 1), states
