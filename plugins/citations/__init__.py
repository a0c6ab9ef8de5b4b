"""Citations: `[@key]` in Markdown becomes numbered, linked, AMA-formatted references.

The pieces, one job each:
- bibliography.py reads and checks content/references.yaml (CSL-YAML);
- ama.py formats each entry once per build with citeproc-py (AMA style);
- markers.py finds citations in a page's HTML;
- render.py numbers them by first use and writes the superscripts.

This module connects them to Pelican: the bibliography is loaded when a
build starts, each page is cited as it is read, and when every page has been
read the plugin reports uncited references and pages that cite nothing, and
gives the Sources page its data. Every problem is `path:line: what — fix`.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass

from pelican import signals
from pelican.contents import Content, Page
from problems import line_containing, metadata_line, report

from citations.ama import format_references
from citations.bibliography import KINDS, Bibliography, Reference, load_bibliography
from citations.markers import SPACES, rewrite_citations
from citations.render import PageCitations

# Pages of these kinds state no facts of their own, so need no citation.
UNCITED_KINDS = {"policy", "utility"}


@dataclass(slots=True, frozen=True)  # a thousand pages hold ten each: keep them light
class CitedReference:
    """One entry of a page's reference list, as the template shows it."""

    number: int
    anchor: str  # the entry's id, target of the superscript links
    reference: Reference
    html: str  # AMA-formatted
    backlinks: tuple[str, ...]  # ids of the superscripts that cite it


def load(generator) -> None:
    """Once per build: read the bibliography and format every entry."""
    context = generator.context
    if "BIBLIOGRAPHY" in context:
        return
    path = os.path.join(context["PATH"], context["BIBLIOGRAPHY_PATH"])
    bibliography = load_bibliography(path)
    context["BIBLIOGRAPHY"] = bibliography
    context["REFERENCE_HTML"] = format_references(bibliography.references.values())


def _check_fields_have_no_citations(content: Content) -> None:
    for field in ("title", "summary"):
        value = str(content.metadata.get(field, ""))
        if "[@" in value:
            report(
                content.source_path,
                metadata_line(content.source_path, field),
                f"a citation in '{field.capitalize()}' would show as raw text in search "
                "results and feeds",
                f"move the citation into the page text; keep '{field.capitalize()}' plain",
            )


def cite(content) -> None:
    """Number the citations of one page and build its reference list."""
    context = getattr(content, "_context", None) or {}
    bibliography: Bibliography | None = context.get("BIBLIOGRAPHY")
    if bibliography is None or not isinstance(content, Content):
        return
    source = content.source_path
    _check_fields_have_no_citations(content)
    citations = PageCitations(prefix=getattr(content, "citation_prefix", ""))
    known = bibliography.references

    def render(items):
        unknown = [item.key for item in items if item.key not in known]
        for key in unknown:
            close = difflib.get_close_matches(key, list(known), n=1)
            report(
                source,
                line_containing(source, f"@{key}"),
                f"unknown citation key '@{key}'",
                f"did you mean '@{close[0]}'?" if close else "add it to references.yaml first",
            )
        if unknown:
            return "[" + "; ".join(f"@{item.key}" for item in items) + "]"
        return citations.cite(items)

    scan = rewrite_citations(content._content, render)
    for raw in scan.malformed:
        written = " ".join(SPACES.sub(" ", raw).split())
        first_word = written.split()[0] if written.split() else written
        line = line_containing(source, written, default=line_containing(source, first_word))
        report(
            source,
            line,
            f"'{written}' looks like a citation but does not parse",
            "write [@key], [@key1; @key2] or [@key, p. 12] (no space after @, no empty parts)",
        )
    content._content = scan.html
    html = context["REFERENCE_HTML"]
    content.references = [
        CitedReference(
            number,
            citations.anchor(number),
            known[key],
            html[key],
            tuple(citations.backlinks[key]),
        )
        for key, number in citations.numbers.items()
    ]
    for key in citations.numbers:
        known[key].cited_by.append(content)


def _check_pages_cite(pages: list[Page]) -> None:
    for page in pages:
        if getattr(page, "kind", "topic") in UNCITED_KINDS or page.references:
            continue
        report(
            page.source_path,
            1,
            "this page cites no source",
            "back its facts with citations such as [@cohen2018] (see content/references.yaml)",
        )


def _check_every_reference_is_cited(bibliography: Bibliography) -> None:
    for reference in bibliography.references.values():
        if not reference.cited_by:
            report(
                bibliography.path,
                reference.line,
                f"'{reference.key}' is not cited on any page",
                "cite it where its fact is used, or remove the entry",
            )


def _sources_by_kind(bibliography: Bibliography, html: dict[str, str]) -> list[tuple[str, list]]:
    """The Sources page's data: each kind's entries, alphabetical, with the pages citing them."""
    groups = []
    for kind, label in KINDS.items():
        entries = [r for r in bibliography.references.values() if r.kind == kind]
        entries.sort(key=lambda r: html[r.key].lower())
        if entries:
            groups.append((label, [(r, html[r.key], _unique(r.cited_by)) for r in entries]))
    return groups


def _unique(contents: list) -> list:
    seen, unique = set(), []
    for content in contents:
        if id(content) not in seen:
            seen.add(id(content))
            unique.append(content)
    return unique


def finish(generators) -> None:
    """After every page is read: uncited references, uncited pages, Sources data."""
    if not generators or "BIBLIOGRAPHY" not in generators[0].context:
        return
    context = generators[0].context
    bibliography = context["BIBLIOGRAPHY"]
    pages = [page for g in generators for page in getattr(g, "pages", [])]
    pages += [page for g in generators for page in getattr(g, "hidden_pages", [])]
    _check_pages_cite(pages)
    _check_every_reference_is_cited(bibliography)
    context["SOURCES"] = _sources_by_kind(bibliography, context["REFERENCE_HTML"])


def register() -> None:
    signals.generator_init.connect(load)
    signals.content_object_init.connect(cite)
    signals.all_generators_finalized.connect(finish)
