"""Citations as readers meet them on the built pages.

Every page that states facts cites at least once and ends with a References
list; every citation number links to an entry of the same page; every entry
links to its source (DOI, PubMed or an https address); and no page still
shows a raw `[@key]`, which would mean a citation was not understood.
Pages of kind policy and utility (their <article> says so) state no facts of
their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from guidelib.citing import NO_SOURCE_FIX, must_cite
from sitecheck.site import Finding, Page, Site

PAGE_KIND = "app-page--"  # the theme marks each <article> with its kind


def check_page(site: Site, page: Page) -> Iterator[Finding]:
    yield from _raw_citations(site, page)
    articles = page.find_class("app-page")
    if not articles:
        return
    classes = (articles[0].get("class") or "").split()
    kind = next((c.removeprefix(PAGE_KIND) for c in classes if c.startswith(PAGE_KIND)), "")
    markers = page.find_class("app-cite")
    entries = [
        entry
        for section in page.find_class("app-references")
        if section.tag == "section"
        for entry in section.iterfind(".//ol/li")
    ]
    if must_cite(kind) and not markers:
        yield site.page_problem(page, "this page cites no source", NO_SOURCE_FIX)
    if markers and not entries:
        yield site.page_problem(
            page, "the page cites sources but shows no References list",
            "keep the references block in theme/templates/page.html",
        )  # fmt: skip
    entry_ids = {entry.get("id") for entry in entries}
    for marker in markers:
        for link in marker.iter("a"):
            target = (link.get("href") or "").lstrip("#")
            if target not in entry_ids:
                yield site.problem(
                    page, marker, f"citation {page.text(link)} links to no reference entry",
                    "rebuild; if it persists, report it: the citations plugin is at fault",
                )  # fmt: skip
    for entry in entries:
        outbound = [a.get("href", "") for a in entry.iter("a")]
        if not any(href.startswith("https://") for href in outbound):
            yield site.problem(
                page, entry, f"reference '{page.text(entry)[:60]}…' links to no source",
                "give the entry a DOI, PMID or https URL in content/references.yaml",
            )  # fmt: skip


# Text that holds "[@", found by lxml in C (each text node knows its element).
RAW_TEXT = etree.XPath("/html/body/descendant::text()[contains(., '[@')]")
# Whether the built file may hold "[@": as written, or with "[" or "@" written
# as a character reference. Most pages have neither, and two byte searches
# cost a tenth of the walk through every text node above (two patterns, each
# starting with one fixed character, which re finds fast: one pattern with
# both would try every byte).
MAYBE_RAW = (re.compile(rb"\[[@&]"), re.compile(rb"&(?:#0*91|#x0*5b|lsqb|lbrack)", re.IGNORECASE))


def _raw_citations(site: Site, page) -> Iterator[Finding]:
    if not any(pattern.search(page.markup) for pattern in MAYBE_RAW):
        return
    for text in RAW_TEXT(page.tree):
        element, is_tail = text.getparent(), text.is_tail
        if element.tag in ("code", "pre", "script", "style") or not isinstance(element.tag, str):
            continue
        if _inside_code(element, is_tail):
            continue
        start = text.index("[@")
        raw = text[start : text.find("]", start) + 1 or start + 20]
        yield site.problem(
            page, element, f"'{raw}' shows as raw text: the citation was not understood",
            "write [@key] with a key from content/references.yaml", raw,
        )  # fmt: skip


def _inside_code(element, is_tail: bool) -> bool:
    """Text of (or after) an element that sits in code, where [@key] is an example."""
    holder = element.getparent() if is_tail else element
    while holder is not None:
        if holder.tag in ("code", "pre", "kbd", "samp"):
            return True
        holder = holder.getparent()
    return False
