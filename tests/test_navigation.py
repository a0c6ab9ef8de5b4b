"""Getting around the guide: breadcrumbs, previous/next in reading order, and
"Related pages", each link landing on a built page."""

from __future__ import annotations

from tests.sitebuild import (
    GUIDE,
    assert_fails_with,
    build_broken,
    text_of,
)


def test_breadcrumbs_lead_home_and_name_the_page(site):
    for name, page in site.pages.items():
        crumbs = page.select("nav.app-breadcrumb li")
        if name == "index.html":
            assert not crumbs
            continue
        home = crumbs[0].find("a")
        assert site.resolve(name, home["href"]) == site.output / "index.html", name
        assert crumbs[-1].get("aria-current") == "page" and not crumbs[-1].find("a"), name


def test_previous_and_next_follow_the_reading_order(site):
    for index, slug in enumerate(GUIDE):
        page = site.pages[f"{slug}/index.html"]
        for rel, neighbour in (("prev", index - 1), ("next", index + 1)):
            link = page.select_one(f"nav.app-pagination a[rel={rel}]")
            if 0 <= neighbour < len(GUIDE):
                expected = site.output / GUIDE[neighbour] / "index.html"
                assert link and site.resolve(f"{slug}/index.html", link["href"]) == expected
                title = text_of(site.pages[f"{GUIDE[neighbour]}/index.html"].select_one("h1"))
                assert title in text_of(link)
            else:
                assert link is None, f"{slug}: a {rel} link past the end of the guide"


def test_related_pages_land_on_built_pages(site):
    pages_with_related = 0
    for name, page in site.pages.items():
        for link in page.select("nav.app-related a"):
            target = site.resolve(name, link["href"])
            assert target.is_file() and target != site.output / name, f"{name}: {link['href']}"
            pages_with_related += 1
    assert pages_with_related >= 10


def test_related_naming_no_page_stops_the_build(tmp_path):
    result = build_broken(
        tmp_path, "pages/topic.md", "Order: 1\n", "Order: 1\nRelated: disclaimer, nowhere\n"
    )
    assert_fails_with(result, "pages/topic.md:4:", "'Related: nowhere' names no other page")


def test_parent_naming_no_page_stops_the_build(tmp_path):
    result = build_broken(tmp_path, "pages/topic.md", "Order: 1\n", "Order: 1\nParent: nowhere\n")
    assert_fails_with(result, "pages/topic.md:4:", "'Parent: nowhere' names no other page")
