"""Read `content/references.yaml` (CSL-YAML) and check every entry, with its line.

CSL-YAML is the format Zotero, Pandoc and Better BibTeX exchange: a list of
entries, each a mapping with `id`, `type`, `title`, `author`, `issued`… One
field is ours: `kind`, which groups entries on the Sources page. It is
removed before the entry is handed to citeproc-py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from guidelib import yaml_lines
from guidelib.problems import report
from plugins.citations.markers import KEY as CITATION_KEY

# How the Sources page groups the bibliography, in the order it shows them.
KINDS = {
    "guideline": "Guidelines and consensus statements",
    "review": "Systematic reviews and overviews",
    "study": "Trials and studies",
    "regulator": "Drug labels, regulators and insurers",
    "patient-information": "Patient information from hospitals and health services",
    "organisation": "Patient organisations and helplines",
    "news": "News reports (for prices and events, not evidence of benefit)",
    "source-material": "Source material (articles we checked, not evidence)",
}

# The parts of a CSL name that citeproc reads. Anything else is a typo, or an
# organisation's name whose comma YAML took as the end of the value.
NAME_PARTS = {"family", "given", "literal", "suffix", "dropping-particle", "non-dropping-particle"}

CSL_TYPES = {
    "article", "article-journal", "article-magazine", "article-newspaper", "bill",
    "book", "chapter", "dataset", "entry", "entry-dictionary", "entry-encyclopedia",
    "legal_case", "legislation", "manuscript", "pamphlet", "paper-conference",
    "personal_communication", "post", "post-weblog", "report", "review", "speech",
    "thesis", "webpage",
}  # fmt: skip

KEY = re.compile(rf"^{CITATION_KEY}$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
PMID = re.compile(r"^\d{1,9}$")
URL = re.compile(r"^https://[^\s/]+\.[^\s/]+(/\S*)?$")
OUR_FIELDS = {"kind"}

IDENTIFIER_RULES = [
    ("DOI", DOI, "a DOI looks like 10.1097/AAP.0000000000000808 (without https://doi.org/)"),
    ("PMID", PMID, "a PubMed ID is digits only, e.g. 29870457"),
    ("URL", URL, "addresses must start with https://"),
]


@dataclass
class Reference:
    """One bibliography entry: its CSL data for citeproc, and where it was written."""

    key: str
    line: int
    kind: str
    csl: dict
    cited_by: list = field(default_factory=list)  # content objects, in reading order

    @property
    def doi(self) -> str | None:
        return self.csl.get("DOI")

    @property
    def pmid(self) -> str | None:
        return str(self.csl["PMID"]) if self.csl.get("PMID") else None

    @property
    def pubmed_url(self) -> str | None:
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/" if self.pmid else None


@dataclass
class Bibliography:
    path: str
    references: dict[str, Reference] = field(default_factory=dict)


def _has_year(issued) -> bool:
    if not isinstance(issued, dict):
        return False
    if str(issued.get("literal", "")).strip():
        return True  # an explicit "n.d." for pages that carry no date
    parts = issued.get("date-parts")
    return bool(parts and parts[0] and str(parts[0][0]).isdigit())


def _has_creator(entry: dict) -> bool:
    authors = entry.get("author") or []
    named = isinstance(authors, list) and any(
        isinstance(a, dict) and (a.get("family") or a.get("literal")) for a in authors
    )
    return named or bool(str(entry.get("publisher", "")).strip())


def _check_entry(path: str, entry: dict, lines: dict[str, int], start: int) -> list[str]:
    """Report what is wrong with one entry; return the problems found."""
    problems = []

    def problem(field_name: str | None, what: str, fix: str) -> None:
        report(path, lines.get(field_name, start), what, fix)
        problems.append(what)

    key = entry["id"]
    if entry.get("type") not in CSL_TYPES:
        problem(
            "type",
            f"'{key}' has type {entry.get('type')!r}, not a CSL type",
            "use e.g. article-journal, chapter, report, webpage or post-weblog",
        )
    if not str(entry.get("title", "")).strip():
        problem("title", f"'{key}' has no title", "add 'title: …'")
    if not _has_year(entry.get("issued")):
        problem(
            "issued",
            f"'{key}' has no year",
            "add 'issued: {date-parts: [[YYYY]]}', or {literal: n.d.} if the source is undated",
        )
    if not _has_creator(entry):
        problem(
            "author",
            f"'{key}' has no author or publisher",
            "add 'author:' (family/given, or literal for an organisation) or 'publisher:'",
        )
    if entry.get("kind") not in KINDS:
        problem(
            "kind", f"'{key}' has kind {entry.get('kind')!r}", f"use one of: {', '.join(KINDS)}"
        )
    for name, pattern, fix in IDENTIFIER_RULES:
        if name in entry and entry[name] is not None and not pattern.match(str(entry[name])):
            problem(name, f"'{key}' has a malformed {name}: {entry[name]!r}", fix)
    for person in entry.get("author") or []:
        unknown = sorted(set(person) - NAME_PARTS) if isinstance(person, dict) else ["(not a name)"]
        if unknown:
            problem(
                "author",
                f"'{key}' has an author with unknown parts: {', '.join(map(str, unknown))}",
                "write {family: …, given: …}, or quote a name with a comma: "
                '{literal: "Agency, Office"}',
            )
    return problems


def load_bibliography(path: str) -> Bibliography:
    """Parse and check the bibliography; every problem is reported with its line."""
    bibliography = Bibliography(path)
    try:
        root, data = yaml_lines.load(path)
    except FileNotFoundError:
        report(
            path, 1, "the bibliography file is missing", "create it (CSL-YAML, see docs/editors.md)"
        )
        return bibliography
    except yaml_lines.Malformed as error:
        line, what = yaml_lines.malformed(error)
        report(path, line, what, "check the indentation, brackets and quotes")
        return bibliography
    except ValueError as error:  # a date that YAML reads as a date, but no calendar has
        report(path, 1, f"a date is not a real date ({error})", "write it as YYYY-MM-DD")
        return bibliography
    data = [] if root is None else data
    if not isinstance(data, list):
        report(
            path, 1, "the bibliography must be a list of entries", "start each entry with '- id:'"
        )
        return bibliography
    for node, entry in zip(root.value, data, strict=True):
        start = yaml_lines.line_of(node)
        if not isinstance(entry, dict) or not KEY.match(str(entry.get("id", ""))):
            report(path, start, "entry without a valid 'id'",
                   "give it 'id: authorYEAR' (letters, digits, _ : . -)")  # fmt: skip
            continue
        lines = yaml_lines.key_lines(node)
        key = str(entry["id"])
        if key in bibliography.references:
            first = bibliography.references[key].line
            report(path, lines["id"], f"duplicate id '{key}' (first used on line {first})",
                   "give each entry its own id")  # fmt: skip
            continue
        if _check_entry(path, entry, lines, start):
            continue
        csl = {name: value for name, value in entry.items() if name not in OUR_FIELDS}
        csl["id"] = key
        bibliography.references[key] = Reference(key, start, entry["kind"], csl)
    return bibliography
