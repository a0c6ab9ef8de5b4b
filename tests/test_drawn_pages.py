"""With Pelican's content cache on, a page whose drawing cannot have changed is
taken from the file the build writes over (plugins/drawn_pages). What is
taken must always be what drawing it would give: these tests build, change
one thing, build again, and compare the result with a build from nothing."""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

import pelican.writers
import pytest
from pelican.contents import Content, Page
from pelican.writers import Writer

from guidelib import fingerprints
from plugins import drawn_pages
from plugins.citations import CitedReference
from plugins.page_outline import Section
from tests.sitebuild import (
    ROOT,
    assert_same_as_a_fresh_build,
    build,
    copy_real_site,
    differing_files,
    edit,
    run_make,
    with_content_cache,
)


@contextmanager
def watching_what_pages_read():
    """{attribute: pages that read it}: what drawing each page reads of another
    page (any attribute, by template or by code), as in-process builds draw."""
    reads: dict[str, set[str]] = defaultdict(set)
    drawing: list[Page] = []
    getattribute, write_file = Content.__getattribute__, Writer.write_file

    def watched_getattribute(self, name):
        if drawing and issubclass(type(self), Page) and self is not drawing[-1]:
            reads[name].add(getattribute(drawing[-1], "source_path"))
        return getattribute(self, name)

    def watched_write_file(self, name, template, context, *arguments, **options):
        drawing.append(options.get("page"))
        try:
            return write_file(self, name, template, context, *arguments, **options)
        finally:
            drawing.pop()

    Content.__getattribute__, Writer.write_file = watched_getattribute, watched_write_file
    try:
        yield reads
    finally:
        Content.__getattribute__, Writer.write_file = getattribute, write_file


def test_no_page_is_drawn_with_what_another_page_keeps_to_itself(tmp_path):
    """OWN_PAGE_ONLY is left out of the key every page shares: were it read in
    drawing another page, that page would be taken unchanged from an old file."""
    with watching_what_pages_read() as reads:
        result = build(ROOT / "content", tmp_path / "output", env={"DRAW_AHEAD": False})
    assert result.returncode == 0, result.stderr
    assert reads["title"], "the watch sees nothing: every page names its neighbours"
    read_elsewhere = {name: sorted(reads[name])[:3] for name in drawn_pages.OWN_PAGE_ONLY}
    assert not {name: pages for name, pages in read_elsewhere.items() if pages}


@pytest.fixture
def built(monkeypatch):
    """build(content, output, cache): build CONTENT into OUTPUT, with the content
    cache in CACHE if given; (pages kept as the last build drew them, pages
    held for drawing)."""
    counts = []
    texts_unchanged = drawn_pages.texts_unchanged

    def counted(*arguments):
        texts = texts_unchanged(*arguments)
        counts.append((sum(text is not None for text in texts), len(texts)))
        return texts

    monkeypatch.setattr(drawn_pages, "texts_unchanged", counted)

    def built(content: Path, output: Path, cache: Path | None = None) -> tuple[int, int]:
        counts.clear()
        result = build(content, output, env=with_content_cache(cache) if cache else None)
        assert result.returncode == 0, result.stderr
        (count,) = counts
        return count

    return built


PAGE = Path("pages") / "how-it-works.md"
SENTENCE = "One of\nthese messengers is called glutamate."


def edit_the_text(content: Path) -> None:
    edit(content / PAGE, SENTENCE, f"{SENTENCE} A sentence added for the test.")


def assert_drew_one_page(kept_and_held: tuple[int, int], content, output, tmp_path) -> None:
    """The rebuild drew one page (the others were kept) and made the site a
    build from nothing makes."""
    kept, held = kept_and_held
    assert held > 40 and kept == held - 1
    assert_same_as_a_fresh_build(content, output, tmp_path)


@pytest.fixture
def paths(tmp_path) -> tuple[Path, Path, Path]:
    """A copy of the real content, a cache folder and an output folder."""
    return copy_real_site(tmp_path), tmp_path / "cache", tmp_path / "output"


def test_an_edit_to_one_page_draws_that_page_alone(tmp_path, built, paths):
    content, cache, output = paths
    assert built(content, output, cache)[0] == 0
    edit_the_text(content)
    assert_drew_one_page(built(content, output, cache), content, output, tmp_path)


def test_editing_one_page_then_another_draws_each_alone(tmp_path, built, paths):
    """The second page's steps run, and the first page's are taken from the
    record (plugins/kept_steps): neither may count as a change for the others."""
    content, cache, output = paths
    built(content, output, cache)
    edit_the_text(content)
    built(content, output, cache)
    heading = "\n## What is the overall picture?"
    edit(content / "pages" / "which-pain.md", heading, f"\nA sentence added.\n{heading}")
    assert_drew_one_page(built(content, output, cache), content, output, tmp_path)


def test_a_new_title_draws_every_page_that_shows_it(tmp_path, built, paths):
    content, cache, output = paths
    built(content, output, cache)
    edit(content / PAGE, "Title: How ketamine may relieve pain", "Title: How ketamine works")
    kept, held = built(content, output, cache)
    assert kept == 0 and held > 40  # the header, the menus, the neighbours
    assert_same_as_a_fresh_build(content, output, tmp_path)


def test_a_file_of_another_build_is_drawn_again(tmp_path, built, paths):
    """`make html` writes over the build before last: a page's record is of the
    last build, so a file from the one before it must not be taken."""
    content, cache, output = paths
    built(content, tmp_path / "before-last", cache)
    edit_the_text(content)
    built(content, output, cache)
    shutil.rmtree(output)
    shutil.copytree(tmp_path / "before-last", output)
    assert_drew_one_page(built(content, output, cache), content, output, tmp_path)


def test_a_build_that_reports_a_problem_keeps_no_record(tmp_path, built, paths):
    content, cache, output = paths
    built(content, output, cache)
    record = (cache / drawn_pages.RECORD).read_bytes()
    edit(content / PAGE, SENTENCE, f"{SENTENCE} See [nowhere]({{filename}}/pages/nowhere.md).")
    assert build(content, tmp_path / "broken", env=with_content_cache(cache)).returncode == 1
    assert (cache / drawn_pages.RECORD).read_bytes() == record


@pytest.mark.parametrize("changed", ["theme", "code"])
def test_the_build_key_covers_the_theme_and_the_code(tmp_path, monkeypatch, changed):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    settings = {"THEME": str(theme)}
    before = fingerprints.code_digest(settings)
    if changed == "theme":
        (theme / "templates" / "page.html").write_text("{# changed #}", encoding="utf-8")
    else:
        project = tmp_path / "project"
        shutil.copytree(ROOT / "plugins", project / "plugins")
        monkeypatch.setattr(fingerprints, "PROJECT", project)
        before = fingerprints.code_digest(settings)
        (project / "plugins" / "guide" / "__init__.py").write_text("# changed\n")
    assert fingerprints.code_digest(settings) != before


def test_a_kept_page_is_not_written_again(tmp_path, built, paths, monkeypatch):
    content, cache, output = paths
    built(content, output, cache)
    edit_the_text(content)
    opened: list[str] = []

    def watched_open(path, *arguments, **options):
        opened.append(os.path.relpath(path, output))
        return open(path, *arguments, **options)

    monkeypatch.setattr(pelican.writers, "open", watched_open, raising=False)
    count = built(content, output, cache)
    pages = {name for name in opened if name.endswith("index.html")}
    assert "how-it-works/index.html" in pages and "which-pain/index.html" not in pages
    assert_drew_one_page(count, content, output, tmp_path)


def test_make_html_keeps_the_pages_it_did_not_write_again(tmp_path):
    """`make html` removes what a build did not change; a kept page is changed
    (its inode, as by a write) though not written, so it stays."""
    content = copy_real_site(tmp_path)
    cached = {"PELICANOPTS": f"-e CACHE_CONTENT=true LOAD_CONTENT_CACHE=true "
                             f"CACHE_PATH='\"{tmp_path / 'cache'}\"'"}  # fmt: skip
    output = tmp_path / "output"
    for _ in range(3):  # the third writes over the first, which the record fits
        edit_the_text(content)
        result = run_make("html", content=content, output=output, env=cached)
        assert result.returncode == 0, result.stderr
    fresh = tmp_path / "fresh"
    assert run_make("html", content=content, output=fresh).returncode == 0
    pages = [path for path in differing_files(fresh, output) if not path.startswith("pagefind")]
    assert pages == []


class Extended(Section):
    """A named tuple's subclass without __slots__: it may hold more than its fields."""


def pickled_for_the_build(value) -> bytes:
    return drawn_pages._Contents(set(), {}).pickled(value, outer=True)


def test_the_key_holds_every_field_of_sections_and_references():
    """Sections and references are pickled field by field, faster than pickle
    does it; no field, nor anything a subclass adds, may be left out."""
    assert pickled_for_the_build(Section("a", "One")) != pickled_for_the_build(Section("a", "Two"))
    entry = CitedReference(1, "ref-1", None, "A source.", ("cite-1",))
    other = dataclasses.replace(entry, html="Another source.")
    assert pickled_for_the_build(entry) != pickled_for_the_build(other)
    one, two = Extended("a", "One"), Extended("a", "One")
    one.note, two.note = "kept", "changed"
    assert pickled_for_the_build(one) != pickled_for_the_build(two)
