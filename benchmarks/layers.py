"""Where a small K call spends its time, layer by layer: the native call, the engine function called directly with
already-normalised arguments (``kbackend._registry.ops``), and the public ``K.<op>`` (facade checks + engine
function), interleaved. facade = K - engine function; engine = engine function - native.

    KBACKEND_ENGINE=torch python -m benchmarks.layers [--size small] [--rounds 7]
"""
import argparse


from . import natives
from .cases import inputs, keras2_ops
from .timing import block, interleaved

# op -> the engine function with the arguments the facade would pass (axis -1 of a matrix is 1; epsilon 1e-7).
ENGINE_CALLS = {
    "sum": lambda o, x: o.sum(x, 1, False),
    "mean": lambda o, x: o.mean(x, 1, False),
    "dot": lambda o, x, y: o.dot(x, y),
    "batch_dot": lambda o, a, b: o.batch_dot(a, b, (2, 1)),
    "relu": lambda o, x: o.relu(x, 0.0, None, 0.0),
    "sigmoid": lambda o, x: o.sigmoid(x),
    "softmax": lambda o, x: o.softmax(x, 1),
    "concatenate": lambda o, x, y: o.concatenate([x, y], 1),
    "reshape": lambda o, x: o.reshape(x, (-1,)),
    "categorical_crossentropy": lambda o, t, p: o.categorical_crossentropy(t, p, False, 1, 1e-7),
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="small")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--target", type=float, default=0.02)
    args = parser.parse_args(argv)
    import kbackend as K
    engine, ops = K.backend(), K._registry.ops
    to_tensor, table = natives.TABLES[engine]()
    native = natives.jitted(table) if engine == "jax" else table
    facade = keras2_ops(K, ops.add, ops.multiply)
    print(f"| {engine} op | native µs | engine fn µs | K µs | facade µs | engine fn - native µs |")
    print("|---|---|---|---|---|---|")
    for op, call in ENGINE_CALLS.items():
        tensors = tuple(block(to_tensor(a)) for a in inputs(op, args.size))
        callables = {"native": native[op], "engine": lambda *a, call=call: call(ops, *a), "K": facade[op]}
        us, _ = interleaved(callables, dict.fromkeys(callables, tensors), args.rounds, args.target)
        us = {k: v * 1e6 for k, v in us.items()}
        print(f"| {op} | {us['native']:.1f} | {us['engine']:.1f} | {us['K']:.1f} | {us['K'] - us['engine']:+.1f} | "
              f"{us['engine'] - us['native']:+.1f} |", flush=True)



if __name__ == "__main__":
    main()
