"""Drawing ahead: other processes draw the pages Pelican will write last.

Drawing a page with the theme's templates is a third of a cold build and
most of a rebuild from the content cache, and Pelican writes one page after
another on one core. This writer holds back the pages generator's pages
until the generator has named them all (Pelican's `page_writer_finalized`),
then shares the drawing out (plugins/sharing): processes draw from the last
page, Pelican from the first. Every file is still written by Pelican's own
writer, in order, with Pelican's own signals (the sitemap listens to them);
only the text of a page a process drew is not drawn again. A page whose
drawing logged anything (a {filename} link that leads nowhere, say) or
failed is drawn again by Pelican in its turn, so it is reported as before.

With Pelican's content cache on, a page whose drawing cannot have changed
is neither drawn nor written again: the file the build writes over already
holds its text (plugins/drawn_pages), and only the others are shared out.

DRAW_AHEAD (pelicanconf.py) turns this on; with few pages, or one core,
nothing is forked (plugins/sharing).
"""

from __future__ import annotations

import io
import os

from pelican.contents import Page
from pelican.utils import sanitised_join
from pelican.writers import Writer

from plugins import drawn_pages
from plugins.sharing import shared

PAGINATED = {"articles", "dates", "paginated"}  # a call that may draw more than one file


class DrawingAheadWriter(Writer):
    """Pelican's writer, holding back the pages generator's pages (DRAW_AHEAD)."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.held: list[tuple] = []
        self.holding_their_text: set[str] = set()  # paths of pages kept from the last build

    def _open_w(self, filename, encoding, override=False):
        """A kept page's file already holds the very text it would be given: it
        is counted as written, and its inode changed as a write would change it
        (the Makefile keeps only files changed during the build), but it is not
        written again."""
        if filename in self.holding_their_text and not override:
            self.holding_their_text.discard(filename)
            if filename not in self._written_files and filename not in self._overridden_files:
                self._written_files.add(filename)
                os.utime(filename)
                return _Unwritten()
        return super()._open_w(filename, encoding, override)

    def write_file(self, name, template, context, *arguments, **options):
        page = options.get("page")
        if (
            self.settings.get("DRAW_AHEAD")
            and isinstance(page, Page)
            and not arguments  # as the pages generator calls it: options by name only
            and not PAGINATED & set(options)
        ):
            self.held.append((name, template, context, options))
            return
        super().write_file(name, template, context, *arguments, **options)

    def write_held(self) -> None:
        """Draw the pages held back, sharing the work out, and write them in order."""
        held, self.held = self.held, []
        kept = drawn_pages.texts_unchanged(self.settings, self.output_path, held)
        self.holding_their_text = {
            sanitised_join(self.output_path, name)
            for (name, *_), text in zip(held, kept, strict=True)
            if text is not None
        }
        to_draw = [number for number, text in enumerate(kept) if text is None]
        work = shared(len(to_draw), lambda turn: self._draw(*held[to_draw[turn]]))
        turns = {number: turn for turn, number in enumerate(to_draw)}
        try:
            for number, (name, template, context, options) in enumerate(held):
                text = kept[number]
                if text is None and work:
                    text = work.take(turns[number])
                drawn = _Drawn(template, text)
                super().write_file(name, drawn, context, **options)
                if drawn.text is not None:
                    drawn_pages.remember(name, drawn.text)
        finally:
            if work:
                work.close()

    def _draw(self, name, template, context, options) -> str | None:
        """In a process: the page's text, drawn by Pelican's writer, not written."""
        try:
            super().write_file(name, _Stop(template), context, **options)
        except _Stopped as stopped:
            return stopped.text
        return None  # nothing to draw (a page with no file to write)


def write_held(generator, writer) -> None:
    """Pelican's `page_writer_finalized`: every page is named, draw and write them."""
    if isinstance(writer, DrawingAheadWriter):
        writer.write_held()


class _Stopped(Exception):
    """Carries a page's text out of Pelican's writer before it writes the file."""

    def __init__(self, text: str):
        self.text = text


class _Stop:
    """A template that draws, then stops the writer with what it drew."""

    def __init__(self, template):
        self.template = template

    def render(self, context) -> str:
        raise _Stopped(self.template.render(context))


class _Unwritten(io.StringIO):
    """What a kept page's text is written to: nothing."""

    def write(self, text: str) -> int:
        return len(text)


class _Drawn:
    """A template whose text may be drawn already (by a process, or kept from the
    last build); it remembers the text it gave Pelican's writer."""

    def __init__(self, template, text: str | None):
        self.template, self.text = template, text

    def render(self, context) -> str:
        if self.text is None:
            self.text = self.template.render(context)
        return self.text
