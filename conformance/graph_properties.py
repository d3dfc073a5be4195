"""The graph properties of a Case: *symbolic* and *gradient*.

* symbolic: the case run through placeholders (one per tensor input, with its static shape) and ``K.function``
  gives the reference values, and the symbolic result's static shape and dtype are the eager ones.
* gradient: for differentiable functions, in float64: ``K.gradients`` of ``sum(w * f(inputs))`` (``w`` fixed
  random weights) equals central finite differences of the *reference* function, at every input element where the
  function is smooth (its forward and backward differences agree); at most 64 elements per input are checked.
"""
import numpy as np

from .model import T, holds_tensor_inputs, to_input

FD_STEP = 1e-6
MAX_CHECKED = 64


def _placeholders(K, case, dtype, engine_arg, shapes="static"):
    """(call args, call kwargs, [(placeholder, value)]) with every tensor input replaced by a placeholder, also in
    lists and tuples (``K.prod([K.shape(x)[0], 2])``): of the value's static shape (``shapes='static'``), of its rank
    with every size unknown (``'sizes'``), or of unknown rank (``'rank'``)."""
    feeds = []

    def convert(arg):
        if holds_tensor_inputs(arg):
            return type(arg)(convert(a) for a in arg)
        value = engine_arg(arg)
        if isinstance(arg, T) and not arg.as_numpy and not arg.variable:
            shape = tuple(K.int_shape(value))
            shape = {"static": shape, "sizes": (None,) * len(shape), "rank": None}[shapes]
            placeholder = K.placeholder(shape=shape, dtype=K.dtype(value))
            feeds.append((placeholder, value))
            return placeholder
        return value
    args = [convert(a) for a in case.args]
    kwargs = {k: convert(v) for k, v in case.kwargs.items()}
    return args, kwargs, feeds


def _leaves(result):
    if isinstance(result, (list, tuple)):
        out = []
        for item in result:
            out.extend(_leaves(item))
        return out
    return [result]


def check_symbolic(K, case, dtype, engine_arg, expected, expected_dtype, compare):
    K.symbolic(lambda: None)()  # graph mode, also for cases whose only graph inputs are variables
    args, kwargs, feeds = _placeholders(K, case, dtype, engine_arg)
    result = getattr(K, case.fn)(*args, **kwargs)
    outputs = _leaves(result)
    wanted = _leaves(expected) if isinstance(result, (list, tuple)) else [expected]
    dtypes = _leaves(expected_dtype) if isinstance(expected_dtype, (list, tuple)) else [expected_dtype] * len(outputs)
    for index, (out, want, dt) in enumerate(zip(outputs, wanted, dtypes)):
        shape = K.int_shape(out)  # None entries are dynamic dimensions: any size matches them
        if shape is not None and (len(shape) != np.ndim(want) or any(
                s is not None and s != w for s, w in zip(shape, np.shape(want)))):
            return False, f"output {index}: static shape {shape}, expected {np.shape(want)}"
        if K.dtype(out) != dt:
            return False, f"output {index}: symbolic dtype {K.dtype(out)}, expected {dt}"
    function = K.function([p for p, _ in feeds], outputs)
    values = function([v for _, v in feeds])
    for index, (value, want, dt) in enumerate(zip(values, wanted, dtypes)):
        try:
            compare(value, want, dt, case.tolerance)
        except AssertionError as err:
            return False, f"output {index}: {str(err).strip()[:600]}"
    return True, ""


def _compatible(static, shape):
    """Whether a static shape (entries may be None; None: unknown rank) admits the concrete ``shape``."""
    return static is None or (len(static) == len(shape) and all(s is None or s == d for s, d in zip(static, shape)))


def check_unknown_shapes(K, case, dtype, engine_arg, expected, expected_dtype, compare):
    """The case through placeholders whose sizes are all unknown, then through placeholders of unknown rank."""
    wanted = _leaves(expected) if isinstance(expected, (list, tuple)) else [expected]
    for shapes in ("sizes", "rank"):
        K.clear_session()
        K.symbolic(lambda: None)()
        args, kwargs, feeds = _placeholders(K, case, dtype, engine_arg, shapes)
        if not feeds:
            return True, "no tensor input"
        try:
            result = getattr(K, case.fn)(*args, **kwargs)
        except Exception as err:
            return False, f"recording with {'unknown sizes' if shapes == 'sizes' else 'unknown ranks'} raised " \
                          f"{type(err).__name__}: {str(err)[:400]}"
        outputs = _leaves(result)
        dtypes = _leaves(expected_dtype) if isinstance(expected_dtype, (list, tuple)) else [expected_dtype] * len(
            outputs)
        for index, (out, want, dt) in enumerate(zip(outputs, wanted, dtypes)):
            if not _compatible(K.int_shape(out), np.shape(want)):
                return False, f"unknown {shapes}: output {index}: static shape {K.int_shape(out)}, result " \
                              f"{np.shape(want)}"
            if K.dtype(out) != dt:
                return False, f"unknown {shapes}: output {index}: symbolic dtype {K.dtype(out)}, expected {dt}"
        values = K.function([p for p, _ in feeds], outputs)([v for _, v in feeds])
        for index, (value, want, dt) in enumerate(zip(values, wanted, dtypes)):
            try:
                compare(value, want, dt, case.tolerance)
            except AssertionError as err:
                return False, f"unknown {shapes}: output {index}: {str(err).strip()[:500]}"
    return True, ""


def _float_inputs(case, dtype):
    """Indices (in args then kwargs order) of the float tensor inputs that are differentiated."""
    out = []
    for key, arg in list(enumerate(case.args)) + list(case.kwargs.items()):
        if isinstance(arg, T) and not arg.as_numpy and (arg.dtype or dtype) in ("float32", "float64"):
            if (arg.dtype or dtype) == "float64" and np.size(arg.value) > 0:
                out.append(key)
    return out


def check_gradient(K, case, dtype, engine_arg, reference_arg):
    keys = _float_inputs(case, dtype)
    if not keys:
        return True, "no float64 tensor input to differentiate"
    K.symbolic(lambda: None)()  # graph mode, also for cases whose only graph inputs are variables
    args, kwargs, feeds = _placeholders(K, case, dtype, engine_arg)
    ref_args = [reference_arg(a) for a in case.args]
    ref_kwargs = {k: reference_arg(v) for k, v in case.kwargs.items()}
    expected = case.ref(*ref_args, **ref_kwargs)
    expected_leaves = _leaves(expected) if isinstance(expected, (list, tuple)) else [expected]
    rng = np.random.default_rng(7)
    weights = [rng.uniform(0.5, 1.5, np.shape(e)) for e in expected_leaves]

    def weighted(ref_values):
        leaves = _leaves(ref_values) if isinstance(ref_values, (list, tuple)) else [ref_values]
        return sum(float(np.sum(np.asarray(v, dtype=np.float64) * w)) for v, w in zip(leaves, weights)
                   if np.asarray(v).dtype.kind == "f")

    result = getattr(K, case.fn)(*args, **kwargs)
    outputs = _leaves(result) if isinstance(result, (list, tuple)) else [result]
    loss = None
    for out, w in zip(outputs, weights):
        if K.dtype(out).startswith("float"):
            term = K.sum(out * K.constant(w, dtype=K.dtype(out)))
            loss = term if loss is None else loss + term
    if loss is None:
        return True, "no float output to differentiate"
    placeholders = {id(p): p for p, _ in feeds}
    pairs = [(k, args[k] if isinstance(k, int) else kwargs[k]) for k in keys]
    pairs = [(k, t) for k, t in pairs if id(t) in placeholders or K.is_variable(t)]
    keys, targets = [k for k, _ in pairs], [t for _, t in pairs]
    grads = K.gradients(loss, targets)
    values = K.function([p for p, _ in feeds], grads)([v for _, v in feeds])
    for key, target, got in zip(keys, targets, values):
        point = ref_args[key] if isinstance(key, int) else ref_kwargs[key]
        ok, message = _compare_fd(case, ref_args, ref_kwargs, key, point, got, weighted)
        if not ok:
            return False, f"input {key}: {message}"
    return True, ""


def _compare_fd(case, ref_args, ref_kwargs, key, point, got, weighted):
    point = np.asarray(point, dtype=np.float64)
    flat = point.reshape(-1)
    got = np.asarray(got, dtype=np.float64).reshape(-1)
    if got.shape != flat.shape:
        return False, f"gradient shape {got.shape}, expected {flat.shape}"
    indices = np.arange(flat.size)
    if flat.size > MAX_CHECKED:
        indices = np.random.default_rng(3).choice(flat.size, MAX_CHECKED, replace=False)

    def at(values):
        args, kwargs = list(ref_args), dict(ref_kwargs)
        if isinstance(key, int):
            args[key] = values.reshape(point.shape)
        else:
            kwargs[key] = values.reshape(point.shape)
        return weighted(case.ref(*args, **kwargs))

    base = at(flat.copy())
    for i in indices:
        step = FD_STEP * max(1.0, abs(flat[i]))
        plus, minus = flat.copy(), flat.copy()
        plus[i] += step
        minus[i] -= step
        forward, backward = (at(plus) - base) / step, (base - at(minus)) / step
        if not (np.isfinite(forward) and np.isfinite(backward)):
            continue
        if abs(forward - backward) > 1e-3 * max(1.0, abs(forward), abs(backward)):
            continue  # a kink (or a jump): the derivative is not defined here
        central = (forward + backward) / 2
        if abs(got[i] - central) > 1e-4 * max(1.0, abs(central)):
            return False, f"element {int(i)}: gradient {got[i]:.8g}, finite differences {central:.8g}"
    return True, ""
