"""Dtype names and the one promotion rule shared by every engine.

Dtypes are named by strings (``'float32'``). Every lookup from a framework's dtype object to a name goes through a
dict filled once per dtype object, so no call pays for a name computation twice.

Promotion rule (result dtype of an element-wise operation on mixed inputs), defined here once:

* bool < integers < floats; mixing an integer (or bool) with a float gives the float.
* within floats, or within signed / within unsigned integers: the wider one.
* signed with unsigned: the signed one if it is wider, else the next wider signed integer (uint8 + int8 -> int16).
* Python scalars are *weak*: they never widen a tensor. A Python int keeps an integer or float tensor's dtype
  (``int32`` for a bool tensor); a Python float keeps a float tensor's dtype and turns an integer or bool tensor
  into ``floatx()``; a Python bool keeps any tensor's dtype. So ``x * 0.5`` stays float32.
* Two Python scalars: bool -> bool, int -> int32, float -> floatx().
"""
import functools

import numpy as np

FLOATS = ("float16", "float32", "float64")
SIGNED = ("int8", "int16", "int32", "int64")
UNSIGNED = ("uint8", "uint16", "uint32", "uint64")
DTYPE_NAMES = FLOATS + SIGNED + UNSIGNED + ("bool",)
_BITS = {name: int(name.lstrip("uintfloat") or 8) for name in DTYPE_NAMES if name != "bool"}

_NAME_CACHE = {name: name for name in DTYPE_NAMES}


def dtype_name(dtype):
    """The canonical name of a dtype given as a string, a NumPy dtype or type, or a registered framework dtype.

    Raises TypeError for anything that is not a known dtype.
    """
    if isinstance(dtype, (int, float)):  # some framework dtypes compare equal to ints (tf.int32 == 3)
        raise TypeError(f"Invalid dtype {dtype!r}: expected one of {', '.join(DTYPE_NAMES)}")
    try:
        return _NAME_CACHE[dtype]
    except KeyError:
        pass
    except TypeError:  # unhashable
        raise TypeError(f"Invalid dtype {dtype!r}: expected one of {', '.join(DTYPE_NAMES)}") from None
    name = _lookup_name(dtype)
    _NAME_CACHE[dtype] = name
    return name


def _lookup_name(dtype):
    if isinstance(dtype, str):
        if dtype.endswith("_ref"):  # legacy TF1 names such as 'float32_ref'
            return dtype_name(dtype[:-4])
        raise TypeError(f"Invalid dtype {dtype!r}: expected one of {', '.join(DTYPE_NAMES)}")
    for attribute in ("as_numpy_dtype",):  # framework dtype objects that know their NumPy twin
        twin = getattr(dtype, attribute, None)
        if twin is not None:
            return dtype_name(np.dtype(twin).name)
    try:
        name = np.dtype(dtype).name
    except TypeError:
        name = None
    if name not in DTYPE_NAMES or dtype is None or isinstance(dtype, (int, float)):
        raise TypeError(f"Invalid dtype {dtype!r}: expected one of {', '.join(DTYPE_NAMES)}")
    return name


def register_dtype_names(mapping):
    """Let an engine name its framework's dtype objects ({framework_dtype: 'float32', ...})."""
    for key, name in mapping.items():
        if name not in DTYPE_NAMES:
            raise ValueError(f"register_dtype_names: {name!r} is not a dtype name")
        _NAME_CACHE[key] = name


def is_float(name):
    """Whether the dtype name ``name`` is a float dtype (``'float16'``, ``'float32'``, ``'float64'``)."""
    return name in FLOATS


def is_int(name):
    """Whether the dtype name ``name`` is a signed or unsigned integer dtype."""
    return name in SIGNED or name in UNSIGNED


def _kind(name):
    if name == "bool":
        return 0
    if name in FLOATS:
        return 2
    return 1


@functools.lru_cache(maxsize=None)
def promote(a, b):
    """Result dtype name of an element-wise operation on two tensors of dtype names ``a`` and ``b``."""
    if a == b:
        return a
    ka, kb = _kind(a), _kind(b)
    if ka != kb:
        return a if ka > kb else b
    if ka == 2 or (a in SIGNED) == (b in SIGNED):
        return a if _BITS[a] >= _BITS[b] else b
    signed, unsigned = (a, b) if a in SIGNED else (b, a)
    if _BITS[signed] > _BITS[unsigned]:
        return signed
    wider = [s for s in SIGNED if _BITS[s] > _BITS[unsigned]]
    return wider[0] if wider else "float64"


@functools.lru_cache(maxsize=None)
def promote_weak(name, scalar_type, floatx):
    """Result dtype of a tensor of dtype ``name`` combined with a Python scalar of type ``scalar_type``."""
    if scalar_type is bool:
        return name
    if scalar_type is int:
        return "int32" if name == "bool" else name
    return name if name in FLOATS else floatx


@functools.lru_cache(maxsize=None)
def scalar_dtype(scalar_type, floatx):
    """Dtype of a lone Python scalar."""
    if scalar_type is bool:
        return "bool"
    if scalar_type is int:
        return "int32"
    return floatx
