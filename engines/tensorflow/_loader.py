"""TensorFlow engine: importing TensorFlow quietly.

TensorFlow 2.x prints C++ log records while it loads, before absl logging is initialised, so TF_CPP_MIN_LOG_LEVEL
does not hide them; they are captured from file descriptor 2 during the import, and the records below that level
dropped (everything else is written back). JAX is hidden during the import, since ``tensorflow.lite`` imports it
when installed and selecting this engine must load no other framework.
"""
import os
import re
import sys

_LOG_LINE = re.compile(r"^([IWEF])\d{4} ")
_LOG_LEVELS = {"I": 0, "W": 1, "E": 2, "F": 3}


def _filter_log(text, min_level):
    """``text`` without the absl start-up records below ``min_level`` (TF_CPP_MIN_LOG_LEVEL semantics)."""
    kept, dropping = [], False
    for line in text.splitlines(keepends=True):
        match = _LOG_LINE.match(line)
        if match:
            dropping = _LOG_LEVELS[match.group(1)] < min_level
        elif line.startswith("WARNING: All log messages before absl::InitializeLog()"):
            dropping = min_level >= 1
        if not dropping:
            kept.append(line)
    return "".join(kept)


class _NoJax:
    """Import hook that hides JAX while TensorFlow loads: ``tensorflow.lite`` imports it optionally (for the
    deprecated ``TFLiteConverter.experimental_from_jax``), and selecting this engine must load no other framework."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name == "jax" or name.startswith("jax."):
            raise ModuleNotFoundError(f"No module named {name!r} (hidden while TensorFlow loads)", name=name)
        return None


def import_tensorflow():
    """Import TensorFlow, dropping the C++ log lines it prints at start-up before honouring TF_CPP_MIN_LOG_LEVEL."""
    if "tensorflow" in sys.modules:
        import tensorflow
        return tensorflow
    import tempfile
    hide_jax = "jax" not in sys.modules
    if hide_jax:
        sys.meta_path.insert(0, _NoJax)
    try:
        min_level = int(os.environ.get("TF_CPP_MIN_LOG_LEVEL", "0"))
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):
        saved = None
    try:
        if saved is None:
            import tensorflow
            return tensorflow
        with tempfile.TemporaryFile() as captured:
            os.dup2(captured.fileno(), 2)
            try:
                import tensorflow
            finally:
                try:
                    sys.stderr.flush()
                except (OSError, ValueError, AttributeError):
                    pass
                os.dup2(saved, 2)
                os.close(saved)
                captured.seek(0)
                rest = _filter_log(captured.read().decode("utf-8", "replace"), min_level)
                if rest:
                    sys.stderr.write(rest)
        return tensorflow
    finally:
        if hide_jax:
            sys.meta_path.remove(_NoJax)
