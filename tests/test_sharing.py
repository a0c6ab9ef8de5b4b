"""Work shared with other processes (guidelib/shared_work, plugins/sharing):
while Pelican reads (plugins/read_ahead) and draws (plugins/draw_ahead)
pages from the first, other processes do them from the last. The site built
is the same; a page whose reading or drawing reports anything is done again
by Pelican, so the problem is reported as before; a process that dies or is
stopped loses no page."""

from __future__ import annotations

import logging
import os
import time
import warnings
from pathlib import Path

import pytest
from pelican.contents import Page
from pelican.log import LimitFilter
from pelican.readers import Readers
from pelican.settings import DEFAULT_CONFIG, read_settings

from bench.synthetic_site import write_site
from guidelib import shared_work
from guidelib.shared_work import CALLER, FREE, SharedWork
from plugins import read_ahead, sharing
from plugins.draw_ahead import DrawingAheadWriter
from plugins.read_ahead import ReadAhead, read_here
from tests.sitebuild import ROOT, build, differing_files, edit

PAGES = 30  # above sharing.FEWEST_ITEMS
needs_a_spare_core = pytest.mark.skipif(
    shared_work.spare_cores() == 0, reason="one core (or no fork): a build shares nothing"
)


@pytest.fixture
def content(tmp_path) -> Path:
    return write_site(PAGES, tmp_path)


def markdown_pages(content: Path) -> list[str]:
    return sorted(str(path) for path in (content / "pages").glob("page-*.md"))


def readers_for(content: Path) -> Readers:
    return Readers(read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)}))


def started(readers: Readers, paths: list[str], processes: int = 1) -> ReadAhead:
    """A read-ahead whose process has taken the last page (it always starts there)."""
    work = sharing.shared(len(paths), lambda number: read_here(readers, paths[number]), processes)
    ahead = ReadAhead(paths, work)
    deadline = time.monotonic() + 30
    while ahead.work.claims[len(paths) - 1] == FREE and time.monotonic() < deadline:
        time.sleep(0.01)
    return ahead


@needs_a_spare_core
def test_a_site_built_with_spare_cores_is_the_same_site(content, tmp_path, monkeypatch):
    taken = []
    take = SharedWork.take

    def counted(self, number):
        result = take(self, number)
        taken.append(result is not None)
        return result

    monkeypatch.setattr(SharedWork, "take", counted)
    shared, alone = tmp_path / "shared", tmp_path / "alone"
    assert build(content, shared).returncode == 0
    pages = len(markdown_pages(content)) + 3  # and the disclaimer, FAQ and search pages
    assert len(taken) == 2 * pages  # every page read, then drawn, with the work shared…
    assert any(taken)  # …and some done elsewhere (the tests below show each side does)
    assert build(content, alone, env={"READ_AHEAD": False, "DRAW_AHEAD": False}).returncode == 0
    assert differing_files(shared, alone) == []
    assert differing_files(alone, shared) == []


def test_a_page_read_ahead_is_what_pelican_would_read(content):
    readers, paths = readers_for(content), markdown_pages(content)
    ahead = started(readers, paths)
    try:
        assert ahead.take(paths[-1]) == readers.readers["md"].read(paths[-1])
    finally:
        ahead.work.close()


PUBLISHED = "Published: 2025-06-01"
DUPLICATE_DATE = (PUBLISHED, f"{PUBLISHED}\nDate: 2025-01-01\nDate: 2025-02-02")


def log_a_warning(page: Path) -> None:
    edit(page, *DUPLICATE_DATE)  # Pelican's reader warns of a second Date: line


def fail_to_read(page: Path) -> None:
    page.write_bytes(page.read_bytes().replace(b"Title: ", b"Title: \xff", 1))  # not UTF-8


@pytest.mark.parametrize("defect", [log_a_warning, fail_to_read])
def test_a_page_whose_reading_reports_anything_is_left_to_pelican(content, defect):
    readers, paths = readers_for(content), markdown_pages(content)
    defect(Path(paths[-1]))
    ahead = started(readers, paths)
    try:
        assert ahead.work.claims[len(paths) - 1] == 2  # the process read it…
        assert ahead.take(paths[-1]) is None  # …and handed it back, for Pelican to report
    finally:
        ahead.work.close()


def test_a_build_lists_a_problem_found_in_a_page_read_ahead(content, tmp_path):
    """The whole way round: the problem is listed as a one-process build lists it."""
    for page in markdown_pages(content)[::3]:
        log_a_warning(Path(page))
    ahead = build(content, tmp_path / "ahead")
    alone = build(content, tmp_path / "alone", env={"READ_AHEAD": False})
    assert ahead.returncode == alone.returncode == 1
    assert ahead.stderr.count("Duplicate definition") == len(markdown_pages(content)[::3])
    assert ahead.stderr.splitlines() == alone.stderr.splitlines()


# ---------------------------------------------------------------- drawing ahead


class Template:
    """Draws a page as the number of the process that drew it; page SAYS logs
    a warning and page FAILS raises, as a theme's template might. Pelican's
    first page waits until another process has drawn one (a busy machine may
    start it late), so each test sees the work shared."""

    def __init__(self, folder: Path, says: int = -1, fails: int = -1):
        self.helped, self.pelican = folder / "helped", os.getpid()
        self.says, self.fails = says, fails

    def render(self, context) -> str:
        number = context["page"].number
        if os.getpid() != self.pelican:
            self.helped.touch()
        elif number == 0:
            deadline = time.monotonic() + 30
            while not self.helped.exists() and time.monotonic() < deadline:
                time.sleep(0.01)
        if number == self.says:
            logging.getLogger("theme").warning("page %d: a problem drawing it", number)
        if number == self.fails:
            raise ValueError(f"page {number} cannot be drawn")
        return f"page {number}, drawn by {os.getpid()}"


def held_pages(tmp_path, template: Template, count: int = 40) -> DrawingAheadWriter:
    settings = {**DEFAULT_CONFIG, "DRAW_AHEAD": True}
    writer = DrawingAheadWriter(str(tmp_path / "out"), settings=settings)
    for number in range(count):
        page = Page("", metadata={"title": f"Page {number}"}, settings=settings)
        page.number = number
        writer.write_file(f"page-{number}.html", template, {}, page=page)
    return writer


def drawn_by(tmp_path) -> dict[int, str]:
    texts = {int(p.stem[5:]): p.read_text() for p in (tmp_path / "out").glob("page-*.html")}
    return {number: text.rpartition(" ")[2] for number, text in sorted(texts.items())}


@needs_a_spare_core
def test_pages_are_held_back_then_drawn_by_several_processes_and_all_written(tmp_path):
    writer = held_pages(tmp_path, Template(tmp_path))
    assert not (tmp_path / "out").exists()  # held back until every page is named
    writer.write_held()
    drawers = drawn_by(tmp_path)
    assert sorted(drawers) == list(range(40))
    assert set(drawers.values()) != {str(os.getpid())}  # another process drew some


@needs_a_spare_core
def test_a_page_whose_drawing_reports_anything_is_drawn_again_by_pelican(tmp_path, caplog):
    writer = held_pages(tmp_path, Template(tmp_path, says=39))
    writer.write_held()
    assert drawn_by(tmp_path)[39] == str(os.getpid())  # drawn last, by Pelican itself
    warned = [record.getMessage() for record in caplog.records if record.name == "theme"]
    assert warned == ["page 39: a problem drawing it"]  # said once, by Pelican


@needs_a_spare_core
def test_a_page_that_cannot_be_drawn_fails_as_it_would_alone(tmp_path):
    writer = held_pages(tmp_path, Template(tmp_path, fails=39))
    with pytest.raises(ValueError, match="page 39 cannot be drawn"):
        writer.write_held()
    assert len(drawn_by(tmp_path)) == 39  # every page before it written, in order


def test_a_message_pelican_has_logged_before_still_hands_the_page_back(content, monkeypatch):
    """Without `--logs-dedup-min-level DEBUG`, Pelican holds back a warning it
    has given before: the process must still hear it, and hand the page back."""
    monkeypatch.setattr(LimitFilter, "LOGS_DEDUP_MIN_LEVEL", logging.WARNING)
    monkeypatch.setattr(LimitFilter, "_raised_messages", set())
    readers, paths = readers_for(content), markdown_pages(content)
    log_a_warning(Path(paths[-1]))
    readers.readers["md"].read(paths[-1])  # Pelican has given that warning once already
    ahead = started(readers, paths)
    try:
        assert ahead.take(paths[-1]) is None
    finally:
        ahead.work.close()


def test_a_process_that_dies_leaves_its_pages_to_pelican(content, monkeypatch):
    monkeypatch.setattr(shared_work, "_quietly", lambda do, number: os._exit(1))
    readers, paths = readers_for(content), markdown_pages(content)
    ahead = started(readers, paths)
    try:
        assert [ahead.take(path) for path in paths] == [None] * len(paths)
    finally:
        ahead.work.close()


def test_a_build_that_stopped_half_way_stops_its_processes(content):
    readers = readers_for(content)
    paths = markdown_pages(content) * 40  # more than the processes read in a while
    ahead = started(readers, paths, processes=2)
    ahead.work.close()  # no page taken: as when Pelican failed after the first
    assert not any(process.is_alive() for process in ahead.work.processes)
    claims = list(ahead.work.claims)
    assert FREE not in claims  # what was left is Pelican's, not read in vain…
    assert claims.count(CALLER) > len(paths) / 2  # …and that was most of it


def test_pages_fresh_in_the_content_cache_are_not_read_again(content, tmp_path, monkeypatch):
    planned = []
    plan = read_ahead.pages_to_read

    def recorded(generator) -> list[str]:
        planned.append(plan(generator))
        return planned[-1]

    monkeypatch.setattr(read_ahead, "pages_to_read", recorded)
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(tmp_path / "c")}
    assert build(content, tmp_path / "cold", env=cache).returncode == 0
    touched = content / "pages" / "page-7.md"
    os.utime(touched, (time.time() + 5, time.time() + 5))
    assert build(content, tmp_path / "warm", env=cache).returncode == 0
    assert len(planned[0]) >= PAGES
    assert planned[1] == [str(touched)]


def test_only_a_warning_the_caller_would_show_hands_an_item_back():
    """An item whose work warns is done again by the caller, which shows the
    warning. A warning the caller's filters ignore is not the item's to hand
    back: a process frees objects it inherited, and a file left open warns
    (ResourceWarning) during whatever item is under way."""

    def do(number: int) -> int:
        if number == 1:
            warnings.warn("a file left open", ResourceWarning, stacklevel=1)
        if number == 2:
            warnings.warn("a problem with item 2", UserWarning, stacklevel=1)
        return number * 10

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        warnings.simplefilter("default", UserWarning)
        work = SharedWork(3, do, processes=1)  # forked with these filters
    try:
        deadline = time.monotonic() + 30
        while 0 not in work.finished and time.monotonic() < deadline:
            time.sleep(0.01)  # the process does every item before the caller takes one
        assert list(work.claims) == [2, 2, 2]
        assert [work.take(number) for number in range(3)] == [0, 10, None]
    finally:
        work.close()
