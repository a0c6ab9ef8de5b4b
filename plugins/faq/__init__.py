"""Frequently asked questions: one Markdown file per question in `content/faq/`.

Each file's `Title` is the question and its body the short answer. They are
not pages and not blog articles: a generator of their own reads them (so
Markdown, Typogrify and the citations plugin treat them like any page) and
gives templates what they need once per build:

- FAQ_GROUPS: (topic label, topic id, entries) in the order of FAQ_TOPICS,
  for the FAQ page;
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

from pelican import signals
from pelican.contents import Content
from pelican.generators import Generator
from pelican.utils import slugify
from problems import metadata_line, report, source_lines

from faq.answer_text import answer_text, word_count
from faq.structured_data import faq_page_json_ld


class FaqEntry(Content):
    """One question and its answer; shown on the FAQ page, never on its own."""

    mandatory_properties = ("title",)
    default_template = None

    @cached_property
    def anchor(self) -> str:
        """The answer's id on the FAQ page, made from the question."""
        return slugify(
            self.title,
            regex_subs=self.settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
            preserve_case=False,
        )

    @property
    def citation_prefix(self) -> str:
        # Several answers share the FAQ page, so their citation ids must not clash.
        return f"{self.anchor}-"

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
    """Reads content/faq/*.md; writes nothing (the FAQ page shows the entries)."""

    def generate_context(self) -> None:
        folder = self.settings["FAQ_PATH"]
        self.entries: list[FaqEntry] = []
        for path in sorted(self.get_files(folder, extensions=("md",))):
            entry = self.readers.read_file(
                base_path=self.path, path=path, content_class=FaqEntry, context=self.context
            )
            if entry.is_valid():
                self.entries.append(entry)
        self.context["FAQ_ENTRIES"] = self.entries

    def generate_output(self, writer) -> None:
        pass


def _check_entry(entry: FaqEntry, topics: dict[str, str], max_words: int) -> bool:
    """Report what is wrong with one entry; True when it can be shown."""
    path, ok = entry.source_path, True
    if not entry.title.rstrip().endswith("?"):
        report(
            path,
            metadata_line(path, "title"),
            f"'Title: {entry.title}' is not a question",
            "write the reader's question, ending with '?'",
        )
        ok = False
    topic = str(entry.metadata.get("topic", "")).strip()
    if topic not in topics:
        what = f"'Topic: {topic}' is not a known topic" if topic else "missing 'Topic' metadata"
        report(path, metadata_line(path, "topic"), what, f"use one of: {', '.join(topics)}")
        ok = False
    entry.topic_id = topic
    raw_order = str(entry.metadata.get("order", "0")).strip()
    if not raw_order.isdigit():
        report(
            path,
            metadata_line(path, "order"),
            f"'Order: {raw_order}' is not a whole number",
            "write the question's place within its topic, e.g. 'Order: 3'",
        )
        raw_order = "0"
    entry.order = int(raw_order)
    words = word_count(entry.text)
    if words == 0:
        report(
            path, _first_body_line(path), "the answer is empty", "write the answer below the header"
        )
        ok = False
    elif not entry.references:
        report(
            path,
            _first_body_line(path),
            "this answer cites no source",
            "back its facts with citations such as [@cohen2018] (see content/references.yaml)",
        )
        ok = False
    elif words > max_words:
        report(
            path,
            _first_body_line(path),
            f"the answer has {words} words, more than {max_words}",
            "shorten it; the linked page gives the detail",
        )
    return ok


def _first_body_line(path: str) -> int:
    """The line where the answer starts: the first text after the metadata header."""
    in_header = True
    for number, line in enumerate(source_lines(path), start=1):
        if in_header:
            in_header = bool(line.strip())
        elif line.strip():
            return number
    return 1


def _check_duplicates(entries: list[FaqEntry]) -> None:
    seen: dict[str, FaqEntry] = {}
    slugs: dict[str, FaqEntry] = {}
    for entry in entries:
        for index, key, what in (
            (seen, entry.anchor, "question"),
            (slugs, entry.slug, "file name"),
        ):
            first = index.setdefault(key, entry)
            if first is not entry:
                report(
                    entry.source_path,
                    metadata_line(entry.source_path, "title"),
                    f"the same {what} as {os.path.relpath(first.source_path)}",
                    "merge the two answers, or ask a different question",
                )


def _link_related(entry: FaqEntry, pages_by_slug: dict) -> bool:
    related = str(entry.metadata.get("related", "")).strip()
    entry.related_page = pages_by_slug.get(related)
    if entry.related_page is None:
        what = f"'Related: {related}' names no page" if related else "missing 'Related' metadata"
        report(
            entry.source_path,
            metadata_line(entry.source_path, "related"),
            what,
            "give the slug of the topic page that answers in depth, e.g. 'Related: side-effects'",
        )
        return False
    return True


def collect(generators) -> None:
    """After every page and question is read: check, group and link the questions."""
    faq = [g for g in generators if isinstance(g, FaqGenerator)]
    if not faq:
        return
    context = faq[0].context
    settings = faq[0].settings
    topics: dict[str, str] = settings["FAQ_TOPICS"]
    pages = [
        p for g in generators for p in getattr(g, "pages", []) + getattr(g, "hidden_pages", [])
    ]
    pages_by_slug = {page.slug: page for page in pages}
    entries = faq[0].entries
    _check_duplicates(entries)
    shown = []
    for entry in entries:
        checked = _check_entry(entry, topics, settings["FAQ_MAX_WORDS"])
        linked = _link_related(entry, pages_by_slug)
        if checked and linked:
            shown.append(entry)
    topic_rank = {topic: rank for rank, topic in enumerate(topics)}
    shown.sort(key=lambda e: (topic_rank[e.topic_id], e.order, e.anchor))
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
        for topic, label in topics.items()
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
