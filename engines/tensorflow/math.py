"""TensorFlow engine: element-wise math.

TensorFlow does no implicit promotion, so every binary op coerces its operands with the shared promotion rule,
except on the fast path (two eager tensors of the same dtype that the kernel supports). Dtypes a kernel lacks are
handled the way NumPy does: bool arithmetic is logical, small and unsigned integers compute in a wider signed type
and wrap back. Reductions are in ``reductions``.
"""
from kbackend.engine_api import SETTINGS, coerce_with

from .core import (ENUMS, FLOAT_ENUMS, TF_DTYPES, EagerTensor, OpError, R, _scalar, convert, dtype_of, enum_of,
                   numpy_error, to_bool)
from .devices import follow_inputs_in_module

__all__ = ["add", "subtract", "multiply", "divide", "negative", "power", "abs", "sign", "sqrt", "exp", "log",
           "sin", "cos", "tanh", "round", "maximum", "minimum", "equal", "not_equal", "greater", "greater_equal",
           "less", "less_equal", "where", "logical_and", "logical_or", "logical_not", "coerce_pair",
           "clip"]

_ALL = frozenset(("float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
                  "uint64"))
_SIGNED_AND_FLOATS = frozenset(("float16", "float32", "float64", "int8", "int16", "int32", "int64"))
# Where a kernel lacks an integer dtype, compute in this one and cast back (wraps exactly like NumPy).
WIDER = {"int8": "int32", "int16": "int32", "uint8": "int32", "uint16": "int32", "uint32": "int64",
         "uint64": "int64", "bool": "int8"}
_Cast = R.Cast
_INT8 = TF_DTYPES["int8"]


def coerce_pair(x, y):
    return coerce_with(convert, dtype_of, x, y)


def _binary(name, raw, supported, on_bool=None):
    """A binary op on ``raw`` (a tf.raw_ops function) for the dtype names in ``supported``; bool operands go to
    ``on_bool(x=, y=)`` if given; other dtypes compute in ``WIDER`` (the result cast back unless it is bool)."""
    fast = frozenset(ENUMS[dtype] for dtype in supported)

    def op(x, y):
        if type(x) is EagerTensor and type(y) is EagerTensor:
            enum = x._datatype_enum()
            if enum == y._datatype_enum() and enum in fast:
                try:
                    return raw(x=x, y=y)
                except OpError as err:
                    raise numpy_error(err) from None
        x, y = coerce_with(convert, dtype_of, x, y)
        dtype = dtype_of(x)
        try:
            if dtype in supported:
                return raw(x=x, y=y)
            if dtype == "bool" and on_bool is not None:
                return on_bool(x=x, y=y)
            wide = TF_DTYPES[WIDER[dtype]]
            out = raw(x=_Cast(x=x, DstT=wide), y=_Cast(x=y, DstT=wide))
            return out if enum_of(out) == ENUMS["bool"] else _Cast(x=out, DstT=TF_DTYPES[dtype])
        except OpError as err:
            raise numpy_error(err) from None
    op.__name__ = op.__qualname__ = name
    return op


def _bool_subtract(x, y):
    raise TypeError("numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` "
                    "operator, or the logical_xor function instead.")


def _bool_power(x, y):  # NumPy computes bool ** bool in int8
    return R.Pow(x=_Cast(x=x, DstT=_INT8), y=_Cast(x=y, DstT=_INT8))


add = _binary("add", R.AddV2, _ALL, R.LogicalOr)
subtract = _binary("subtract", R.Sub, _ALL, _bool_subtract)
multiply = _binary("multiply", R.Mul, _ALL, R.LogicalAnd)
power = _binary("power", R.Pow, _SIGNED_AND_FLOATS, _bool_power)
maximum = _binary("maximum", R.Maximum, _ALL, R.LogicalOr)
minimum = _binary("minimum", R.Minimum, _ALL, R.LogicalAnd)
equal = _binary("equal", R.Equal, _ALL | {"bool"})
not_equal = _binary("not_equal", R.NotEqual, _ALL | {"bool"})
greater = _binary("greater", R.Greater, _ALL)
greater_equal = _binary("greater_equal", R.GreaterEqual, _ALL)
less = _binary("less", R.Less, _ALL)
less_equal = _binary("less_equal", R.LessEqual, _ALL)


def _logical_binary(name, raw):
    def op(x, y):
        x, y = coerce_with(convert, dtype_of, x, y)
        try:
            return raw(x=to_bool(x), y=to_bool(y))
        except OpError as err:
            raise numpy_error(err) from None
    op.__name__ = op.__qualname__ = name
    return op


logical_and = _logical_binary("logical_and", R.LogicalAnd)
logical_or = _logical_binary("logical_or", R.LogicalOr)


def logical_not(x):
    return R.LogicalNot(x=to_bool(x))


def divide(x, y):
    if not (type(x) is EagerTensor and type(y) is EagerTensor and x._datatype_enum() == y._datatype_enum()):
        x, y = coerce_with(convert, dtype_of, x, y)
    if enum_of(x) not in FLOAT_ENUMS:
        floatx = TF_DTYPES[SETTINGS.floatx]
        x, y = _Cast(x=x, DstT=floatx), _Cast(x=y, DstT=floatx)
    try:
        return R.RealDiv(x=x, y=y)
    except OpError as err:
        raise numpy_error(err) from None


def float_input(x):
    """``x`` as a float tensor (integer and bool inputs in ``floatx()``)."""
    if type(x) is not EagerTensor:
        x = convert(x)
        if dtype_of(x) in ("float16", "float32", "float64"):
            return x
    elif x._datatype_enum() in FLOAT_ENUMS:
        return x
    return _Cast(x=x, DstT=TF_DTYPES[SETTINGS.floatx])


def sqrt(x):
    x = float_input(x)
    return R.Sqrt(x=R.Maximum(x=x, y=_scalar(0, dtype_of(x))))


def _unary_float(name, raw):
    def op(x):
        return raw(x=float_input(x))
    op.__name__ = op.__qualname__ = name
    return op


exp = _unary_float("exp", R.Exp)
log = _unary_float("log", R.Log)
sin = _unary_float("sin", R.Sin)
cos = _unary_float("cos", R.Cos)
tanh = _unary_float("tanh", R.Tanh)


def negative(x):
    x = convert(x)
    dtype = dtype_of(x)
    if dtype == "bool":
        raise TypeError("The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or "
                        "the logical_not function instead.")
    if dtype.startswith("u"):
        return R.Sub(x=_scalar(0, dtype), y=x)
    return R.Neg(x=x)


def abs(x):
    x = convert(x)
    dtype = dtype_of(x)
    if dtype == "bool" or dtype.startswith("u"):
        return R.Identity(input=x)
    return R.Abs(x=x)


def sign(x):
    x = convert(x)
    dtype = dtype_of(x)
    if dtype == "bool":
        return R.Identity(input=x)
    if dtype.startswith("u"):
        return _Cast(x=R.Greater(x=x, y=_scalar(0, dtype)), DstT=TF_DTYPES[dtype])
    return R.Sign(x=x)


def round(x):
    x = convert(x)
    if enum_of(x) in FLOAT_ENUMS:
        return R.Round(x=x)
    return R.Identity(input=x)


def where(condition, x, y):
    x, y = coerce_with(convert, dtype_of, x, y)
    try:
        return R.SelectV2(condition=convert(condition, "bool"), t=x, e=y)
    except OpError as err:
        raise numpy_error(err) from None


def _bound(value, dtype, compute):
    if isinstance(value, (int, float)):
        return _scalar(value, compute)
    return convert(value, dtype)


def clip(x, min_value, max_value):
    """NumPy's clip: tensor bounds in x's dtype; number bounds are weak, except that a float bound with an integer
    or bool x (or an int bound with a bool x) computes in float64 (int64), then the result is cast back."""
    x = convert(x)
    if min_value is None and max_value is None:
        return R.Identity(input=x)
    dtype = dtype_of(x)
    compute = dtype
    if dtype not in ("float16", "float32", "float64"):
        numbers = [b for b in (min_value, max_value) if isinstance(b, (int, float))]
        if any(isinstance(b, float) for b in numbers):
            compute = "float64"
        elif numbers and dtype == "bool":
            compute = "int64"
    out = convert(x, compute)
    if min_value is not None:
        out = maximum(out, _bound(min_value, dtype, compute))
    if max_value is not None:
        out = minimum(out, _bound(max_value, dtype, compute))
    return convert(out, dtype)


follow_inputs_in_module(globals(), __all__)
