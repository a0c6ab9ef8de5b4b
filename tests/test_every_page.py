"""What every generated page of the real site must have (issue: foundation)."""

from __future__ import annotations

import re

import pytest

from sitecheck.disclaimers import DISCLAIMER_ELEMENTS  # one list, for the checker and here
from tests.sitebuild import text_of

POLICY_SLUGS = ["about", "disclaimer", "privacy", "accessibility", "contact"]


def test_the_site_has_its_pages(site):
    expected = {"index.html", "404.html"} | {f"{slug}/index.html" for slug in POLICY_SLUGS}
    assert expected <= set(site.pages)


def test_disclaimer_appears_once_with_every_required_element(site):
    for name, page in site.pages.items():
        blocks = page.select(".app-disclaimer")
        assert len(blocks) == 1, f"{name}: {len(blocks)} disclaimer blocks, expected 1"
        text = text_of(blocks[0])
        for element, pattern in DISCLAIMER_ELEMENTS.items():
            found = len(re.findall(pattern, text, flags=re.IGNORECASE))
            assert found == 1, f"{name}: disclaimer has '{element}' {found} times, expected once"


def test_disclaimer_links_to_the_full_disclaimer(site):
    for name, page in site.pages.items():
        link = page.select_one(".app-disclaimer a[href]")
        assert link, f"{name}: the disclaimer has no link to the full disclaimer page"
        assert site.resolve(name, link["href"]) == site.output / "disclaimer" / "index.html"


def test_pages_declare_their_language(site):
    for name, page in site.pages.items():
        assert page.html.get("lang") == "en", f"{name}: <html> has no lang='en'"


def test_skip_link_comes_first_and_reaches_main(site):
    for name, page in site.pages.items():
        first_link = page.body.find("a")
        assert "app-skip-link" in first_link.get("class", []), (
            f"{name}: first link is not the skip link"
        )
        target = first_link["href"].removeprefix("#")
        main = page.find(id=target)
        assert main is not None and main.name == "main", (
            f"{name}: skip link target #{target} is not <main>"
        )
        assert len(page.find_all("main")) == 1, f"{name}: expected exactly one <main>"


def test_exactly_one_h1(site):
    for name, page in site.pages.items():
        assert len(page.find_all("h1")) == 1, f"{name}: expected exactly one <h1>"


def test_title_and_meta_description(site):
    for name, page in site.pages.items():
        assert page.title and text_of(page.title), f"{name}: empty <title>"
        description = page.find("meta", attrs={"name": "description"})
        assert description and description.get("content", "").strip(), (
            f"{name}: no meta description"
        )
        assert "<" not in description["content"], f"{name}: HTML in the meta description"


@pytest.mark.parametrize("label", ["Page last reviewed", "Next review due"])
def test_review_dates_are_shown(site, label):
    for name, page in site.pages.items():
        dates = page.select_one(".app-review-date")
        assert dates, f"{name}: no review dates block"
        item = next((p for p in dates.find_all("p") if label in text_of(p)), None)
        assert item, f"{name}: '{label}' is missing"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", item.time["datetime"]), f"{name}: bad datetime"


def test_not_found_page_exists_and_says_so(site):
    page = site.pages["404.html"]
    assert "not found" in text_of(page.h1).lower()


def test_policy_pages_are_linked_from_every_footer(site):
    wanted = {site.output / slug / "index.html" for slug in POLICY_SLUGS}
    for name, page in site.pages.items():
        footer = page.find("footer")
        assert footer, f"{name}: no <footer>"
        linked = {site.resolve(name, a["href"]) for a in footer.find_all("a", href=True)}
        missing = sorted(str(p.relative_to(site.output)) for p in wanted - linked)
        assert not missing, f"{name}: footer does not link to {missing}"
        assert all(path.is_file() for path in linked), f"{name}: a footer link is broken"


def test_landmarks_are_present(site):
    for name, page in site.pages.items():
        for landmark in ("header", "nav", "main", "footer"):
            assert page.find(landmark), f"{name}: no <{landmark}>"
