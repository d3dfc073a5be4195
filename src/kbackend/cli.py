"""The ``kbackend`` command (also ``python -m kbackend``): ``info``, ``engines``, ``conformance`` and ``config``.

Every command works when the configured engine cannot load (``import kbackend`` keeps that error instead of
raising it; ``info`` and ``config`` report it). Every error is one line on stderr and a non-zero exit status.
"""
import argparse
import importlib
import os
import sys

from . import __version__, _config, _optional, _registry
from ._config import SETTINGS
from ._engine import EngineError
from .facade import ENGINE_FUNCTION_OF
from .facade.api_names import API_NAMES, API_SECTIONS


def one_line(err):
    """An exception as one line: its type (unless an EngineError) and its message with whitespace collapsed."""
    text = " ".join(str(err).split())
    return text if isinstance(err, EngineError) else f"{type(err).__name__}: {text}"


def function_origins(K, engine):
    """``{public name: 'native' | 'generic' | 'shared' | 'missing'}`` for the 166 API names on ``engine``."""
    origins = {}
    for name in API_NAMES:
        if not hasattr(K, name):
            origins[name] = "missing"
        elif name in ENGINE_FUNCTION_OF:
            origins[name] = engine.provenance.get(ENGINE_FUNCTION_OF[name], "missing")
        else:
            origins[name] = "shared"
    return origins


def _framework_version(declaration):
    from .conformance.provenance import framework_version
    return framework_version(declaration) or "unknown version"


def _engine_to_report(engine_name):
    """(engine, None) for ``--engine NAME`` or the active engine; (None, error) when the configured one failed."""
    if engine_name:
        return _registry.load_engine(engine_name), None
    try:
        return _registry.active_engine(), None
    except (EngineError, ValueError) as err:  # kept at import (see kbackend._startup)
        return None, err


def _print_capabilities(engine):
    unavailable = _optional.unavailable_capabilities(engine.module)
    print("capabilities:")
    for key, value in engine.capabilities.items():
        text = ", ".join(value) if isinstance(value, (tuple, list)) else ("no" if value is False else str(value))
        if key in unavailable:
            text += f" (unavailable: {unavailable[key]})"
        print(f"  {key}: {text}")


def cmd_info(args):
    import kbackend as K

    engine, failure = _engine_to_report(args.engine)
    print(f"kbackend {__version__} ({os.path.dirname(os.path.abspath(K.__file__))})")
    if engine is None:
        print(f"engine: {SETTINGS.engine_name} (from {SETTINGS.engine_source}) cannot be used: {one_line(failure)}")
    else:
        source = "--engine" if args.engine else SETTINGS.engine_source
        print(f"engine: {engine.name} (from {source}; module {engine.module.__name__})")
    print(f"config: {SETTINGS.config_path} ({SETTINGS.config_status})")
    print(f"floatx={K.floatx()} epsilon={K.epsilon()} image_data_format={K.image_data_format()}")
    if engine is not None:
        _print_capabilities(engine)
    print("registered engines:")
    installed = _registry.installed_engines()
    for name, path in sorted(_registry.entry_points().items()):
        declaration = importlib.import_module(path)
        framework = getattr(declaration, "FRAMEWORK", None)
        if name in installed:
            state = f"{framework} {_framework_version(declaration)}" if framework else "no framework needed"
        else:
            state = f"missing {framework}: {getattr(declaration, 'INSTALL', '')}"
        print(f"  {name:<12} {state}")
    if engine is None:
        print(f"kbackend: error: {one_line(failure)}", file=sys.stderr)
        return 1
    origins = function_origins(K, engine)
    kinds = ("native", "generic", "shared", "missing")
    counts = {kind: sum(1 for v in origins.values() if v == kind) for kind in kinds}
    print(f"public functions on {engine.name}: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    for section, names in API_SECTIONS.items():
        print(f"  {section}:")
        for name in names:
            print(f"    {name:<34} {origins[name]}")
    return 0


def cmd_engines(args):
    installed = _registry.installed_engines()
    for name, path in sorted(_registry.entry_points().items()):
        print(f"{name:<12} {path:<32} {'installed' if name in installed else 'framework missing'}")
    return 0


def cmd_conformance(args):
    import kbackend as K
    from .conformance import progress, provenance, report, runner
    from .conformance.cases import all_cases
    from .conformance.model import case_ids

    cases = all_cases()
    selected = [case for case in cases if args.k is None or any(args.k in entry[0] for entry in case_ids(case))]
    if not selected:
        print(f"kbackend: error: no conformance case id contains {args.k!r}; no report written", file=sys.stderr)
        return 2
    names = args.engine or [K.backend()]
    engines = [_registry.load_engine(name) for name in names]  # every name is checked before anything runs
    records, origins = [], {}
    for name, engine in zip(names, engines):
        with progress.EngineProgress(engine.name, len(selected)) as bar:
            found = runner.run_engine(name, select=args.k, cases=selected, progress=bar.advance)
            counts = report.totals(found).get(engine.name, {})
            bar.finish({report.STATUS_TITLES[s]: counts.get(s, 0) for s in report.STATUSES})
        records.extend(found)
        origins[engine.name] = function_origins(K, engine)
    block = provenance.collect(engines)
    suite_functions = {case.fn for case in cases}
    json_path, md_path = report.write(records, args.out, block, origins, suite_functions)
    print(report.markdown_matrix(records, origins, suite_functions, [e.name for e in engines]))
    print(report.console_summary(records))
    print(f"results: {json_path}, {md_path}")
    return 1 if any(r["status"] in report.FAILING for r in records) else 0


def cmd_config(args):
    path = os.path.join(_config.keras_dir(), "keras.json")
    if args.write:
        overrides = {"kbackend_engine": args.engine} if args.engine else {}
        print(f"wrote {_config.write_keras_json(path, **overrides)}")
        return 0
    config, status = _config.read_keras_json(path)
    print(f"{path}: {status}")
    for key, value in config.items():
        print(f"  {key}: {value!r}")
    try:
        values = _config.validate_config(config, path)
    except ValueError as err:
        print(f"kbackend: error: {one_line(err)}", file=sys.stderr)
        return 1
    name, source = _config.resolve_engine_name(values)
    print(f"engine name: {name} (from {_config.describe_source(source, path)})")
    return 0


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors as one line (and a pointer to ``--help``)."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see: {self.prog} --help)\n")


def build_parser():
    parser = _Parser(prog="kbackend", description="The Keras 2 backend API on several engines.")
    parser.add_argument("--version", action="version", version=f"kbackend {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="{info,engines,conformance,config}")
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
    config = sub.add_parser("config", help="show keras.json and the engine it selects, or write it with --write")
    config.add_argument("--write", action="store_true", help="write keras.json with the current settings")
    config.add_argument("--engine", help="with --write: record this engine as kbackend_engine")
    config.set_defaults(run=cmd_config)
    return parser


def main(argv=None):
    """Run the ``kbackend`` command.

    Arguments:
        argv: the arguments (default ``sys.argv[1:]``).

    Returns:
        The exit status: 0 on success, 1 on an error or a failing conformance case, 2 on a usage error or when
        ``-k`` matches no case.
    """
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("kbackend: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader left (e.g. `kbackend info | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as err:  # every error is one line, never a traceback
        print(f"kbackend: error: {one_line(err)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
