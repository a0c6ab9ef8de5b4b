"""`make devserver`, the editor's loop: every rebuild lists its problems as
`make html` does, a fixed problem disappears, and the server keeps serving.

It runs the real target on a copy of the fixture site, edits a page as an
editor would, and reads what the one long-running process prints.
"""

from __future__ import annotations

import gc
import os
import queue
import signal
import socket
import subprocess
import threading
import time
import urllib.request
import weakref
from pathlib import Path

from pelican import Pelican, signals
from pelican.plugins.sitemap import sitemap
from pelican.settings import read_settings

from tests.sitebuild import ROOT, build, copy_fixture, run_make

BROKEN_LINK = "[x]({filename}/pages/nope.md)\n"
PROBLEM = "points at no file"
WAIT = 60  # seconds for one rebuild, at most: a bound, not a speed goal
SEEN = "Modified:"  # what Pelican prints when it sees a change and rebuilds


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Devserver:
    """`make devserver` in its own process group, its output read line by line."""

    def __init__(self, content: Path, output: Path) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                "make", "--no-print-directory", "-C", str(ROOT), "devserver",
                f"INPUTDIR={content}", f"OUTPUTDIR={output}", f"PORT={self.port}",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)

    def next_build(self, edit=None) -> str:
        """Everything printed up to the end of the next build ("… in N seconds").

        `edit` makes the change that starts it. Pelican starts watching for
        changes only after a build ends, so an edit made at that moment can go
        unseen: it is made again after every three quiet seconds until Pelican
        says it saw a change. (Not until anything at all is printed: on a busy
        machine the server's own first line can come after the first build.)
        """
        printed, deadline, quiet = [], time.monotonic() + WAIT, 0
        if edit:
            edit()
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                assert self.process.poll() is None, "devserver stopped:\n" + "".join(printed)
                quiet += 1
                if edit and not any(SEEN in line for line in printed) and quiet % 3 == 0:
                    edit()  # three quiet seconds: the change was not seen
                continue
            printed.append(line)
            if "draft pages in" in line:  # the end of Pelican's two-line summary
                return "".join(printed)
        raise AssertionError("no build finished in time:\n" + "".join(printed))

    def get(self, path: str) -> int:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=10) as r:
            return r.status

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=10)


def problem_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if PROBLEM in line]


def test_every_rebuild_reports_its_problems_and_the_server_keeps_serving(tmp_path):
    content = copy_fixture("minimal", tmp_path)
    page = content / "pages" / "topic.md"
    clean = page.read_text(encoding="utf-8")
    server = Devserver(content, tmp_path / "output")
    try:
        first = server.next_build()
        assert "search index is not rebuilt" in first
        assert not problem_lines(first)

        broken = server.next_build(lambda: page.write_text(clean + BROKEN_LINK, encoding="utf-8"))
        reported = problem_lines(broken)
        line = len(clean.splitlines()) + 1
        assert reported and reported[0].startswith(f"{os.path.relpath(page, ROOT)}:{line}: ")
        assert "—" in reported[0], "the message says how to fix it"
        assert "Traceback" not in broken
        assert server.get("") == 200, "the server stopped serving"

        # The same problem, word for word, as `make html` reports it.
        html = run_make("html", content=content, output=tmp_path / "html")
        assert html.returncode != 0
        assert problem_lines(html.stderr) == reported

        fixed = server.next_build(lambda: page.write_text(clean, encoding="utf-8"))
        assert not problem_lines(fixed), "a fixed problem is still reported"
        assert server.get("") == 200
    finally:
        server.stop()


def test_a_rebuild_gives_the_last_build_back_to_the_collector(tmp_path):
    """A build leaves its objects frozen, so that the process ends without
    walking them all. `make devserver` runs the same Pelican again for each
    change (Pelican's autoreload: no new Pelican, so no `initialized`); the
    rebuild must unfreeze them first, or the collector could never free any
    of them and each rebuild would keep the last one's pages."""
    content = copy_fixture("minimal", tmp_path)
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(content), "OUTPUT_PATH": str(tmp_path / "output")},
    )
    frozen_while_building: list[int] = []

    def count_frozen(generator) -> None:
        frozen_while_building.append(gc.get_freeze_count())

    try:
        pelican = Pelican(settings)
        pelican.run()
        assert gc.get_freeze_count() > 0, "the build left its objects to the collector"
        signals.generator_init.connect(count_frozen, weak=False)
        pelican.run()  # as autoreload does after a change
    finally:
        signals.generator_init.disconnect(count_frozen)
        gc.unfreeze()
    assert frozen_while_building and set(frozen_while_building) == {0}


def test_a_rebuild_keeps_none_of_the_last_builds_pages(tmp_path):
    """Pelican memoizes each page's text in a dict that lives as long as the
    process; the devserver's rebuilds would each keep the last one's pages."""
    content = copy_fixture("minimal", tmp_path)
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(content), "OUTPUT_PATH": str(tmp_path / "output")},
    )
    first_pages: list[weakref.ref] = []

    def remember(page) -> None:
        first_pages.append(weakref.ref(page))

    # pelican-sitemap queues each written page until its `finalized` handler
    # runs, which a build failed by --fatal never reaches: in this test
    # process, another test's failed build leaves it holding pages (and
    # waiting for that build's Pelican). `make devserver` has no --fatal.
    sitemap.generator.page_queue, sitemap.generator._main_pelican = [], None
    pelican = Pelican(settings)
    signals.content_object_init.connect(remember, weak=False)
    try:
        pelican.run()
    finally:
        signals.content_object_init.disconnect(remember)
    try:
        pelican.run()  # as autoreload does after a change
    finally:
        gc.unfreeze()
    gc.collect()
    assert first_pages, "the build read no page"
    kept = [ref() for ref in first_pages if ref() is not None]
    assert not kept, f"{len(kept)} pages of the last build are still alive: {kept[:3]}"


def test_a_first_build_leaves_what_it_started_with_out_of_the_collectors_walks(tmp_path):
    """The first build in a process freezes what exists before it (modules,
    settings, plugins: they last as long as the process), and the collector
    walks its youngest objects less often."""
    from plugins.guide import GC_NEW_OBJECTS

    content = copy_fixture("minimal", tmp_path)
    threshold = gc.get_threshold()
    made_before = [object()]  # a list: the collector tracks it
    seen: list[tuple[bool, int]] = []

    def look(generator) -> None:
        walked = any(obj is made_before for obj in gc.get_objects())
        seen.append((walked, gc.get_threshold()[0]))

    try:
        gc.unfreeze()
        gc.set_threshold(700, *threshold[1:])
        signals.generator_init.connect(look, weak=False)
        assert build(content, tmp_path / "output").returncode == 0
    finally:
        signals.generator_init.disconnect(look)
        gc.unfreeze()
        gc.set_threshold(*threshold)
    assert seen, "the build made no generator"
    assert all(not walked for walked, _ in seen), "what existed before is still walked"
    assert all(walks == GC_NEW_OBJECTS for _, walks in seen)
