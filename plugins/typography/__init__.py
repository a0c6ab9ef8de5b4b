"""Typogrify inside the Markdown reader, so Pelican's content cache keeps its work.

Pelican typogrifies a page (curly quotes, dashes, no lone last word) after
reading it, outside its content cache: a rebuild with the cache on spent a
third of its time typogrifying again pages that had not changed. Here the
Markdown reader typogrifies what it returns, the page's text, title and
summary, exactly as Pelican would (same options: TYPOGRIFY_OMIT_FILTERS,
TYPOGRIFY_IGNORE_TAGS, TYPOGRIFY_DASHES), so the cache holds the finished
text. pelicanconf.py turns Pelican's own pass off (TYPOGRIFY = False) and
this one on (TYPOGRAPHY = True).
"""

from __future__ import annotations

import smartypants
from pelican.readers import MarkdownReader
from typogrify.filters import typogrify

TYPOGRIFIED_METADATA = ("title", "summary")
# Pelican's dash styles (TYPOGRIFY_DASHES), as it sets them before typogrifying.
DASHES = {"oldschool": smartypants.Attr.set2, "oldschool_inverted": smartypants.Attr.set3}


class TypographicMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, returning typogrified text."""

    def read(self, source_path):
        content, metadata = super().read(source_path)
        # Pelican sets this before each of its passes; &quot; becomes a curly quote too.
        dashes = DASHES.get(self.settings["TYPOGRIFY_DASHES"], smartypants.Attr.set1)
        smartypants.Attr.default = dashes | smartypants.Attr.w
        if content:
            content = self._typogrify(content)
        for key in TYPOGRIFIED_METADATA:
            if key in metadata:
                metadata[key] = self._typogrify(metadata[key])
        return content, metadata

    def _typogrify(self, text: str) -> str:
        omit = dict.fromkeys(self.settings["TYPOGRIFY_OMIT_FILTERS"], False)
        return typogrify(text, self.settings["TYPOGRIFY_IGNORE_TAGS"], **omit)


def use_typographic_reader(readers) -> None:
    """Read Markdown with the typographic reader (when TYPOGRAPHY is on)."""
    if not readers.settings.get("TYPOGRAPHY"):
        return
    for extension in MarkdownReader.file_extensions:
        if readers.reader_classes.get(extension) is MarkdownReader:
            readers.reader_classes[extension] = TypographicMarkdownReader
