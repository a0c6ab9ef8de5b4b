"""Figures: the relief-duration chart and its table, the infusion-day timeline,
and every mistake an editor can make in a figure's data or placeholder.

Site tests read the real build and compare it with content/data/*.yaml read
independently here (plain PyYAML, not the plugin); defect tests give a copy
of the fixture site a tiny figure and break it.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
import yaml

from plugins.figures.chart import WIDTH, text_width
from tests.sitebuild import (
    ROOT,
    assert_fails_with,
    build,
    cited_numbers,
    copy_fixture,
    edit,
    text_of,
)

DATA = ROOT / "content" / "data" / "relief-duration.yaml"
PAGE = "how-long-relief-lasts/index.html"
DAYS_IN = {"day": 1, "week": 7, "month": 30, "year": 365}
MIN_BAR = 3  # the shortest bar drawn, so relief of hours still shows


@pytest.fixture(scope="module")
def data() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def page(site):
    return site.pages[PAGE]


@pytest.fixture(scope="module")
def figure(page):
    figure = page.select_one("figure#figure-relief-duration")
    assert figure is not None, f"{PAGE}: no figure#figure-relief-duration"
    return figure


@pytest.fixture(scope="module")
def svg(figure):
    svg = figure.find("svg")
    assert svg is not None, "the figure has no inline SVG"
    return svg


def joined(elements) -> str:
    """Text split over several SVG lines, read as one."""
    return " ".join(text_of(element) for element in elements)


# ---------------------------------------------------------------- the chart


def test_the_chart_is_an_inline_svg_named_by_its_title_and_description(svg, data):
    assert svg.get("role") == "img"
    ids = svg["aria-labelledby"].split()
    assert [svg.find(id=i).name for i in ids] == ["title", "desc"]
    assert text_of(svg.find("title")) == data["title"]
    assert len(text_of(svg.find("desc")).split()) >= 10, "the description says too little"
    assert svg.get("width") == "100%" and svg.get("viewbox", svg.get("viewBox"))


def test_the_chart_is_small_and_needs_no_script(svg, figure):
    markup = str(svg).encode()
    assert len(markup) <= 6000, f"the SVG is {len(markup)} bytes"
    assert len(gzip.compress(markup, 9)) <= 2000, "the SVG is over 2 KB gzipped"
    assert not figure.find("script") and not svg.find(attrs={"onload": True})


def test_every_label_in_the_chart_comes_from_the_data_file(svg, data):
    rows = svg.select("g.app-chart__row")
    assert len(rows) == len(data["rows"])
    for group, row in zip(rows, data["rows"], strict=True):
        assert joined(group.select(".app-chart__regimen")) == row["regimen"]
        assert joined(group.select(".app-chart__condition")) == row["condition"]
        assert joined(group.select(".app-chart__lasted")) == row["lasted"]


def test_every_tick_label_is_centred_under_its_tick_and_fits(svg):
    """The time axis's labels stand under their grid lines (the last one at the
    axis's end) and, by the chart's generous font estimate, none runs off it."""
    axis = svg.select_one(".app-chart__axis")["d"]
    plot_width = float(re.search(r"H([\d.]+)$", axis)[1])
    lines = [float(x) for x in re.findall(r"M([\d.]+) 0V", svg.select_one(".app-chart__grid")["d"])]
    ticks = svg.select(".app-chart__tick")[1:]  # after "0", at the axis's start
    assert [float(tick["x"]) for tick in ticks] == lines
    assert lines[-1] == plot_width
    for tick in ticks:
        assert tick.get("text-anchor") == "middle", text_of(tick)
        assert float(tick["x"]) + text_width(text_of(tick)) / 2 <= WIDTH, text_of(tick)


def test_every_bar_is_as_long_as_the_data_file_says(svg, data):
    """Bars start at `from` and end at `to` on the chart's own time axis."""
    plot_width = float(re.search(r"H([\d.]+)$", svg.select_one(".app-chart__axis")["d"])[1])
    count, unit = text_of(svg.select(".app-chart__tick")[-1]).split()
    scale_end = int(count) * DAYS_IN[unit.rstrip("s")]
    assert scale_end >= max(row["to"] for row in data["rows"])
    per_day = plot_width / scale_end
    for group, row in zip(svg.select("g.app-chart__row"), data["rows"], strict=True):
        bars = group.select("rect.app-chart__bar")
        start = float(bars[0]["x"])
        end = float(bars[-1]["x"]) + float(bars[-1]["width"])
        assert start == pytest.approx(row["from"] * per_day, abs=0.1), row["regimen"]
        expected = max(row["to"] * per_day, row["from"] * per_day + MIN_BAR)
        assert end == pytest.approx(expected, abs=0.1), row["regimen"]
        faded = group.select("rect.app-chart__bar--faded")
        if "fades_after" in row:
            assert float(faded[0]["x"]) == pytest.approx(row["fades_after"] * per_day, abs=0.1)
        else:
            assert not faded, f"{row['regimen']}: a paler bar the data does not ask for"
        assert bool(group.select(".app-chart__bar--arrow")) == row.get("open_ended", False)


# ---------------------------------------------------------------- the table


def test_the_table_under_the_chart_holds_the_same_rows(figure, data):
    table = figure.find("table")
    assert text_of(table.find("caption"))
    assert [text_of(th) for th in table.select("thead th")] == [
        "Treatment", "Kind of pain", "How long relief lasted", "Sources",
    ]  # fmt: skip
    body = table.select("tbody tr")
    assert len(body) == len(data["rows"])
    for tr, row in zip(body, data["rows"], strict=True):
        cells = [text_of(cell) for cell in tr.find_all(["th", "td"])]
        assert tr.find("th")["scope"] == "row"
        assert cells[:3] == [row["regimen"], row["condition"], row["lasted"]]


def test_the_tables_citations_are_numbered_in_the_pages_references(figure, page, data):
    """Each row cites exactly its sources, and each lands on that source's entry."""
    entries = {li["id"]: text_of(li).lower() for li in page.select("section.app-references li")}
    bibliography = {
        entry["id"]: entry
        for entry in yaml.safe_load((ROOT / "content" / "references.yaml").read_text("utf-8"))
    }
    for tr, row in zip(figure.select("tbody tr"), data["rows"], strict=True):
        sup = tr.select_one("sup.app-cite")
        assert sup is not None, f"{row['regimen']}: no citation"
        assert len(cited_numbers(sup)) == len(row["sources"])
        landed = [entries[f"ref-{number}"] for number in cited_numbers(sup)]
        for key in row["sources"]:
            title = " ".join(str(bibliography[key]["title"]).lower().split()[:6])
            assert any(title in entry for entry in landed), f"{row['regimen']}: {key} not cited"


def test_the_data_is_shown_once_and_no_placeholder_is_left(site, page):
    assert len(page.select(".app-prose table")) == 1, "the old 'At a glance' table is back"
    for name, built in site.pages.items():
        assert "[[figure" not in text_of(built), f"{name}: a figure placeholder was not replaced"


def test_every_row_of_the_data_file_has_its_sources(data):
    """The data file itself, as an editor reads it: nothing drawn without a source."""
    for row in data["rows"]:
        assert row["sources"], row["regimen"]
        assert 0 <= row["from"] <= row["to"], row["regimen"]


# ---------------------------------------------------------------- the timeline


def test_the_infusion_day_is_an_ordered_list_before_during_after(site):
    page = site.pages["treatment-course/index.html"]
    timeline = page.select_one("ol.app-timeline")
    assert timeline is not None, "no <ol class='app-timeline'>"
    items = timeline.find_all("li", recursive=False)
    assert [text_of(item).split(":")[0] for item in items] == ["Before", "During", "After"]
    headings = {h2["id"] for h2 in page.select(".app-prose h2[id]")}
    for item in items:
        assert item.select("sup.app-cite"), f"{text_of(item)[:20]}: no citation"
        link = item.find("a", href=re.compile("^#"))
        assert link and link["href"][1:] in headings, f"{text_of(item)[:20]}: no section link"


# ---------------------------------------------------------------- defects

TINY = """\
title: How long the fixture lasted
rows:
  - regimen: First thing
    condition: Test pain
    from: 0
    to: 7
    lasted: Up to 1 week
    sources: [smith2020]
  - regimen: Second thing
    condition: Test pain
    from: 0
    to: 14
    fades_after: 3
    lasted: Up to 2 weeks
    sources: [agency2021, smith2020]
"""
PLACEHOLDER = "\n\n[[figure tiny]]\n"


def build_figure(tmp_path: Path, data_old: str = "", data_new: str = "", page_new: str = ""):
    """The fixture site with a tiny figure on its topic page, broken as asked."""
    content = copy_fixture("minimal", tmp_path)
    (content / "data").mkdir(exist_ok=True)  # the fixture may have data of its own
    (content / "data" / "tiny.yaml").write_text(TINY.replace(data_old, data_new, 1), "utf-8")
    edit(content / "pages" / "topic.md", "Three.\n", "Three.\n" + (page_new or PLACEHOLDER))
    return content, build(content, tmp_path / "output")


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_figure_on_the_fixture_builds_cleanly_and_cites_its_sources(tmp_path):
    _, result = build_figure(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr
    html = (tmp_path / "output" / "fixture-topic" / "index.html").read_text("utf-8")
    assert '<svg class="app-chart__svg" role="img"' in html
    assert "How long the fixture lasted" in html and "[@" not in html and "[[" not in html
    assert html.count('class="app-chart__bar app-chart__bar--faded"') == 1


# (what is changed in TINY, into what, the line reported (text on it, or its
# number), the message)
BAD_DATA = [
    pytest.param("    lasted: Up to 1 week\n", "", "- regimen: First thing",
                 "row 'First thing' has no 'lasted'", id="missing-field"),
    pytest.param("    from: 0\n    to: 7", "    from: 9\n    to: 7", "to: 7",
                 "'to: 7' is less than 'from: 9'", id="to-before-from"),
    pytest.param("[smith2020]", "[smith2021]", "[smith2021]",
                 "unknown reference key 'smith2021'", id="unknown-key"),
    pytest.param("to: 14", "to: two weeks", "to: two weeks",
                 "'to: two weeks' in row 'Second thing' is not a number", id="not-a-number"),
    pytest.param("fades_after: 3", "fade_after: 3", "fade_after",
                 "unknown field 'fade_after'", id="misspelt-field"),
    pytest.param("fades_after: 3", "fades_after: 30", "fades_after",
                 "is not between 'from' and 'to'", id="fades-outside-range"),
    pytest.param("title: How long the fixture lasted\n", "", 1,
                 "the figure has no 'title'", id="no-title"),
    pytest.param("  - regimen: Second thing", "  - regimen: [Second thing", None,
                 "malformed YAML", id="malformed-yaml"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "at", "message"), BAD_DATA)
def test_a_mistake_in_the_data_file_fails_naming_its_line(tmp_path, old, new, at, message):
    content, result = build_figure(tmp_path, old, new)
    text = (content / "data" / "tiny.yaml").read_text("utf-8")
    line = line_of(text, at) if isinstance(at, str) else at  # None: any line
    assert_fails_with(result, f"data/tiny.yaml:{line or ''}", message)
    assert "—" in result.stderr, "the message should say how to fix it"


def test_an_unknown_reference_key_suggests_the_closest_one(tmp_path):
    _, result = build_figure(tmp_path, "[smith2020]", "[smith2021]")
    assert "did you mean 'smith2020'?" in result.stderr


@pytest.mark.parametrize(
    ("written", "message"),
    [
        pytest.param("\n\n[[figure tiyn]]\n", "no figure called 'tiyn'", id="unknown-name"),
        pytest.param(" See [[figure tiny]] here.\n", "not in a paragraph of its own", id="inline"),
    ],
)
def test_a_bad_placeholder_fails_naming_the_pages_line(tmp_path, written, message):
    content, result = build_figure(tmp_path, page_new=written)
    page = (content / "pages" / "topic.md").read_text("utf-8")
    assert_fails_with(result, f"pages/topic.md:{line_of(page, '[[figure')}:", message)


def test_an_unknown_name_suggests_the_closest_figure(tmp_path):
    _, result = build_figure(tmp_path, page_new="\n\n[[figure tiyn]]\n")
    assert "did you mean '[[figure tiny]]'?" in result.stderr
