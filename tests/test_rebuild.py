"""`make html` writes over the build before last (output.old), not into an
empty folder: what it makes must be the site a build from nothing makes, with
nothing of the old one left but Pagefind's unused index files, and those only
up to a bound (the Makefile's build_site explains why)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.sitebuild import copy_fixture, differing_files, edit, run_make
from tests.test_search import indexed_pages

INDEX = Path("pagefind")


def built(content: Path, output: Path) -> None:
    result = run_make("html", content=content, output=output)
    assert result.returncode == 0, result.stderr


def outside_the_index(folder: Path) -> set[Path]:
    return {
        path.relative_to(folder)
        for path in folder.rglob("*")
        if INDEX not in path.relative_to(folder).parents
    }


def assert_same_site(rebuilt: Path, fresh: Path) -> None:
    """The same files with the same bytes; in the search index, every file of
    the fresh one (and unused ones of earlier indexes may stay beside them)."""
    assert outside_the_index(rebuilt) == outside_the_index(fresh)
    differing = differing_files(fresh, rebuilt)  # fresh → rebuilt: the index's files too
    assert not differing, f"not as a build from nothing makes them: {differing}"


def test_a_build_over_the_build_before_last_is_the_site_a_fresh_build_makes(tmp_path):
    content = copy_fixture("minimal", tmp_path)
    output = tmp_path / "output"
    built(content, output)
    edit(content / "pages/topic.md", "Three.", "Three, now with more words.")
    built(content, output)
    assert (tmp_path / "output.old").is_dir(), "the first build was not kept as the next base"
    edit(content / "pages/topic.md", "One fact", "One new fact")
    built(content, output)  # over the first build, which has neither edit

    fresh = tmp_path / "fresh"
    built(content, fresh)
    assert_same_site(output, fresh)
    assert "now with more" in (output / "fixture-topic/index.html").read_text()
    assert not (tmp_path / "output.new").exists()


def test_what_the_build_no_longer_makes_is_removed_before_it_is_indexed(tmp_path):
    content = copy_fixture("minimal", tmp_path)
    output, base = tmp_path / "output", tmp_path / "output.old"
    built(content, output)
    built(content, output)
    stale = base / "a-deleted-page" / "index.html"  # a page as Pagefind would index it
    stale.parent.mkdir()
    shutil.copyfile(base / "fixture-topic" / "index.html", stale)
    (base / "theme" / "css" / "old.css").write_text("p {}")
    built(content, output)
    assert not (output / "a-deleted-page").exists()
    assert not (output / "theme/css/old.css").exists()
    assert not [address for address in indexed_pages(output) if "a-deleted-page" in address]
    fresh = tmp_path / "fresh"
    built(content, fresh)
    assert_same_site(output, fresh)


def test_unused_index_files_are_dropped_when_they_outnumber_twice_the_pages(tmp_path):
    content = copy_fixture("minimal", tmp_path)
    output, base = tmp_path / "output", tmp_path / "output.old"
    built(content, output)
    built(content, output)
    fragments = base / INDEX / "fragment"
    room = 2 * len(list(base.rglob("*.html"))) - len(list(fragments.iterdir()))
    planted = [fragments / f"en_old{number}.pf_fragment" for number in range(room + 1)]
    for path in planted[:-1]:  # with the current ones, twice the pages: kept
        path.write_bytes(b"unused")
    built(content, output)
    assert (output / planted[0].relative_to(base)).exists(), "dropped before the bound"

    built(content, output)  # the other copy, then plant one more there: over the bound
    for path in planted:
        path.write_bytes(b"unused")
    built(content, output)
    assert not any((output / path.relative_to(base)).exists() for path in planted)
    fresh = tmp_path / "fresh"
    built(content, fresh)
    assert sorted((output / INDEX).rglob("*")) == [
        output / path.relative_to(fresh) for path in sorted((fresh / INDEX).rglob("*"))
    ]


def test_a_failed_build_keeps_its_base_for_the_next_one(tmp_path):
    content = copy_fixture("minimal", tmp_path)
    output = tmp_path / "output"
    built(content, output)
    built(content, output)
    edit(content / "pages/topic.md", "Title: Fixture topic\n", "")
    assert run_make("html", content=content, output=output).returncode != 0
    assert (tmp_path / "output.old").is_dir()
    assert not (tmp_path / "output.new").exists()
    assert not (tmp_path / "output.new.started").exists()
    edit(content / "pages/topic.md", "Slug:", "Title: Fixture topic\nSlug:")
    built(content, output)
    fresh = tmp_path / "fresh"
    built(content, fresh)
    assert_same_site(output, fresh)
