"""Citations: `[@key]` in Markdown becomes numbered, linked, AMA-formatted references.

The pieces, one job each:
- bibliography.py reads and checks content/references.yaml (CSL-YAML);
- ama.py formats each entry with citeproc-py (AMA style), once, and keeps
  the result for later builds;
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
from pathlib import Path

from pelican.contents import Content, Page

from guidelib.citing import NO_SOURCE_FIX, must_cite
from guidelib.lines import line_containing
from guidelib.problems import report, report_metadata
from plugins.citations.ama import format_references
from plugins.citations.bibliography import KINDS, Bibliography, Reference, load_bibliography
from plugins.citations.markers import SPACES, rewrite_citations
from plugins.citations.render import PageCitations


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
    context["REFERENCE_HTML"] = format_references(
        bibliography.references.values(), Path(context["CACHE_PATH"])
    )


def _check_fields_have_no_citations(content: Content) -> None:
    for field in ("title", "summary"):
        value = str(content.metadata.get(field, ""))
        if "[@" in value:
            report_metadata(
                content.source_path,
                field,
                f"a citation in '{field.capitalize()}' would show as raw text in search "
                "results and feeds",
                f"move the citation into the page text; keep '{field.capitalize()}' plain",
            )


def cite(content) -> None:
    """Number the citations of one page and build its reference list."""
    context = getattr(content, "_context", None) or {}
    if "BIBLIOGRAPHY" not in context:
        return
    _check_fields_have_no_citations(content)
    if getattr(content, "cited_with_others", False):
        return  # numbered later with the others shown on the same page (cite_together)
    citations = PageCitations(prefix=getattr(content, "citation_prefix", ""))
    _cite_text(content, citations, context["BIBLIOGRAPHY"])
    content.references = _reference_list(citations, context)


def cite_together(contents: list[Content], context: dict) -> list[CitedReference]:
    """Number the citations of several pieces shown on one page (FAQ answers)
    as one sequence, in the order given; return the page's reference list.

    Each piece gets `cited_keys`, the sources it cites itself.
    """
    if "BIBLIOGRAPHY" not in context:
        return []  # no bibliography was loaded: nothing can be cited
    citations = PageCitations()
    for content in contents:
        _cite_text(content, citations, context["BIBLIOGRAPHY"])
    return _reference_list(citations, context)


def _cite_text(content: Content, citations: PageCitations, bibliography: Bibliography) -> None:
    """Replace the [@key] citations in one content object's HTML by numbered markers."""
    source = content.source_path
    known = bibliography.references
    content.cited_keys = []

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
        for item in items:
            if item.key not in content.cited_keys:
                content.cited_keys.append(item.key)
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
    record_citing(content, bibliography)


def shared_with_pages(context: dict) -> dict[tuple, object]:
    """What of the build every page's state may hold, by name: the
    bibliography's sources and their formatted text."""
    bibliography = context.get("BIBLIOGRAPHY")
    sources = bibliography.references if bibliography is not None else {}
    html = context.get("REFERENCE_HTML") or {}
    return {
        **{("source", key): source for key, source in sources.items()},
        **{("html", key): text for key, text in html.items()},
    }


def record_citing(content: Content, bibliography: Bibliography) -> None:
    """Add CONTENT to the "cited by" list of each source it cites, in the order
    it first cites them (the Sources pages list them so)."""
    for key in content.cited_keys:
        bibliography.references[key].cited_by.append(content)


def _reference_list(citations: PageCitations, context: dict) -> list[CitedReference]:
    known = context["BIBLIOGRAPHY"].references
    html = context["REFERENCE_HTML"]
    return [
        CitedReference(
            number,
            citations.anchor(number),
            known[key],
            html[key],
            tuple(citations.backlinks[key]),
        )
        for key, number in citations.numbers.items()
    ]


def _check_pages_cite(pages: list[Page]) -> None:
    for page in pages:
        if not must_cite(getattr(page, "kind", "topic")) or page.references:
            continue
        report(page.source_path, 1, "this page cites no source", NO_SOURCE_FIX)


def _check_every_reference_is_cited(bibliography: Bibliography) -> None:
    for reference in bibliography.references.values():
        if not reference.cited_by:
            report(
                bibliography.path,
                reference.line,
                f"'{reference.key}' is not cited on any page",
                "cite it where its fact is used, or remove the entry",
            )


def _sources_by_kind(bibliography: Bibliography, html: dict[str, str], pages: list) -> list[dict]:
    """The Sources pages' data: for each kind with entries, its label, the page
    that lists it (the page whose `Source_kind` names it, if any) and its
    entries, alphabetical, each with the pages citing it.

    The guide gives each kind a page of its own, because the whole
    bibliography on one page outgrew the first-round-trip budget; the Sources
    page then links to them. A kind with no page of its own is listed on the
    Sources page itself, as a small site (the test fixtures) does with all.
    """
    page_of_kind = {}
    for page in pages:
        kind = str(page.metadata.get("source_kind", "")).strip()
        if not kind:
            continue
        if kind not in KINDS:
            report_metadata(
                page.source_path,
                "source_kind",
                f"'Source_kind: {kind}' is not a kind of source",
                f"use one of: {', '.join(KINDS)}",
            )
            continue
        page_of_kind[kind] = page
    groups = []
    for kind, label in KINDS.items():
        entries = [r for r in bibliography.references.values() if r.kind == kind]
        if not entries:
            continue
        entries.sort(key=lambda r: html[r.key].lower())
        groups.append(
            {
                "kind": kind,
                "label": label,
                "page": page_of_kind.get(kind),
                "entries": [(r, html[r.key], _unique(r.cited_by)) for r in entries],
            }
        )
    return groups


def _unique(contents: list) -> list:
    """Each content object once, in reading order (then by file), whatever order
    Pelican read the files in: that order varies from build to build."""
    seen, unique = set(), []
    for content in contents:
        if id(content) not in seen:
            seen.add(id(content))
            unique.append(content)
    return sorted(unique, key=lambda c: (getattr(c, "reading_order", (10**6, "")), c.source_path))


def finish(build) -> None:
    """After every page is read: uncited references, uncited pages, Sources data."""
    context = build.context
    if "BIBLIOGRAPHY" not in context:
        return
    bibliography = context["BIBLIOGRAPHY"]
    pages = build.all_pages
    _check_pages_cite(pages)
    _check_every_reference_is_cited(bibliography)
    context["SOURCES"] = _sources_by_kind(bibliography, context["REFERENCE_HTML"], pages)
