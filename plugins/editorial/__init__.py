"""Editorial rules for every page's metadata, checked as each page is read.

Each page must say what it is (`Title`, `Summary`), where it lives (`Slug`),
and when it was last checked (`Reviewed`, `Next_review`). Mistakes are
reported as `path:line: what — fix` and fail the build (see strict_build).
The plugin also turns the checked values into what templates need:
`page.reviewed` and `page.next_review` as dates, `page.overdue` (the next
review date has passed: the page shows a notice, and `make publish`, which
sets REFUSE_OVERDUE_PAGES, refuses to build), `page.kind`, and
`page.reading_order` for sorting the guide (PAGE_ORDER_BY).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

from pelican.contents import Page

from guidelib.problems import report_metadata
from guidelib.review import ISO_DATE, is_overdue, out_of_order, review_today

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
UNORDERED = 10_000  # pages without `Order:` come after the guide's sequence

HOW_TO_FIX = {
    "slug": "add 'Slug: words-with-hyphens' (it becomes the address, /words-with-hyphens/)",
    "summary": "add 'Summary: …', one plain sentence that describes the page",
    "reviewed": "add 'Reviewed: YYYY-MM-DD', the date the page was last checked",
    "next_review": "add 'Next_review: YYYY-MM-DD', normally 12 months after Reviewed",
}


def _label(key: str) -> str:
    return key.capitalize()


def _parse_date(page: Page, key: str) -> date | None:
    raw = str(page.metadata.get(key, "")).strip()
    if not raw:
        return None
    path = page.source_path
    try:
        if not ISO_DATE.match(raw):
            raise ValueError
        return date.fromisoformat(raw)
    except ValueError:
        report_metadata(
            path,
            key,
            f"'{_label(key)}: {raw}' is not a date",
            "write it as YYYY-MM-DD, e.g. 2026-11-22",
        )
        return None


def _check_required(page: Page) -> None:
    path = page.source_path
    for key in page.settings["REQUIRED_METADATA"]:
        if key == "title":
            continue  # Pelican itself skips a page without a title; strict_build reports it
        if not str(page.metadata.get(key, "")).strip():
            report_metadata(
                path,
                key,
                f"missing '{_label(key)}' metadata",
                HOW_TO_FIX.get(key, f"add '{_label(key)}: …' to the header"),
            )


def _check_slug(page: Page) -> None:
    slug = page.metadata.get("slug")
    if slug and not SLUG.match(slug):
        report_metadata(
            page.source_path,
            "slug",
            f"'Slug: {slug}' is not a plain address",
            "use lowercase letters, digits and single hyphens, e.g. 'side-effects'",
        )


def _check_dates(page: Page) -> None:
    page.reviewed = _parse_date(page, "reviewed")
    page.next_review = _parse_date(page, "next_review")
    if page.reviewed and page.next_review and out_of_order(page.reviewed, page.next_review):
        report_metadata(
            page.source_path,
            "next_review",
            f"'Next_review: {page.next_review}' is not after 'Reviewed: {page.reviewed}'",
            "set the next review after the last one (normally 12 months later)",
        )
    if page.reviewed:
        # The sitemap's lastmod: when the page was last checked, not when it was built.
        page.modified = datetime.combine(page.reviewed, time(), tzinfo=UTC)
    page.overdue = is_overdue(page.next_review, review_today(page.settings))
    if page.overdue and page.settings.get("REFUSE_OVERDUE_PAGES"):
        report_metadata(
            page.source_path,
            "next_review",
            f"the page was due for review on {page.next_review}; it cannot be published",
            "check it against its sources, then update Reviewed and Next_review",
        )


def _check_kind(page: Page) -> None:
    kinds = page.settings["PAGE_KINDS"]
    page.kind = str(page.metadata.get("kind", kinds[0])).strip().lower()
    if page.kind not in kinds:
        report_metadata(
            page.source_path,
            "kind",
            f"'Kind: {page.kind}' is not a known kind of page",
            f"use one of: {', '.join(kinds)} (or leave it out for a topic page)",
        )


def _check_order(page: Page) -> None:
    raw = str(page.metadata.get("order", "")).strip()
    order = UNORDERED
    if raw:
        if raw.isdigit():
            order = int(raw)
        else:
            report_metadata(
                page.source_path,
                "order",
                f"'Order: {raw}' is not a whole number",
                "write the page's position in the guide, e.g. 'Order: 3'",
            )
    page.in_guide = order != UNORDERED and page.kind == "topic"
    page.reading_order = (order, page.slug)


def check_page(content) -> None:
    """Validate one page's metadata and add the derived attributes."""
    if not isinstance(content, Page):
        return
    _check_required(content)
    _check_slug(content)
    _check_dates(content)
    _check_kind(content)
    _check_order(content)
