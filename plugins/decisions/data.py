"""Read and check a decision aid's data file (`content/decisions/NAME.yaml`), with lines.

A decision is an option grid: the options a person is choosing between
(always including "keep my current care"), and rows that are the questions
patients ask, the same for every option. Each cell is plain text, with an
optional frequency `{n, per, who, time}` ("about 24 in 100 adults with CRPS,
at 12 weeks"), a certainty word, and the sources it comes from. Where no
study measured something, the cell says so and its certainty is "not known".

The build refuses, each at its line: a number without a source; an unknown
source key; a frequency without `per`, `who` or `time`; two frequencies in
one row over different denominators; a certainty outside the list; an option
missing a row that others have; a decision without "keep my current care".
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import yaml

from guidelib import yaml_lines
from guidelib.problems import report

CERTAINTY = ("high", "moderate", "low", "very low", "not known")
CURRENT_CARE = "current-care"  # the id of the "keep my current care" option
FREQUENCY_FIELDS = ("n", "per", "who", "time")


@dataclass(frozen=True)
class Frequency:
    """`n` in `per` people (`who`), over `time`: "24 in 100 adults with CRPS, at 12 weeks"."""

    n: int
    per: int
    who: str
    time: str


@dataclass(frozen=True)
class Cell:
    text: str
    certainty: str
    sources: tuple[str, ...] = ()
    frequency: Frequency | None = None


@dataclass(frozen=True)
class Option:
    id: str
    name: str


@dataclass(frozen=True)
class Row:
    question: str
    cells: dict[str, Cell]  # option id → cell


@dataclass(frozen=True)
class Decision:
    name: str
    path: str
    title: str
    condition: str
    decision: str
    options: tuple[Option, ...]
    rows: tuple[Row, ...]


def _is_count(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool) and value >= 0


class _Checker:
    """Collects the problems of one file, each reported at its line."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems = 0

    def __call__(self, line: int, what: str, fix: str) -> None:
        report(self.path, line, what, fix)
        self.problems += 1


def load_decision(path: str, name: str, known_keys: set[str]) -> Decision | None:
    """The decision's data, or None when it has a problem (each one is reported)."""
    try:
        root, data = yaml_lines.load(path)
    except yaml_lines.Malformed as error:
        line, what = yaml_lines.malformed(error)
        report(path, line, what, "check the indentation (two spaces), the dashes and the quotes")
        return None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        report(path, 1, f"the decision cannot be read ({error})", "save it as UTF-8 text")
        return None
    problem = _Checker(path)
    if not isinstance(data, dict):
        problem(1, "a decision must be a set of 'field: value' lines", "see docs/editors.md")
        return None
    top = yaml_lines.key_lines(root)
    for field in ("title", "condition", "decision"):
        if not str(data.get(field) or "").strip():
            problem(top.get(field, 1), f"the decision has no '{field}'", f"add '{field}: …'")
    options = _options(data.get("options"), _node(root, "options"), problem)
    rows = [
        row
        for row_node, entry in zip(_items(root, "rows"), data.get("rows") or [], strict=False)
        if (row := _row(entry, row_node, options, known_keys, problem)) is not None
    ]
    if not data.get("rows"):
        problem(top.get("rows", 1), "the decision has no 'rows'", "add the patients' questions")
    if problem.problems:
        return None
    return Decision(
        name,
        path,
        str(data["title"]).strip(),
        str(data["condition"]).strip(),
        str(data["decision"]).strip(),
        tuple(options),
        tuple(rows),
    )


def _node(root: yaml.Node, field: str) -> yaml.Node | None:
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == field:
                return value
    return None


def _items(root: yaml.Node, field: str) -> list[yaml.Node]:
    node = _node(root, field)
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _options(entries, node: yaml.Node | None, problem: _Checker) -> list[Option]:
    line = yaml_lines.line_of(node) if node is not None else 1
    options = []
    for item_node, entry in zip(node.value if node else [], entries or [], strict=False):
        entry = entry if isinstance(entry, dict) else {}
        if not str(entry.get("id") or "").strip() or not str(entry.get("name") or "").strip():
            problem(
                yaml_lines.line_of(item_node),
                "an option needs an 'id' and a 'name'",
                "write '- id: current-care' and, under it, 'name: Keep my current care'",
            )
            continue
        options.append(Option(str(entry["id"]).strip(), str(entry["name"]).strip()))
    if not any(option.id == CURRENT_CARE for option in options):
        problem(
            line,
            "the decision has no 'keep my current care' option",
            f"add an option with 'id: {CURRENT_CARE}': every decision compares with it",
        )
    return options


def _row(entry, node: yaml.Node, options: list[Option], known_keys, problem) -> Row | None:
    start = yaml_lines.line_of(node)
    entry = entry if isinstance(entry, dict) else {}
    question = str(entry.get("question") or "").strip()
    label = f"row '{question}'" if question else "a row"
    before = problem.problems
    if not question:
        problem(start, "a row has no 'question'", "write the question patients ask")
    cells_node = _node(node, "cells")
    raw_cells = entry.get("cells") if isinstance(entry.get("cells"), dict) else {}
    cell_lines = yaml_lines.key_lines(cells_node) if cells_node is not None else {}
    cell_nodes = dict(zip(raw_cells, cells_node.value if cells_node else [], strict=False))
    known_options = {option.id for option in options}
    for option in options:
        if option.id not in raw_cells:
            problem(
                start,
                f"option '{option.id}' has no cell in {label}",
                "every option answers every question: add it, or say 'not known'",
            )
    for option_id in raw_cells:
        if option_id not in known_options:
            problem(
                cell_lines.get(option_id, start),
                f"'{option_id}' in {label} is not one of the decision's options",
                f"use one of: {', '.join(sorted(known_options))}",
            )
    cells = {}
    for option_id, raw in raw_cells.items():
        value_node = cell_nodes[option_id][1]
        cell = _cell(raw, value_node, label, known_keys, problem)
        if cell is not None:
            cells[option_id] = cell
    denominators = {c.frequency.per for c in cells.values() if c.frequency}
    if len(denominators) > 1:
        problem(
            start,
            f"the frequencies in {label} are out of different numbers of people "
            f"({', '.join(str(d) for d in sorted(denominators))})",
            "give every frequency in a row out of the same number, e.g. 'per: 100'",
        )
    return Row(question, cells) if problem.problems == before else None


def _cell(raw, node: yaml.Node, label: str, known_keys, problem) -> Cell | None:
    start = yaml_lines.line_of(node)
    raw = raw if isinstance(raw, dict) else {}
    lines = yaml_lines.key_lines(node)
    before = problem.problems
    text = str(raw.get("text") or "").strip()
    if not text:
        problem(start, f"a cell in {label} has no 'text'", "write the answer in plain words")
    certainty = str(raw.get("certainty") or "").strip()
    if certainty not in CERTAINTY:
        problem(
            lines.get("certainty", start),
            f"'certainty: {certainty}' in {label} is not one of the words we use",
            f"use one of: {', '.join(CERTAINTY)}",
        )
    sources = raw.get("sources") or []
    sources = [sources] if isinstance(sources, str) else list(sources)
    for key in sources:
        if str(key) not in known_keys:
            problem(
                lines.get("sources", start),
                f"unknown source key '{key}' in {label}",
                "use an id from content/references.yaml, or add the source there",
            )
    frequency = _frequency(raw.get("frequency"), _node(node, "frequency"), label, problem)
    if (frequency is not None or raw.get("frequency")) and not sources:
        problem(
            lines.get("frequency", start),
            f"a number in {label} has no source",
            "add 'sources: [key]': a number is shown only with the study behind it",
        )
    if not sources and certainty not in ("", "not known"):
        problem(
            lines.get("certainty", start),
            f"'certainty: {certainty}' in {label} has no source",
            "cite the source, or say 'not known' where no study measured it",
        )
    if problem.problems != before:
        return None
    return Cell(text, certainty, tuple(str(key) for key in sources), frequency)


def _frequency(raw, node: yaml.Node | None, label: str, problem) -> Frequency | None:
    if raw is None:
        return None
    line = yaml_lines.line_of(node) if node is not None else 1
    raw = raw if isinstance(raw, dict) else {}
    missing = [field for field in FREQUENCY_FIELDS if raw.get(field) in (None, "")]
    if missing:
        problem(
            line,
            f"the frequency in {label} has no {', '.join(repr(f) for f in missing)}",
            "write it whole: {n: 24, per: 100, who: adults with CRPS, time: at 12 weeks}",
        )
        return None
    n, per = raw["n"], raw["per"]
    if not (_is_count(n) and _is_count(per) and per > 0 and n <= per):
        problem(
            line,
            f"'n: {n}, per: {per}' in {label} is not a number of people out of another",
            "write whole numbers, with n no larger than per",
        )
        return None
    return Frequency(int(n), int(per), str(raw["who"]).strip(), str(raw["time"]).strip())
