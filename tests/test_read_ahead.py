"""Reading ahead (plugins/read_ahead): while Pelican reads pages from the first,
other processes read them from the last. The site built is the same; a page
whose reading reports anything is read again by Pelican, so the problem is
reported as before; a process that dies or is stopped loses no page."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from pelican.readers import Readers
from pelican.settings import read_settings

from bench.synthetic_site import write_site
from plugins import read_ahead
from plugins.read_ahead import FREE, ReadAhead
from tests.sitebuild import ROOT, build, differing_files, edit

PAGES = 30  # above read_ahead.FEWEST_PAGES


@pytest.fixture
def content(tmp_path) -> Path:
    return write_site(PAGES, tmp_path)


def markdown_pages(content: Path) -> list[str]:
    return sorted(str(path) for path in (content / "pages").glob("page-*.md"))


def readers_for(content: Path) -> Readers:
    return Readers(read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)}))


def started(readers: Readers, paths: list[str], processes: int = 1) -> ReadAhead:
    """A read-ahead whose process has taken the last page (it always starts there)."""
    ahead = ReadAhead(readers, paths, processes)
    deadline = time.monotonic() + 30
    while ahead.claims[len(paths) - 1] == FREE and time.monotonic() < deadline:
        time.sleep(0.01)
    return ahead


def test_a_site_read_ahead_is_the_same_site(content, tmp_path, monkeypatch):
    taken = []
    take = ReadAhead.take

    def counted(self, path):
        read = take(self, path)
        taken.extend([path] if read is not None else [])
        return read

    monkeypatch.setattr(ReadAhead, "take", counted)
    ahead, alone = tmp_path / "ahead", tmp_path / "alone"
    assert build(content, ahead).returncode == 0
    assert taken, "no page was read by another process"
    assert build(content, alone, env={"READ_AHEAD": False}).returncode == 0
    assert differing_files(ahead, alone) == []
    assert differing_files(alone, ahead) == []


def test_a_page_read_ahead_is_what_pelican_would_read(content):
    readers, paths = readers_for(content), markdown_pages(content)
    ahead = started(readers, paths)
    try:
        assert ahead.take(paths[-1]) == readers.readers["md"].read(paths[-1])
    finally:
        ahead.close()


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
        assert ahead.claims[len(paths) - 1] == 2  # the process read it…
        assert ahead.take(paths[-1]) is None  # …and handed it back, for Pelican to report
    finally:
        ahead.close()


def test_a_build_lists_a_problem_found_in_a_page_read_ahead(content, tmp_path):
    """The whole way round: the problem is listed as a one-process build lists it."""
    for page in markdown_pages(content)[::3]:
        log_a_warning(Path(page))
    ahead = build(content, tmp_path / "ahead")
    alone = build(content, tmp_path / "alone", env={"READ_AHEAD": False})
    assert ahead.returncode == alone.returncode == 1
    assert ahead.stderr.count("Duplicate definition") == len(markdown_pages(content)[::3])
    assert sorted(ahead.stderr.splitlines()) == sorted(alone.stderr.splitlines())


def test_a_process_that_dies_leaves_its_pages_to_pelican(content, monkeypatch):
    monkeypatch.setattr(read_ahead, "_read_quietly", lambda readers, path: os._exit(1))
    readers, paths = readers_for(content), markdown_pages(content)
    ahead = started(readers, paths)
    try:
        assert [ahead.take(path) for path in paths] == [None] * len(paths)
    finally:
        ahead.close()


def test_a_build_that_stopped_half_way_stops_its_processes(content):
    readers = readers_for(content)
    paths = markdown_pages(content) * 40  # more than the processes read in a while
    ahead = started(readers, paths, processes=2)
    ahead.close()  # no page taken: as when Pelican failed after the first
    assert not any(process.is_alive() for process in ahead.processes)
    claims = list(ahead.claims)
    assert FREE not in claims  # what was left is Pelican's, not read in vain…
    assert claims.count(read_ahead.PELICAN) > len(paths) / 2  # …and that was most of it


def test_pages_fresh_in_the_content_cache_are_not_read_again(content, tmp_path, monkeypatch):
    planned = []
    plan = read_ahead.pages_to_read
    monkeypatch.setattr(read_ahead, "pages_to_read", lambda g: planned.append(plan(g)) or plan(g))
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(tmp_path / "c")}
    assert build(content, tmp_path / "cold", env=cache).returncode == 0
    touched = content / "pages" / "page-7.md"
    os.utime(touched, (time.time() + 5, time.time() + 5))
    assert build(content, tmp_path / "warm", env=cache).returncode == 0
    assert len(planned[0]) >= PAGES
    assert planned[1] == [str(touched)]
