"""Citations across the real built site: every link lands, every source is used."""

from __future__ import annotations

import copy

from plugins.citations.bibliography import load_bibliography
from tests.sitebuild import ROOT, text_of


def visible_text_without_code(page) -> str:
    page = copy.copy(page)
    for code in page.find_all(["code", "pre"]):
        code.decompose()
    return text_of(page)


def test_no_raw_citation_is_left_anywhere(site):
    for name, page in site.pages.items():
        assert "[@" not in visible_text_without_code(page), f"{name}: raw [@…] in the text"
        assert "[@" not in page.title.get_text(), f"{name}: raw [@…] in the title"
        description = page.find("meta", attrs={"name": "description"})["content"]
        assert "[@" not in description, f"{name}: raw [@…] in the meta description"


def test_topic_pages_cite_and_list_their_references(site):
    topic_pages = {n: p for n, p in site.pages.items() if p.select_one("article.app-page--topic")}
    assert "index.html" in topic_pages
    for name, page in topic_pages.items():
        markers = page.select("sup.app-cite")
        entries = page.select("section.app-references ol > li")
        assert markers, f"{name}: a topic page with no citation"
        assert entries, f"{name}: no References list"


def test_every_citation_link_lands_on_an_entry_of_the_same_page(site):
    for name, page in site.pages.items():
        entry_ids = {li["id"] for li in page.select("section.app-references ol > li")}
        for marker in page.select("sup.app-cite"):
            for link in marker.find_all("a"):
                target = link["href"].removeprefix("#")
                assert target in entry_ids, f"{name}: {link['href']} lands on no reference"


def test_every_entry_links_to_its_source_and_back_to_the_text(site):
    for name, page in site.pages.items():
        marker_ids = {sup["id"] for sup in page.select("sup.app-cite")}
        for entry in page.select("section.app-references ol > li"):
            outbound = [a["href"] for a in entry.find_all("a", href=True)]
            assert any(h.startswith("https://") for h in outbound), (
                f"{name}: {entry['id']} has no link"
            )
            backlinks = [
                a["href"].removeprefix("#") for a in entry.select(".app-references__backlink")
            ]
            assert backlinks, f"{name}: {entry['id']} has no back-link"
            assert set(backlinks) <= marker_ids, (
                f"{name}: a back-link of {entry['id']} lands nowhere"
            )


def cited_in(marker) -> list[int]:
    """The numbers a marker stands for: "4,7–9" is 4, 7, 8 and 9."""
    numbers = []
    for part in marker.get_text().split(","):
        first, _, last = part.strip().partition("\u2013")
        numbers.extend(range(int(first), int(last or first) + 1))
    return numbers


def test_numbers_follow_the_order_of_first_citation(site):
    for name, page in site.pages.items():
        first_seen = []
        for marker in page.select("sup.app-cite"):
            for number in cited_in(marker):
                if number not in first_seen:
                    first_seen.append(number)
        assert first_seen == sorted(first_seen), f"{name}: numbers out of first-use order"
        assert first_seen == list(range(1, len(first_seen) + 1)), f"{name}: a number skipped"


def sources_pages(site) -> dict:
    """The Sources page and the page of each kind of source."""
    return {
        name: page
        for name, page in site.pages.items()
        if name == "sources/index.html" or name.startswith("sources/")
    }


def test_sources_pages_list_every_reference_once_with_the_pages_citing_it(site):
    bibliography = load_bibliography(str(ROOT / "content" / "references.yaml"))
    listed = []
    for name, page in sources_pages(site).items():
        for item in page.select(".app-sources__item"):
            listed.append(item["id"].removeprefix("source-"))
            citing = item.select(".app-sources__cited a")
            assert citing, f"{item['id']} is cited by no page"
            for link in citing:
                assert site.resolve(name, link["href"]).is_file()
    assert sorted(listed) == sorted(bibliography.references)


def test_sources_page_links_each_kind_with_guidelines_first_and_source_material_last(site):
    hub = "sources/index.html"
    links = site.pages[hub].select(".app-sources__kinds a")
    labels = [text_of(link) for link in links]
    assert labels[0].startswith("Guidelines")
    assert labels[-1].startswith("Source material")
    for link in links:
        kind_page = site.pages[str(site.resolve(hub, link["href"]).relative_to(site.output))]
        assert kind_page.select(".app-sources__item"), f"{link['href']} lists no source"
        trail = [text_of(a) for a in kind_page.select(".app-breadcrumb__link")]
        assert trail == ["Home", "Sources"], f"{link['href']}: breadcrumb {trail}"
