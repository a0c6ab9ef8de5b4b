"""Key points: a cited box at the top of every guide page (plugins/key_points)."""

from __future__ import annotations

import pytest

from tests.sitebuild import (
    GUIDE,
    BuiltSite,
    assert_fails_with,
    build,
    build_broken,
    copy_fixture,
    text_of,
)

TOPIC = "pages/topic.md"
KEY_POINTS = """## Key points

- The first thing to know [@smith2020].
- The second thing to know, written on
  two lines [@agency2021].
- The third thing to know [@smith2020].
"""


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> BuiltSite:
    """The clean fixture, built once: its topic page has key points, its home
    and policy pages (outside the guide's reading order) have none."""
    folder = tmp_path_factory.mktemp("key-points")
    result = build(copy_fixture("minimal", folder), folder / "output")
    assert result.returncode == 0, result.stderr
    return BuiltSite.read(folder / "output")


@pytest.fixture(scope="module")
def fixture_page(fixture_site):
    return fixture_site.pages["fixture-topic/index.html"]


def test_the_box_comes_under_the_summary_with_its_bullets_and_citations(fixture_page):
    box = fixture_page.select_one("section.app-key-points")
    assert box is not None, "no key points box"
    assert box.find_previous_sibling().get("class") == ["app-page__lede"]
    assert box["aria-labelledby"] == box.h2["id"] == "key-points"
    points = [text_of(li) for li in box.select("li")]
    assert points[0].startswith("The first thing to know")
    assert "written on two lines" in points[1]
    assert len(points) == 3
    # Cited first on the page, so numbered first: 1, 2, then 1 again.
    numbers = [text_of(sup.a).split()[-1] for sup in box.select("sup.app-cite")]
    assert numbers == ["1", "2", "1"]


def test_the_box_is_not_repeated_in_the_text_or_the_contents(fixture_page):
    assert not fixture_page.select(".app-prose #key-points")
    assert "Key points" not in text_of(fixture_page.select_one(".app-contents"))


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        (KEY_POINTS + "\n", "", 9, "this guide page has no key points"),
        ("- The third thing to know [@smith2020].\n", "", 9, "the key points have 2 bullets"),
        (
            "- The third thing to know [@smith2020].\n",
            "- Three [@smith2020].\n- Four [@smith2020].\n- Five [@smith2020].\n- Six.\n",
            9,
            "the key points have 6 bullets",
        ),
        (
            "The first thing to know [@smith2020].",
            "The first thing to know.",
            11,
            "this key point cites no source",
        ),
        ("## Key points\n", "An opening line.\n\n## Key points\n", 11, "is not at the start"),
    ],
    ids=["missing", "too-few", "too-many", "uncited", "not-first"],
)
def test_a_faulty_box_stops_the_build_at_its_line(tmp_path, old, new, line, message):
    result = build_broken(tmp_path, TOPIC, old, new)
    assert_fails_with(result, f"{TOPIC}:{line}:", message)


def test_a_page_outside_the_guide_may_go_without(fixture_site):
    """The fixture's home and policy pages have none, and the build passed."""
    for name in ("index.html", "disclaimer/index.html"):
        page = fixture_site.pages[name]
        assert page.select_one("article") and not page.select("section.app-key-points"), name


@pytest.mark.parametrize("slug", GUIDE)
def test_every_guide_page_has_three_to_five_cited_key_points(site, slug):
    box = site.pages[f"{slug}/index.html"].select_one("section.app-key-points")
    assert box is not None, f"{slug}: no key points"
    points = box.select("li")
    assert 3 <= len(points) <= 5, f"{slug}: {len(points)} key points"
    assert all(li.select("sup.app-cite") for li in points), f"{slug}: an uncited key point"
