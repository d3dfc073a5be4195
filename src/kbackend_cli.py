"""Entry point of the ``kbackend`` command.

It lives outside the ``kbackend`` package so that ``--engine`` can select the engine *before* ``import kbackend``
resolves and loads one (importing kbackend loads the configured engine, and only that one).
"""
import os
import sys


def _engine_from_argv(argv):
    for index, arg in enumerate(argv):
        if arg == "--engine" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--engine="):
            return arg.split("=", 1)[1]
    return None


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    engine = _engine_from_argv(argv)
    if engine and "kbackend" not in sys.modules:
        os.environ["KBACKEND_ENGINE"] = engine
    from kbackend.cli import main as cli_main
    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
