"""Progress of a conformance run: a tqdm progress bar per engine on a terminal, plain lines otherwise (a log, CI).

Both go to stderr, so that stdout holds only the report.
"""
import sys
import time

try:
    from tqdm import tqdm
except ImportError:  # tqdm is a dependency of kbackend; an install made without dependencies still gets the lines
    tqdm = None


def _cases(number):
    return f"{number} case{'' if number == 1 else 's'}"


class EngineProgress:
    """Shows the progress of one engine's run: ``with EngineProgress(name, total) as progress: ... progress.advance()``.

    Arguments:
        engine: the engine's name.
        total: the number of cases to run.
        stream: where to write (default ``sys.stderr``); a bar is drawn only when it is a terminal.
    """

    def __init__(self, engine, total, stream=None):
        self.engine = engine
        self.total = total
        self.stream = stream or sys.stderr
        self.bar = None
        self.started = None

    def __enter__(self):
        self.started = time.perf_counter()
        if tqdm is not None and self.stream.isatty():
            self.bar = tqdm(total=self.total, desc=self.engine, unit="case", file=self.stream, leave=False,
                            dynamic_ncols=True)
        else:
            print(f"conformance: {self.engine}: running {_cases(self.total)}", file=self.stream, flush=True)
        return self

    def advance(self):
        """One more case has run."""
        if self.bar is not None:
            self.bar.update()

    def finish(self, counts):
        """Close the bar and write the engine's line (``counts``: {status title: number})."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        seconds = time.perf_counter() - self.started
        summary = ", ".join(f"{number} {title}" for title, number in counts.items() if number)
        print(f"conformance: {self.engine}: {_cases(self.total)} in {seconds:.1f} s: {summary or 'no result'}",
              file=self.stream, flush=True)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        return False
