"""JSON-LD on every page: its shape, and that each value is what the page shows."""

from __future__ import annotations

import json

import pytest

from tests.sitebuild import text_of


def graph_of(page) -> list[dict]:
    """The nodes of the page's JSON-LD (the FAQPage block is tested with the FAQ)."""
    nodes = []
    for script in page.select('script[type="application/ld+json"]'):
        data = json.loads(script.string)
        nodes += data.get("@graph", [data])
    return nodes


def node(page, kind: str) -> dict | None:
    return next((n for n in graph_of(page) if n.get("@type") == kind), None)


def topic_pages(site):
    return {n: p for n, p in site.pages.items() if p.select_one("article.app-page--topic")}


def test_every_topic_page_is_a_medical_web_page_that_says_what_the_page_shows(site):
    pages = topic_pages(site)
    assert len(pages) >= 12
    for name, page in pages.items():
        data = node(page, "MedicalWebPage")
        assert data, f"{name}: no MedicalWebPage"
        assert data["name"] == text_of(page.select_one("h1")), name
        assert data["description"] == text_of(page.select_one(".app-page__lede")), name
        shown = page.select_one(".app-review-date time")["datetime"]
        assert data["lastReviewed"] == shown, name
        assert data["medicalAudience"] == {"@type": "Patient"}
        assert data["publisher"]["name"] == text_of(page.select_one(".app-header__name"))
        assert "reviewedBy" not in data, f"{name}: names a reviewer the site does not have"


def test_what_the_pages_are_about_is_ketamine_the_prescription_drug(site):
    about = node(site.pages["side-effects/index.html"], "MedicalWebPage")["about"]
    assert about["@type"] == "MedicalTherapy"
    drug = about["drug"]
    assert drug["@type"] == "Drug" and drug["nonProprietaryName"] == "ketamine"
    assert "Schedule III" in drug["legalStatus"]
    assert drug["prescriptionStatus"].endswith("PrescriptionOnly")


def test_citations_are_the_pages_reference_list(site):
    for name, page in topic_pages(site).items():
        cited = node(page, "MedicalWebPage").get("citation", [])
        entries = page.select("section.app-references ol > li")
        assert len(cited) == len(entries), name
        for citation, entry in zip(cited, entries, strict=True):
            hrefs = [a["href"] for a in entry.find_all("a", href=True)]
            assert citation["url"] in hrefs, f"{name}: {citation['url']} is not in the entry"
            title = " ".join(citation["name"].split())
            assert title and title.lower() in " ".join(text_of(entry).split()).lower(), name


@pytest.mark.parametrize("fixture", ["site", "published_site"])
def test_breadcrumb_data_matches_the_breadcrumb_shown(fixture, request):
    built = request.getfixturevalue(fixture)
    for name, page in built.pages.items():
        trail = page.select("nav.app-breadcrumb li")
        data = node(page, "BreadcrumbList")
        if name == "index.html":
            assert not trail and data is None
            continue
        assert trail and data, f"{name}: no breadcrumb"
        items = data["itemListElement"]
        assert [i["name"] for i in items] == [text_of(li) for li in trail], name
        assert [i["position"] for i in items] == list(range(1, len(items) + 1))
        if fixture == "published_site":
            assert items[-1]["item"] == page.select_one('link[rel="canonical"]')["href"], name
