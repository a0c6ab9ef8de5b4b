"""Frequently asked questions: the FAQ page, its structured data, the
"Common questions" blocks, and every mistake an editor can make in an entry.

Site tests read the real build and compare it with content/faq/*.md read
independently here; defect tests break a copy of the fixture site.
"""

from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.sitebuild import (
    ROOT,
    BuiltSite,
    assert_fails_with,
    build,
    build_broken,
    cited_numbers,
    copy_fixture,
    edit,
    settings,
    text_of,
)

FAQ_FOLDER = ROOT / "content" / "faq"


def metadata(path: Path) -> dict[str, str]:
    """The `Key: value` header of a Markdown file, read without Pelican."""
    header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return {
        key.strip().lower(): value.strip()
        for key, _, value in (line.partition(":") for line in header.splitlines())
    }


def anchor_of(question: str) -> str:
    """What a stable id made from a question looks like."""
    return re.sub(r"[^a-z0-9]+", "-", question.lower()).strip("-")


def answer_without_extras(details) -> str:
    """The visible answer: no citation numbers, sources list or 'More on this' link."""
    body = copy.copy(details.select_one(".app-details__text"))  # the site is shared: cut a copy
    for noise in body.select("sup.app-cite, .app-references, .app-faq__related"):
        noise.decompose()
    return text_of(body)


def without_spaces(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def entries():
    files = sorted(FAQ_FOLDER.glob("*.md"))
    return {path.stem: metadata(path) for path in files}


@pytest.fixture(scope="module")
def faq_page(site):
    return site.pages["faq/index.html"]


@pytest.fixture(scope="module")
def topic_pages(site, faq_page):
    """The topic pages the FAQ page links to, in its order: {name: page}."""
    names = []
    for heading in faq_page.select("section.app-faq__topic h2 a"):
        target = site.resolve("faq/index.html", heading["href"])
        names.append(target.relative_to(site.output).as_posix())
    return {name: site.pages[name] for name in names}


def test_there_are_at_least_45_questions(entries):
    assert len(entries) >= 45, f"only {len(entries)} questions in content/faq/"


def test_faq_page_lists_every_question_once_under_its_topic(entries, faq_page):
    shown = {}
    for section in faq_page.select("section.app-faq__topic"):
        topic = section.find("h2")["id"]
        for item in section.select("li"):
            question = text_of(item)
            assert question not in shown, f"'{question}' is listed twice"
            shown[question] = topic
    expected = {meta["title"]: meta["topic"] for meta in entries.values()}
    assert shown == expected


def test_each_topic_page_answers_its_questions_and_nothing_else(site, faq_page, topic_pages):
    for section, (name, page) in zip(
        faq_page.select("section.app-faq__topic"), topic_pages.items(), strict=True
    ):
        listed = [text_of(a) for a in section.select("li a")]
        answered = [text_of(summary) for summary in page.select("details.app-details > summary")]
        assert listed == answered, name
        for link in section.select("li a"):
            anchor = link["href"].split("#")[1]
            assert site.resolve("faq/index.html", link["href"]) == site.output / name
            assert page.select_one(f"details.app-details #{anchor}"), (
                f"{anchor} is not an answer on {name}"
            )


def test_question_ids_are_unique_and_made_from_the_question(entries, faq_page, topic_pages):
    expected = sorted(anchor_of(meta["title"]) for meta in entries.values())
    on_faq_page = [item["id"] for item in faq_page.select("section.app-faq__topic li")]
    answers = [a["id"] for page in topic_pages.values() for a in page.select(".app-faq__anchor")]
    for ids in (on_faq_page, answers):
        assert len(ids) == len(set(ids)), "two questions share an id"
        assert sorted(ids) == expected


def test_each_answer_ends_with_a_link_to_its_related_page(site, entries, topic_pages):
    related = {anchor_of(meta["title"]): meta["related"] for meta in entries.values()}
    for name, page in topic_pages.items():
        for details in page.select("details.app-details"):
            anchor = details.select_one(".app-faq__anchor")["id"]
            link = details.select_one(".app-faq__related a")
            target = site.resolve(name, link["href"])
            assert target == site.output / related[anchor] / "index.html", anchor
            assert text_of(link), f"{anchor}: empty link text"


def test_answers_cite_one_reference_list_per_page_numbered_in_order(topic_pages):
    for name, page in topic_pages.items():
        entries = {li["id"] for li in page.select("section.app-references ol > li")}
        seen = 0
        for details in page.select("details.app-details"):
            anchor = details.select_one(".app-faq__anchor")["id"]
            numbers = [n for sup in details.select("sup.app-cite") for n in cited_numbers(sup)]
            assert numbers, f"{anchor}: no citation"
            for link in details.select("sup.app-cite a"):
                assert link["href"].lstrip("#") in entries, f"{anchor}: {link['href']} not listed"
            # A source's number is given at its first citation: new numbers go up by one.
            for number in numbers:
                assert number <= seen + 1, f"{anchor}: {number} comes before {seen + 1}"
                seen = max(seen, number)
        assert seen == len(entries), f"{name}: the list has entries no answer cites"


def test_structured_data_matches_the_visible_questions_and_answers(topic_pages):
    for name, page in topic_pages.items():
        scripts = page.select('script[type="application/ld+json"]')
        data = next(
            d for d in (json.loads(s.string) for s in scripts) if d.get("@type") == "FAQPage"
        )
        visible = [
            (text_of(d.select_one("summary")), answer_without_extras(d))
            for d in page.select("details.app-details")
        ]
        in_data = [(q["name"], q["acceptedAnswer"]["text"]) for q in data["mainEntity"]]
        assert len(in_data) == len(visible) > 0, name
        for (question, answer), (shown_q, shown_a) in zip(in_data, visible, strict=True):
            assert question == shown_q
            # The data is plain text; the page spaces words around inline tags its own way.
            assert without_spaces(answer) == without_spaces(shown_a), question
            assert "[@" not in answer and "<" not in answer and "&nbsp;" not in answer, question
            assert not re.search(r"[a-z][.,;]?\d", answer), f"{question}: a number in {answer}"


def test_common_questions_show_exactly_the_related_entries(site, entries):
    by_page: dict[str, set[str]] = {}
    for meta in entries.values():
        by_page.setdefault(meta["related"], set()).add(anchor_of(meta["title"]))
    for name, page in site.pages.items():
        block = page.select_one(".app-related-questions")
        slug = name.split("/")[0]
        shown = set()
        if block:
            for link in block.select("a"):
                target = site.resolve(name, link["href"])
                assert target.parent.parent == site.output / "faq", link["href"]
                anchor = link["href"].split("#")[1]
                answers = site.pages[target.relative_to(site.output).as_posix()]
                assert answers.select_one(f"details.app-details #{anchor}"), link["href"]
                shown.add(anchor)
        assert shown == by_page.get(slug, set()), name


# ---------------------------------------------------------------- the fixture


def test_fixture_orders_by_topic_then_order_with_ids_that_survive_reordering(tmp_path):
    def built_ids(content: Path, output: Path) -> list[str]:
        result = build(content, output)
        assert result.returncode == 0, result.stderr
        page = BuiltSite.read(output).pages["faq/index.html"]
        return [item["id"] for item in page.select("section.app-faq__topic li")]

    content = copy_fixture("minimal", tmp_path)
    first = built_ids(content, tmp_path / "first")
    assert first == ["does-the-fixture-work", "what-is-a-fixture", "how-do-i-break-it"]
    edit(content / "faq/what-is-a-fixture.md", "Order: 2", "Order: 0")
    second = built_ids(content, tmp_path / "second")
    assert second == ["what-is-a-fixture", "does-the-fixture-work", "how-do-i-break-it"]
    assert sorted(first) == sorted(second)


BROKEN = [
    # (file, old, new, line, message)
    ("faq/what-is-a-fixture.md", "What is a fixture?", "What a fixture is", 1, "is not a question"),
    (
        "faq/what-is-a-fixture.md",
        "Topic: basics",
        "Topic: basic",
        2,
        "'Topic: basic' is not a known topic",
    ),
    ("faq/what-is-a-fixture.md", "Topic: basics\n", "", 1, "missing 'Topic' metadata"),
    (
        "faq/what-is-a-fixture.md",
        "Related: fixture-topic",
        "Related: fixture-topics",
        4,
        "names no page",
    ),
    ("faq/what-is-a-fixture.md", "Order: 2", "Order: second", 3, "is not a whole number"),
    (
        "faq/what-is-a-fixture.md",
        "A small site that tests break on purpose [@smith2020].",
        "",
        1,
        "the answer is empty",
    ),
    (
        "faq/what-is-a-fixture.md",
        "A small site that tests break on purpose [@smith2020].",
        "A small site.",
        6,
        "this answer cites no source",
    ),
    (
        "faq/what-is-a-fixture.md",
        "A small site that tests break on purpose [@smith2020].",
        "Word " * 151 + "[@smith2020].",
        6,
        "the answer has 151 words, more than 150",
    ),
    ("faq/what-is-a-fixture.md", "[@smith2020]", "[@smith202]", 6, "unknown citation key"),
    (
        "faq/what-is-a-fixture.md",
        "What is a fixture?",
        "Does the fixture work?",
        1,
        "the same question as",
    ),
]


@pytest.mark.parametrize(("page", "old", "new", "line", "message"), BROKEN)
def test_broken_entry_fails_with_its_line(tmp_path, page, old, new, line, message):
    result = build_broken(tmp_path, page, old, new)
    assert_fails_with(result, f"{page}:{line}:", message)


def test_two_files_with_the_same_name_are_refused(tmp_path):
    content = copy_fixture("minimal", tmp_path)
    (content / "faq" / "more").mkdir()
    duplicate = content / "faq" / "more" / "what-is-a-fixture.md"
    duplicate.write_text(
        "Title: What else is a fixture?\nTopic: basics\nOrder: 3\nRelated: fixture-topic\n\n"
        "Another answer [@smith2020].\n",
        encoding="utf-8",
    )
    result = build(content, tmp_path / "output")
    assert_fails_with(result, "faq/", "the same file name as")


def test_questions_without_a_faq_page_are_refused(tmp_path):
    content = copy_fixture("minimal", tmp_path)
    (content / "pages" / "faq.md").unlink()
    result = build(content, tmp_path / "output")
    assert_fails_with(result, "faq:1:", "no page with 'Slug: faq'")


def test_answers_come_from_the_content_cache_as_pages_do(tmp_path):
    """With CACHE_CONTENT on, an answer whose file has not changed (by its
    modification time, Pelican's test) is not read again: here its text was
    changed behind Pelican's back, so the cached text shows it was not."""
    content = copy_fixture("minimal", tmp_path)
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(tmp_path / "c")}
    assert build(content, tmp_path / "cold", env=cache).returncode == 0
    answer = content / "faq" / "does-the-fixture-work.md"
    stamp = answer.stat()
    edit(answer, "It has\ntwo paragraphs.", "It has\ntwo short paragraphs.")
    os.utime(answer, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert build(content, tmp_path / "warm", env=cache).returncode == 0
    page = (tmp_path / "warm" / "faq" / "basics" / "index.html").read_text(encoding="utf-8")
    assert "two paragraphs" in page and "short" not in page


def test_editors_guide_documents_every_topic():
    """Editors pick a topic from their guide: it must list exactly the configured ones."""
    readme = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")
    line = next(line for line in readme.splitlines() if line.startswith("| `Topic` |"))
    assert re.findall(r"`([a-z-]+)`", line.split("|")[2]) == list(settings()["FAQ_TOPICS"])


@pytest.mark.browser
def test_a_link_to_a_question_opens_its_answer_without_script(site, browser):
    """What a reader gets from a link to an answer: that answer open, the others closed."""
    anchor = "can-i-drive-home-after-an-infusion"
    address = (site.output / "faq" / "treatment" / "index.html").as_uri()
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{address}#{anchor}")
        page.wait_for_selector("details.app-details[open]", state="attached")
        dom = BeautifulSoup(page.content(), "html.parser")
    finally:
        context.close()
    opened = [
        d.select_one(".app-faq__anchor")["id"] for d in dom.select("details.app-details[open]")
    ]
    assert opened == [anchor]
