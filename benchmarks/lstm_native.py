"""The 2-layer LSTM training step written directly in each framework (the reference of ``benchmarks.lstm_step``).

The model: two LSTM layers (gates i, f, g, o from ``z = x W + h U + b``; sigmoid, sigmoid, tanh, sigmoid; zero initial
states), a dense softmax layer on the last output, the mean categorical crossentropy, one SGD step. Every step takes a
NumPy batch and returns the loss as a Python float, the contract of a ``K.function`` training step.

- NumPy: forward and backpropagation through time written by hand (float32);
- torch: ``torch.nn.LSTM`` (eager, autograd), the same weights;
- JAX: ``lax.scan`` over the time steps, the whole step under ``jax.jit``;
- TensorFlow: the step in a ``tf.function`` (time loop unrolled, ``tf.GradientTape``);
- PyTensor: ``pytensor.scan`` over the time steps, ``pytensor.grad``, SGD as updates of shared variables, one
  ``pytensor.function`` compiled at the first call in kbackend's program mode (``KBACKEND_PYTENSOR_MODE``: the
  same linker and rewrites as the ``K.function`` program it is compared with).

``NATIVE_STEPS[engine](weights, learning_rate)`` gives ``step(x, y) -> loss``; ``weights`` is
``[(W, U, b), (W, U, b), (Wd, bd)]`` of NumPy float32 arrays.
"""
import numpy as np

from .train_native import program_mode


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def numpy_step(weights, learning_rate):
    """Hand-written forward pass and backpropagation through time."""
    layers = [[np.array(a) for a in layer] for layer in weights[:2]]
    dense = [np.array(a) for a in weights[2]]

    def forward(layer, xs):
        w, u, b = layer
        batch, units = xs[0].shape[0], u.shape[0]
        h, c = np.zeros((batch, units), np.float32), np.zeros((batch, units), np.float32)
        cache, outputs = [], []
        for x_t in xs:
            z = x_t @ w + h @ u + b
            i, f, o = _sigmoid(z[:, :units]), _sigmoid(z[:, units:2 * units]), _sigmoid(z[:, 3 * units:])
            g = np.tanh(z[:, 2 * units:3 * units])
            c_new = f * c + i * g
            tanh_c = np.tanh(c_new)
            cache.append((x_t, h, c, i, f, g, o, tanh_c))
            h, c = o * tanh_c, c_new
            outputs.append(h)
        return outputs, cache

    def backward(layer, cache, grad_outputs):
        w, u, _ = layer
        dw, du, db = np.zeros_like(w), np.zeros_like(u), np.zeros_like(layer[2])
        dh_next, dc_next = np.zeros_like(cache[0][1]), np.zeros_like(cache[0][2])
        grad_inputs = [None] * len(cache)
        for t in range(len(cache) - 1, -1, -1):
            x_t, h_prev, c_prev, i, f, g, o, tanh_c = cache[t]
            dh = dh_next if grad_outputs[t] is None else dh_next + grad_outputs[t]
            dc = dh * o * (1.0 - tanh_c * tanh_c) + dc_next
            dz = np.concatenate([dc * g * i * (1.0 - i), dc * c_prev * f * (1.0 - f), dc * i * (1.0 - g * g),
                                 dh * tanh_c * o * (1.0 - o)], axis=1)
            dw += x_t.T @ dz
            du += h_prev.T @ dz
            db += dz.sum(axis=0)
            grad_inputs[t] = dz @ w.T
            dh_next, dc_next = dz @ u.T, dc * f
        return (dw, du, db), grad_inputs

    def step(x, y):
        xs = list(np.swapaxes(x, 0, 1))
        out1, cache1 = forward(layers[0], xs)
        out2, cache2 = forward(layers[1], out1)
        logits = out2[-1] @ dense[0] + dense[1]
        shifted = logits - logits.max(axis=1, keepdims=True)
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        loss = -(y * log_probs).sum(axis=1).mean()
        dlogits = (np.exp(log_probs) - y) / len(x)
        grads_dense = (out2[-1].T @ dlogits, dlogits.sum(axis=0))
        grad_out2 = [None] * (len(xs) - 1) + [dlogits @ dense[0].T]
        grads2, grad_out1 = backward(layers[1], cache2, grad_out2)
        grads1, _ = backward(layers[0], cache1, grad_out1)
        for params, grads in ((layers[0], grads1), (layers[1], grads2), (dense, grads_dense)):
            for param, grad in zip(params, grads):
                param -= learning_rate * grad
        return float(loss)
    return step


def torch_step(weights, learning_rate):
    """``torch.nn.LSTM`` with two layers (its gate order is i, f, g, o, as here) and a linear layer, eager."""
    import torch
    (w1, u1, b1), (w2, u2, b2), (wd, bd) = weights
    lstm = torch.nn.LSTM(w1.shape[0], u1.shape[0], num_layers=2, batch_first=True)
    linear = torch.nn.Linear(wd.shape[0], wd.shape[1])
    with torch.no_grad():
        for index, (w, u, b) in enumerate(((w1, u1, b1), (w2, u2, b2))):
            getattr(lstm, f"weight_ih_l{index}").copy_(torch.from_numpy(w.T.copy()))
            getattr(lstm, f"weight_hh_l{index}").copy_(torch.from_numpy(u.T.copy()))
            getattr(lstm, f"bias_ih_l{index}").copy_(torch.from_numpy(b))
            getattr(lstm, f"bias_hh_l{index}").zero_()
            # one bias per layer, as in the model: torch's second bias stays at zero (trained, it would double the
            # bias's step)
            getattr(lstm, f"bias_hh_l{index}").requires_grad_(False)
        linear.weight.copy_(torch.from_numpy(wd.T.copy()))
        linear.bias.copy_(torch.from_numpy(bd))
    params = [p for p in list(lstm.parameters()) + list(linear.parameters()) if p.requires_grad]

    def step(x, y):
        outputs, _ = lstm(torch.from_numpy(x))
        log_probs = torch.log_softmax(linear(outputs[:, -1]), dim=1)
        loss = -(torch.from_numpy(y) * log_probs).sum(dim=1).mean()
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            for param, grad in zip(params, grads):
                param.sub_(learning_rate * grad)
        return loss.item()
    return step


def jax_step(weights, learning_rate):
    """``lax.scan`` over time for each layer, value and gradient of the loss, SGD, all in one ``jax.jit``."""
    import jax
    import jax.numpy as jnp
    from jax import lax

    def layer(params, xs):
        w, u, b = params
        units = u.shape[0]

        def cell(carry, x_t):
            h, c = carry
            z = x_t @ w + h @ u + b
            i, f, g, o = jnp.split(z, 4, axis=1)
            c = jax.nn.sigmoid(f) * c + jax.nn.sigmoid(i) * jnp.tanh(g)
            h = jax.nn.sigmoid(o) * jnp.tanh(c)
            return (h, c), h
        zeros = jnp.zeros((xs.shape[1], units), xs.dtype)
        return lax.scan(cell, (zeros, zeros), xs)[1]

    def loss_of(params, x, y):
        hs = layer(params[1], layer(params[0], jnp.swapaxes(x, 0, 1)))
        log_probs = jax.nn.log_softmax(hs[-1] @ params[2][0] + params[2][1], axis=1)
        return -(y * log_probs).sum(axis=1).mean()

    @jax.jit
    def update(params, x, y):
        loss, grads = jax.value_and_grad(loss_of)(params, x, y)
        return jax.tree_util.tree_map(lambda p, g: p - learning_rate * g, params, grads), loss

    state = [jax.tree_util.tree_map(jnp.asarray, [tuple(layer_) for layer_ in weights])]

    def step(x, y):
        state[0], loss = update(state[0], x, y)
        return float(loss)
    return step


def tensorflow_step(weights, learning_rate):
    """The step in a ``tf.function``: the 20 time steps unrolled, ``tf.GradientTape``, ``assign_sub``."""
    import tensorflow as tf
    params = [[tf.Variable(a) for a in layer] for layer in weights]
    flat = [p for layer in params for p in layer]

    def layer(variables, xs):
        w, u, b = variables
        units = u.shape[0]
        h = c = tf.zeros((tf.shape(xs[0])[0], units), xs[0].dtype)
        outputs = []
        for x_t in xs:
            i, f, g, o = tf.split(tf.matmul(x_t, w) + tf.matmul(h, u) + b, 4, axis=1)
            c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
            h = tf.sigmoid(o) * tf.tanh(c)
            outputs.append(h)
        return outputs

    @tf.function
    def update(x, y):
        with tf.GradientTape() as tape:
            hs = layer(params[1], layer(params[0], tf.unstack(x, axis=1)))
            log_probs = tf.nn.log_softmax(tf.matmul(hs[-1], params[2][0]) + params[2][1], axis=1)
            loss = -tf.reduce_mean(tf.reduce_sum(y * log_probs, axis=1))
        for param, grad in zip(flat, tape.gradient(loss, flat)):
            param.assign_sub(learning_rate * grad)
        return loss

    def step(x, y):
        return float(update(x, y))
    return step


def pytensor_step(weights, learning_rate):
    """``pytensor.scan`` over time for each layer, ``pytensor.grad``, SGD as ``updates`` of shared variables; the
    graph is built and compiled once (in kbackend's program mode) at the first call, for the batch's shapes, so that
    the first call's time holds the compilation, like ``jax.jit``'s and ``tf.function``'s."""
    import pytensor
    import pytensor.tensor as pt
    params = [[pytensor.shared(np.array(a)) for a in layer] for layer in weights]
    flat = [p for layer in params for p in layer]

    def layer(variables, xs):
        w, u, b = variables
        units = int(w.get_value(borrow=True).shape[1]) // 4

        def cell(x_t, h, c, w, u, b):
            z = pt.dot(x_t, w) + pt.dot(h, u) + b
            i, f = pt.sigmoid(z[:, :units]), pt.sigmoid(z[:, units:2 * units])
            g, o = pt.tanh(z[:, 2 * units:3 * units]), pt.sigmoid(z[:, 3 * units:])
            c = f * c + i * g
            return o * pt.tanh(c), c
        zeros = pt.zeros((xs.shape[1], units), dtype=xs.dtype)
        hs, _ = pytensor.scan(cell, sequences=xs, outputs_info=[zeros, zeros], non_sequences=[w, u, b],
                              strict=True, return_updates=False)
        return hs

    def compile_for(x_shape, y_shape):
        # inputs typed with the batch's static shapes, as kbackend traces its programs (the JAX linker needs them)
        x, y = pt.tensor("x", dtype="float32", shape=x_shape), pt.tensor("y", dtype="float32", shape=y_shape)
        hs = layer(params[1], layer(params[0], x.dimshuffle(1, 0, 2)))
        log_probs = pt.special.log_softmax(pt.dot(hs[-1], params[2][0]) + params[2][1], axis=1)
        loss = -(y * log_probs).sum(axis=1).mean()
        rate = np.float32(learning_rate)  # a Python float would make the new values float64 (floatX)
        updates = [(p, p - rate * g) for p, g in zip(flat, pytensor.grad(loss, flat))]
        return pytensor.function([x, y], loss, updates=updates, mode=program_mode())
    compiled = []

    def step(x_batch, y_batch):
        if not compiled:
            compiled.append(compile_for(x_batch.shape, y_batch.shape))
        return float(compiled[0](x_batch, y_batch))
    return step


NATIVE_STEPS = {"numpy": numpy_step, "torch": torch_step, "jax": jax_step, "tensorflow": tensorflow_step,
                "pytensor": pytensor_step}
