"""Give each page the list of its sections, for the 'On this page' contents.

Templates only present data (see GUIDE.md), so the list of `##` headings is
collected here, from the HTML the Markdown `toc` extension produced (it gives
every heading an `id`), and offered as `page.sections`: (id, text) pairs.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import NamedTuple

from pelican import signals
from pelican.contents import Content


class Section(NamedTuple):
    id: str
    title: str


class _SectionFinder(HTMLParser):
    """Collects `<h2 id=…>` headings, leaving out the toc permalink text."""

    def __init__(self, permalink_class: str) -> None:
        super().__init__(convert_charrefs=True)
        self.permalink_class = permalink_class
        self.sections: list[Section] = []
        self._heading_id: str | None = None
        self._text: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "h2" and attributes.get("id"):
            self._heading_id, self._text = attributes["id"], []
        elif self._heading_id and tag == "a":
            classes = (attributes.get("class") or "").split()
            if self._skip_depth or self.permalink_class in classes:
                self._skip_depth += 1

    def handle_endtag(self, tag):
        if tag == "a" and self._skip_depth:
            self._skip_depth -= 1
        elif tag == "h2" and self._heading_id:
            title = " ".join("".join(self._text).split())
            self.sections.append(Section(self._heading_id, title))
            self._heading_id = None

    def handle_data(self, data):
        if self._heading_id and not self._skip_depth:
            self._text.append(data)


def find_sections(html: str, permalink_class: str = "") -> list[Section]:
    finder = _SectionFinder(permalink_class)
    finder.feed(html or "")
    finder.close()
    return finder.sections


def add_sections(content) -> None:
    if not isinstance(content, Content):
        return
    toc = content.settings["MARKDOWN"].get("extension_configs", {})
    permalink_class = toc.get("markdown.extensions.toc", {}).get("permalink_class", "headerlink")
    content.sections = find_sections(content._content, permalink_class)


def register() -> None:
    signals.content_object_init.connect(add_sections)
