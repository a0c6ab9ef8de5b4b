"""Reading ahead: other processes read the pages Pelican will come to last.

Reading a page (Markdown, then Typogrify) is more than half of a cold build,
and Pelican reads one page after another on one core. When the pages
generator is made, the pages it will read (those not fresh in Pelican's
content cache) are listed in the order it reads them, and shared with a
process for each spare core (plugins/sharing): they read from the last page,
Pelican from the first, and when Pelican comes to a page a process has read
it takes that process's result instead of reading the page again.

The result is the reader's own `(text, metadata)`, exactly what Pelican's
content cache would keep (and the same pickling carries it). A page whose
reading logged, warned or failed in a process is read again by Pelican in
its turn, so every problem is reported as before. Small reads (a rebuild
with the cache, a small site) are not worth a fork: with few pages, or one
core, nothing changes (plugins/sharing).

READ_AHEAD (pelicanconf.py) turns this on.
"""

from __future__ import annotations

import os
from functools import cache

from pelican.generators import PagesGenerator
from pelican.readers import MarkdownReader
from pelican.utils import file_suffix

from plugins.sharing import shared

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
    """When the pages generator is made: list its pages to read, share them out."""
    global _reading
    if not isinstance(generator, PagesGenerator):
        return
    stop()  # `make devserver`: a build that failed half-way left its processes
    if not generator.settings.get("READ_AHEAD"):
        return
    paths = pages_to_read(generator)
    work = shared(len(paths), lambda number: read_here(generator.readers, paths[number]))
    if work:
        _reading = ReadAhead(paths, work)


def stop(*_) -> None:
    """When every page has been read."""
    global _reading
    if _reading:
        _reading.work.close()
        _reading = None


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
    """One build's pages to read, shared between Pelican and other processes."""

    def __init__(self, paths: list[str], work):
        self.number = {path: number for number, path in enumerate(paths)}
        self.work = work

    def take(self, path: str):
        """The page as a process read it, or None: Pelican reads it itself
        (and reads it itself if it asks again)."""
        number = self.number.pop(path, None)
        return None if number is None else self.work.take(number)


def read_here(readers, path: str):
    """In a process: read the page for real (this process has no read-ahead)."""
    global _reading
    _reading = None
    return readers.readers[file_suffix(path)].read(path)
