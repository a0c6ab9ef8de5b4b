"""Markdown tables scroll sideways in a box the keyboard can reach (plugins/tables)."""

from __future__ import annotations

from tests.sitebuild import BuiltSite, build, copy_fixture, edit

TABLE = "\n\n| Week | Mon | Tue |\n| --- | --- | --- |\n| 1 | | |\n"


def test_a_markdown_table_is_wrapped_in_a_named_focusable_region(tmp_path):
    content = copy_fixture("minimal", tmp_path)
    edit(content / "pages" / "topic.md", "Three.", "Three." + TABLE)
    assert build(content, tmp_path / "output").returncode == 0
    page = BuiltSite.read(tmp_path / "output").pages["fixture-topic/index.html"]
    box = page.select_one(".app-prose table").parent
    assert box.name == "div" and box["class"] == ["app-table-scroll"]
    assert (box["role"], box["tabindex"], box["aria-label"]) == ("region", "0", "Table: Week")


def test_tables_the_theme_draws_are_left_alone(site):
    """The option grid and the chart's table lay themselves out for phones."""
    for name in ("decide/crps/index.html", "how-long-relief-lasts/index.html"):
        for table in site.pages[name].select("table[class]"):
            assert "app-table-scroll" not in (table.parent.get("class") or []), name
