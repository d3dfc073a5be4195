"""Per-call overhead of the facade: K.<op> versus the idiomatic native call, on small and large float32 inputs.

Usage: python benchmarks/overhead.py [--engines numpy,torch,jax,tensorflow] [--repeat 7]
Prints a Markdown table of median times (µs) and the ratio K / native, measured in the same run.
"""
import argparse
import importlib
import statistics
import timeit

import numpy as np


def native_ops(engine):
    """{op: (native callable, args builder)} for the engine's idiomatic calls."""
    if engine == "numpy":
        return {"sum": lambda x, y: np.sum(x, axis=1), "mean": lambda x, y: np.mean(x, axis=1),
                "add": lambda x, y: x + y, "multiply": lambda x, y: x * y, "dot": lambda x, y: x @ y,
                "maximum": lambda x, y: np.maximum(x, y), "exp": lambda x, y: np.exp(x)}, np.asarray
    if engine == "torch":
        torch = importlib.import_module("torch")
        return {"sum": lambda x, y: torch.sum(x, dim=1), "mean": lambda x, y: torch.mean(x, dim=1),
                "add": lambda x, y: x + y, "multiply": lambda x, y: x * y, "dot": lambda x, y: x @ y,
                "maximum": lambda x, y: torch.maximum(x, y), "exp": lambda x, y: torch.exp(x)}, torch.from_numpy
    if engine == "jax":
        jnp = importlib.import_module("jax.numpy")
        return {"sum": lambda x, y: jnp.sum(x, axis=1), "mean": lambda x, y: jnp.mean(x, axis=1),
                "add": lambda x, y: x + y, "multiply": lambda x, y: x * y, "dot": lambda x, y: x @ y,
                "maximum": lambda x, y: jnp.maximum(x, y), "exp": lambda x, y: jnp.exp(x)}, jnp.asarray
    tf = importlib.import_module("tensorflow")
    return {"sum": lambda x, y: tf.reduce_sum(x, axis=1), "mean": lambda x, y: tf.reduce_mean(x, axis=1),
            "add": lambda x, y: x + y, "multiply": lambda x, y: x * y, "dot": lambda x, y: tf.matmul(x, y),
            "maximum": lambda x, y: tf.maximum(x, y), "exp": lambda x, y: tf.exp(x)}, tf.constant


def facade_ops(K):
    return {"sum": lambda x, y: K.sum(x, axis=1), "mean": lambda x, y: K.mean(x, axis=1),
            "add": lambda x, y: K._registry.ops.add(x, y), "multiply": lambda x, y: K._registry.ops.multiply(x, y),
            "dot": lambda x, y: K.dot(x, y), "maximum": lambda x, y: K.maximum(x, y), "exp": lambda x, y: K.exp(x)}


def block(value):
    """Wait for asynchronous engines (JAX) so that timings include the work."""
    ready = getattr(value, "block_until_ready", None)
    return ready() if ready else value


def median_time(fn, x, y, repeat):
    number = 200
    times = timeit.repeat(lambda: block(fn(x, y)), number=number, repeat=repeat)
    return statistics.median(times) / number * 1e6


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--engines", default="numpy,torch,jax,tensorflow")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--sizes", default="8,1000")
    args = parser.parse_args()
    import kbackend as K
    print("| engine | op | size | native µs | K µs | K / native |")
    print("|---|---|---|---|---|---|")
    for engine in args.engines.split(","):
        with K.backend_scope(engine):
            natives, to_tensor = native_ops(engine)
            facades = facade_ops(K)
            for size in (int(s) for s in args.sizes.split(",")):
                data = np.random.default_rng(0).normal(size=(size, size)).astype("float32")
                x, y = to_tensor(data), to_tensor(data.copy())
                for op, native in natives.items():
                    t_native = median_time(native, x, y, args.repeat)
                    t_facade = median_time(facades[op], x, y, args.repeat)
                    print(f"| {engine} | {op} | {size}x{size} | {t_native:.2f} | {t_facade:.2f} | "
                          f"{t_facade / t_native:.2f} |")


if __name__ == "__main__":
    main()
