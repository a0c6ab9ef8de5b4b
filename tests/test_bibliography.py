"""Every mistake in references.yaml is reported with its line and a fix."""

from __future__ import annotations

import logging
import textwrap

import pytest

from plugins.citations.bibliography import load_bibliography

GOOD_ENTRY = """\
- id: good2020
  type: article-journal
  kind: review
  title: A good entry
  author:
    - {family: Good, given: A.}
  container-title: Journal
  issued: {date-parts: [[2020]]}
  DOI: 10.1234/good
  PMID: "123"
  URL: https://example.org/good
"""


def load(tmp_path, text: str, caplog):
    path = tmp_path / "references.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="problems"):
        bibliography = load_bibliography(str(path))
    return bibliography, [record.getMessage() for record in caplog.records]


def test_a_good_entry_loads_without_problems(tmp_path, caplog):
    bibliography, problems = load(tmp_path, GOOD_ENTRY, caplog)
    assert problems == []
    good = bibliography.references["good2020"]
    assert good.line == 1 and good.kind == "review"
    assert "kind" not in good.csl, "our own field must not reach citeproc"
    assert good.pubmed_url == "https://pubmed.ncbi.nlm.nih.gov/123/"


BROKEN = [
    pytest.param("  title: A good entry\n", "", ":1: 'good2020' has no title", id="no-title"),
    pytest.param("  issued: {date-parts: [[2020]]}\n", "",
                 ":1: 'good2020' has no year", id="no-year"),
    pytest.param("  author:\n    - {family: Good, given: A.}\n", "",
                 ":1: 'good2020' has no author or publisher", id="no-author"),
    pytest.param("DOI: 10.1234/good", "DOI: https://doi.org/10.1234/good",
                 ":9: 'good2020' has a malformed DOI", id="doi"),
    pytest.param('PMID: "123"', "PMID: PMC123", ":10: 'good2020' has a malformed PMID", id="pmid"),
    pytest.param("URL: https://", "URL: http://", ":11: 'good2020' has a malformed URL", id="url"),
    pytest.param("kind: review", "kind: blog", ":3: 'good2020' has kind 'blog'", id="kind"),
    pytest.param("type: article-journal", "type: journal", ":2: 'good2020' has type 'journal'",
                 id="type"),
    pytest.param("{family: Good, given: A.}", "{literal: Agency, Office of Things}",
                 ":5: 'good2020' has an author with unknown parts: Office of Things",
                 id="unquoted-comma-in-name"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "expected"), BROKEN)
def test_broken_entry_is_reported_at_its_line(tmp_path, caplog, old, new, expected):
    assert old in GOOD_ENTRY
    bibliography, problems = load(tmp_path, GOOD_ENTRY.replace(old, new), caplog)
    assert any(expected in problem for problem in problems), problems
    assert all("references.yaml:" in problem and " — " in problem for problem in problems)
    assert "good2020" not in bibliography.references


def test_undated_sources_say_so_explicitly(tmp_path, caplog):
    text = GOOD_ENTRY.replace("{date-parts: [[2020]]}", "{literal: n.d.}")
    _, problems = load(tmp_path, text, caplog)
    assert problems == []


def test_an_organisation_or_publisher_counts_as_author(tmp_path, caplog):
    organisation = GOOD_ENTRY.replace("{family: Good, given: A.}", "{literal: Example Agency}")
    publisher = GOOD_ENTRY.replace(
        "  author:\n    - {family: Good, given: A.}\n", "  publisher: Example Press\n"
    )
    assert load(tmp_path, organisation, caplog)[1] == []
    assert load(tmp_path, publisher, caplog)[1] == []


def test_duplicate_id_names_both_lines(tmp_path, caplog):
    text = GOOD_ENTRY + "\n" + GOOD_ENTRY.replace("A good entry", "Another")
    bibliography, problems = load(tmp_path, text, caplog)
    assert len(problems) == 1
    assert ":13: duplicate id 'good2020' (first used on line 1)" in problems[0]
    assert bibliography.references["good2020"].csl["title"] == "A good entry"


def test_malformed_yaml_names_its_line(tmp_path, caplog):
    text = GOOD_ENTRY.replace("  title: A good entry", "  title: [unclosed")
    _, problems = load(tmp_path, text, caplog)
    assert len(problems) == 1
    # YAML notices the missing bracket on the next line, and says where it opened.
    assert ":5: malformed YAML:" in problems[0] and "expected ',' or ']'" in problems[0]
    assert "while parsing a flow sequence that starts on line 4" in problems[0]


def test_entry_without_id(tmp_path, caplog):
    _, problems = load(tmp_path, GOOD_ENTRY.replace("id: good2020", "id: bad key"), caplog)
    assert any(":1: entry without a valid 'id'" in problem for problem in problems)


def test_bibliography_must_be_a_list(tmp_path, caplog):
    _, problems = load(tmp_path, "good2020:\n  title: x\n", caplog)
    assert any(":1: the bibliography must be a list" in problem for problem in problems)


def test_missing_bibliography(tmp_path, caplog):
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="problems"):
        load_bibliography(str(tmp_path / "absent.yaml"))
    assert "the bibliography file is missing" in caplog.records[0].getMessage()
