"""Reading ahead: other processes read the pages Pelican will come to last.

Reading a page (Markdown, then Typogrify) is more than half of a cold build,
and Pelican reads one page after another on one core. When the pages
generator is made, the pages it will read (those not fresh in Pelican's
content cache) are listed in the order it reads them, and a process for each
spare core is forked: each takes the last page no one has taken yet, reads it
with the same reader, and sends back what it read. Pelican goes on from the
first page; when it comes to a page a process has taken, it takes that
process's result instead of reading the page again. Who reads which page is
settled under one lock, so a page is read once, and the build meets in the
middle.

The result is the reader's own `(text, metadata)`, exactly what Pelican's
content cache would keep (and the same pickling carries it). A page whose
reading logged anything, warned, or failed in another process is handed back
unread, and Pelican reads it itself in its turn: every problem is reported as
and when a one-process build reports it. A process that dies leaves its pages
to Pelican. Small reads (a rebuild with the cache, a small site) are not
worth a fork: below FEWEST_PAGES pages, or with one core, nothing changes.

READ_AHEAD (pelicanconf.py) turns this on.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import threading
import warnings
from functools import cache

from pelican.generators import PagesGenerator
from pelican.readers import MarkdownReader
from pelican.utils import file_suffix

FEWEST_PAGES = 16  # measured: below this, forking costs more than it saves
MOST_PROCESSES = 4
FREE, PELICAN = 0, 1  # a page's reader: nobody yet, Pelican; process k is 2 + k

_reading: ReadAhead | None = None  # the build's read-ahead, while it reads


class ReadingAhead:
    """Mixed into the Markdown reader: take a page another process has read."""

    def read(self, source_path):
        read = _reading.take(source_path) if _reading else None
        return read if read is not None else super().read(source_path)


def use_reading_ahead(readers) -> None:
    """Let the Markdown reader take pages read ahead (when READ_AHEAD is on)."""
    if not readers.settings.get("READ_AHEAD"):
        return
    for extension in MarkdownReader.file_extensions:
        reader_class = readers.reader_classes.get(extension)
        if reader_class and not issubclass(reader_class, ReadingAhead):
            readers.reader_classes[extension] = _reading_ahead(reader_class)


@cache
def _reading_ahead(reader_class: type) -> type:
    """READER_CLASS that takes pages read ahead (one class per reader, made once)."""
    return type(f"ReadAhead{reader_class.__name__}", (ReadingAhead, reader_class), {})


def start(generator) -> None:
    """When the pages generator is made: list its pages to read, fork the readers."""
    global _reading
    if not isinstance(generator, PagesGenerator):
        return
    stop()  # `make devserver`: a build that failed half-way left its readers
    if not generator.settings.get("READ_AHEAD"):
        return
    if "fork" not in multiprocessing.get_all_start_methods():
        return
    paths = pages_to_read(generator)
    processes = min(_cores() - 1, MOST_PROCESSES)
    if len(paths) < FEWEST_PAGES or processes < 1:
        return
    _reading = ReadAhead(generator.readers, paths, processes)


def stop(*_) -> None:
    """At the end of a build (and before the next one, in `make devserver`)."""
    global _reading
    if _reading:
        _reading.close()
        _reading = None


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))  # the cores this process may use
    return os.cpu_count() or 1


def pages_to_read(generator) -> list[str]:
    """The pages' full paths, in the order the pages generator will read them,
    less those Pelican's content cache holds unchanged."""
    settings, readers = generator.settings, generator.readers
    found = generator.get_files(settings["PAGE_PATHS"], exclude=settings["PAGE_EXCLUDES"])
    paths = [os.path.abspath(os.path.join(generator.path, name)) for name in found]
    return [
        path
        for path in paths
        if isinstance(readers.readers.get(file_suffix(path)), ReadingAhead)
        and readers.get_cached_data(path, None) is None
    ]


class ReadAhead:
    """The pages of one build and who reads each: Pelican or a process."""

    def __init__(self, readers, paths: list[str], processes: int):
        context = multiprocessing.get_context("fork")
        self.number = {path: number for number, path in enumerate(paths)}
        self.claims = context.Array("b", len(paths))  # FREE, PELICAN or 2 + process
        self.arrived: dict[int, bytes | None] = {}
        self.finished: set[int] = set()
        self.news = threading.Condition()
        self.processes, self.listeners = [], []
        ends = [context.Pipe(duplex=False) for _ in range(processes)]
        for index, (_, sending) in enumerate(ends):
            process = context.Process(
                target=_read_from_the_end,
                args=(readers, paths, self.claims, 2 + index, sending),
                daemon=True,
            )
            process.start()
            self.processes.append(process)
        for index, (receiving, sending) in enumerate(ends):
            sending.close()  # only the process writes; its end closes when it exits
            listener = threading.Thread(target=self._listen, args=(index, receiving), daemon=True)
            listener.start()
            self.listeners.append(listener)

    def take(self, path: str):
        """The page as a process read it, or None: Pelican reads it itself."""
        number = self.number.get(path)
        if number is None:
            return None
        with self.claims.get_lock():
            reader = self.claims[number]
            if reader == FREE:
                self.claims[number] = PELICAN
        if reader in (FREE, PELICAN):
            return None
        with self.news:
            self.news.wait_for(lambda: number in self.arrived or reader - 2 in self.finished)
            read = self.arrived.pop(number, None)
        return pickle.loads(read) if read else None

    def _listen(self, index: int, receiving) -> None:
        """Collect one process's pages as they come, so it never waits on a full pipe."""
        try:
            while True:
                number, read = pickle.loads(receiving.recv_bytes())
                with self.news:
                    self.arrived[number] = read
                    self.news.notify_all()
        except (EOFError, OSError):
            pass  # the process has finished (or died: Pelican reads what it held)
        finally:
            receiving.close()
            with self.news:
                self.finished.add(index)
                self.news.notify_all()

    def close(self) -> None:
        with self.claims.get_lock():  # a build that stopped half-way: stop them too
            for number in range(len(self.claims)):
                if self.claims[number] == FREE:
                    self.claims[number] = PELICAN
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():  # a build that stopped half-way left it waiting
                process.terminate()
                process.join()
        for listener in self.listeners:
            listener.join()


def _read_from_the_end(readers, paths, claims, me: int, sending) -> None:
    """In a forked process: take the last page nobody has, read it, send it."""
    global _reading
    _reading = None  # read for real here, not from the store
    _keep_quiet()
    for number in range(len(paths) - 1, -1, -1):
        with claims.get_lock():
            if claims[number] != FREE:
                if claims[number] == PELICAN:
                    break  # Pelican has come this far: the rest is its
                continue  # another process has it
            claims[number] = me
        sending.send_bytes(pickle.dumps((number, _read_quietly(readers, paths[number]))))
    sending.close()


class _Heard(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


_heard = _Heard()


def _keep_quiet() -> None:
    """Nothing printed here: what a page's reading says, Pelican says again."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(_heard)


def _read_quietly(readers, path: str) -> bytes | None:
    """The pickled `(text, metadata)`, or None if reading it said anything."""
    _heard.records.clear()
    try:
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            read = readers.readers[file_suffix(path)].read(path)
        if warned or _heard.records:
            return None
        return pickle.dumps(read)
    except Exception:  # noqa: BLE001 — Pelican reads it again and reports it
        return None
