"""The ``saving`` scenarios: Keras 2's h5 round trips on kbackend (registered in ``keras2_models.SCENARIOS``).

- ``save_weights``/``load_weights``: a model of the same architecture with other initial weights predicts exactly
  what the saved model predicted once it loads the file.
- whole-model ``save``/``load_model``: the loaded model predicts the same, has the same optimizer, and continues
  training exactly as the original does (same weights, same optimizer state, same seeded shuffling).
"""
import os

import numpy as np

import keras2_data as data
from keras2_models import BATCH, fit, history_of, optimizer, scenario


def conv_recurrent(keras):
    """Functional: Conv1D, BatchNormalization, max pooling, LSTM and a Dense head on (10, 3) signals."""
    L = keras.layers
    inputs = L.Input(shape=(10, 3))
    hidden = L.MaxPooling1D(2)(L.BatchNormalization()(L.Conv1D(6, 3, activation="relu")(inputs)))
    hidden = L.LSTM(8, return_sequences=True)(hidden)
    outputs = L.Dense(data.CLASSES, activation="softmax")(L.GlobalAveragePooling1D()(hidden))
    return keras.models.Model(inputs, outputs)


def mlp_classifier(keras):
    L = keras.layers
    return keras.models.Sequential([
        L.Dense(16, activation="relu", input_shape=(8,)), L.Dense(16, activation="tanh"),
        L.Dense(data.CLASSES, activation="softmax")])


def masked_recurrent(keras):
    """Embedding with mask_zero feeding a Bidirectional GRU (implementation 2), sigmoid output."""
    L = keras.layers
    return keras.models.Sequential([
        L.Embedding(20, 6, mask_zero=True, input_length=5), L.Bidirectional(L.GRU(5, implementation=2)),
        L.Dense(1, activation="sigmoid")])


def _max_difference(a, b):
    return float(np.max(np.abs(np.asarray(a, dtype="float64") - np.asarray(b, dtype="float64"))))


@scenario("saving")
def save_load_weights(keras, workdir):
    x, y = data.signals()
    model = conv_recurrent(keras)
    model.compile(optimizer=optimizer(keras, "adam"), loss="categorical_crossentropy")
    history = fit(model, x, y, epochs=2)
    expected = model.predict(x, batch_size=BATCH)
    path = os.path.join(workdir, "weights.h5")
    model.save_weights(path)
    fresh = conv_recurrent(keras)
    before = fresh.predict(x, batch_size=BATCH)
    fresh.load_weights(path)
    after = fresh.predict(x, batch_size=BATCH)
    return dict(history=history_of(history), differs_before_loading=_max_difference(before, expected),
                difference_after_loading=_max_difference(after, expected))


def _whole_model_round_trip(keras, workdir, build, optimizer_key, loss, x, y):
    model = build(keras)
    model.compile(optimizer=optimizer(keras, optimizer_key), loss=loss, metrics=["accuracy"])
    history = fit(model, x, y, epochs=2)
    path = os.path.join(workdir, "model.h5")
    model.save(path)
    loaded = keras.models.load_model(path)
    expected = model.predict(x, batch_size=BATCH)
    reloaded = loaded.predict(x, batch_size=BATCH)
    original_weights = model.optimizer.get_weights() if hasattr(model.optimizer, "get_weights") else []
    loaded_weights = loaded.optimizer.get_weights() if hasattr(loaded.optimizer, "get_weights") else []
    continued = history_of(fit(model, x, y, epochs=2, seed=11))
    continued_loaded = history_of(fit(loaded, x, y, epochs=2, seed=11))
    return dict(history=history_of(history), difference_after_loading=_max_difference(reloaded, expected),
                optimizer=[type(model.optimizer).__name__, type(loaded.optimizer).__name__],
                optimizer_weights=[len(original_weights), len(loaded_weights)],
                optimizer_weights_difference=max([_max_difference(a, b)
                                                  for a, b in zip(original_weights, loaded_weights)] or [0.0]),
                continued=continued, continued_loaded=continued_loaded)


@scenario("saving")
def save_load_model_mlp(keras, workdir):
    x, y = data.tabular()
    return _whole_model_round_trip(keras, workdir, mlp_classifier, "adam", "categorical_crossentropy", x, y)


@scenario("saving")
def save_load_model_recurrent(keras, workdir):
    x, y = data.tokens()
    return _whole_model_round_trip(keras, workdir, masked_recurrent, "adamax", "binary_crossentropy", x, y)


@scenario("saving")
def save_load_model_conv(keras, workdir):
    x, y = data.signals()
    return _whole_model_round_trip(keras, workdir, conv_recurrent, "rmsprop", "categorical_crossentropy", x, y)
