"""One page per FAQ topic, each showing its answers.

All 28 answers on one page, with their sources and their structured data,
came to 25 KB gzip-compressed: twice the first-round-trip budget that every
page keeps to. So the FAQ page (content/pages/faq.md) lists every question,
grouped by topic, and each topic has a page of its own with the answers
(/faq/treatment/, …). A topic page is made here, not written in Markdown: it
takes its dates from the FAQ page, and its content from the entries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass
class FaqTopicPage:
    """What templates need of a page, for one topic's answers."""

    topic: str  # the topic's id, e.g. "treatment"
    nav_title: str  # its short name, e.g. "Having treatment"
    hub: object  # the FAQ page it belongs to
    entries: list = field(default_factory=list)
    references: list = field(default_factory=list)  # one numbered list for the page
    faq_json_ld: str = ""
    json_ld: str = ""  # filled by the structured_data plugin
    kind: str = "utility"
    status: str = "published"
    template: str = "faq_topic"
    sections: tuple = ()
    related_pages: tuple = ()

    @property
    def slug(self) -> str:
        return f"{self.hub.slug}-{self.topic}"

    @property
    def url(self) -> str:
        return f"{self.hub.url}{self.topic}/"

    @property
    def save_as(self) -> str:
        return f"{self.url}index.html"

    @property
    def title(self) -> str:
        return f"Common questions: {self.nav_title}"

    @property
    def summary(self) -> str:
        return "Short answers about ketamine for pain, each with its sources."

    @property
    def breadcrumb(self) -> list[tuple[str, str]]:
        hub_title = getattr(self.hub, "nav_title", "") or self.hub.title
        return [("Home", ""), (hub_title, self.hub.url), (self.nav_title, self.url)]

    @property
    def reviewed(self) -> date | None:
        return getattr(self.hub, "reviewed", None)

    @property
    def next_review(self) -> date | None:
        return getattr(self.hub, "next_review", None)

    @property
    def overdue(self) -> bool:
        return getattr(self.hub, "overdue", False)

    @property
    def modified(self) -> datetime | None:
        return getattr(self.hub, "modified", None)  # the sitemap's lastmod

    @property
    def mentions_doses(self) -> bool:
        return any(getattr(entry, "mentions_doses", False) for entry in self.entries)
