"""Report a problem with this page: FEEDBACK_URL, checked and filled in on every page."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from guidelib.feedback import problem, report_link
from tests.conftest import FEEDBACK_TEMPLATE, PRODUCTION_SITEURL, PUBLISH_ENV
from tests.sitebuild import copy_fixture, run_make, text_of

REPORT_LINK = "a.app-report__link"


@pytest.mark.parametrize(
    ("template", "wrong"),
    [
        ("http://example.org/new?page={url}", "does not start with https:// or mailto:"),
        ("https://example.org/new?page={page}", "unknown placeholder {page}"),
        ("https://example.org/new?page={url", "has a { or } with no partner"),
        ("https://example.org/new?title={title}", "has no {url}"),
    ],
)
def test_a_malformed_template_is_named(template, wrong):
    assert wrong in problem(template)
    assert report_link(template, "A page", "/a/") == ""  # never a half-filled link


@pytest.mark.parametrize(
    "template",
    [FEEDBACK_TEMPLATE, "mailto:editors@example.org?subject={title}&body={url}"],
)
def test_title_and_address_are_filled_in_encoded(template):
    assert problem(template) is None
    link = report_link(template, "Risks & side effects", "https://guide.example.org/side-effects/")
    assert "Risks%20%26%20side%20effects" in link
    assert "https%3A%2F%2Fguide.example.org%2Fside-effects%2F" in link


def test_every_published_page_links_to_a_report_about_itself(published_site):
    for name, page in published_site.pages.items():
        links = page.select(REPORT_LINK)
        assert len(links) == 1, f"{name}: {len(links)} report links"
        query = parse_qs(urlsplit(links[0]["href"]).query)
        title = text_of(page.select_one("title"))
        assert query["title"] == [title], name
        address = f"{PRODUCTION_SITEURL}/{name.removesuffix('index.html')}"
        assert query["page"] == [address], name


def test_the_link_is_in_the_same_place_on_every_page(published_site):
    """After <main>, before the disclaimer (WCAG 2.2, 3.2.6 Consistent Help)."""
    for name, page in published_site.pages.items():
        report = page.select_one(".app-report")
        assert report.find_previous_sibling().name == "main", name
        assert "app-disclaimer" in report.find_next_sibling()["class"], name


def test_a_development_build_says_reports_cannot_be_sent_yet(site):
    for name, page in site.pages.items():
        assert not page.select(REPORT_LINK), name
        assert "FEEDBACK_URL setting is empty" in text_of(page.select_one(".app-report")), name


@pytest.mark.parametrize(
    ("feedback_url", "message"),
    [
        ("", "FEEDBACK_URL is empty, so readers could not report a problem"),
        ("https://example.org/new?page={page}", "FEEDBACK_URL has an unknown placeholder {page}"),
    ],
)
def test_publish_refuses_an_empty_or_malformed_setting(tmp_path, feedback_url, message):
    content = copy_fixture("minimal", tmp_path)
    env = {**PUBLISH_ENV, "FEEDBACK_URL": feedback_url}
    result = run_make("publish", content=content, output=tmp_path / "output", env=env)
    assert result.returncode != 0
    lines = [line for line in (result.stdout + result.stderr).splitlines() if message in line]
    assert lines and lines[0].startswith("publishconf.py:"), result.stderr
    assert " — set it to a link template" in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "output").exists()
