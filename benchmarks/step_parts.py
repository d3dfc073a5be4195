"""How a K.function training step splits: the same graph compiled as forward only, as gradients only, and as the
full SGD step (gradients + updates), next to the native step and to per-call pieces of ``graph/`` that run on every
call (seed drawing, input conversion, topological order of the loss). Interleaved, µs per call.

    KBACKEND_ENGINE=torch python -m benchmarks.step_parts [--model "tiny 64-32-10, batch 16"]
"""
import argparse

from .timing import interleaved
from .train_native import STEPS
from .train_step import LEARNING_RATE, MODELS, batch_data, initial_weights, model_graph


def graph_functions(K, weights):
    """{name: fn(x, y)} for K.functions over one graph: forward, gradients, full step."""
    x, y, params, loss = model_graph(K, weights)
    grads = K.gradients(loss, params)
    forward = K.function([x, y], [loss])
    gradients = K.function([x, y], grads)
    step = K.function([x, y], [loss], updates=[(p, p - LEARNING_RATE * g) for p, g in zip(params, grads)])
    return {name: (lambda xb, yb, f=f: f([xb, yb])) for name, f in
            (("K forward", forward), ("K gradients", gradients), ("K step", step))}, loss


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="tiny 64-32-10, batch 16", choices=sorted(MODELS))
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--target", type=float, default=0.1)
    args = parser.parse_args(argv)
    import kbackend as K
    from kbackend.graph.evaluate import new_base_seed
    from kbackend.graph.nodes import topological_order
    sizes, batch = MODELS[args.model]
    weights = initial_weights(sizes)
    x, y = batch_data(sizes, batch)
    callables, loss = graph_functions(K, weights)
    native, to_tensor = STEPS[K.backend()](weights, LEARNING_RATE)
    ops = K._registry.ops
    callables.update({"native step": native, "new_base_seed()": lambda: new_base_seed(),
                      "convert x, y": lambda: (ops.convert(x, "float32"), ops.convert(y, "float32")),
                      "topological_order(loss)": lambda: topological_order([loss])})
    args_by_name = {name: (x, y) for name in callables}
    args_by_name.update({"native step": (to_tensor(x), to_tensor(y)), "new_base_seed()": (),
                         "convert x, y": (), "topological_order(loss)": ()})
    seconds, _ = interleaved(callables, args_by_name, args.rounds, args.target)
    print(f"| {K.backend()}: {args.model} | µs per call |")
    print("|---|---|")
    for name, value in seconds.items():
        print(f"| {name} | {value * 1e6:,.1f} |")


if __name__ == "__main__":
    main()
