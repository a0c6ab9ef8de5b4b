"""The built site, read once: every HTML page parsed, and where each came from.

Pages are parsed with lxml's HTML parser (fast enough to check a thousand
pages in well under the two seconds we allow) and keep their element line numbers, so a
problem can point at the line of the HTML file. Where the page was written
from a Markdown file, the problem points at that file instead: an editor
fixes content/pages/side-effects.md, not output/side-effects/index.html.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from lxml import etree

from guidelib.lines import line_containing, metadata_line
from guidelib.page_sources import faq_sources, page_sources
from guidelib.problems import format_problem

# Plain lxml elements: lxml.html's element classes cost a Python call per element.
HTML_PARSER = etree.HTMLParser()


@dataclass(frozen=True)
class Problem:
    """One thing to fix: where, what is wrong, and how to fix it."""

    path: str
    line: int
    what: str
    fix: str = ""

    def __str__(self) -> str:
        return format_problem(self.path, self.line, self.what, self.fix)

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.what)


@dataclass
class Page:
    """One built HTML file."""

    name: str  # path inside output/, e.g. "side-effects/index.html"
    path: Path
    tree: etree._Element  # the <html> element
    source: Path | None = None  # the Markdown file it was built from

    @cached_property
    def ids(self) -> set[str]:
        return set(self.tree.xpath("//@id"))

    @cached_property
    def _by_class(self) -> dict[str, list]:
        """Elements by class name, indexed in one pass (lxml's find_class is slow)."""
        index: dict[str, list] = {}
        for element in self.tree.xpath("//*[@class]"):
            for name in element.get("class").split():
                index.setdefault(name, []).append(element)
        return index

    def find_class(self, name: str) -> list:
        """The elements with this class, in document order."""
        return self._by_class.get(name, [])

    def text(self, element) -> str:
        return " ".join("".join(element.itertext()).replace("\xa0", " ").split())


@dataclass
class Site:
    output: Path
    content: Path | None
    siteurl: str = ""
    pages: dict[str, Page] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)  # every built file, e.g. "theme/css/main.css"
    folders: set[str] = field(default_factory=set)
    faq_sources: dict[str, Path] = field(default_factory=dict)  # answer id → file

    @classmethod
    def load(
        cls,
        output: Path,
        content: Path | None = None,
        *,
        settings: dict | None = None,
        siteurl: str = "",
    ) -> Site:
        """Read the built site; with `content` and its Pelican `settings`, also
        where each page came from."""
        site = cls(output.resolve(), content.resolve() if content else None, siteurl.rstrip("/"))
        sources = {}
        if site.content is not None and settings is not None:
            sources = page_sources(site.content, settings)
            site.faq_sources = faq_sources(site.content, settings)
        for path in site.output.rglob("*"):
            name = path.relative_to(site.output).as_posix()
            (site.folders if path.is_dir() else site.files).add(name)
        for path in sorted(site.output.rglob("*.html")):
            name = path.relative_to(site.output).as_posix()
            tree = etree.fromstring(path.read_bytes(), HTML_PARSER)
            site.pages[name] = Page(name, path, tree, sources.get(name))
        return site

    def problem(
        self, page: Page, element, what: str, fix: str = "", needle: str | tuple = ""
    ) -> Problem:
        """A problem at `element` of `page`, placed in its Markdown source when it can be.

        `needle` is text to look for in the source (a link's text, say), or
        several, tried in turn; the first line holding one is the line
        reported. Otherwise the HTML file and the element's line are given.
        """
        source = self._source_of(page, element)
        needles = [n for n in ((needle,) if isinstance(needle, str) else needle) if n]
        if source is not None:
            for text in needles:
                number = line_containing(source, text, default=0)
                if number:
                    return Problem(str(source), number, what, fix)
        line = getattr(element, "sourceline", None) or 1
        return Problem(str(page.path), line, what, fix)

    def page_problem(self, page: Page, what: str, fix: str = "", key: str = "") -> Problem:
        """A problem with the page as a whole, placed at a metadata line of its source."""
        if page.source is not None:
            line = metadata_line(page.source, key) if key else 1
            return Problem(str(page.source), line, what, fix)
        return Problem(str(page.path), 1, what, fix)

    def _source_of(self, page: Page, element) -> Path | None:
        if element is not None:
            for details in element.iterancestors("details"):
                anchors = details.xpath(".//*[contains(@class, 'app-faq__anchor')]/@id")
                if anchors and anchors[0] in self.faq_sources:
                    return self.faq_sources[anchors[0]]
        return page.source
