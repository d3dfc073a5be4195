"""The best idiomatic native SGD step of an MLP (relu hidden layers, softmax crossentropy averaged over the batch),
per engine. Each builder takes the initial weights [(w, b), ...] as NumPy arrays and returns (step, to_tensor):
``step(x, y)`` applies one SGD update in place and returns the loss (blocked on by the caller).

NumPy: hand-written backprop; PyTorch: eager autograd, SGD under no_grad; JAX: the whole step under jax.jit;
TensorFlow: tf.function around a GradientTape; PyTensor: one compiled function with updates of shared variables. Each uses its framework's fused softmax crossentropy on logits.
"""
import importlib


def program_mode():
    """The PyTensor mode of kbackend's ``K.function`` programs (``KBACKEND_PYTENSOR_MODE``, as the engine reads it),
    for the native PyTensor steps: each is compared with a program compiled the same way."""
    return importlib.import_module("kbackend.engines.pytensor.compiled").PROGRAM_MODE


def numpy_step(weights, learning_rate):
    np = importlib.import_module("numpy")
    params = [(w.copy(), b.copy()) for w, b in weights]

    def step(x, y):
        activations = [x]
        for w, b in params[:-1]:
            activations.append(np.maximum(activations[-1] @ w + b, 0))
        logits = activations[-1] @ params[-1][0] + params[-1][1]
        shifted = logits - logits.max(axis=1, keepdims=True)
        log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        loss = -(y * log_p).sum() / len(x)
        delta = (np.exp(log_p) - y) / len(x)
        for index in range(len(params) - 1, -1, -1):
            w, b = params[index]
            grad_w, grad_b = activations[index].T @ delta, delta.sum(axis=0)
            if index:
                delta = (delta @ w.T) * (activations[index] > 0)
            w -= learning_rate * grad_w
            b -= learning_rate * grad_b
        return loss
    return step, np.asarray


def _flat(weights):
    return [array for pair in weights for array in pair]


def torch_step(weights, learning_rate):
    torch = importlib.import_module("torch")
    F = importlib.import_module("torch.nn.functional")
    params = [torch.tensor(a, requires_grad=True) for a in _flat(weights)]

    def step(x, y):
        h = x
        for w, b in zip(params[0:-2:2], params[1:-2:2]):
            h = torch.relu(torch.addmm(b, h, w))
        loss = F.cross_entropy(torch.addmm(params[-1], h, params[-2]), y)
        loss.backward()
        with torch.no_grad():
            for p in params:
                p.sub_(learning_rate * p.grad)
                p.grad = None
        return loss.detach()
    return step, torch.from_numpy


def jax_step(weights, learning_rate):
    jax = importlib.import_module("jax")
    jnp = jax.numpy
    state = {"params": [jnp.asarray(a) for a in _flat(weights)]}

    def loss_fn(params, x, y):
        h = x
        for w, b in zip(params[0:-2:2], params[1:-2:2]):
            h = jax.nn.relu(h @ w + b)
        logits = h @ params[-2] + params[-1]
        return -jnp.mean(jnp.sum(y * jax.nn.log_softmax(logits), axis=-1))

    @jax.jit
    def update(params, x, y):
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        return loss, [p - learning_rate * g for p, g in zip(params, grads)]

    def step(x, y):
        loss, state["params"] = update(state["params"], x, y)
        return loss
    return step, jnp.asarray


def tensorflow_step(weights, learning_rate):
    tf = importlib.import_module("tensorflow")
    params = [tf.Variable(a) for a in _flat(weights)]

    @tf.function
    def step(x, y):
        with tf.GradientTape() as tape:
            h = x
            for w, b in zip(params[0:-2:2], params[1:-2:2]):
                h = tf.nn.relu(tf.matmul(h, w) + b)
            logits = tf.matmul(h, params[-2]) + params[-1]
            loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
        for p, g in zip(params, tape.gradient(loss, params)):
            p.assign_sub(learning_rate * g)
        return loss
    return step, tf.constant


def pytensor_step(weights, learning_rate):
    """The step written directly in PyTensor: shared variables, ``pytensor.grad``, updates, one ``pytensor.function``
    (compiled in kbackend's program mode, ``KBACKEND_PYTENSOR_MODE``: the same linker and rewrites as the
    ``K.function`` step it is compared with)."""
    pytensor = importlib.import_module("pytensor")
    pt = pytensor.tensor
    params = [pytensor.shared(a) for a in _flat(weights)]
    x, y = pt.matrix("x", dtype="float32"), pt.matrix("y", dtype="float32")
    h = x
    for w, b in zip(params[0:-2:2], params[1:-2:2]):
        h = pt.maximum(pt.dot(h, w) + b, 0)
    logits = pt.dot(h, params[-2]) + params[-1]
    loss = -pt.mean(pt.sum(y * pt.special.log_softmax(logits, axis=-1), axis=-1))
    grads = pytensor.grad(loss, params)
    step = pytensor.function([x, y], loss, updates=[(p, p - pt.cast(learning_rate, p.dtype) * g) for p, g in zip(params, grads)],
                             mode=program_mode())
    return step, importlib.import_module("numpy").asarray


STEPS = {"numpy": numpy_step, "torch": torch_step, "jax": jax_step, "tensorflow": tensorflow_step,
         "pytensor": pytensor_step}


def numpy_io(step):
    """``step`` under ``K.function``'s contract: fed the NumPy batch as is (``jax.jit`` and ``tf.function`` take
    NumPy arrays and move them in their own call path) and returning the loss as NumPy, every step.

    Arguments:
        step: a native step of ``STEPS``.

    Returns:
        ``step(x, y) -> numpy loss`` on NumPy ``x`` and ``y``.
    """
    np = importlib.import_module("numpy")

    def contract_step(x, y):
        return np.asarray(step(x, y))
    return contract_step


# the engines whose targets are set against the native step under K.function's contract (issue 12): those with a
# compiler, where moving the batch in and the loss out is a real part of the step
NUMPY_IO_ENGINES = ("jax", "tensorflow")
