"""Read and check a figure's data file (`content/data/NAME.yaml`), with lines.

A figure's file is a title and a list of rows; each row is one kind of
treatment or study, how long relief lasted (in days after treatment), the
words readers see for it, and the sources it comes from. Every mistake an
editor can make is reported as `path:line: what — fix`, so a figure cannot
show a number without its source, or a range that runs backwards.
"""

from __future__ import annotations

import difflib
import numbers
from dataclasses import dataclass

import yaml

from guidelib import yaml_lines
from guidelib.problems import report

TEXT_FIELDS = {
    "regimen": "the treatment, in plain words, e.g. 'One short infusion'",
    "condition": "the kind of pain, e.g. 'Fibromyalgia'",
    "lasted": "how long relief lasted, as readers should read it, e.g. 'Up to about 2 weeks'",
}
NUMBER_FIELDS = {
    "from": "the start of the range, in days after treatment (0 = during treatment)",
    "to": "the end of the range, in days after treatment (under a day: write 1)",
}
OPTIONAL_FIELDS = {
    "fades_after": "the day after which relief faded (the rest of the bar is drawn paler)",
    "open_ended": "true when the source says 'more than' (the bar ends in an arrow)",
}
FIELDS = [*TEXT_FIELDS, *NUMBER_FIELDS, *OPTIONAL_FIELDS, "sources"]


@dataclass(frozen=True)
class Row:
    """One row of a figure: what the chart draws and the table lists."""

    regimen: str
    condition: str
    lasted: str
    start: float  # `from`, in days after treatment
    end: float  # `to`
    sources: tuple[str, ...]
    fades_after: float | None = None
    open_ended: bool = False


@dataclass(frozen=True)
class FigureData:
    name: str
    path: str
    title: str
    rows: tuple[Row, ...]


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def load_figure(path: str, name: str, known_keys: set[str]) -> FigureData | None:
    """The figure's data, or None when it has a problem (each one is reported)."""
    try:
        root, data = yaml_lines.load(path)
    except yaml_lines.Malformed as error:
        line, what = yaml_lines.malformed(error)
        report(
            path,
            line,
            what,
            "check the indentation (two spaces), the dashes before rows and the quotes",
        )
        return None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        report(path, 1, f"the figure's data cannot be read ({error})", "save it as UTF-8 text")
        return None
    top = yaml_lines.key_lines(root)
    if not isinstance(data, dict):
        report(
            path,
            1,
            "a figure's data must start with 'title:' and 'rows:'",
            "see content/data/relief-duration.yaml for the shape",
        )
        return None
    ok = True
    for field in data:
        if field not in ("title", "rows"):
            close = difflib.get_close_matches(str(field), ["title", "rows"], n=1)
            report(
                path,
                top.get(str(field), 1),
                f"unknown field '{field}'",
                f"did you mean '{close[0]}'?" if close else "a figure has only 'title' and 'rows'",
            )
            ok = False
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        report(
            path,
            top.get("title", 1),
            "the figure has no 'title'",
            "add 'title: …', what the figure shows, in plain words",
        )
        ok = False
    row_nodes = dict((str(k.value), v) for k, v in root.value).get("rows")
    rows_data = data.get("rows")
    if not isinstance(rows_data, list) or not rows_data:
        report(
            path,
            top.get("rows", 1),
            "the figure has no rows",
            "add 'rows:' with one '- regimen: …' entry per bar",
        )
        return None
    rows = []
    for node, entry in zip(row_nodes.value, rows_data, strict=True):
        row = _check_row(path, node, entry, known_keys)
        ok = ok and row is not None
        if row is not None:
            rows.append(row)
    return FigureData(name, path, title.strip(), tuple(rows)) if ok else None


def _check_row(path: str, node: yaml.Node, entry, known_keys: set[str]) -> Row | None:
    """Check one row; report each problem at its line and return None if any."""
    start = yaml_lines.line_of(node)
    if not isinstance(entry, dict):
        report(
            path,
            start,
            "a row must be a set of 'field: value' lines",
            "start it with '- regimen: …' and indent its other fields under it",
        )
        return None
    lines = yaml_lines.key_lines(node)
    label = f"row '{entry.get('regimen')}'" if entry.get("regimen") else "a row"
    problems = 0

    def problem(field: str | None, what: str, fix: str) -> None:
        nonlocal problems
        report(path, lines.get(field, start), what, fix)
        problems += 1

    for field in entry:
        if field not in FIELDS:
            close = difflib.get_close_matches(str(field), FIELDS, n=1)
            problem(
                field,
                f"unknown field '{field}' in {label}",
                f"did you mean '{close[0]}'?" if close else f"use: {', '.join(FIELDS)}",
            )
    for field, meaning in TEXT_FIELDS.items():
        value = entry.get(field)
        if not isinstance(value, str) or not value.strip():
            problem(field, f"{label} has no '{field}'", f"add '{field}: …', {meaning}")
    for field, meaning in NUMBER_FIELDS.items():
        value = entry.get(field)
        if field not in entry:
            problem(None, f"{label} has no '{field}'", f"add '{field}: N', {meaning}")
        elif not _is_number(value) or value < 0:
            problem(
                field,
                f"'{field}: {value}' in {label} is not a number of days",
                f"'{field}' is {meaning}: write a number, e.g. 14 for 2 weeks",
            )
    start_day, end_day = entry.get("from"), entry.get("to")
    if _is_number(start_day) and _is_number(end_day) and end_day < start_day:
        problem(
            "to",
            f"'to: {end_day}' is less than 'from: {start_day}' in {label}",
            "'to' is the end of the range: swap the two numbers",
        )
    fades = entry.get("fades_after")
    range_given = _is_number(start_day) and _is_number(end_day)
    if (
        fades is not None
        and range_given
        and not (_is_number(fades) and start_day <= fades <= end_day)
    ):
        problem(
            "fades_after",
            f"'fades_after: {fades}' in {label} is not between 'from' and 'to'",
            "give the day, within the range, after which relief faded",
        )
    if not isinstance(entry.get("open_ended", False), bool):
        problem(
            "open_ended",
            f"'open_ended' in {label} must be true or false",
            "write 'open_ended: true' when the source says 'more than'",
        )
    sources = entry.get("sources")
    if isinstance(sources, str):
        sources = [sources]
    if not isinstance(sources, list) or not sources:
        problem(
            "sources",
            f"{label} has no 'sources'",
            "add 'sources: [key]' with the ids from content/references.yaml",
        )
        sources = []
    for key, line in zip(
        sources, yaml_lines.item_lines(node, "sources", len(sources)), strict=True
    ):
        if str(key) not in known_keys:
            close = difflib.get_close_matches(str(key), sorted(known_keys), n=1)
            lines[f"source {key}"] = line
            problem(
                f"source {key}",
                f"unknown reference key '{key}' in {label}",
                f"did you mean '{close[0]}'?"
                if close
                else "use an id from content/references.yaml, or add the source there",
            )
    if problems:
        return None
    return Row(
        regimen=entry["regimen"].strip(),
        condition=entry["condition"].strip(),
        lasted=entry["lasted"].strip(),
        start=float(start_day),
        end=float(end_day),
        sources=tuple(str(key) for key in sources),
        fades_after=float(fades) if fades is not None else None,
        open_ended=entry.get("open_ended", False),
    )
