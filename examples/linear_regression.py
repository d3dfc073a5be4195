"""Linear regression trained by gradient descent, written only with ``import kbackend as K``.

Runs unchanged on every engine: select one with ``KBACKEND_ENGINE=torch python examples/linear_regression.py``
(or ``KERAS_BACKEND``, or keras.json). The gradient of the mean squared error is written out by hand here;
``K.gradients`` arrives with the graph.
"""
import numpy as np

import kbackend as K


def make_data(samples=256, features=4, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(samples, features)).astype("float32")
    true_w = np.array([[1.5], [-2.0], [0.5], [3.0]], dtype="float32")
    y = x @ true_w + 0.25 + 0.01 * rng.normal(size=(samples, 1)).astype("float32")
    return x, y, true_w


def train(epochs=200, learning_rate=0.1):
    x_data, y_data, true_w = make_data()
    x, y = K.constant(x_data), K.constant(y_data)
    w = K.random_normal_variable((4, 1), 0.0, 0.1, seed=1, name="w")
    b = K.zeros((1,), name="b")
    n = float(x_data.shape[0])
    for epoch in range(epochs):
        error = K.dot(x, w) + b - y                         # (samples, 1)
        loss = K.mean(K.square(error))
        grad_w = K.dot(K.transpose(x), error) * (2.0 / n)    # d loss / d w
        grad_b = K.sum(error, axis=0) * (2.0 / n)            # d loss / d b
        K.update_sub(w, grad_w * learning_rate)
        K.update_sub(b, grad_b * learning_rate)
        if epoch % 50 == 0 or epoch == epochs - 1:
            print(f"epoch {epoch:3d}  loss {float(K.eval(loss)):.6f}")
    return K.get_value(w), K.get_value(b), true_w, float(K.eval(loss))


if __name__ == "__main__":
    print(f"engine: {K.backend()}")
    w, b, true_w, loss = train()
    print("learned w:", np.round(w.ravel(), 3), "true w:", true_w.ravel(), "b:", np.round(b, 3))
    assert loss < 1e-3 and np.allclose(w, true_w, atol=0.02), "training did not converge"
    print("converged")
