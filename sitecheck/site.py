"""The built site as the checks see it: its file list, one page at a time, and
where each page came from.

The checker streams: `Site.scan` lists the built files without reading
them, and each HTML page is parsed, checked and dropped (`Site.read`), so
memory stays flat however large the site grows. Pages are parsed with lxml's
HTML parser and indexed in one pass (classes, ids, addresses), which is what
most checks ask for.

A check reports a `Finding`: what is wrong at which line of the built page,
and what text to look for in its Markdown source. `Site.place` turns it into
the `Problem` the editor reads, pointing at the Markdown line where the page
was written from Markdown (content/pages/side-effects.md, not
output/side-effects/index.html), as the build recorded it
(guidelib/page_sources.py).
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from lxml import etree

from guidelib import page_sources
from guidelib.lines import line_containing, metadata_line
from guidelib.problems import format_problem

# Plain lxml elements: lxml.html's element classes cost a Python call per element.
# No table of ids in libxml2: Page keeps its own list (repeats are a check).
HTML_PARSER = etree.HTMLParser(collect_ids=False)
ADDRESS_ATTRIBUTES = ("href", "src", "action")  # a form's action is a link too (the search box)
FAQ_ANSWER_ANCHOR = "app-faq__anchor"  # the id of an FAQ answer is its question's slug


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


@dataclass(frozen=True)
class Finding:
    """A problem seen in a built page, not yet placed in its Markdown source.

    `needles` are texts to look for in the source (a link's text, say), tried
    in turn; `key` marks a problem with the page as a whole, placed at that
    metadata line of the source ("" for its first line). `answer` is the FAQ
    answer the problem sits in, whose own Markdown file is the source.
    """

    page: str  # path inside output/, e.g. "side-effects/index.html"
    line: int  # in the HTML file
    what: str
    fix: str = ""
    needles: tuple[str, ...] = ()
    key: str | None = None
    answer: str = ""


class Landing(NamedTuple):
    """Where an internal address leads (a named tuple: a page has dozens, and a
    frozen dataclass is several times slower to make)."""

    target: str  # the built file, e.g. "faq/index.html"
    path: str  # the address's path as written, e.g. "../faq/"
    fragment: str  # after "#", as written


class Page:
    """One built HTML file, parsed and indexed in a single pass."""

    def __init__(self, name: str, path: Path, markup: bytes, tree) -> None:
        self.name = name  # path inside output/, e.g. "side-effects/index.html"
        self.path = path
        self.markup = markup  # the file as built: a byte search is cheaper than a tree walk
        self.tree = tree  # the <html> element
        self.kept: dict[str, object] = {}  # what checks keep of it for their site-wide part
        self.ids: list[str] = []  # in document order, repeats included
        self.addresses: list[tuple[object, str]] = []  # (element, href/src/action)
        self._by_class: dict[str, list] = {}
        for element in tree.iter(etree.Element):
            for attribute, value in element.items():  # one call: faster than .get()s
                if attribute == "class":
                    for class_name in value.split():
                        self._by_class.setdefault(class_name, []).append(element)
                elif attribute == "id":
                    self.ids.append(value)
                elif attribute in ADDRESS_ATTRIBUTES:
                    self.addresses.append((element, value.strip()))

    def find_class(self, name: str) -> list:
        """The elements with this class, in document order."""
        return self._by_class.get(name, [])

    def text(self, element) -> str:
        """The element's text, with runs of white space (and no-break spaces) folded."""
        raw = "".join(element.itertext()) if len(element) else element.text or ""
        return " ".join(raw.replace("\xa0", " ").split())

    def keep(self, check: str, value: object) -> None:
        """Keep `value` for the site-wide part of a check (it outlives the tree)."""
        self.kept[check] = value


@dataclass
class Site:
    output: Path
    siteurl: str = ""
    files: set[str] = field(default_factory=set)  # every built file, e.g. "theme/css/main.css"
    folders: set[str] = field(default_factory=set)
    pages: list[str] = field(default_factory=list)  # the HTML files, sorted
    shared: dict[str, object] = field(default_factory=dict)  # worked out once, before the pages
    # the built file a path names, per (folder, path, ends in "/"): see _target
    _targets: dict[tuple[str, str, bool], str] = field(default_factory=dict, repr=False)

    @classmethod
    def scan(cls, output: Path, *, siteurl: str = "") -> Site:
        """List the built site's files and folders; no page is read yet."""
        site = cls(output.resolve(), siteurl.rstrip("/"))
        # os.scandir, each folder's name carried down: os.walk, and
        # os.path.relpath for each folder, took twice as long.
        to_list = [(str(site.output), "")]  # (a folder, its name inside output/ + "/")
        while to_list:
            folder, prefix = to_list.pop()
            with os.scandir(folder) as entries:
                for entry in entries:
                    name = prefix + entry.name
                    if not entry.is_dir():
                        site.files.add(name)
                        continue
                    site.folders.add(name)
                    if not entry.is_symlink():  # as os.walk: listed, not followed
                        to_list.append((entry.path, name + "/"))
        site.pages = sorted(name for name in site.files if name.endswith(".html"))
        return site

    def landing(self, page: str, address: str) -> Landing | None:
        """Where `address`, on the built page `page`, leads in the built site;
        None when it leads elsewhere (another site, mailto:, tel:). An address
        under the production SITEURL counts as internal."""
        if self.siteurl and address.startswith(self.siteurl + "/"):
            address = "/" + address[len(self.siteurl) + 1 :]
        elif self.siteurl and address == self.siteurl:
            address = "/"
        parts = urlsplit(address)
        if parts.scheme or parts.netloc:
            return None
        path = parts.path
        if not path:
            return Landing(page, path, parts.fragment)  # "#section": this page
        base = "" if path.startswith("/") else page.rpartition("/")[0]  # its folder
        target = self._target(base, unquote(path).lstrip("/"), path.endswith("/"))
        return Landing(target, path, parts.fragment)

    def _target(self, base: str, relative: str, folder: bool) -> str:
        """The built file that `relative`, seen from the folder `base`, names
        (`folder`: the address ends in "/", so it names a folder's index.html).

        Kept per (folder, path): pages link to the same few pages. A path that
        climbs out of its folder to the top ("../faq/" from "side-effects/")
        is kept as seen from the top, so every page at that depth shares it."""
        depth = base.count("/") + 1 if base else 0
        if depth and relative.startswith("../" * depth):
            base, relative = "", relative[3 * depth :].lstrip("/")  # "..//x": "x"
        known = self._targets.get((base, relative, folder))
        if known is not None:
            return known
        target = posixpath.normpath(posixpath.join(base, relative))
        if target == ".":
            target = ""
        if folder or target == "" or target in self.folders:
            target = posixpath.join(target, "index.html") if target else "index.html"
        self._targets[base, relative, folder] = target
        return target

    def read(self, name: str) -> Page | None:
        """Parse one built page; None when it is empty (there is nothing to parse)."""
        path = self.output / name
        markup = path.read_bytes()
        tree = etree.fromstring(markup, HTML_PARSER)
        return None if tree is None else Page(name, path, markup, tree)

    # ------------------------------------------------------------ findings

    def problem(
        self, page: Page, element, what: str, fix: str = "", needle: str | tuple = ""
    ) -> Finding:
        """A problem at `element` of `page`. `needle` is text to look for in
        the Markdown source (a link's text, say), or several, tried in turn;
        without a match the HTML file and the element's line are given."""
        needles = tuple(n for n in ((needle,) if isinstance(needle, str) else needle) if n)
        line = getattr(element, "sourceline", None) or 1
        return Finding(page.name, line, what, fix, needles, answer=_faq_answer(element))

    def page_problem(self, page: Page | str, what: str, fix: str = "", key: str = "") -> Finding:
        """A problem with the page as a whole, placed at a metadata line of its source."""
        return Finding(page if isinstance(page, str) else page.name, 1, what, fix, key=key)

    def place(self, finding: Finding | Problem) -> Problem:
        """The problem an editor reads: at its Markdown line where there is one."""
        if isinstance(finding, Problem):
            return finding  # already placed (the HTML checker names its own lines)
        pages, answers = self._sources
        source = answers.get(finding.answer) if finding.answer else None
        if source is None:
            source = pages.get(finding.page)
        if source is not None:
            if finding.key is not None:
                line = metadata_line(source, finding.key) if finding.key else 1
                return Problem(str(source), line, finding.what, finding.fix)
            for needle in finding.needles:
                number = line_containing(source, needle, default=0)
                if number:
                    return Problem(str(source), number, finding.what, finding.fix)
        return Problem(str(self.output / finding.page), finding.line, finding.what, finding.fix)

    @cached_property
    def _sources(self) -> tuple[dict[str, Path], dict[str, Path]]:
        """(built page → its Markdown file, FAQ answer id → its Markdown file)."""
        return page_sources.read(self.output)


def _faq_answer(element) -> str:
    """The id of the FAQ answer (a <details>) that holds `element`, if any."""
    if element is None:
        return ""
    for details in element.iterancestors("details"):
        for inner in details.iter(etree.Element):
            if FAQ_ANSWER_ANCHOR in (inner.get("class") or "").split() and inner.get("id"):
                return inner.get("id")
    return ""
