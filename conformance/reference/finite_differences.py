"""Gradients by central finite differences of float64 NumPy functions: the independent reference of the gradient
cases that check whole losses (gradient penalties, K.rnn losses) rather than one function."""
import numpy as np

STEP = 1e-6


def central_differences(f, values, index, limit=None):
    """d f / d values[index], by central differences of step ``STEP``.

    Arguments:
        f: a function of the arrays ``values`` returning a float (float64 throughout).
        values: the float64 arrays ``f`` is evaluated at (never modified).
        index: which of ``values`` to differentiate with respect to.
        limit: at most this many elements are differentiated (in C order); the others are NaN. None: all.

    Returns:
        A float64 array of ``values[index]``'s shape.
    """
    out = np.full(values[index].shape, np.nan)
    for count, i in enumerate(np.ndindex(out.shape)):
        if limit is not None and count >= limit:
            break
        up = [v.copy() for v in values]
        down = [v.copy() for v in values]
        up[index][i] += STEP
        down[index][i] -= STEP
        out[i] = (f(*up) - f(*down)) / (2 * STEP)
    return out


def assert_matches_differences(got, f, values, names, what, limit=None):
    """Assert each of ``got`` equals ``f``'s central differences with respect to the matching ``values``.

    Arguments:
        got: the gradients under test, one per entry of ``values`` (array-likes).
        f, values, limit: as for ``central_differences``; elements beyond ``limit`` are not compared.
        names: a name per entry of ``values``, for the failure message.
        what: the differentiated quantity's name, for the failure message ("penalty", "loss").

    Raises:
        AssertionError: a gradient differs (rtol 1e-5, atol 1e-7).
    """
    for index, (value, name) in enumerate(zip(got, names)):
        expected = central_differences(f, values, index, limit)
        checked = ~np.isnan(expected)
        np.testing.assert_allclose(np.asarray(value, dtype=np.float64)[checked], expected[checked], rtol=1e-5,
                                   atol=1e-7, err_msg=f"d {what} / d {name}")
