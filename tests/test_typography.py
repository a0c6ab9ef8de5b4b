"""Typography (plugins/typography): Typogrify runs inside the Markdown reader,
so Pelican's content cache keeps its work. A page's text, title and summary
are typogrified once, as Pelican itself would, with or without the cache."""

from __future__ import annotations

import os
from pathlib import Path

from tests.sitebuild import build, copy_fixture, differing_files, edit

TOPIC = "fixture-topic/index.html"
CACHE = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}


def built_page(output: Path) -> str:
    return (output / TOPIC).read_text(encoding="utf-8")


def test_text_title_and_summary_are_typogrified_once(tmp_path):
    content = copy_fixture("minimal", tmp_path)
    edit(content / "pages" / "topic.md", "Title: Fixture topic", 'Title: The "fixture" topic')
    edit(content / "pages" / "topic.md", "Three.", 'Three.\n\nIt says "yes" -- for now.')
    assert build(content, tmp_path / "output").returncode == 0
    page = built_page(tmp_path / "output")
    assert "guide&#8217;s reading&nbsp;order" in page  # the summary
    assert "The &#8220;fixture&#8221;&nbsp;topic</h1>" in page  # the title
    assert "It says &#8220;yes&#8221; &#8212; for&nbsp;now." in page  # the text
    assert "&amp;#8" not in page  # typogrified once, not twice


def test_without_typography_quotes_stay_straight(tmp_path):
    """The reader does the work: with TYPOGRAPHY off, nothing does it."""
    content = copy_fixture("minimal", tmp_path)
    assert build(content, tmp_path / "output", env={"TYPOGRAPHY": False}).returncode == 0
    assert "guide's reading order" in built_page(tmp_path / "output")


def test_a_rebuild_from_the_content_cache_is_the_same_site(tmp_path):
    content = copy_fixture("minimal", tmp_path)
    cold, warm = tmp_path / "cold", tmp_path / "warm"
    settings = {**CACHE, "CACHE_PATH": str(tmp_path / "cache")}
    assert build(content, cold, env=settings).returncode == 0  # fills the cache
    os.utime(content / "pages" / "policy.md")  # one page edited, the others from the cache
    assert build(content, warm, env=settings).returncode == 0
    assert (tmp_path / "cache").is_dir() and any((tmp_path / "cache").iterdir())
    assert differing_files(cold, warm) == []
    assert differing_files(warm, cold) == []
    assert "guide&#8217;s reading&nbsp;order" in built_page(warm)
