"""Frequently asked questions: one Markdown file per question in `content/faq/`.

Each file's `Title` is the question and its body the short answer. They are
not pages and not blog articles: a generator of their own reads them (so
Markdown, Typogrify and the citations plugin treat them like any page) and
gives templates what they need once per build:

- FAQ_GROUPS: (topic label, topic id, entries) in the order of FAQ_TOPICS,
  for the FAQ page;
- FAQ_REFERENCES: the FAQ page's reference list. The answers' citations are
  numbered as one sequence, in the order the page shows them, so a source
  cited by ten answers is listed once (the page stays light);
- FAQ_BY_PAGE: page slug → the entries whose `Related` is that page, for the
  "Common questions" block on topic pages;
- FAQ_JSON_LD: the FAQPage structured data of the FAQ page.

Each entry gets `anchor`, an id made from its question (so it stays the same
when entries are reordered), and `related_page`. Every mistake is reported
as `path:line: what — fix` and fails the build (see strict_build).
"""

from __future__ import annotations

import os
from functools import cached_property

from citations import cite_together
from pelican import signals
from pelican.contents import Content
from pelican.generators import Generator
from pelican.utils import slugify
from problems import report

from faq.answer_text import answer_text
from faq.checks import check_answer, check_duplicates, check_question, link_related
from faq.structured_data import faq_page_json_ld


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
        page_url = self.settings["PAGE_URL"].format(slug=self.settings["FAQ_PAGE_SLUG"])
        return f"{page_url}#{self.anchor}"

    @property
    def save_as(self) -> str:
        return ""  # written as part of the FAQ page only

    @cached_property
    def text(self) -> str:
        """The answer as plain text: what search engines get and what is counted."""
        return answer_text(self.content)


class FaqGenerator(Generator):
    """Reads content/faq/*.md, checks, orders and cites the entries; writes nothing."""

    def generate_context(self) -> None:
        settings, topics = self.settings, self.settings["FAQ_TOPICS"]
        entries = []
        for path in sorted(self.get_files(settings["FAQ_PATH"], extensions=("md",))):
            entry = self.readers.read_file(
                base_path=self.path, path=path, content_class=FaqEntry, context=self.context
            )
            if entry.is_valid():
                entries.append(entry)
        check_duplicates(entries)
        shown = [entry for entry in entries if check_question(entry, topics)]
        rank = {topic: number for number, topic in enumerate(topics)}
        shown.sort(key=lambda e: (rank[e.topic_id], e.order, e.anchor))
        # Cite the ones not shown too: their key mistakes still need reporting.
        hidden = [entry for entry in entries if entry not in shown]
        self.context["FAQ_REFERENCES"] = cite_together(shown + hidden, self.context)
        self.entries = [e for e in shown if check_answer(e, settings["FAQ_MAX_WORDS"])]

    def generate_output(self, writer) -> None:
        pass


def collect(generators) -> None:
    """After every page is read: link the questions to their pages and group them."""
    faq = next((g for g in generators if isinstance(g, FaqGenerator)), None)
    if faq is None:
        return
    context, settings = faq.context, faq.settings
    pages = [
        p for g in generators for p in getattr(g, "pages", []) + getattr(g, "hidden_pages", [])
    ]
    pages_by_slug = {page.slug: page for page in pages}
    shown = [entry for entry in faq.entries if link_related(entry, pages_by_slug)]
    faq_page = pages_by_slug.get(settings["FAQ_PAGE_SLUG"])
    if shown and faq_page is None:
        slug = settings["FAQ_PAGE_SLUG"]
        report(
            os.path.join(settings["PATH"], settings["FAQ_PATH"]),
            1,
            f"there are questions but no page with 'Slug: {slug}' to show them",
            "add content/pages/faq.md with 'Template: faq'",
        )
    context["FAQ_GROUPS"] = [
        (label, topic, [e for e in shown if e.topic_id == topic])
        for topic, label in settings["FAQ_TOPICS"].items()
        if any(e.topic_id == topic for e in shown)
    ]
    by_page: dict[str, list[FaqEntry]] = {}
    for entry in shown:
        by_page.setdefault(entry.related_page.slug, []).append(entry)
    context["FAQ_BY_PAGE"] = by_page
    context["FAQ_JSON_LD"] = faq_page_json_ld(shown, faq_page) if faq_page else ""
    if faq_page is not None:
        # An answer that mentions a dose puts the "not advice" note on the FAQ page.
        faq_page.mentions_doses = getattr(faq_page, "mentions_doses", False) or any(
            getattr(entry, "mentions_doses", False) for entry in shown
        )


def get_generators(pelican):
    return FaqGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(collect)
