"""Two small models trained with Keras 2 graph code only: ``import kbackend as K``.

* an MLP classifier (placeholders, dense layers, relu, dropout under the learning phase, softmax and categorical
  crossentropy), trained by SGD written with ``K.gradients`` and ``K.function(updates=...)``;
* a recurrent classifier (``K.rnn`` over a tanh cell, sigmoid output, binary crossentropy), same training loop.

Runs unchanged on every engine (``KBACKEND_ENGINE=torch python examples/train_models.py``). Data and initial
weights are seeded, so with ``--dropout 0`` every engine reaches the same losses (within float32 rounding).
"""
import argparse

import numpy as np

import kbackend as K


def dense(units_in, units_out, rng, name):
    scale = np.sqrt(2.0 / (units_in + units_out))
    weights = K.variable(rng.normal(0.0, scale, (units_in, units_out)), name=f"{name}_w")
    bias = K.variable(np.zeros(units_out), name=f"{name}_b")
    return weights, bias


def sgd_step(inputs, loss, params, learning_rate):
    """A K.function computing the loss and applying one SGD update to ``params``."""
    grads = K.gradients(loss, params)
    updates = [(p, p - learning_rate * g) for p, g in zip(params, grads)]
    return K.function(inputs + [K.learning_phase()], [loss], updates=updates)


def blobs(samples, features, classes, rng):
    centres = rng.normal(0.0, 2.0, (classes, features))
    labels = rng.integers(0, classes, samples)
    data = centres[labels] + rng.normal(0.0, 1.0, (samples, features))
    return data.astype("float32"), np.eye(classes, dtype="float32")[labels]


def train_mlp(epochs=60, dropout=0.2, seed=0, learning_rate=0.2):
    rng = np.random.default_rng(seed)
    data, targets = blobs(256, 20, 3, rng)
    x, y = K.placeholder(shape=(None, 20)), K.placeholder(shape=(None, 3))
    w1, b1 = dense(20, 32, rng, "hidden")
    w2, b2 = dense(32, 3, rng, "output")
    hidden = K.relu(K.bias_add(K.dot(x, w1), b1))
    if dropout:
        hidden = K.in_train_phase(K.dropout(hidden, dropout, seed=seed), hidden)
    probabilities = K.softmax(K.bias_add(K.dot(hidden, w2), b2))
    loss = K.mean(K.categorical_crossentropy(y, probabilities))
    step = sgd_step([x, y], loss, [w1, b1, w2, b2], learning_rate)
    evaluate = K.function([x, y], [loss])
    history = [float(evaluate([data, targets])[0])]
    for _ in range(epochs):
        step([data, targets, 1])
        history.append(float(evaluate([data, targets])[0]))
    return history


def train_rnn(epochs=60, seed=0, learning_rate=0.5):
    rng = np.random.default_rng(seed + 1)
    sequences = rng.normal(0.0, 1.0, (128, 6, 3)).astype("float32")
    labels = (sequences[:, :, 0].sum(axis=1) > 0).astype("float32")[:, None]
    x, y = K.placeholder(shape=(None, 6, 3)), K.placeholder(shape=(None, 1))
    w_in, b = dense(3, 8, rng, "cell_in")
    w_rec, _ = dense(8, 8, rng, "cell_rec")
    w_out, b_out = dense(8, 1, rng, "readout")

    def cell(x_t, states):
        h = K.tanh(K.dot(x_t, w_in) + K.dot(states[0], w_rec) + b)
        return h, [h]
    initial = K.zeros_like(K.dot(x[:, 0, :], w_in))
    last, _, _ = K.rnn(cell, x, [initial])
    prediction = K.sigmoid(K.dot(last, w_out) + b_out)
    loss = K.mean(K.binary_crossentropy(y, prediction))
    step = sgd_step([x, y], loss, [w_in, b, w_rec, w_out, b_out], learning_rate)
    evaluate = K.function([x, y], [loss])
    history = [float(evaluate([sequences, labels])[0])]
    for _ in range(epochs):
        step([sequences, labels, 1])
        history.append(float(evaluate([sequences, labels])[0]))
    return history


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dropout", type=float, default=0.2)
    parser.add_argument("--epochs", type=int, default=60)
    args = parser.parse_args()
    print(f"engine: {K.backend()}")
    mlp = train_mlp(args.epochs, args.dropout)
    print(f"MLP loss: {mlp[0]:.4f} -> {mlp[-1]:.4f}")
    K.clear_session()
    rnn = train_rnn(args.epochs)
    print(f"RNN loss: {rnn[0]:.4f} -> {rnn[-1]:.4f}")
    assert mlp[-1] < 0.5 * mlp[0] and rnn[-1] < 0.8 * rnn[0], "the losses did not fall"
    print("trained")


if __name__ == "__main__":
    main()
