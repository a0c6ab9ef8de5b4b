"""Decision aids as data: every refusal is fed its defect and named at its line,
and an icon array always agrees with its numbers."""

from __future__ import annotations

import logging
import re
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from plugins.decisions.data import CERTAINTY, Frequency, load_decision
from plugins.decisions.icons import lay_out
from tests.sitebuild import ROOT, assert_fails_with, build, copy_fixture, edit, text_of

KNOWN = {"smith2020", "agency2021"}

GOOD = """\
title: Should I try ketamine for the fixture's pain?
condition: Fixture pain
decision: Whether to try ketamine drips, or keep my current care.
options:
  - id: current-care
    name: Keep my current care
  - id: ketamine
    name: A course of ketamine drips
rows:
  - question: What is the chance my pain improves?
    cells:
      current-care:
        text: Not measured in the trials.
        certainty: not known
      ketamine:
        text: About 24 in 100 felt much better.
        frequency: {n: 24, per: 100, who: adults with fixture pain, time: at 12 weeks}
        certainty: low
        sources: [smith2020]
  - question: What does it involve?
    cells:
      current-care:
        text: No change.
        certainty: not known
      ketamine:
        text: Four days in hospital.
        certainty: moderate
        sources: [agency2021]
"""


def load(tmp_path, text: str, caplog):
    path = tmp_path / "fixture.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="problems"):
        decision = load_decision(str(path), "fixture", KNOWN)
    return decision, [record.getMessage() for record in caplog.records]


def test_a_good_decision_loads_with_its_options_rows_and_frequency(tmp_path, caplog):
    decision, problems = load(tmp_path, GOOD, caplog)
    assert problems == []
    assert [option.id for option in decision.options] == ["current-care", "ketamine"]
    cell = decision.rows[0].cells["ketamine"]
    assert cell.frequency == Frequency(24, 100, "adults with fixture pain", "at 12 weeks")
    assert cell.sources == ("smith2020",) and cell.certainty == "low"


DEFECTS = [
    pytest.param("        sources: [smith2020]\n", "",
                 ":17: a number in row 'What is the chance my pain improves?' has no source",
                 id="number-without-source"),
    pytest.param("[smith2020]", "[smith2021]", ":19: unknown source key 'smith2021'",
                 id="unknown-source-key"),
    pytest.param("per: 100, ", "", ":17: the frequency in row 'What is the chance my pain "
                 "improves?' has no 'per'", id="frequency-without-per"),
    pytest.param("who: adults with fixture pain, ", "", "has no 'who'", id="without-who"),
    pytest.param(", time: at 12 weeks", "", "has no 'time'", id="without-time"),
    pytest.param("certainty: low", "certainty: fairly sure",
                 ":18: 'certainty: fairly sure' in row", id="certainty-outside-the-list"),
    pytest.param("      ketamine:\n        text: Four days in hospital.\n"
                 "        certainty: moderate\n        sources: [agency2021]\n", "",
                 ":20: option 'ketamine' has no cell in row 'What does it involve?'",
                 id="option-missing-a-row"),
    pytest.param("  - id: current-care\n    name: Keep my current care\n", "",
                 ":5: the decision has no 'keep my current care' option", id="no-current-care"),
    pytest.param("        certainty: moderate\n        sources: [agency2021]\n",
                 "        certainty: moderate\n",
                 ":27: 'certainty: moderate' in row 'What does it involve?' has no source",
                 id="certainty-without-source"),
    pytest.param("title: Should I try ketamine for the fixture's pain?\n", "",
                 ":1: the decision has no 'title'", id="no-title"),
    pytest.param("n: 24, per: 100", "n: 124, per: 100", "is not a number of people out of",
                 id="more-than-everyone"),
    pytest.param("  - id: ketamine", "  - id: ketamin", "'ketamine' in row", id="unknown-option"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "expected"), DEFECTS)
def test_each_defect_is_refused_at_its_line(tmp_path, caplog, old, new, expected):
    assert old in GOOD, f"the fixture changed: {old!r}"
    decision, problems = load(tmp_path, GOOD.replace(old, new, 1), caplog)
    assert decision is None
    assert any(expected in problem for problem in problems), problems


def test_frequencies_out_of_different_numbers_in_one_row_are_refused(tmp_path, caplog):
    mixed = GOOD.replace(
        "        text: Not measured in the trials.\n        certainty: not known\n",
        "        text: About 2 in 10.\n"
        "        frequency: {n: 2, per: 10, who: adults, time: at 12 weeks}\n"
        "        certainty: low\n        sources: [agency2021]\n",
        1,
    )
    decision, problems = load(tmp_path, mixed, caplog)
    assert decision is None
    assert any(":10: the frequencies in row" in p and "(10, 100)" in p for p in problems), problems


def test_malformed_yaml_is_named_at_its_line(tmp_path, caplog):
    decision, problems = load(tmp_path, GOOD.replace("[smith2020]", "[smith2020"), caplog)
    assert decision is None and any("malformed YAML" in p for p in problems), problems


@pytest.mark.parametrize(("n", "per"), [(0, 100), (24, 100), (100, 100), (7, 10), (3, 1000)])
def test_an_icon_array_agrees_with_its_numbers(n, per):
    array = lay_out(Frequency(n, per, "adults", "at 12 weeks"))
    assert len(array.places) == per and array.filled == n
    assert all(filled for *_, filled in array.places[:n])  # the first n, in reading order
    assert array.rows == -(-per // 10) and {column for column, *_ in array.places} <= set(range(10))
    had, did_not = array.words
    assert had == f"{n} in {per} adults, at 12 weeks" and did_not == f"{per - n} in {per} did not"


def test_certainty_is_a_fixed_list_of_words():
    assert CERTAINTY == ("high", "moderate", "low", "very low", "not known")


# ---------------------------------------------------------------- on a page


def build_with_grid(tmp_path, data: str = GOOD, placed: str = "[[decision fixture]]"):
    content = copy_fixture("minimal", tmp_path)
    (content / "decisions").mkdir()
    (content / "decisions" / "fixture.yaml").write_text(data, encoding="utf-8")
    edit(content / "pages/topic.md", "Three.", f"Three.\n\n{placed}")
    return build(content, tmp_path / "output"), tmp_path / "output"


def test_a_placed_decision_is_an_option_grid_with_icon_arrays_and_citations(tmp_path):
    result, output = build_with_grid(tmp_path)
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((output / "fixture-topic/index.html").read_text(), "html.parser")
    table = page.select_one(".app-option-grid table")
    columns = [text_of(th) for th in table.select("thead th[scope=col]")]
    assert columns == ["Your question", "Keep my current care", "A course of ketamine drips"]
    assert [text_of(th) for th in table.select("tbody th[scope=row]")] == [
        "What is the chance my pain improves?",
        "What does it involve?",
    ]
    cells = table.select("tbody td")
    assert [td["data-label"] for td in cells[:2]] == columns[1:]
    assert "How sure we are: not known" in text_of(cells[0])
    icons = cells[1].select_one("figure.app-icons")
    assert len(icons.select("use")) == 100 and len(icons.select("use.app-icons__filled")) == 24
    assert "24 in 100 adults with fixture pain, at 12 weeks" in text_of(icons)
    assert "76 in 100 did not" in text_of(icons)
    assert len(page.select("symbol#app-icon-person")) == 1, "one symbol, reused"
    # The grid's sources are numbered with the page's own and listed with them.
    assert cells[1].select("sup.app-cite a")
    assert "[@" not in str(table), "every source marker became a numbered citation"
    # The grid's styles come with it, and only with it.
    assert page.select_one('link[rel=stylesheet][href$="css/decisions.css"]')
    home = BeautifulSoup((output / "index.html").read_text(), "html.parser")
    assert not home.select_one('link[href$="css/decisions.css"]')
    assert (output / "theme/css/decisions.css").is_file()


def test_a_decision_with_a_defect_stops_the_build_at_its_line(tmp_path):
    result, _ = build_with_grid(tmp_path, GOOD.replace("        sources: [smith2020]\n", "", 1))
    assert_fails_with(result, "decisions/fixture.yaml:17:", "has no source")


def test_an_unknown_decision_is_named_at_the_page_line(tmp_path):
    result, _ = build_with_grid(tmp_path, placed="[[decision fixtur]]")
    assert_fails_with(result, "pages/topic.md:28:", "no decision called 'fixtur'")
    assert "did you mean '[[decision fixture]]'?" in result.stderr


TESTS = Path(__file__).parent
HOW_MADE = ROOT / "content" / "pages" / "decide" / "how-made.md"


def named_tests(text: str) -> list[tuple[str, str]]:
    """Each `test_name` or `test_name[case]` a page names, as (name, case)."""
    return re.findall(r"`(test_\w+)(?:\[([\w-]+)\])?`", text)


def test_every_check_the_how_made_page_names_is_a_test_that_exists():
    # The page tells readers "the build checks this"; a renamed or deleted
    # test would leave that promise unbacked.
    tests = {path.name: path.read_text(encoding="utf-8") for path in TESTS.glob("test_*.py")}
    named = named_tests(HOW_MADE.read_text(encoding="utf-8"))
    assert len(named) >= 8, named
    for name, case in named:
        homes = [source for source in tests.values() if f"def {name}(" in source]
        assert homes, f"how-made.md names {name}, which no test defines"
        if case:
            assert any(f'id="{case}"' in source for source in homes), f"{name}[{case}] has no case"
