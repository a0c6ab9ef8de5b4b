"""What an FAQ entry must get right, each mistake reported as `path:line: what — fix`.

Kept apart from the plugin's wiring so each rule reads on its own. Checks
that return a bool say whether the entry can still be shown; the build fails
on any reported problem either way (see strict_build).
"""

from __future__ import annotations

import os

from guidelib.citing import NO_SOURCE_FIX
from guidelib.lines import first_body_line
from guidelib.plaintext import word_count
from guidelib.problems import report, report_metadata


def check_question(entry, topics: dict[str, str]) -> bool:
    """Title, Topic and Order; sets `entry.topic_id` and `entry.order`."""
    path, ok = entry.source_path, True
    if not entry.title.rstrip().endswith("?"):
        report_metadata(
            path,
            "title",
            f"'Title: {entry.title}' is not a question",
            "write the reader's question, ending with '?'",
        )
        ok = False
    entry.topic_id = str(entry.metadata.get("topic", "")).strip()
    if entry.topic_id not in topics:
        what = (
            f"'Topic: {entry.topic_id}' is not a known topic"
            if entry.topic_id
            else "missing 'Topic' metadata"
        )
        report_metadata(path, "topic", what, f"use one of: {', '.join(topics)}")
        ok = False
    raw_order = str(entry.metadata.get("order", "0")).strip()
    entry.order = int(raw_order) if raw_order.isdigit() else 0
    if not raw_order.isdigit():
        report_metadata(
            path,
            "order",
            f"'Order: {raw_order}' is not a whole number",
            "write the question's place within its topic, e.g. 'Order: 3'",
        )
    return ok


def check_answer(entry, max_words: int) -> bool:
    """The answer is there, cites its sources and stays short."""
    path = entry.source_path
    words = word_count(entry.text)
    if words == 0:
        report(path, first_body_line(path), "the answer is empty", "write it below the header")
        return False
    if not entry.cited_keys:
        report(path, first_body_line(path), "this answer cites no source", NO_SOURCE_FIX)
        return False
    if words > max_words:
        report(
            path,
            first_body_line(path),
            f"the answer has {words} words, more than {max_words}",
            "shorten it; the linked page gives the detail",
        )
    return True


def check_duplicates(entries) -> None:
    """No two entries ask the same question or share a file name."""
    questions: dict[str, object] = {}
    names: dict[str, object] = {}
    for entry in entries:
        for index, key, what in (
            (questions, entry.anchor, "question"),
            (names, entry.slug, "file name"),
        ):
            first = index.setdefault(key, entry)
            if first is not entry:
                report_metadata(
                    entry.source_path,
                    "title",
                    f"the same {what} as {os.path.relpath(first.source_path)}",
                    "merge the two answers, or ask a different question",
                )


def link_related(entry, pages_by_slug: dict) -> bool:
    """`Related` names an existing page; sets `entry.related_page`."""
    related = str(entry.metadata.get("related", "")).strip()
    entry.related_page = pages_by_slug.get(related)
    if entry.related_page is None:
        what = f"'Related: {related}' names no page" if related else "missing 'Related' metadata"
        report_metadata(
            entry.source_path,
            "related",
            what,
            "give the slug of the topic page that answers in depth, e.g. 'Related: side-effects'",
        )
        return False
    return True
