"""Citation mistakes in pages stop the build with `path:line: what — fix`."""

from __future__ import annotations

from tests.sitebuild import (
    BuiltSite,
    assert_fails_with,
    build,
    build_broken,
    copy_fixture,
    edit,
    text_of,
)


def test_unknown_key_names_the_line_and_the_closest_key(tmp_path):
    result = build_broken(tmp_path, "pages/topic.md", "[@smith2020]", "[@smith202]")
    assert_fails_with(result, "pages/topic.md:11:", "unknown citation key '@smith202'")
    assert "did you mean '@smith2020'?" in result.stderr


def test_reference_that_nothing_cites(tmp_path):
    content = copy_fixture("minimal", tmp_path)
    edit(content / "pages/topic.md", "[@agency2021; @smith2020]", "[@smith2020]")
    edit(content / "pages/topic.md", "two lines [@agency2021]", "two lines [@smith2020]")
    result = build(content, tmp_path / "output")
    assert_fails_with(result, "references.yaml:15:", "'agency2021' is not cited on any page")


def test_citation_in_summary_is_refused(tmp_path):
    result = build_broken(
        tmp_path, "pages/topic.md", "reading order.", "reading order [@smith2020]."
    )
    assert_fails_with(result, "pages/topic.md:4:", "a citation in 'Summary'")


def test_topic_page_without_citations_fails(tmp_path):
    result = build_broken(
        tmp_path, "pages/home.md", "A cited fact [@smith2020, p. 4].", "An uncited claim."
    )
    assert_fails_with(result, "pages/home.md:1:", "this page cites no source")


def test_malformed_citation_names_its_line(tmp_path):
    result = build_broken(tmp_path, "pages/topic.md", "Three.", "Three [@ smith2020].")
    assert_fails_with(result, "pages/topic.md:26:", "'[@ smith2020]' looks like a citation")


def test_broken_bibliography_fails_the_build(tmp_path):
    result = build_broken(tmp_path, "references.yaml", 'PMID: "12345"', 'PMID: "PMC12345"')
    assert_fails_with(result, "references.yaml:13:", "malformed PMID")


def test_fixture_references_render_with_links_both_ways(tmp_path):
    content = copy_fixture("minimal", tmp_path)
    output = tmp_path / "output"
    assert build(content, output).returncode == 0
    page = BuiltSite.read(output).pages["fixture-topic/index.html"]
    entries = page.select(".app-references li")
    assert [entry["id"] for entry in entries] == ["ref-1", "ref-2"]
    assert text_of(entries[0]).startswith("Smith JA. A review of things.")
    assert entries[0].find("a", href="https://doi.org/10.1234/example.2020")
    assert entries[0].find("a", href="https://pubmed.ncbi.nlm.nih.gov/12345/")
    backlinks = [a["href"] for a in entries[0].select(".app-references__backlink")]
    # Cited in the key points (first, second and third bullet), then in the text.
    assert backlinks == ["#cite-1", "#cite-3", "#cite-4", "#cite-5"]
    sups = [s.get_text("") for s in page.select("sup.app-cite")]
    assert sups == ["1", "2", "1", "1", "1,2"]
    labels = [a["aria-label"] for a in page.select("sup.app-cite a")]
    assert labels == [f"Reference {n}" for n in (1, 2, 1, 1, 1, 2)]


def test_sources_page_of_an_unknown_kind_stops_the_build(tmp_path):
    result = build_broken(tmp_path, "pages/topic.md", "Order: 1\n", "Order: 1\nSource_kind: blog\n")
    assert_fails_with(result, "pages/topic.md:4:", "'Source_kind: blog' is not a kind of source")
