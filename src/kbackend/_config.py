"""Configuration: where keras.json lives, what it says, and the global settings.

Rules (see shared/spec/semantics.md, "Our baseline choices" > Configuration):

* Keras dir: ``$KERAS_HOME`` if set, else ``~/.keras``, else ``/tmp/.keras`` when home is not writable.
* ``keras.json`` there is read if present; malformed JSON warns (naming the file) and gives defaults; an invalid
  value is a ``ValueError`` naming the file, the key and the allowed values.
* Engine name, first found: ``$KBACKEND_ENGINE``; ``$KERAS_BACKEND`` (non-empty and not ``kbackend``);
  ``kbackend_engine`` in keras.json; ``backend`` in keras.json (not ``kbackend``); ``numpy``. ``kbackend`` (how
  Keras 2 loads this package as an external backend) defers to the next rules, in the variable and in the file.
* Nothing is ever written at import.

What happens when the named engine cannot load is decided in ``_startup``.
"""
import json
import os
import warnings

DEFAULT_ENGINE = "numpy"
KBACKEND_ITSELF = "kbackend"  # KERAS_BACKEND=kbackend / "backend": "kbackend": the engine comes from the next rules

# Where the engine name came from (``Settings.engine_source``).
FROM_KBACKEND_ENGINE = "$KBACKEND_ENGINE"
FROM_KERAS_BACKEND = "$KERAS_BACKEND"
FROM_KBACKEND_ENGINE_KEY = "keras.json kbackend_engine"
FROM_BACKEND_KEY = "keras.json backend"
FROM_DEFAULT = "default"
FLOATX_CHOICES = ("float16", "float32", "float64")
DATA_FORMATS = ("channels_last", "channels_first")


class Settings:
    """The mutable global settings; one instance, ``SETTINGS``."""

    __slots__ = ("floatx", "epsilon", "image_data_format", "engine_name", "engine_source", "config_path",
                 "config_status")

    def __init__(self):
        self.floatx = "float32"
        self.epsilon = 1e-7
        self.image_data_format = "channels_last"
        self.engine_name = DEFAULT_ENGINE
        self.engine_source = "default"
        self.config_path = None
        self.config_status = "not read"


SETTINGS = Settings()


def keras_dir(environ=None):
    """The folder that holds keras.json, by the rules above (nothing is created)."""
    environ = os.environ if environ is None else environ
    if environ.get("KERAS_HOME"):
        return environ["KERAS_HOME"]
    base = os.path.expanduser("~")
    if not os.access(base, os.W_OK):
        base = "/tmp"
    return os.path.join(base, ".keras")


def _invalid(path, key, value, allowed):
    return ValueError(f"{path}: invalid value {value!r} for key {key!r}; allowed values: {allowed}")


def check_floatx(value, where="floatx"):
    if value not in FLOATX_CHOICES:
        raise ValueError(f"Unknown floatx type: {value!r} (in {where}); expected one of {', '.join(FLOATX_CHOICES)}")
    return str(value)


def check_epsilon(value, where="epsilon"):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"Invalid epsilon {value!r} (in {where}); expected a positive number") from None
    value = float(value)
    if not value > 0:
        raise ValueError(f"Invalid epsilon {value!r} (in {where}); expected a positive number")
    return value


def check_data_format(value, where="data_format"):
    if not isinstance(value, str) or value.lower() not in DATA_FORMATS:
        raise ValueError(f'The `data_format` argument must be one of "channels_first", "channels_last". '
                         f"Received: {value!r} (in {where})")
    return value.lower()


def read_keras_json(path):
    """The parsed keras.json at ``path`` as a dict, ``{}`` if absent; malformed JSON warns and gives ``{}``."""
    if not os.path.exists(path):
        return {}, "absent"
    try:
        with open(path, encoding="utf-8") as handle:
            config = json.load(handle)
    except (ValueError, OSError) as err:
        warnings.warn(f"kbackend: ignoring malformed configuration file {path} ({err}); using defaults",
                      RuntimeWarning, stacklevel=3)
        return {}, "malformed"
    if not isinstance(config, dict):
        warnings.warn(f"kbackend: ignoring configuration file {path}: expected a JSON object; using defaults",
                      RuntimeWarning, stacklevel=3)
        return {}, "malformed"
    return config, "read"


def validate_config(config, path):
    """Checked values of the keras.json keys present in ``config`` (ValueError naming file, key, allowed values)."""
    out = {}
    if "floatx" in config:
        if config["floatx"] not in FLOATX_CHOICES:
            raise _invalid(path, "floatx", config["floatx"], ", ".join(FLOATX_CHOICES))
        out["floatx"] = config["floatx"]
    if "epsilon" in config:
        eps = config["epsilon"]
        if isinstance(eps, bool) or not isinstance(eps, (int, float)) or not eps > 0:
            raise _invalid(path, "epsilon", eps, "a positive number")
        out["epsilon"] = float(eps)
    if "image_data_format" in config:
        fmt = config["image_data_format"]
        if fmt not in DATA_FORMATS:
            raise _invalid(path, "image_data_format", fmt, ", ".join(DATA_FORMATS))
        out["image_data_format"] = fmt
    for key in ("backend", "kbackend_engine"):
        if key in config:
            if not isinstance(config[key], str) or not config[key]:
                raise _invalid(path, key, config[key], "a non-empty engine name or dotted module path")
            out[key] = config[key]
    return out


def resolve_engine_name(config, environ=None):
    """(engine name, where it came from) by the precedence rules."""
    environ = os.environ if environ is None else environ
    if environ.get("KBACKEND_ENGINE"):
        return environ["KBACKEND_ENGINE"], FROM_KBACKEND_ENGINE
    keras_backend = environ.get("KERAS_BACKEND", "")
    if keras_backend and keras_backend != KBACKEND_ITSELF:
        return keras_backend, FROM_KERAS_BACKEND
    if "kbackend_engine" in config:
        return config["kbackend_engine"], FROM_KBACKEND_ENGINE_KEY
    if config.get("backend", KBACKEND_ITSELF) != KBACKEND_ITSELF:
        return config["backend"], FROM_BACKEND_KEY
    return DEFAULT_ENGINE, FROM_DEFAULT


def describe_source(source, path):
    """Where an engine name came from, in words: the variable, or the file and the key."""
    if source in (FROM_KBACKEND_ENGINE, FROM_KERAS_BACKEND):
        return f"the environment variable {source[1:]}"
    if source in (FROM_KBACKEND_ENGINE_KEY, FROM_BACKEND_KEY):
        return f"the key {source.split()[1]!r} of {path}"
    return source


def load(environ=None):
    """Read the configuration into ``SETTINGS`` (called once, at import). Never writes anything.

    An invalid value raises the ValueError of ``validate_config`` (``SETTINGS.config_status`` is then ``invalid``
    and no value of the file is applied)."""
    path = os.path.join(keras_dir(environ), "keras.json")
    config, status = read_keras_json(path)
    SETTINGS.config_path = path
    SETTINGS.config_status = status
    try:
        values = validate_config(config, path)
    except ValueError:
        SETTINGS.config_status = "invalid"
        raise
    SETTINGS.floatx = values.get("floatx", SETTINGS.floatx)
    SETTINGS.epsilon = values.get("epsilon", SETTINGS.epsilon)
    SETTINGS.image_data_format = values.get("image_data_format", SETTINGS.image_data_format)
    SETTINGS.engine_name, SETTINGS.engine_source = resolve_engine_name(values, environ)
    return SETTINGS


def write_keras_json(path=None, **overrides):
    """Write keras.json explicitly (the ``kbackend config --write`` command); never called at import."""
    path = path or os.path.join(keras_dir(), "keras.json")
    config, _ = read_keras_json(path)
    config.update({"floatx": SETTINGS.floatx, "epsilon": SETTINGS.epsilon,
                   "image_data_format": SETTINGS.image_data_format})
    config.update(overrides)
    validate_config(config, path)
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(config, handle, indent=4)
        handle.write("\n")
    return path
