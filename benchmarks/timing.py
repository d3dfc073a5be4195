"""Timing helpers: block on asynchronous results, calibrate a loop count, and time several callables interleaved so
that their ratios come from the same stretch of a noisy, shared machine."""
import statistics
import time


def block(value):
    """Wait until ``value`` (or each item of a list/tuple) is computed: JAX dispatches asynchronously."""
    if isinstance(value, (list, tuple)):
        for item in value:
            block(item)
        return value
    ready = getattr(value, "block_until_ready", None)
    if ready is not None:
        ready()
    return value


def _loop(fn, args, number):
    start = time.perf_counter()
    for _ in range(number):
        block(fn(*args))
    return time.perf_counter() - start


def calibrate(fn, args, target_s):
    """A loop count with which ``fn(*args)`` runs about ``target_s`` seconds (at least 1)."""
    number = 1
    while True:
        elapsed = _loop(fn, args, number)
        if elapsed >= target_s / 4 or number >= 100_000:
            return max(1, min(100_000, int(number * target_s / max(elapsed, 1e-9))))
        number *= 8


def interleaved(callables, args_by_name, rounds, target_s):
    """({name: median seconds per call}, loop count): each round times every callable once, in turn (in alternating
    order), with the same loop count.

    ``callables`` is {name: fn}; ``args_by_name`` is {name: args tuple} (implementations may want their own layout).
    The loop count is calibrated on the slowest callable, so no round takes much more than ``target_s`` per callable.
    """
    for name, fn in callables.items():  # warm-up: compilation, caches
        block(fn(*args_by_name[name]))
    number = min(calibrate(fn, args_by_name[name], target_s) for name, fn in callables.items())
    samples = {name: [] for name in callables}
    names = list(callables)
    for index in range(rounds):  # the order alternates, so that neither side always follows the other
        for name in (names if index % 2 == 0 else names[::-1]):
            samples[name].append(_loop(callables[name], args_by_name[name], number) / number)
    return {name: statistics.median(times) for name, times in samples.items()}, number


def median_of(fn, rounds):
    """Median wall time of ``fn()`` over ``rounds`` calls (for coarse steps such as a whole training step)."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
