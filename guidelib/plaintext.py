"""HTML as the plain text a reader sees, without citation numbers.

Every place that turns page HTML into text uses this, so they agree. The FAQ plugin
counts an answer's words with it; structured data (FAQPage answers,
MedicalWebPage names and descriptions) gives search engines this text, which
must match what the page shows, with no "[@key]" markers, superscript
numbers or HTML entities in it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser

WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
# Elements whose text ends a block: keep their words apart.
BLOCKS = {"p", "li", "ul", "ol", "div", "br", "dd", "dt", "blockquote", "table", "tr"}


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0  # depth inside a citation marker

    def handle_starttag(self, tag, attrs):
        if self.skipping or (tag == "sup" and "app-cite" in (dict(attrs).get("class") or "")):
            self.skipping += tag == "sup"
        if tag in BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if self.skipping and tag == "sup":
            self.skipping -= 1
        if tag in BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


@lru_cache(maxsize=8192)  # a source's reference text recurs on every page citing it
def plain_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html or "")
    parser.close()
    text = " ".join("".join(parser.parts).replace("\xa0", " ").split())
    return re.sub(r"\s+([.,;:!?)])", r"\1", text)


def word_count(text: str) -> int:
    return len(WORD.findall(text))
