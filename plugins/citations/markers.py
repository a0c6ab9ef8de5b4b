"""Find Pandoc-style citations (`[@key]`, `[@a; @b, p. 5]`) in a page's HTML.

We read the HTML that Markdown produced rather than the Markdown itself, so
citations work wherever Markdown puts text (lists, tables, block quotes,
care cards, link text) and code spans and blocks are skipped for free: their
text sits inside <code> or <pre>. Markup inside tags (an e-mail address in
an href, say) is never read as a citation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

# One pass over the page's HTML, left to right. Each alternative is a thing
# to leave alone or to act on; whichever starts first wins.
CITE = r"(?P<cite>(?:\s|&nbsp;|&#160;)*\[@[^\[\]<>]*\])"  # with the space before it
STRAY = r"(?P<stray>\[@[^\s<]{0,30})"  # "[@" that starts no well-formed citation
SCANNER = re.compile(
    r"(?=[<\[\s&])(?:"  # cheap first-character test: most positions fail here
    r"(?P<skip><(?P<tag>code|pre|kbd|samp|script|style)\b[^>]*>.*?</(?P=tag)\s*>)"
    r"|(?P<link><a\b[^>]*>.*?</a\s*>)"
    r"|(?P<attribute><[^>]*\[@[^>]*>)"  # "[@" inside a tag's attributes is not text
    rf"|{CITE}|{STRAY})",
    re.DOTALL | re.IGNORECASE,
)
IN_LINK = re.compile(rf"{CITE}|{STRAY}")
KEY = r"[A-Za-z0-9_](?:[A-Za-z0-9_:.-]*[A-Za-z0-9_])?"  # Pandoc's key characters, no end dot
ITEM = re.compile(rf"^@(?P<key>{KEY})(?:\s*,\s*(?P<locator>\S.*))?$")
SPACES = re.compile(r"(?:&nbsp;|&#160;|&#xa0;|\xa0)", re.IGNORECASE)


@dataclass(frozen=True)
class CiteItem:
    key: str
    locator: str = ""


@dataclass
class Scan:
    """What was found: the rewritten HTML and any text that looked like a citation but was not."""

    html: str
    malformed: list[str] = field(default_factory=list)


def parse_group(raw: str) -> list[CiteItem] | None:
    """`[@a; @b, p. 5]` → its items, or None when it does not parse."""
    inner = SPACES.sub(" ", raw[1:-1])
    items = []
    for part in inner.split(";"):
        match = ITEM.match(part.strip())
        if not match:
            return None
        items.append(CiteItem(match["key"], (match["locator"] or "").strip()))
    return items


def rewrite_citations(html: str, render: Callable[[list[CiteItem]], str]) -> Scan:
    """Replace each citation outside code by `render(items)`.

    A citation inside a link's text is moved to just after the link, since a
    link inside a link is not allowed.
    """
    scan = Scan(html)
    if "[@" not in html:
        return scan

    def marker(match: re.Match) -> str | None:
        """The marker for a well-formed citation; None for anything else."""
        written = match["stray"] or match["cite"][match["cite"].index("[@") :]
        items = None if match["stray"] else parse_group(written)
        if items is None:
            scan.malformed.append(written)
            return None
        return render(items)

    def visit(match: re.Match) -> str:
        if match["skip"] or match["attribute"]:
            return match.group(0)
        if match["link"]:
            if "[@" not in match["link"]:
                return match.group(0)
            moved: list[str] = []

            def keep_aside(inner: re.Match) -> str:
                rendered = marker(inner)
                if rendered is None:
                    return inner.group(0)
                moved.append(rendered)
                return ""

            return IN_LINK.sub(keep_aside, match["link"]) + "".join(moved)
        rendered = marker(match)
        return match.group(0) if rendered is None else rendered

    scan.html = SCANNER.sub(visit, html)
    return scan
