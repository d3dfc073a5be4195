"""Where the time of one K call or one K.function training step goes: cProfile over many repetitions, reported as
µs per call for each function (own time and cumulative), restricted to kbackend's code by default.

    KBACKEND_ENGINE=torch python -m benchmarks.profile_calls --op batch_dot --size small
    KBACKEND_ENGINE=jax python -m benchmarks.profile_calls --train "mlp 784-256-10, batch 128"
    KBACKEND_ENGINE=numpy python -m benchmarks.profile_calls --lstm --number 30
"""
import argparse
import cProfile
import os
import pstats

from . import natives
from . import lstm_step
from .cases import inputs, keras2_ops
from .timing import block
from .train_step import LEARNING_RATE, MODELS, batch_data, initial_weights, keras2_step


def _target(args):
    import kbackend as K
    if args.lstm:
        step = lstm_step.keras2_step(K, lstm_step.initial_weights(), lstm_step.LEARNING_RATE)
        data = lstm_step.batch_data()
        return lambda: step(*data)
    if args.train:
        sizes, batch = MODELS[args.train]
        step = keras2_step(K, initial_weights(sizes), LEARNING_RATE)
        data = batch_data(sizes, batch)
        return lambda: step(*data)
    to_tensor, _ = natives.TABLES[K.backend()]()
    ops = K._registry.ops
    fn = keras2_ops(K, ops.add, ops.multiply)[args.op]
    tensors = tuple(block(to_tensor(a)) for a in inputs(args.op, args.size))
    return lambda: block(fn(*tensors))


def _short(func):
    path, line, name = func
    for marker in ("/src/kbackend/", "/engines/", "site-packages/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{path}:{line}({name})"


def profile(target, number, everything, top):
    for _ in range(max(3, number // 10)):  # warm-up: compilation and caches
        target()
    profiler = cProfile.Profile()
    profiler.runcall(lambda: [target() for _ in range(number)])
    stats = pstats.Stats(profiler).stats
    total = sum(tt for _, _, tt, _, _ in stats.values()) / number * 1e6
    rows = []
    for func, (_, ncalls, tottime, cumtime, _) in stats.items():
        if everything or "kbackend" in func[0] or "/engines/" in func[0] or "wt-bench" in func[0]:
            rows.append((tottime / number * 1e6, cumtime / number * 1e6, ncalls / number, _short(func)))
    print(f"profiled total (own time of every function): {total:.1f} µs per call")
    print("| own µs/call | cumulative µs/call | calls/call | function |")
    print("|---|---|---|---|")
    for own, cumulative, calls, name in sorted(rows, reverse=True)[:top]:
        print(f"| {own:.2f} | {cumulative:.2f} | {calls:g} | {name} |")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--op", default="batch_dot")
    parser.add_argument("--size", default="small")
    parser.add_argument("--train", choices=sorted(MODELS), help="profile one K.function training step instead")
    parser.add_argument("--lstm", action="store_true", help="profile one step of benchmarks.lstm_step instead")
    parser.add_argument("--number", type=int, default=2000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--all", action="store_true", help="list framework functions too")
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    profile(_target(args), args.number, args.all, args.top)


if __name__ == "__main__":
    main()
