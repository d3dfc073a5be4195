"""Text and Markdown summaries of a fuzz run: examples and disagreements by function."""
from collections import Counter, defaultdict

from .known import BY_ID


def stats_as_dict(stats):
    """The counts of ``stats`` (a ``harness.Stats``) as plain data, which pytest-xdist carries from a worker to the
    controller."""
    return {"examples": dict(stats.examples), "new": {fn: len(items) for fn, items in stats.new.items()},
            "known": {fn: dict(counter) for fn, counter in stats.known.items()}}


class MergedStats:
    """The counts of several workers' ``stats_as_dict``, summed; ``summary_lines`` reads it like a ``Stats``."""

    def __init__(self):
        self.examples = Counter()
        self.new = defaultdict(list)
        self.known = defaultdict(Counter)

    def add(self, data):
        self.examples.update(data["examples"])
        for fn, count in data["new"].items():
            self.new[fn].extend([None] * count)
        for fn, counter in data["known"].items():
            self.known[fn].update(counter)


def summary_lines(stats, engines):
    total = sum(stats.examples.values())
    new = sum(len(items) for items in stats.new.values())
    known = sum(sum(counter.values()) for counter in stats.known.values())
    lines = [f"engines compared with numpy: {', '.join(e for e in engines if e != 'numpy') or 'none'}; "
             f"{total} examples over {len(stats.examples)} functions (each on every engine and the reference); "
             f"{new} new and {known} known disagreements"]
    by_entry = {}
    for counter in stats.known.values():
        for entry, count in counter.items():
            by_entry[entry] = by_entry.get(entry, 0) + count
    for entry, count in sorted(by_entry.items()):
        lines.append(f"  known {entry}: {count}")
    return lines


def markdown(stats, engines, header_lines=(), details=5):
    out = ["# kbackend differential fuzzing report", ""]
    out += [f"- {line}" for line in header_lines]
    out += [f"- {line}" for line in summary_lines(stats, engines)[:1]]
    out += ["", "| function | examples | new disagreements | known disagreements (by entry) |", "|---|---:|---:|---|"]
    for fn in sorted(stats.examples):
        known = ", ".join(f"{entry}: {count}" for entry, count in sorted(stats.known[fn].items())) or ""
        out.append(f"| `{fn}` | {stats.examples[fn]} | {len(stats.new.get(fn, []))} | {known} |")
    if any(stats.new.values()):
        out += ["", "## New disagreements (first examples per function, engine and kind)", ""]
        for fn in sorted(stats.new):
            seen = {}
            for item in stats.new[fn]:
                key = (item.engine, item.kind)
                seen[key] = seen.get(key, 0) + 1
                if seen[key] <= details:
                    out += ["```", str(item), "```"]
    used = sorted({entry for counter in stats.known.values() for entry in counter})
    if used:
        out += ["", "## Known disagreements seen", ""]
        out += [f"- `{entry}`: {BY_ID[entry].reason}" for entry in used if entry in BY_ID]
    return "\n".join(out) + "\n"
