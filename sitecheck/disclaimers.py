"""The medical disclaimer on every page, and the dose note where doses appear.

Every HTML page, the home page and the 404 page included, has exactly one
disclaimer block holding each required element exactly once, and a link to
the full disclaimer page. A page whose text mentions a dose ("0.5 mg/kg")
also shows the note that doses are reported, not advice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from lxml import etree

from guidelib.doses import mentions_doses
from sitecheck.site import Finding, Page, Site

SNIPPET = "content/snippets/disclaimer.md"

# What the disclaimer must say (issue: foundation), as patterns over its text.
DISCLAIMER_ELEMENTS = {
    "general information only": r"general information only",
    "not a substitute for advice, diagnosis or treatment": (
        r"not a substitute for professional medical advice, diagnosis,? or treatment"
    ),
    "no clinician-patient relationship": r"does not create a clinician[–-]patient relationship",
    "talk to your doctor first": (
        r"talk to your doctor before starting, stopping or changing a treatment"
    ),
    "emergency number": r"in an emergency, call 911 \(US\) or your local emergency number",
    "crisis line": r"in a mental health crisis, call or text 988 \(US\)",
}
FULL_DISCLAIMER = "disclaimer/index.html"


def check_page(site: Site, page: Page) -> Iterator[Finding]:
    blocks = page.find_class("app-disclaimer")
    if len(blocks) != 1:
        yield site.page_problem(
            page, f"the page shows the medical disclaimer {len(blocks)} times, not once",
            "the theme's base.html must include the disclaimer exactly once",
        )  # fmt: skip
        return
    yield from _check_elements(site, page, blocks[0])
    yield from _check_dose_note(site, page)


def _check_elements(site: Site, page, block) -> Iterator[Finding]:
    for element, found in _times_said(page.text(block)):
        if found != 1:
            yield site.problem(
                page, block, f"the disclaimer says '{element}' {found} times, not once",
                f"restore the wording in {SNIPPET}",
            )  # fmt: skip
    links = [a.get("href", "") for a in block.iter("a")]
    if not any(_lands_on(site, page, href, FULL_DISCLAIMER) for href in links):
        yield site.problem(
            page, block, "the disclaimer does not link to the full disclaimer page",
            "keep a page with 'Slug: disclaimer' (content/pages/disclaimer.md)",
        )  # fmt: skip


@lru_cache(maxsize=16)
def _times_said(text: str) -> tuple[tuple[str, int], ...]:
    """How often the disclaimer's text says each required element. Every page
    shows the same disclaimer, so its text is read once, not once a page."""
    return tuple(
        (element, len(re.findall(pattern, text, flags=re.IGNORECASE)))
        for element, pattern in DISCLAIMER_ELEMENTS.items()
    )


def _lands_on(site: Site, page, href: str, target: str) -> bool:
    landing = site.landing(page.name, href)
    return landing is not None and landing.target == target


def _check_dose_note(site: Site, page) -> Iterator[Finding]:
    prose = "".join(
        etree.tostring(block, method="html", encoding="unicode")
        for block in page.find_class("app-prose")
    )
    notes = page.find_class("app-dose-note")
    if mentions_doses(prose) and not any("not advice" in page.text(note) for note in notes):
        yield site.page_problem(
            page, "the page mentions a dose but has no 'not advice' note",
            "keep content/snippets/dose_note.md; the theme shows it on pages with doses",
        )  # fmt: skip
