"""The ``kbackend`` command: ``info``, ``engines``, ``conformance`` and ``config``."""
import argparse
import importlib.metadata
import os
import sys


def _framework_version(declaration):
    """The installed version of an engine's framework, from package metadata (nothing is imported). An engine may
    name the distributions that provide its framework in ``DISTRIBUTIONS`` (e.g. a CPU-only build)."""
    framework = getattr(declaration, "FRAMEWORK", None)
    for dist in getattr(declaration, "DISTRIBUTIONS", (framework,)):
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            continue
    return "not installed"


def function_origins(K, engine):
    """{public name: 'native' | 'generic' | 'shared' | 'missing'} for the 166 API names on ``engine``."""
    from .facade import ENGINE_FUNCTION_OF
    from .facade.api_names import API_NAMES

    origins = {}
    for name in API_NAMES:
        if not hasattr(K, name):
            origins[name] = "missing"
        elif name in ENGINE_FUNCTION_OF:
            origins[name] = engine.provenance.get(ENGINE_FUNCTION_OF[name], "missing")
        else:
            origins[name] = "shared"
    return origins


def cmd_info(args):
    import kbackend as K
    from ._config import SETTINGS
    from ._registry import entry_points, installed_engines
    from .facade.api_names import API_SECTIONS

    engine = K._registry.active_engine()
    if args.engine and args.engine != engine.name:
        engine = K.set_backend(args.engine)
    print(f"kbackend {K.__version__}")
    print(f"engine: {engine.name} (from {SETTINGS.engine_source}; module {engine.module.__name__})")
    print(f"config: {SETTINGS.config_path} ({SETTINGS.config_status})")
    print(f"floatx={K.floatx()} epsilon={K.epsilon()} image_data_format={K.image_data_format()}")
    print(f"capabilities: {engine.capabilities}")
    print("registered engines:")
    installed = installed_engines()
    for name, path in sorted(entry_points().items()):
        declaration = importlib.import_module(path)
        framework = getattr(declaration, "FRAMEWORK", None)
        state = "installed" if name in installed else f"missing: {getattr(declaration, 'INSTALL', '')}"
        print(f"  {name:<12} {framework or '-'} {_framework_version(declaration) if framework else ''} ({state})")
    origins = function_origins(K, engine)
    counts = {kind: sum(1 for v in origins.values() if v == kind) for kind in ("native", "generic", "shared", "missing")}
    print(f"public functions on {engine.name}: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    for section, names in API_SECTIONS.items():
        print(f"  {section}:")
        for name in names:
            print(f"    {name:<34} {origins[name]}")
    return 0


def cmd_engines(args):
    from ._registry import entry_points, installed_engines
    installed = installed_engines()
    for name, path in sorted(entry_points().items()):
        print(f"{name:<12} {path:<32} {'installed' if name in installed else 'framework missing'}")
    return 0


def cmd_conformance(args):
    import kbackend as K
    from kbackend.conformance import report, runner

    engines = args.engine or [K.backend()]
    records, provenance = [], {}
    for name in engines:
        engine = K._registry.load_engine(name)
        records.extend(runner.run_engine(name, select=args.k))
        provenance[engine.name] = function_origins(K, engine)
    json_path, md_path = report.write(records, args.out, provenance)
    print(report.markdown_matrix(records, provenance))
    print(report.console_summary(records))
    print(f"results: {json_path}, {md_path}")
    failing = [r for r in records if r["status"] in report.FAILING]
    if not records:
        print("no case matched", file=sys.stderr)
        return 2
    return 1 if failing else 0


def cmd_config(args):
    from . import _config
    path = os.path.join(_config.keras_dir(), "keras.json")
    if args.write:
        overrides = {"kbackend_engine": args.engine} if args.engine else {}
        print(f"wrote {_config.write_keras_json(path, **overrides)}")
        return 0
    config, status = _config.read_keras_json(path)
    print(f"{path}: {status}")
    for key, value in config.items():
        print(f"  {key}: {value!r}")
    return 0


def build_parser():
    parser = argparse.ArgumentParser(prog="kbackend", description="The Keras 2 backend API on several engines.")
    sub = parser.add_subparsers(dest="command", required=True)
    info = sub.add_parser("info", help="engine, versions, configuration and where each function comes from")
    info.add_argument("--engine", help="engine name or dotted module path (default: the configured one)")
    info.set_defaults(run=cmd_info)
    engines = sub.add_parser("engines", help="list registered engines")
    engines.set_defaults(run=cmd_engines)
    conf = sub.add_parser("conformance", help="run the conformance suite against one or more engines")
    conf.add_argument("--engine", action="append", help="engine name or dotted module path (repeatable)")
    conf.add_argument("-k", help="only case ids containing this text")
    conf.add_argument("--out", default="conformance-results", help="folder for conformance.json/.md")
    conf.set_defaults(run=cmd_conformance)
    config = sub.add_parser("config", help="show keras.json, or write it with --write")
    config.add_argument("--write", action="store_true", help="write keras.json with the current settings")
    config.add_argument("--engine", help="with --write: record this engine as kbackend_engine")
    config.set_defaults(run=cmd_config)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
