"""Minify the checked site's HTML (minify-html) and CSS (rcssmin), and prove nothing changed.

HTML: minify-html (PyPI `minify-html`, pinned), run conservatively:

- closing tags and the `<html>`/`<head>` opening tags are kept, attribute
  values stay spec-compliant and the doctype is left alone, so the pages
  stay valid HTML (the Nu Html Checker passed them just before);
- scripts are not minified: the JSON-LD blocks and `search.js` stay as written;
- nothing under `pagefind/` is touched: Pagefind ships its own files.

CSS: rcssmin, which only removes comments and white space. minify-html's
CSS step (lightningcss) was tried first and rewrites more than that: it
turned `@media (min-width: 40rem)` into `@media (width>=40rem)`, a syntax
Safari before 16.4 does not know, so older iPhones would drop the whole
block; its Python binding cannot be told which browsers to support. The
rewriting saved 16 bytes of the stylesheet's 2.8 kB gzip over rcssmin.

The site checks ran on the unminified pages, so every minified page is
compared with the page that was checked, as a reader's browser would see
both: the same elements with the same attributes (HTML defaults that
minify-html drops, such as `method="get"`, count as present), the same text
(whitespace compared as a browser collapses it: a space between two words
or two links must survive, a line break between two paragraphs or two form
controls need not), the same scripts, and JSON-LD that still parses. A page
that differs stops the publish build instead of reaching readers.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import minify_html
import rcssmin

PAGE_OPTIONS = {
    "keep_closing_tags": True,
    "keep_html_and_head_opening_tags": True,
    "minify_css": False,  # no inline styles (the CSP forbids them); and see CSS above
    "minify_js": False,
}
SKIPPED_FOLDERS = {"pagefind"}

# Attributes minify-html leaves out because their value is the HTML default.
DEFAULT_VALUES = {
    ("form", "method"): "get",
    ("button", "type"): "submit",
    ("input", "type"): "text",
    ("script", "type"): "text/javascript",
    ("style", "type"): "text/css",
    ("link", "type"): "text/css",
}
# Elements laid out as blocks by default: whitespace at their edges is not
# shown, so minify-html may drop it. Every other element is treated as inline.
BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "br", "caption", "col", "colgroup",
    "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html",
    "legend", "li", "link", "main", "menu", "meta", "nav", "ol", "optgroup", "option", "p",
    "pre", "script", "search", "section", "select", "style", "summary", "table", "tbody", "td",
    "template", "textarea", "tfoot", "th", "thead", "title", "tr", "ul",
}  # fmt: skip
# Form controls are read as controls, by their own name, never run into the
# words beside them; minify-html drops whitespace between them in a <form>.
CONTROLS = {"button", "input", "select", "textarea"}
EDGES = BLOCKS | CONTROLS
BREAK = "\x00"  # marks a block edge in the reader's text
COLLAPSIBLE = re.compile(f"[ \t\n\r\f{BREAK}]+")


def minify_page(html: str) -> str:
    return minify_html.minify(html, **PAGE_OPTIONS)


def minify_css(css: str) -> str:
    return rcssmin.cssmin(css)


class ReaderView(HTMLParser):
    """What a page gives a browser: its elements, its text as shown, its scripts."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[str, str]] = []  # (type, text)
        self.declarations: list[str] = []
        self._text: list[str] = []
        self._svg_depth = 0
        self._script: tuple[str, list[str]] | None = None  # (type, text) while in a <script>
        self.feed(html)
        self.close()

    @property
    def text(self) -> str:
        joined = "".join(self._text)
        return COLLAPSIBLE.sub(lambda run: BREAK if BREAK in run[0] else " ", joined).strip(
            " " + BREAK
        )

    def _edge(self, tag: str) -> None:
        # Inside an SVG every element is placed by coordinates, not by text flow.
        if tag in EDGES or self._svg_depth:
            self._text.append(BREAK)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Values compared with white space folded, as minify-html folds it in
        # lists (class) and in `content` ("width=device-width,initial-scale=1").
        values = {name: " ".join((value or "").split()) for name, value in attrs}
        values = {
            name: re.sub(r" ?, ?", ",", value) if name == "content" else value
            for name, value in values.items()
        }
        for (element, name), default in DEFAULT_VALUES.items():
            if tag == element:
                values.setdefault(name, default)
        self.elements.append((tag, values))
        if tag == "svg":
            self._svg_depth += 1
        self._edge(tag)
        if tag == "script":
            self._script = (values["type"], [])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        self._edge(tag)
        if tag == "script" and self._script is not None:
            kind, text = self._script
            self.scripts.append((kind, "".join(text)))
            self._script = None
        if tag == "svg" and self._svg_depth:
            self._svg_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script[1].append(data)
        else:
            self._text.append(data)

    def handle_decl(self, decl: str) -> None:
        self.declarations.append(decl.lower())


def _first_difference(before: str, after: str) -> str:
    at = next((i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b), None)
    at = min(len(before), len(after)) if at is None else at

    def around(text: str) -> str:
        return repr(text[max(0, at - 30) : at + 30].replace(BREAK, " | "))

    return f"{around(before)} became {around(after)}"


def differences(checked: str, minified: str) -> list[str]:
    """How the minified page would read differently from the checked one (none, we hope)."""
    before, after = ReaderView(checked), ReaderView(minified)
    found = []
    if before.declarations != after.declarations:
        found.append(f"the doctype {before.declarations} became {after.declarations}")
    if len(before.elements) != len(after.elements):
        found.append(f"{len(before.elements)} elements became {len(after.elements)}")
    else:
        for old, new in zip(before.elements, after.elements, strict=True):
            if old != new:
                found.append(f"<{old[0]} {old[1]}> became <{new[0]} {new[1]}>")
                break
    if before.text != after.text:
        found.append(f"the text changed: {_first_difference(before.text, after.text)}")
    if before.scripts != after.scripts:
        found.append("a script changed")
    for kind, text in after.scripts:
        if kind == "application/ld+json":
            try:
                json.loads(text)
            except json.JSONDecodeError as error:
                found.append(f"its JSON-LD no longer parses ({error})")
    return found


def minify_site(folder: Path) -> tuple[list[str], dict[str, int]]:
    """Minify every HTML and CSS file in place; return problems and bytes before/after."""
    problems: list[str] = []
    sizes = {"before": 0, "after": 0}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if not path.is_file() or relative.parts[0] in SKIPPED_FOLDERS:
            continue
        if path.suffix not in (".html", ".css"):
            continue
        original = path.read_text(encoding="utf-8")
        minified = minify_page(original) if path.suffix == ".html" else minify_css(original)
        if path.suffix == ".html":
            problems += [
                f"{relative.as_posix()}: minifying changed the page: {what}"
                for what in differences(original, minified)
            ]
        sizes["before"] += len(original.encode("utf-8"))
        sizes["after"] += len(minified.encode("utf-8"))
        path.write_text(minified, encoding="utf-8")
    return problems, sizes
