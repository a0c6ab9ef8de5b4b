"""How readers and machines find the guide: sitemap, robots.txt, canonical
addresses, link previews, and the feed of content updates."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import feedparser
import pytest
import yaml

from tests.conftest import PRODUCTION_SITEURL
from tests.sitebuild import ROOT, assert_fails_with, build, copy_fixture, text_of

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def page_address(name: str) -> str:
    return f"{PRODUCTION_SITEURL}/{name.removesuffix('index.html')}"


def test_sitemap_lists_every_page_once_with_its_review_date(published_site):
    root = ET.parse(published_site.output / "sitemap.xml").getroot()
    listed = {}
    for url in root.findall("s:url", SITEMAP_NS):
        loc = url.find("s:loc", SITEMAP_NS).text
        assert loc not in listed, f"{loc} listed twice"
        listed[loc] = url.find("s:lastmod", SITEMAP_NS).text
    pages = {n: p for n, p in published_site.pages.items() if n != "404.html"}
    assert set(listed) == {page_address(name) for name in pages}
    for name, page in pages.items():
        reviewed = page.select_one(".app-review-date time")["datetime"]
        assert listed[page_address(name)].startswith(reviewed), f"{name}: lastmod is not its review"
        date.fromisoformat(reviewed)


def test_robots_txt_names_the_sitemap(published_site):
    robots = (published_site.output / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {PRODUCTION_SITEURL}/sitemap.xml" in robots.splitlines()


def test_a_development_build_names_no_sitemap_it_cannot_address(site):
    """robots.txt needs the sitemap's absolute address; without one, no line at all."""
    robots = (site.output / "robots.txt").read_text(encoding="utf-8")
    assert robots.splitlines()[:2] == ["User-agent: *", "Allow: /"]
    assert "Sitemap" not in robots


def test_pages_have_canonical_address_description_and_link_preview_tags(published_site):
    for name, page in published_site.pages.items():
        canonical = page.select_one('link[rel="canonical"]')["href"]
        assert canonical == page_address(name) or name == "404.html", name

        def meta(attribute, value, page=page, name=name):
            tag = page.find("meta", attrs={attribute: value})
            assert tag is not None, f"{name}: no {value}"
            return tag["content"]

        description = meta("name", "description").replace("\xa0", " ")
        assert meta("property", "og:description").replace("\xa0", " ") == description
        if page.select_one(".app-page__lede"):
            assert description == text_of(page.select_one(".app-page__lede")), name
        assert meta("property", "og:title") == text_of(page.title)
        assert meta("property", "og:url") == canonical
        assert meta("name", "twitter:card") == "summary"


def test_development_pages_claim_no_canonical_address(site):
    assert site.pages["index.html"].select_one('link[rel="canonical"]') is None


def test_updates_feed_lists_the_changelog_newest_first(published_site):
    feed = feedparser.parse(str(published_site.output / "feeds" / "updates.atom.xml"))
    assert not feed.bozo, feed.bozo_exception
    changelog = yaml.safe_load((ROOT / "content" / "data" / "changelog.yaml").read_text())
    assert len(feed.entries) == len(changelog) > 0
    dates = [entry.updated_parsed[:3] for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)
    for entry in feed.entries:
        assert entry.link.startswith(PRODUCTION_SITEURL + "/")
        target = entry.link.removeprefix(PRODUCTION_SITEURL + "/") + "index.html"
        assert target.lstrip("/") in published_site.pages, entry.link
    notes = {item["note"] for item in changelog}
    assert {entry.summary for entry in feed.entries} == notes
    link = published_site.pages["index.html"].select_one('link[type="application/atom+xml"]')
    assert link["href"] == f"{PRODUCTION_SITEURL}/feeds/updates.atom.xml"


CHANGELOG_MISTAKES = [
    ("- date: 2026-13-40\n  page: home\n  note: A real change was made.\n", 1, "not a real date"),
    ("- date: soon\n  page: home\n  note: A real change was made.\n", 1, "is not a date"),
    ("- date: 2026-01-20\n  page: nowhere\n  note: A real change was made.\n", 1, "names no page"),
    ("- date: 2026-01-20\n  page: home\n  note: Changed\n", 1, "does not say what changed"),
    ("- date: 2026-01-20\n  page: home\n  note: a: b: c\n", 3, "malformed YAML"),
]


@pytest.mark.parametrize(("text", "line", "message"), CHANGELOG_MISTAKES)
def test_changelog_mistakes_stop_the_build(tmp_path, text, line, message):
    content = copy_fixture("minimal", tmp_path)
    (content / "data").mkdir(exist_ok=True)
    (content / "data" / "changelog.yaml").write_text(text, encoding="utf-8")
    result = build(content, tmp_path / "output")
    assert_fails_with(result, f"data/changelog.yaml:{line}:", message)
