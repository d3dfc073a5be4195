"""The Keras 2 scenarios: models built, trained, evaluated and saved with real legacy Keras on kbackend.

Each scenario is a function ``scenario(keras, workdir)`` returning a JSON-ready dict; ``keras2_runner.py`` runs them
in a fresh process (one Keras version, one kbackend engine) and ``test_keras2_models.py`` checks the results.
Importing this module does not import Keras: the runner passes the imported ``keras`` package in.

Groups:

- ``same``: fixed initial weights (``keras2_data.set_fixed_weights``), no dropout, seeded shuffling: every engine's
  loss history, evaluation and predictions must equal the numpy engine's.
- ``trains``: models with dropout (random masks differ between engines): they must train (finite, decreasing loss).
- ``saving``: ``save_weights``/``load_weights`` and whole-model ``save``/``load_model`` round trips.

A ``same`` result: ``history`` (``model.fit`` with ``validation_split``), ``metrics_names``, ``evaluate`` and
``predict`` on held-out data with its ``targets``, ``loss`` (the loss function's name), and optionally ``forward``
(layer recipe) plus ``weights`` for a NumPy forward pass computed by the test.
"""

import numpy as np

import keras2_data as data

SCENARIOS = {}  # name -> (group, function)
EPOCHS = 4
BATCH = 16
SHUFFLE_SEED = 7
# 80 samples: 64 to train on (4 batches), 16 to validate (1 batch), and 16 held out: every K.function sees one batch
# shape, so that engines that compile (JAX, TensorFlow) compile each function once
VALIDATION_SPLIT = 0.2


def scenario(group, name=None):
    """Register ``function`` under ``name`` in ``group`` (``same``, ``trains`` or ``saving``)."""
    def register(function):
        SCENARIOS[name or function.__name__] = (group, function)
        return function
    return register


def history_of(fit_history):
    return {key: [float(v) for v in values] for key, values in fit_history.history.items()}


def fit(model, x, y, epochs=EPOCHS, callbacks=(), seed=SHUFFLE_SEED):
    """``model.fit`` with a validation split and Keras's own (seeded) shuffling."""
    np.random.seed(seed)
    return model.fit(x, y, batch_size=BATCH, epochs=epochs, validation_split=VALIDATION_SPLIT, verbose=0,
                     callbacks=list(callbacks))


def as_list(value):
    return [float(v) for v in value] if isinstance(value, (list, tuple)) else [float(value)]


def summary(model, history, x_eval, y_eval, loss, **extra):
    """The ``same``-group result of a trained model on held-out data."""
    evaluation = model.evaluate(x_eval, y_eval, batch_size=BATCH, verbose=0)
    predictions = model.predict(x_eval, batch_size=BATCH)
    return dict(history=history_of(history), metrics_names=list(model.metrics_names), evaluate=as_list(evaluation),
                predict=np.asarray(predictions).tolist(), targets=np.asarray(y_eval).tolist(), loss=loss, **extra)


def train_fixed(keras, model, optimizer, loss, data_sets, metrics=("accuracy",), seed=0, forward=None, **extra):
    """Fix the initial weights, compile, fit (with an EarlyStopping patient enough never to stop these short runs)
    and summarise: the ``same`` group's recipe. ``data_sets`` is ``((x, y), (x_eval, y_eval))``; ``forward`` is the
    layer recipe of a NumPy forward pass the test computes from the trained weights."""
    (x, y), (x_eval, y_eval) = data_sets
    data.set_fixed_weights(model, seed)
    model.compile(optimizer=optimizer, loss=loss, metrics=list(metrics))
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=EPOCHS)
    history = fit(model, x, y, callbacks=[stop])
    if forward is not None:
        extra.update(forward=forward, weights=[w.tolist() for w in model.get_weights()], eval_inputs=x_eval.tolist())
    return summary(model, history, x_eval, y_eval, loss, **extra)


# ---------------------------------------------------------------------------------------------------------------
# MLP with every optimizer


def mlp(keras, hidden=16, dropout=0.0):
    layers = [keras.layers.Dense(hidden, activation="relu", input_shape=(8,))]
    if dropout:
        layers.append(keras.layers.Dropout(dropout))
    layers.append(keras.layers.Dense(data.CLASSES, activation="softmax"))
    return keras.models.Sequential(layers)


MLP_FORWARD = [["dense", "relu"], ["dense", "softmax"]]


def held_out(generator, seed):
    """((x, y), (x_eval, y_eval)): a data set and 16 held-out samples from the same generator."""
    return generator(), generator(seed=seed, samples=16)


TABULAR = held_out(data.tabular, 100)

OPTIMIZERS = {
    "sgd": ("SGD", dict(lr=0.1)),
    "sgd_momentum": ("SGD", dict(lr=0.05, momentum=0.9)),
    "sgd_nesterov": ("SGD", dict(lr=0.05, momentum=0.9, nesterov=True)),
    "adam": ("Adam", dict(lr=0.01)),
    "rmsprop": ("RMSprop", dict(lr=0.005)),
    "adagrad": ("Adagrad", dict(lr=0.05)),
    "adadelta": ("Adadelta", dict()),
    "adamax": ("Adamax", dict(lr=0.01)),
    "nadam": ("Nadam", dict(lr=0.005)),
}


def optimizer(keras, key):
    class_name, options = OPTIMIZERS[key]
    return getattr(keras.optimizers, class_name)(**options)


def _mlp_scenario(key):
    def run(keras, workdir):
        return train_fixed(keras, mlp(keras), optimizer(keras, key), "categorical_crossentropy", TABULAR,
                           forward=MLP_FORWARD)
    run.__name__ = f"mlp_{key}"
    return run


for _key in OPTIMIZERS:
    scenario("same", f"mlp_{_key}")(_mlp_scenario(_key))


# ---------------------------------------------------------------------------------------------------------------
# Layers


@scenario("same")
def conv1d_pooling(keras, workdir):
    L = keras.layers
    model = keras.models.Sequential([
        L.Conv1D(6, 3, activation="relu", input_shape=(10, 3)), L.MaxPooling1D(2),
        L.Conv1D(6, 3, padding="same", activation="relu"), L.AveragePooling1D(2), L.GlobalMaxPooling1D(),
        L.Dense(data.CLASSES, activation="softmax")])
    return train_fixed(keras, model, optimizer(keras, "adam"), "categorical_crossentropy",
                       held_out(data.signals, 103))


@scenario("same")
def conv2d_pooling(keras, workdir):
    L = keras.layers
    model = keras.models.Sequential([
        L.Conv2D(4, 3, activation="relu", input_shape=(8, 8, 2)), L.MaxPooling2D(2),
        L.Conv2D(4, 2, padding="same", activation="relu"), L.AveragePooling2D(2, padding="same"), L.Flatten(),
        L.Dense(data.CLASSES, activation="softmax")])
    return train_fixed(keras, model, optimizer(keras, "rmsprop"), "categorical_crossentropy",
                       held_out(data.images, 102))


@scenario("same")
def conv2d_regularized(keras, workdir):
    """A kernel regulariser (its penalty is part of the loss, so evaluate is not the bare crossentropy)."""
    L = keras.layers
    model = keras.models.Sequential([
        L.Conv2D(4, 3, strides=2, activation="relu", input_shape=(8, 8, 2),
                 kernel_regularizer=keras.regularizers.l2(1e-3)),
        L.GlobalAveragePooling2D(), L.Dense(data.CLASSES, activation="softmax")])
    return train_fixed(keras, model, optimizer(keras, "adam"), "categorical_crossentropy", held_out(data.images, 102),
                       penalty=True)


def _recurrent_scenario(layer_class, implementation, **options):
    def run(keras, workdir):
        model = keras.models.Sequential([
            getattr(keras.layers, layer_class)(8, implementation=implementation, input_shape=(5, 4), **options),
            keras.layers.Dense(data.CLASSES, activation="softmax")])
        return train_fixed(keras, model, optimizer(keras, "adam"), "categorical_crossentropy",
                           held_out(data.sequences, 101))
    return run


for _impl in (1, 2):
    scenario("same", f"lstm_impl{_impl}")(_recurrent_scenario("LSTM", _impl))
    scenario("same", f"gru_impl{_impl}")(_recurrent_scenario("GRU", _impl))
scenario("same", "gru_reset_after")(_recurrent_scenario("GRU", 2, reset_after=True))


@scenario("same")
def embedding_mask_lstm(keras, workdir):
    L = keras.layers
    model = keras.models.Sequential([
        L.Embedding(20, 8, mask_zero=True, input_length=5), L.LSTM(8), L.Dense(1, activation="sigmoid")])
    return train_fixed(keras, model, optimizer(keras, "adam"), "binary_crossentropy", held_out(data.tokens, 104))


@scenario("same")
def bidirectional(keras, workdir):
    L = keras.layers
    model = keras.models.Sequential([
        L.Bidirectional(L.LSTM(6, return_sequences=True), merge_mode="sum", input_shape=(5, 4)),
        L.GlobalMaxPooling1D(), L.Dense(data.CLASSES, activation="softmax")])
    return train_fixed(keras, model, optimizer(keras, "nadam"), "categorical_crossentropy",
                       held_out(data.sequences, 101))


@scenario("same")
def batchnorm(keras, workdir):
    """BatchNormalization: batch statistics when training (and moving averages updated), moving ones in predict."""
    L = keras.layers
    model = keras.models.Sequential([
        L.Dense(16, input_shape=(8,)), L.BatchNormalization(), L.Activation("relu"),
        L.Dense(data.CLASSES, activation="softmax")])
    return train_fixed(keras, model, optimizer(keras, "sgd_momentum"), "categorical_crossentropy", TABULAR,
                       forward=[["dense", "linear"], ["batchnorm", 1e-3], ["activation", "relu"], ["dense", "softmax"]])


@scenario("same")
def functional_two_inputs(keras, workdir):
    L = keras.layers
    a = L.Input(shape=(5,), name="a")
    b = L.Input(shape=(4, 3), name="b")
    dense_a = L.Dense(8, activation="tanh")(a)
    conv_b = L.GlobalAveragePooling1D()(L.Conv1D(8, 3, activation="relu")(b))
    recurrent_b = L.LSTM(8)(b)
    merged = L.concatenate([L.add([dense_a, recurrent_b]), conv_b])
    output = L.Dense(1)(merged)
    model = keras.models.Model(inputs=[a, b], outputs=output)
    return train_fixed(keras, model, optimizer(keras, "adam"), "mean_squared_error", held_out(data.two_inputs, 105),
                       metrics=("mae",))


@scenario("same")
def early_stopping_restores(keras, workdir):
    """EarlyStopping that stops after two epochs (no improvement can beat min_delta) and restores epoch 1's weights:
    evaluating on the validation part then gives the first epoch's val_loss."""
    x, y = data.tabular()
    model = mlp(keras)
    data.set_fixed_weights(model, 0)
    model.compile(optimizer=optimizer(keras, "sgd"), loss="categorical_crossentropy")
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", min_delta=1e3, patience=1, restore_best_weights=True)
    history = fit(model, x, y, epochs=20, callbacks=[stop])
    validation = slice(int(len(x) * (1 - VALIDATION_SPLIT)), None)
    x_eval, y_eval = x[validation], y[validation]
    return summary(model, history, x_eval, y_eval, "categorical_crossentropy",
                   restored_val_loss=float(model.evaluate(x_eval, y_eval, batch_size=BATCH, verbose=0)))


# ---------------------------------------------------------------------------------------------------------------
# Dropout: must train on every engine


def trains_summary(model, history, x, learning_phase_outputs=None):
    first = model.predict(x, batch_size=BATCH)
    second = model.predict(x, batch_size=BATCH)
    result = dict(history=history_of(history), predict_repeatable=bool(np.array_equal(first, second)),
                  predict_finite=bool(np.all(np.isfinite(first))))
    if learning_phase_outputs is not None:
        result.update(learning_phase_outputs(first))
    return result


@scenario("trains")
def mlp_dropout(keras, workdir):
    K = keras.backend
    model = mlp(keras, hidden=32, dropout=0.3)
    model.compile(optimizer=optimizer(keras, "adam"), loss="categorical_crossentropy", metrics=["accuracy"])
    x, y = data.tabular()
    history = fit(model, x, y, epochs=8)
    probe = K.function([model.input, K.learning_phase()], [model.output])

    def learning_phase_outputs(predicted):
        train_a, = probe([x, 1])
        train_b, = probe([x, 1])
        test, = probe([x, 0])
        return dict(training_calls_differ=bool(not np.allclose(train_a, train_b)),
                    test_call_matches_predict=bool(np.allclose(test, predicted, rtol=1e-5, atol=1e-6)))
    return trains_summary(model, history, x, learning_phase_outputs)


def _recurrent_dropout_scenario(implementation):
    def run(keras, workdir):
        L = keras.layers
        model = keras.models.Sequential([
            L.LSTM(8, implementation=implementation, dropout=0.2, recurrent_dropout=0.2, return_sequences=True,
                   input_shape=(5, 4)),
            L.GRU(8, implementation=implementation, dropout=0.2, recurrent_dropout=0.2),
            L.Dense(data.CLASSES, activation="softmax")])
        model.compile(optimizer=optimizer(keras, "adam"), loss="categorical_crossentropy")
        x, y = data.sequences()
        return trains_summary(model, fit(model, x, y, epochs=8), x)
    return run


for _impl in (1, 2):
    scenario("trains", f"lstm_gru_dropout_impl{_impl}")(_recurrent_dropout_scenario(_impl))
