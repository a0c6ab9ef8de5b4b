"""The shared floor (guidelib/): finding lines, the message shape, the dose rule."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from guidelib import citing, fingerprints, review, yaml_lines
from guidelib.doses import mentions_doses
from guidelib.lines import line_containing, metadata_line
from guidelib.problems import format_problem


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("boluses up to 0.35 mg/kg", True),
        ("about 22 mg per hour", True),
        ("at least 80 mg over 2 hours", True),
        ("1&#8211;4.5 milligrams", True),
        ("50 mcg", True),
        ("2 Micrograms", True),
        ("0.5 MG/KG", True),
        ("a 40-minute infusion", False),
        ("the 1962 synthesis; 12 percent of people", False),
        ("MG is a car brand", False),
    ],
)
def test_dose_detection(text, expected):
    assert mentions_doses(text) is expected


def printed_in_a_new_process(code: str) -> list[str]:
    """The words CODE prints, run in a process of its own: textstat loads once
    per process, and the test process may have loaded pkg_resources."""
    root = Path(__file__).resolve().parents[1]
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root)
    assert run.returncode == 0, run.stderr
    return run.stdout.split()


def test_reading_grade_loads_textstat_without_pkg_resources_until_a_formula_needs_it():
    code = (
        "import sys; from guidelib.reading import grade, readability\n"
        "print(grade(['The cat sat on the mat.']), 'pkg_resources' in sys.modules)\n"
        "score = readability().dale_chall_readability_score('The cat sat on the mat.')\n"
        "print(score > 0, 'pkg_resources' in sys.modules)\n"
    )
    assert printed_in_a_new_process(code) == ["-1.5", "False", "True", "True"]


def grade_in_a_new_process(record: Path) -> tuple[str, int]:
    """A text's grade, with the hyphenation record at RECORD; and how many
    times the process parsed hyphenation patterns."""
    score, parsed = printed_in_a_new_process(
        "import pyphen; from pathlib import Path; from guidelib import reading\n"
        f"reading.HYPHENATION_RECORD = Path({str(record)!r})\n"
        "parse, parsed = pyphen.HyphDict.__init__, []\n"
        "def counted(self, path): parsed.append(path); parse(self, path)\n"
        "pyphen.HyphDict.__init__ = counted\n"
        "print(reading.grade(['An anesthetic medicine, given slowly into a vein.']), len(parsed))\n"
    )
    return score, int(parsed)


def test_hyphenation_patterns_are_parsed_once_then_read_back(tmp_path):
    record = tmp_path / "cache" / "hyphenation.pickle"
    score, parsed = grade_in_a_new_process(record)
    assert parsed == 1 and record.is_file()
    assert grade_in_a_new_process(record) == (score, 0)  # the same grade, nothing parsed


@pytest.mark.parametrize(
    "spoil",
    [
        lambda record: record.write_bytes(b"cut short"),
        lambda record: fingerprints.save_record(str(record), {("0.0", "other.dic", 1, 1): {}}),
    ],
    ids=["unreadable", "another dictionary"],
)
def test_a_hyphenation_record_that_does_not_match_is_parsed_again(tmp_path, spoil):
    record = tmp_path / "hyphenation.pickle"
    score, _ = grade_in_a_new_process(record)
    spoil(record)
    assert grade_in_a_new_process(record) == (score, 1)
    assert grade_in_a_new_process(record) == (score, 0)  # and kept again


def test_a_hyphenation_record_that_cannot_be_written_only_costs_time(tmp_path):
    (tmp_path / "a file").write_text("not a folder")
    record = tmp_path / "a file" / "hyphenation.pickle"
    score, parsed = grade_in_a_new_process(record)
    assert parsed == 1 and grade_in_a_new_process(record) == (score, 1)


def test_line_containing_finds_the_nth_and_ignores_case_when_asked(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("A row\nb\na ROW again\n")
    assert line_containing(page, "row", nth=2, ignore_case=True) == 3
    assert line_containing(page, "row", nth=5, ignore_case=True) == 3  # fewer: the last
    assert line_containing(page, "ROW") == 3  # case matters unless asked


def test_yaml_lines_name_the_line_of_a_field_and_of_malformed_yaml(tmp_path):
    data = tmp_path / "data.yaml"
    data.write_text("- id: one\n  title: First\n- id: two\n  title: [unclosed\n")
    with pytest.raises(yaml_lines.Malformed) as raised:
        yaml_lines.load(str(data))
    line, what = yaml_lines.malformed(raised.value)
    assert line == 5 and what.startswith("malformed YAML")
    data.write_text("- id: one\n  title: First\n- id: two\n  title: Second\n")
    root, value = yaml_lines.load(str(data))
    assert value[1]["title"] == "Second"
    assert yaml_lines.key_lines(root.value[1]) == {"id": 3, "title": 4}


def test_review_dates_in_order_and_overdue():
    assert review.out_of_order(date(2026, 1, 1), date(2026, 1, 1))
    assert not review.out_of_order(date(2026, 1, 1), date(2027, 1, 1))
    assert review.is_overdue(date(2026, 1, 1), today=date(2026, 1, 2))
    assert not review.is_overdue(None, today=date(2026, 1, 2))
    assert review.review_today({"REVIEW_TODAY": "2030-05-06"}) == date(2030, 5, 6)


def test_only_policy_and_utility_pages_may_cite_nothing():
    assert citing.must_cite("topic")
    assert not citing.must_cite("policy") and not citing.must_cite("utility")
