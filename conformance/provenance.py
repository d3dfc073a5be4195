"""Where a conformance report comes from: kbackend's version and commit, the engines with their framework versions,
the date, the command line, Python, the platform and the run's peak memory."""
import datetime
import importlib.metadata
import os
import platform
import shlex
import subprocess
import sys

import kbackend

try:
    import resource
except ImportError:  # Windows
    resource = None


def git_commit(folder=None):
    """The commit of the git checkout kbackend is imported from, with ``-dirty`` when tracked files differ.

    Arguments:
        folder: the folder of the package (default: the imported kbackend's).

    Returns:
        The commit hash, or ``None`` when kbackend is not run from a git checkout (an installed wheel) or git is
        not available.
    """
    folder = folder or os.path.dirname(os.path.abspath(kbackend.__file__))

    def git(*args):
        return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, timeout=20)
    try:
        # The package file must be tracked: a virtualenv inside some other checkout must not report its commit.
        if git("ls-files", "--error-unmatch", "__init__.py").returncode != 0:
            return None
        head = git("rev-parse", "HEAD")
        if head.returncode != 0:
            return None
        dirty = git("status", "--porcelain", "--untracked-files=no").stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return head.stdout.strip() + ("-dirty" if dirty else "")


def package_version(distribution):
    """The installed version of a distribution (from its metadata, nothing is imported), or ``None``."""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def framework_version(declaration):
    """The installed version of an engine's framework: from the metadata of the distributions that may provide it
    (``DISTRIBUTIONS``, e.g. a CPU-only build, else the framework's name), else from the imported module."""
    framework = getattr(declaration, "FRAMEWORK", None)
    if not framework:
        return None
    for distribution in getattr(declaration, "DISTRIBUTIONS", (framework,)):
        version = package_version(distribution)
        if version:
            return version
    module = sys.modules.get(framework)
    return getattr(module, "__version__", None)


def engine_record(engine):
    """What a report says about one engine: its module, framework and version, and its optional packages."""
    declaration = engine.module
    optional = {}
    for capability, (module, _) in getattr(declaration, "OPTIONAL", {}).items():
        package = module.split(".")[0]
        optional[package] = package_version(package) or "not installed"
    return {"name": engine.name, "module": declaration.__name__, "framework": engine.framework,
            "framework_version": framework_version(declaration), "optional_packages": optional,
            "placements": list(engine.table["placements"]())}


def collect(engines, argv=None):
    """The provenance block of a report.

    Arguments:
        engines: the loaded ``Engine`` objects the report covers.
        argv: the command line (default ``sys.argv``; its first item is shown by its base name).

    Returns:
        A JSON-serialisable dict.
    """
    argv = list(sys.argv if argv is None else argv)
    if argv:
        program = os.path.basename(argv[0])
        argv[0] = "python -m kbackend" if program == "__main__.py" else program
    return {
        "kbackend": {"version": kbackend.__version__, "commit": git_commit(),
                     "location": os.path.dirname(os.path.abspath(kbackend.__file__))},
        "engines": [engine_record(engine) for engine in engines],
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join(argv[:1] + [shlex.quote(arg) for arg in argv[1:]]),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "peak_memory_mb": peak_memory_mb(),
    }


def peak_memory_mb():
    """The peak resident memory of this process so far, in MB (None where the platform does not say: Windows)."""
    if resource is None:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024))  # bytes on macOS, KiB elsewhere
