"""Reports of conformance records: a JSON file, a Markdown report (provenance, totals, the function x engine matrix
of every public name, skips and failures) and a console summary."""
import collections
import json
import os

from kbackend.engine_api import API_SECTIONS

FAILING = ("fail", "xpass")
STATUSES = ("pass", "fail", "xfail", "xpass", "skip")
STATUS_TITLES = {"pass": "passed", "fail": "failed", "xfail": "known gaps", "xpass": "known gaps now passing",
                 "skip": "skipped"}


def summarize(records):
    """``{engine: {function: Counter(status)}}``"""
    table = collections.defaultdict(lambda: collections.defaultdict(collections.Counter))
    for record in records:
        table[record["engine"]][record["function"]][record["status"]] += 1
    return table


def totals(records):
    """``{engine: {status: count}}`` for every status, plus ``"all"`` over every engine."""
    out = {}
    for record in records:
        for key in (record["engine"], "all"):
            out.setdefault(key, dict.fromkeys(STATUSES, 0))[record["status"]] += 1
    return out


def cell(counter):
    """A matrix cell: passed/total, then known gaps, skips and failures when there are any."""
    total = sum(counter.values())
    text = f"{counter['pass']}/{total}"
    if counter["xfail"]:
        text += f" ({counter['xfail']} known gap{'s' if counter['xfail'] > 1 else ''})"
    if counter["skip"]:
        text += f" ({counter['skip']} skipped)"
    if counter["fail"]:
        text += f" **{counter['fail']} failing**"
    if counter["xpass"]:
        text += f" **{counter['xpass']} gap passes**"
    return text


def _sections(records):
    """(title, function names): the API's sections, then any function of the records that is not a public name."""
    sections = list(API_SECTIONS.items())
    public = {name for names in API_SECTIONS.values() for name in names}
    others = sorted({record["function"] for record in records} - public)
    if others:
        sections.append(("Other functions", tuple(others)))
    return sections


def markdown_matrix(records, origins=None, suite_functions=None, engines=None):
    """The function x engine matrix, one table per API section, with a row for every public name.

    Arguments:
        records: the conformance records.
        origins: ``{engine: {function: 'native' | 'generic' | 'shared' | 'missing'}}``, shown in the cells.
        suite_functions: the functions that have cases in the suite: a name without any says ``no case``, one whose
            cases were all left out by ``-k`` says ``not selected``. ``None``: every name counts as covered.
        engines: the column order (default: the engines of the records, sorted).

    Returns:
        Markdown text.
    """
    table = summarize(records)
    engines = list(engines or sorted(table))
    lines = []
    for title, names in _sections(records):
        lines += [f"### {title}", "", "| function | " + " | ".join(engines) + " |", "|---" * (len(engines) + 1) + "|"]
        for function in names:
            cells = []
            for engine in engines:
                counter = table.get(engine, {}).get(function)
                if counter:
                    text = cell(counter)
                    origin = (origins or {}).get(engine, {}).get(function)
                    text += f" [{origin}]" if origin else ""
                elif suite_functions is not None and function not in suite_functions:
                    text = "no case"
                else:
                    text = "not selected"
                cells.append(text)
            lines.append(f"| `{function}` | " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def _provenance_lines(provenance):
    kb = provenance["kbackend"]
    commit = f", commit {kb['commit']}" if kb.get("commit") else ", not from a git checkout"
    lines = [f"- kbackend {kb['version']}{commit} ({kb['location']})"]
    for engine in provenance["engines"]:
        framework = f"{engine['framework']} {engine['framework_version'] or 'unknown version'}" \
            if engine["framework"] else "no framework"
        optional = ", ".join(f"{name} {version}" for name, version in engine["optional_packages"].items())
        placements = ", ".join(engine.get("placements") or ()) or "none besides the default"
        lines.append(f"- engine `{engine['name']}` ({engine['module']}): {framework}"
                     + (f"; optional: {optional}" if optional else "") + f"; placements tested: {placements}")
    lines += [f"- date: {provenance['date']}", f"- command: `{provenance['command']}`",
              f"- Python {provenance['python']} on {provenance['platform']}"]
    if provenance.get("peak_memory_mb") is not None:
        lines.append(f"- peak memory of the run: {provenance['peak_memory_mb']} MB")
    return lines


def _totals_table(records, engines):
    counts = totals(records)
    lines = ["| engine | " + " | ".join(STATUS_TITLES[s] for s in STATUSES) + " | total |",
             "|---" * (len(STATUSES) + 2) + "|"]
    for engine in list(engines) + (["all"] if len(engines) > 1 else []):
        row = counts.get(engine, dict.fromkeys(STATUSES, 0))
        lines.append(f"| {engine} | " + " | ".join(str(row[s]) for s in STATUSES) + f" | {sum(row.values())} |")
    return lines


def _first_line(message):
    return message.splitlines()[0] if message else ""


def skip_reasons(records):
    """``{(engine, reason): [case ids]}`` of the skipped records."""
    reasons = collections.defaultdict(list)
    for record in records:
        if record["status"] == "skip":
            reasons[(record["engine"], _first_line(record["message"]))].append(record["id"])
    return reasons


def markdown(records, provenance, origins=None, suite_functions=None):
    """The whole Markdown report: provenance, totals, matrix, skipped cases, failures."""
    engines = [engine["name"] for engine in provenance["engines"]]
    lines = ["# kbackend conformance", ""] + _provenance_lines(provenance) + ["", "## Totals", ""]
    lines += _totals_table(records, engines) + ["", "## Function x engine", ""]
    lines.append("Each cell: results passed / results, then known gaps, skips and failures; `[native]` or "
                 "`[generic]`: where the engine's function comes from.")
    lines += ["", markdown_matrix(records, origins, suite_functions, engines)]
    skipped = skip_reasons(records)
    if skipped:
        lines += ["## Skipped (an optional package is missing)", ""]
        for (engine, reason), ids in skipped.items():
            lines.append(f"- `{engine}`, {len(ids)} result{'s' if len(ids) > 1 else ''}: {reason} "
                         f"({', '.join(f'`{i}`' for i in ids[:5])}{', ...' if len(ids) > 5 else ''})")
        lines.append("")
    failures = [r for r in records if r["status"] in FAILING]
    if failures:
        lines += ["## Failures", ""]
        lines += [f"- `{r['engine']}` `{r['id']}` ({r['status']}): {_first_line(r['message'])}" for r in failures]
        lines.append("")
    return "\n".join(lines)


def write(records, out_dir, provenance, origins=None, suite_functions=None):
    """Write ``conformance.json`` (provenance, totals, records) and ``conformance.md`` into ``out_dir``.

    Returns:
        (path of the JSON file, path of the Markdown file).
    """
    os.makedirs(out_dir, exist_ok=True)
    json_path = os.path.join(out_dir, "conformance.json")
    with open(json_path, "w", encoding="utf-8") as handle:
        json.dump({"provenance": provenance, "totals": totals(records), "records": records}, handle, indent=1)
        handle.write("\n")
    md_path = os.path.join(out_dir, "conformance.md")
    with open(md_path, "w", encoding="utf-8") as handle:
        handle.write(markdown(records, provenance, origins, suite_functions))
    return json_path, md_path


def console_summary(records):
    """Failing records one per line, skip reasons, and the totals."""
    counts = totals(records).get("all", dict.fromkeys(STATUSES, 0))
    lines = []
    for record in records:
        if record["status"] in FAILING:
            lines.append(f"{record['status'].upper():6} {record['engine']:>10}  {record['id']}  "
                         f"{_first_line(record['message'])}")
    for (engine, reason), ids in skip_reasons(records).items():
        lines.append(f"SKIP   {engine:>10}  {len(ids)} result{'s' if len(ids) > 1 else ''}: {reason}")
    lines.append(", ".join(f"{counts[s]} {STATUS_TITLES[s]}" for s in STATUSES))
    return "\n".join(lines)
