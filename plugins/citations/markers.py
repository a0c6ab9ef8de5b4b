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

TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
TAG_NAME = re.compile(r"</?([a-zA-Z][\w-]*)")
# A citation, with the space before it: the superscript sits against the word.
GROUP = re.compile(r"(?:\s|&nbsp;|&#160;)*\[@[^\[\]]*\]")
KEY = r"[A-Za-z0-9_](?:[A-Za-z0-9_:.-]*[A-Za-z0-9_])?"  # Pandoc's key characters, no end dot
ITEM = re.compile(rf"^@(?P<key>{KEY})(?:\s*,\s*(?P<locator>\S.*))?$")
SPACES = re.compile(r"(?:&nbsp;|&#160;|&#xa0;|\xa0)", re.IGNORECASE)
UNPARSED_START = re.compile(r"\[@\S{0,30}")
SKIPPED_TAGS = {"code", "pre", "kbd", "samp", "script", "style"}


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
    scan = Scan("")
    out: list[str] = []
    skipping = 0  # depth inside <code>, <pre>…
    link_depth = 0
    after_link: list[str] = []

    def replace(match: re.Match) -> str:
        written = match.group(0)[match.group(0).index("[@") :]
        items = parse_group(written)
        if items is None:
            scan.malformed.append(written)
            return match.group(0)
        rendered = render(items)
        if link_depth:
            after_link.append(rendered)
            return ""
        return rendered

    for piece in TOKEN.split(html):
        if not piece:
            continue
        if piece.startswith("<"):
            out.append(piece)
            name_match = TAG_NAME.match(piece)
            name = name_match.group(1).lower() if name_match else ""
            closing = piece.startswith("</")
            if name in SKIPPED_TAGS and not piece.endswith("/>"):
                skipping += -1 if closing else 1
                skipping = max(skipping, 0)
            elif name == "a":
                link_depth = max(link_depth + (-1 if closing else 1), 0)
                if closing and not link_depth and after_link:
                    out.extend(after_link)
                    after_link.clear()
            continue
        if skipping or "[@" not in piece:
            out.append(piece)
            continue
        replaced = GROUP.sub(replace, piece)
        leftover = GROUP.sub("", piece)
        scan.malformed.extend(m.group(0) for m in UNPARSED_START.finditer(leftover))
        out.append(replaced)
    out.extend(after_link)
    scan.html = "".join(out)
    return scan
