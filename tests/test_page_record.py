"""Under each page's review dates: who reviewed it, and what changed on it."""

from __future__ import annotations

import json

import pytest

from tests.conftest import PUBLISH_ENV
from tests.sitebuild import (
    BuiltSite,
    assert_fails_with,
    build,
    build_broken,
    copy_fixture,
    edit,
    run_make,
    text_of,
)

TOPIC = "pages/topic.md"
RECORD = "Reviewed_by: A. Tester; Consultant in pain medicine, FRCA; 2026-02-01; none declared\n"
NOT_REVIEWED = "Written by the editors from published sources; not yet reviewed by a clinician."


def json_ld_types(page) -> dict:
    graph = json.loads(page.select_one('script[type="application/ld+json"]').string)["@graph"]
    return {node["@type"]: node for node in graph}


def markdown_pages(site):
    """Pages written in content/pages/ (not the generated FAQ topic pages)."""
    return {
        name: page
        for name, page in site.pages.items()
        if page.select_one("article") and not name.startswith("faq/")
    }


def test_every_topic_page_says_honestly_that_no_clinician_has_reviewed_it(site):
    topics = {n: p for n, p in site.pages.items() if p.select_one("article.app-page--topic")}
    assert len(topics) >= 20
    for name, page in topics.items():
        assert text_of(page.select_one(".app-review-statement")) == NOT_REVIEWED, name
        assert "reviewedBy" not in json_ld_types(page).get("MedicalWebPage", {}), name


def test_every_page_shows_what_changed_on_it_or_when_it_was_first_published(site):
    for name, page in markdown_pages(site).items():
        history = page.select_one("section.app-history")
        assert history is not None, f"{name}: no page history"
        entries = history.select("li time")
        if entries:
            days = [time["datetime"] for time in entries]
            assert days == sorted(days, reverse=True), f"{name}: not newest first"
        else:
            assert "first published on" in text_of(history), name


@pytest.fixture(scope="module")
def reviewed_page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reviewed")
    content = copy_fixture("minimal", folder)
    edit(content / TOPIC, "Published: 2026-11-22\n", f"Published: 2026-11-22\n{RECORD}")
    assert build(content, folder / "output").returncode == 0
    return BuiltSite.read(folder / "output").pages["fixture-topic/index.html"]


def test_a_recorded_review_is_shown_and_described_to_machines(reviewed_page):
    statement = " ".join(reviewed_page.select_one(".app-review-statement").get_text().split())
    assert statement == (
        "Reviewed by A. Tester, Consultant in pain medicine, FRCA, on 1 February 2026."
        " Conflicts of interest: none declared."
    )
    reviewer = json_ld_types(reviewed_page)["MedicalWebPage"]["reviewedBy"]
    assert reviewer == {
        "@type": "Person",
        "name": "A. Tester",
        "jobTitle": "Consultant in pain medicine, FRCA",
    }


def test_the_fixture_topic_lists_its_changelog_entry(reviewed_page):
    history = reviewed_page.select_one("section.app-history")
    assert [time["datetime"] for time in history.select("li time")] == ["2026-01-15"]
    assert "First version of the fixture topic." in text_of(history)
    assert history.select_one('a[href$="feeds/updates.atom.xml"]')


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ("Reviewed_by: A. Tester; 2026-02-01; none declared\n", "has 3 parts, not 4"),
        ("Reviewed_by: A. Tester; Nurse; 1/2/2026; none\n", "'1/2/2026' in 'Reviewed_by' is not"),
    ],
)
def test_a_malformed_review_record_stops_the_build_at_its_line(tmp_path, record, message):
    result = build_broken(
        tmp_path, TOPIC, "Published: 2026-11-22\n", f"Published: 2026-11-22\n{record}"
    )
    assert_fails_with(result, f"{TOPIC}:8:", message)


def test_requiring_a_clinical_review_refuses_a_topic_page_without_one(tmp_path):
    content = copy_fixture("minimal", tmp_path)
    result = build(content, tmp_path / "output", env={"REQUIRE_CLINICAL_REVIEW": True})
    assert_fails_with(result, f"{TOPIC}:1:", "no clinician's review is recorded for this page")
    # Policy pages state no medical facts: they need no clinical review.
    assert "policy.md" not in result.stderr


def test_a_missing_first_publication_date_stops_the_build(tmp_path):
    result = build_broken(tmp_path, TOPIC, "Published: 2026-11-22\n", "")
    assert_fails_with(result, f"{TOPIC}:1:", "missing 'Published' metadata")


def test_make_publish_requires_a_review_when_asked_to(tmp_path):
    content = copy_fixture("minimal", tmp_path)
    env = {**PUBLISH_ENV, "REQUIRE_CLINICAL_REVIEW": "1"}
    result = run_make("publish", content=content, output=tmp_path / "output", env=env)
    assert result.returncode != 0
    assert "no clinician's review is recorded for this page" in result.stderr
    assert not (tmp_path / "output").exists()
