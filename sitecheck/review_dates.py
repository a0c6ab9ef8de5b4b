"""Review dates: every content page says when it was last reviewed and when it
will be again, the second after the first, and none is overdue.

The build decides whether a page is overdue (against today's date, or
REVIEW_TODAY) and then shows the notice; this check reports the notice. The
rules themselves are guidelib/review.py's, shared with the build.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from guidelib.review import out_of_order
from sitecheck.site import Finding, Page, Site

LABELS = ("Page last reviewed", "Next review due")


def check_page(site: Site, page: Page) -> Iterator[Finding]:
    if not page.find_class("app-page"):
        return
    block = page.find_class("app-review-date")
    dates = {}
    for item in (
        [i for i in page.find_class("app-review-date__item") if block[0] in i.iterancestors()]
        if block
        else []
    ):
        label = page.text(item).split(":")[0]
        stamp = item.find("time")
        if stamp is not None and label in LABELS:
            dates[label] = stamp.get("datetime", "")
    for label, key in zip(LABELS, ("reviewed", "next_review"), strict=True):
        if label not in dates:
            yield site.page_problem(
                page, f"the page does not show '{label}'",
                f"add '{key.capitalize()}: YYYY-MM-DD' to its metadata", key,
            )  # fmt: skip
    if len(dates) == 2:
        yield from _in_order(site, page, *(dates[label] for label in LABELS))
    if page.find_class("app-overdue"):
        yield site.page_problem(
            page, "the page is overdue for review (its Next_review date has passed)",
            "check the page against its sources, then update Reviewed and Next_review",
            "next_review",
        )  # fmt: skip


def _in_order(site: Site, page, reviewed: str, next_review: str) -> Iterator[Finding]:
    try:
        first, second = date.fromisoformat(reviewed), date.fromisoformat(next_review)
    except ValueError:
        yield site.page_problem(page, "a review date is not a date", "write YYYY-MM-DD", "reviewed")
        return
    if out_of_order(first, second):
        yield site.page_problem(
            page, f"the next review ({second}) is not after the last one ({first})",
            "set Next_review after Reviewed, normally 12 months later", "next_review",
        )  # fmt: skip
