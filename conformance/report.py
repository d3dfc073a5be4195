"""Reports of conformance records: a JSON file, a Markdown matrix of function x engine, a console summary."""
import collections
import json
import os

FAILING = ("fail", "xpass")


def summarize(records):
    """{engine: {function: Counter(status)}}"""
    table = collections.defaultdict(lambda: collections.defaultdict(collections.Counter))
    for record in records:
        table[record["engine"]][record["function"]][record["status"]] += 1
    return table


def cell(counter):
    total = sum(counter.values())
    passed = counter["pass"]
    text = f"{passed}/{total}"
    if counter["xfail"]:
        text += f" ({counter['xfail']} known gap{'s' if counter['xfail'] > 1 else ''})"
    if counter["fail"] or counter["xpass"]:
        text += f" **{counter['fail']} failing**" if counter["fail"] else ""
        text += f" **{counter['xpass']} gap passes**" if counter["xpass"] else ""
    return text


def markdown_matrix(records, provenance=None):
    """Function x engine matrix; ``provenance`` maps engine -> {function: native|generic|...}."""
    table = summarize(records)
    engines = sorted(table)
    functions = sorted({f for per_engine in table.values() for f in per_engine})
    lines = ["| function | " + " | ".join(engines) + " |", "|---" * (len(engines) + 1) + "|"]
    for function in functions:
        cells = []
        for engine in engines:
            counter = table[engine].get(function)
            text = cell(counter) if counter else "-"
            origin = (provenance or {}).get(engine, {}).get(function)
            if origin and counter:
                text += f" [{origin}]"
            cells.append(text)
        lines.append(f"| `{function}` | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def write(records, out_dir, provenance=None):
    os.makedirs(out_dir, exist_ok=True)
    json_path = os.path.join(out_dir, "conformance.json")
    with open(json_path, "w", encoding="utf-8") as handle:
        json.dump(records, handle, indent=1)
    md_path = os.path.join(out_dir, "conformance.md")
    with open(md_path, "w", encoding="utf-8") as handle:
        handle.write("# kbackend conformance\n\n")
        handle.write(markdown_matrix(records, provenance))
        failures = [r for r in records if r["status"] in FAILING]
        if failures:
            handle.write("\n## Failures\n\n")
            for record in failures:
                handle.write(f"- `{record['engine']}` `{record['id']}` ({record['status']}): "
                             f"{record['message'].splitlines()[0] if record['message'] else ''}\n")
    return json_path, md_path


def console_summary(records):
    counts = collections.Counter(r["status"] for r in records)
    lines = []
    for record in records:
        if record["status"] in FAILING:
            first = record["message"].splitlines()[0] if record["message"] else ""
            lines.append(f"{record['status'].upper():6} {record['engine']:>10}  {record['id']}  {first}")
    lines.append(f"{counts['pass']} passed, {counts['fail']} failed, {counts['xfail']} known gaps, "
                 f"{counts['xpass']} known gaps now passing")
    return "\n".join(lines)
