"""The page outline step: each page's sections for its "On this page" list."""

from __future__ import annotations

from plugins.page_outline import Section, find_sections


def test_sections_are_the_h2_headings_without_their_permalinks():
    html = (
        '<h2 id="what-is-it">What is it?<a class="app-heading-link" href="#what-is-it">#</a></h2>'
        "<p>Text</p><h3 id='deeper'>Deeper</h3>"
        '<h2 id="risks">Risks &amp; <em>side</em> effects</h2>'
        "<h2>No id, not linkable</h2>"
    )
    assert find_sections(html, "app-heading-link") == [
        Section("what-is-it", "What is it?"),
        Section("risks", "Risks & side effects"),
    ]


def test_citation_markers_stay_out_of_section_titles():
    html = (
        '<h2 id="how">How well does it work?<sup class="app-cite" id="cite-1">'
        '<a href="#ref-1"><span class="app-visually-hidden">Reference </span>1</a></sup></h2>'
    )
    assert find_sections(html) == [Section("how", "How well does it work?")]
