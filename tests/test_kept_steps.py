"""With Pelican's content cache on, a page's steps (the checks, figures,
citations, outline…) are not run again when nothing they read has changed
(plugins/kept_steps). What a page takes from the record must be what its
steps would give, and every problem must still be reported: these tests
change one thing the steps read, build again, and compare with a build from
nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from guidelib import review
from plugins import guide
from tests.sitebuild import (
    assert_same_as_a_fresh_build,
    build,
    copy_real_site,
    edit,
    with_content_cache,
)

PAGE = Path("pages") / "how-it-works.md"
SENTENCE = "One of\nthese messengers is called glutamate."


@pytest.fixture
def site(tmp_path) -> Path:
    return copy_real_site(tmp_path)


@pytest.fixture
def steps_run(monkeypatch) -> list[str]:
    """The pages (content/pages/) whose steps ran in the last build, not taken
    from the record; FAQ answers and snippets always run theirs."""
    ran: list[str] = []

    def remember(content) -> None:
        path = Path(content.source_path).relative_to(content.settings["PATH"])
        if path.parts[0] == "pages":
            ran.append(path.name)

    monkeypatch.setattr(guide, "FOR_EACH_PAGE", [*guide.FOR_EACH_PAGE, remember])
    return ran


def built(content: Path, output: Path, settings: dict, ran: list[str]) -> list[str]:
    ran.clear()
    result = build(content, output, env=settings)
    assert result.returncode == 0, result.stderr
    return list(ran)


def test_an_edit_to_one_page_runs_its_steps_alone(site, tmp_path, steps_run):
    cache, output = tmp_path / "cache", tmp_path / "output"
    first = built(site, output, with_content_cache(cache), steps_run)
    edit(site / PAGE, SENTENCE, f"{SENTENCE} A sentence added [@niesters2014].")
    again = built(site, output, with_content_cache(cache), steps_run)
    assert len(first) > 40 and again == ["how-it-works.md"]
    assert_same_as_a_fresh_build(site, output, tmp_path)  # the Sources pages' "Cited on" too


@pytest.mark.parametrize(
    "changed",
    [
        ("references.yaml", "Consensus guidelines on", "Guidelines on"),  # reference lists
        ("data/relief-duration.yaml", "title: How long", "title: For how long"),  # a figure
    ],
)
def test_a_change_to_what_every_page_reads_runs_every_page_s_steps(
    site, tmp_path, steps_run, changed
):
    cache, output = tmp_path / "cache", tmp_path / "output"
    first = built(site, output, with_content_cache(cache), steps_run)
    name, old, new = changed
    edit(site / name, old, new)
    assert set(built(site, output, with_content_cache(cache), steps_run)) == set(first)
    assert_same_as_a_fresh_build(site, output, tmp_path)


class Later(date):
    """A day after every page's next review."""

    @classmethod
    def today(cls):
        return cls(2031, 1, 1)


def test_a_later_day_is_seen_by_pages_whose_steps_were_kept(site, tmp_path, steps_run, monkeypatch):
    cache, output = tmp_path / "cache", tmp_path / "output"
    built(site, output, with_content_cache(cache), steps_run)
    monkeypatch.setattr(review, "date", Later)  # today, as the review dates see it
    assert len(built(site, output, with_content_cache(cache), steps_run)) > 40
    assert "app-overdue" in (output / "how-it-works" / "index.html").read_text(encoding="utf-8")
    assert_same_as_a_fresh_build(site, output, tmp_path)


def test_a_removed_page_is_reported_by_every_page_that_links_to_it(site, tmp_path, steps_run):
    """internal_links reads which files exist: a page whose steps are kept must
    still be told that the page it links to is gone, as a fresh build is."""
    cache, output = tmp_path / "cache", tmp_path / "output"
    built(site, output, with_content_cache(cache), steps_run)
    (site / "pages" / "glossary.md").unlink()
    kept = build(site, output, env=with_content_cache(cache))
    fresh = build(site, tmp_path / "fresh")
    assert kept.returncode == fresh.returncode == 1
    problems = sorted(line for line in kept.stderr.splitlines() if "glossary" in line)
    assert problems and problems == sorted(
        line for line in fresh.stderr.splitlines() if "glossary" in line
    )


def test_a_problem_is_reported_again_until_it_is_fixed(site, tmp_path, steps_run):
    cache, output = tmp_path / "cache", tmp_path / "output"
    built(site, output, with_content_cache(cache), steps_run)
    edit(site / PAGE, SENTENCE, f"{SENTENCE} See [nowhere]({{filename}}/pages/nowhere.md).")
    for _ in range(2):
        result = build(site, output, env=with_content_cache(cache))
        assert result.returncode == 1 and "nowhere.md" in result.stderr
