"""Frequently asked questions: one Markdown file per question in `content/faq/`.

Each file's `Title` is the question and its body the short answer. They are
not pages and not blog articles: a generator of their own reads them (so
Markdown, Typogrify and the citations plugin treat them like any page) and
gives templates what they need once per build:

- FAQ_TOPIC_PAGES: one page per topic (topics.py), in the order of
  FAQ_TOPICS, each with its answers, one reference list numbered in the order
  the answers cite, and its FAQPage structured data; the FAQ page
  (content/pages/faq.md) lists every question under its topic;
- FAQ_BY_PAGE: page slug → the entries whose `Related` is that page, for the
  "Common questions" block on topic pages.

Each entry gets `anchor`, an id made from its question (so it stays the same
when entries are reordered), `related_page` and `topic_page`. Every mistake is reported
as `path:line: what — fix` and fails the build (see strict_build).
"""

from __future__ import annotations

import os
from functools import cached_property

from pelican.contents import Content
from pelican.generators import Generator
from pelican.utils import slugify

from guidelib.plaintext import plain_text
from guidelib.problems import report
from plugins.citations import cite_together
from plugins.faq.checks import check_answer, check_duplicates, check_question, link_related
from plugins.faq.structured_data import faq_page_json_ld
from plugins.faq.topics import FaqTopicPage


class FaqEntry(Content):
    """One question and its answer; shown on the FAQ page, never on its own."""

    mandatory_properties = ("title",)
    default_template = None
    cited_with_others = True  # the citations plugin leaves numbering to cite_together

    @cached_property
    def anchor(self) -> str:
        """The answer's id on the FAQ page, made from the question."""
        return slugify(
            self.title,
            regex_subs=self.settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
            preserve_case=False,
        )

    @property
    def url(self) -> str:
        """The answer on its topic's page, e.g. faq/treatment/#can-i-drive-home…"""
        page_url = self.settings["PAGE_URL"].format(slug=self.settings["FAQ_PAGE_SLUG"])
        return f"{page_url}{self.topic_id}/#{self.anchor}"

    @property
    def save_as(self) -> str:
        return ""  # written as part of the FAQ page only

    @cached_property
    def text(self) -> str:
        """The answer as plain text: what search engines get and what is counted."""
        return plain_text(self.content)


class FaqGenerator(Generator):
    """Reads content/faq/*.md, checks and orders the entries; writes a page per topic."""

    def __init__(self, *args, **kwargs):
        # Named, so its readers keep what they read in Pelican's content cache,
        # as the pages generator's do (when CACHE_CONTENT is on).
        super().__init__(*args, readers_cache_name="FaqGenerator-Readers", **kwargs)

    def generate_context(self) -> None:
        settings, topics = self.settings, self.settings["FAQ_TOPICS"]
        entries = []
        for path in sorted(self.get_files(settings["FAQ_PATH"], extensions=("md",))):
            entry = self.readers.read_file(
                base_path=self.path, path=path, content_class=FaqEntry, context=self.context
            )
            if entry.is_valid():
                entries.append(entry)
        self.readers.save_cache()
        check_duplicates(entries)
        shown = [entry for entry in entries if check_question(entry, topics)]
        rank = {topic: number for number, topic in enumerate(topics)}
        shown.sort(key=lambda e: (rank[e.topic_id], e.order, e.anchor))
        # Each topic page numbers its answers' citations as one sequence.
        self.references = {
            topic: cite_together([e for e in shown if e.topic_id == topic], self.context)
            for topic in topics
        }
        # Cite the ones not shown too: their key mistakes still need reporting.
        cite_together([entry for entry in entries if entry not in shown], self.context)
        self.entries = [e for e in shown if check_answer(e, settings["FAQ_MAX_WORDS"])]
        self.topic_pages: list[FaqTopicPage] = []

    def generate_output(self, writer) -> None:
        for topic_page in self.topic_pages:
            writer.write_file(
                topic_page.save_as,
                self.get_template(topic_page.template),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                page=topic_page,
                url=topic_page.url,
            )


def generator_of(build) -> FaqGenerator | None:
    """The build's FAQ generator (None in a build without one, a test's)."""
    return next((g for g in build.generators if isinstance(g, FaqGenerator)), None)


def collect(build) -> None:
    """After every page is read: link the questions to their pages, make the topic pages."""
    faq = generator_of(build)
    if faq is None:
        return
    context, settings = faq.context, faq.settings
    pages_by_slug = {page.slug: page for page in build.all_pages}
    shown = [entry for entry in faq.entries if link_related(entry, pages_by_slug)]
    hub = pages_by_slug.get(settings["FAQ_PAGE_SLUG"])
    if shown and hub is None:
        slug = settings["FAQ_PAGE_SLUG"]
        report(
            os.path.join(settings["PATH"], settings["FAQ_PATH"]),
            1,
            f"there are questions but no page with 'Slug: {slug}' to show them",
            "add content/pages/faq.md with 'Template: faq'",
        )
        return
    for topic, label in settings["FAQ_TOPICS"].items():
        entries = [e for e in shown if e.topic_id == topic]
        if not entries:
            continue
        topic_page = FaqTopicPage(topic, label, hub, entries, faq.references[topic])
        topic_page.faq_json_ld = faq_page_json_ld(entries, topic_page)
        for entry in entries:
            entry.topic_page = topic_page
        faq.topic_pages.append(topic_page)
    context["FAQ_TOPIC_PAGES"] = faq.topic_pages
    by_page: dict[str, list[FaqEntry]] = {}
    for entry in shown:
        by_page.setdefault(entry.related_page.slug, []).append(entry)
    context["FAQ_BY_PAGE"] = by_page
