"""Editorial rules for every page's metadata, checked as each page is read.

Each page must say what it is (`Title`, `Summary`), where it lives (`Slug`),
and when it was last checked (`Reviewed`, `Next_review`). Mistakes are
reported as `path:line: what — fix` and fail the build (see strict_build).
The plugin also turns the checked values into what templates need:
`page.reviewed` and `page.next_review` as dates, `page.overdue` (the next
review date has passed: the page shows a notice, and `make publish`, which
sets REFUSE_OVERDUE_PAGES, refuses to build), `page.kind`, and
`page.reading_order` for sorting the guide (PAGE_ORDER_BY), `page.published`
(the day the page joined the guide, said when no change is recorded) and
`page.review_record` (who reviewed it clinically, from `Reviewed_by`, or
None: the page then says it has not been reviewed by a clinician, and
`make publish` with REQUIRE_CLINICAL_REVIEW refuses a topic page without one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from pelican.contents import Page

from guidelib.citing import must_cite
from guidelib.problems import report_metadata
from guidelib.review import ISO_DATE, is_overdue, out_of_order, review_today

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
UNORDERED = 10_000  # pages without `Order:` come after the guide's sequence

HOW_TO_FIX = {
    "slug": "add 'Slug: words-with-hyphens' (it becomes the address, /words-with-hyphens/)",
    "summary": "add 'Summary: …', one plain sentence that describes the page",
    "reviewed": "add 'Reviewed: YYYY-MM-DD', the date the page was last checked",
    "next_review": "add 'Next_review: YYYY-MM-DD', normally 12 months after Reviewed",
    "published": "add 'Published: YYYY-MM-DD', the day the page first joined the guide",
}
REVIEW_RECORD_FORM = "name; role and qualification; YYYY-MM-DD; conflicts of interest"


@dataclass(frozen=True)
class ReviewRecord:
    """A clinician's review of a page, as the editor recorded it (`Reviewed_by`)."""

    name: str
    role: str
    day: date
    conflicts: str


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
    page.published = _parse_date(page, "published")
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


def _check_review_record(page: Page) -> None:
    """`Reviewed_by: name; role and qualification; YYYY-MM-DD; conflicts of interest`."""
    page.review_record = None
    raw = str(page.metadata.get("reviewed_by", "")).strip()
    if not raw:
        if page.settings.get("REQUIRE_CLINICAL_REVIEW") and must_cite(page.kind):
            report_metadata(
                page.source_path,
                "reviewed_by",
                "no clinician's review is recorded for this page; it cannot be published",
                f"once a clinician has reviewed it, add 'Reviewed_by: {REVIEW_RECORD_FORM}'",
            )
        return
    parts = [part.strip() for part in raw.split(";")]
    if len(parts) != 4 or not all(parts):
        report_metadata(
            page.source_path,
            "reviewed_by",
            f"'Reviewed_by' has {len(parts)} parts, not 4",
            f"write 'Reviewed_by: {REVIEW_RECORD_FORM}'",
        )
        return
    name, role, day, conflicts = parts
    try:
        if not ISO_DATE.match(day):
            raise ValueError
        reviewed_on = date.fromisoformat(day)
    except ValueError:
        report_metadata(
            page.source_path,
            "reviewed_by",
            f"'{day}' in 'Reviewed_by' is not a date",
            "write the day of the review as YYYY-MM-DD, e.g. 2026-11-22",
        )
        return
    page.review_record = ReviewRecord(name, role, reviewed_on, conflicts)


def check_page(content) -> None:
    """Validate one page's metadata and add the derived attributes."""
    if not isinstance(content, Page):
        return
    _check_required(content)
    _check_slug(content)
    _check_dates(content)
    _check_kind(content)
    _check_order(content)
    _check_review_record(content)
