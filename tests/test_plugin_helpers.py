"""Unit tests of the small pieces the plugins share."""

from __future__ import annotations

import re
import subprocess

import pytest

from guidelib.doses import mentions_doses
from guidelib.lines import line_containing, metadata_line
from guidelib.problems import format_problem
from plugins.page_outline import Section, find_sections
from tests.sitebuild import ROOT


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


def test_metadata_line_finds_the_key_in_the_header_only(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("Title: T\nSummary: S\nreviewed: 2026-01-01\n\nSummary: not metadata\n")
    assert metadata_line(page, "Reviewed") == 3
    assert metadata_line(page, "summary") == 2
    assert metadata_line(page, "Slug") == 1  # missing: point at the header


def test_line_containing(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("a\nb {filename}x.md\nc\n")
    assert line_containing(page, "{filename}x.md") == 2
    assert line_containing(page, "absent", default=7) == 7


def test_problem_format_names_place_problem_and_fix(tmp_path):
    line = format_problem(tmp_path / "p.md", 4, "what is wrong", "how to fix it")
    assert line.endswith("p.md:4: what is wrong — how to fix it")


def test_make_help_describes_every_target():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = re.search(r"^\.PHONY: (.+)$", makefile, flags=re.MULTILINE).group(1).split()
    result = subprocess.run(["make", "-s", "-C", str(ROOT), "help"], capture_output=True, text=True)
    described = set(re.findall(r"make (\w+)", result.stdout))
    missing = [t for t in phony if t not in described and t not in {"help", "venv"}]
    assert not missing, f"make help does not describe: {missing}"


def test_citation_markers_stay_out_of_section_titles():
    html = (
        '<h2 id="how">How well does it work?<sup class="app-cite" id="cite-1">'
        '<a href="#ref-1"><span class="app-visually-hidden">Reference </span>1</a></sup></h2>'
    )
    assert find_sections(html) == [Section("how", "How well does it work?")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("boluses up to 0.35 mg/kg", True),
        ("about 22 mg per hour", True),
        ("at least 80 mg over 2 hours", True),
        ("1&#8211;4.5 milligrams", True),
        ("a 40-minute infusion", False),
        ("the 1962 synthesis; 12 percent of people", False),
        ("MG is a car brand", False),
    ],
)
def test_dose_detection(text, expected):
    assert mentions_doses(text) is expected
