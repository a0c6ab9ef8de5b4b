"""Give each page the list of its sections, for the 'On this page' contents.

Templates only present data (see GUIDE.md), so the list of `##` headings is
collected here, from the HTML the Markdown `toc` extension produced (it gives
every heading an `id`), and offered as `page.sections`: (id, text) pairs.
"""

from __future__ import annotations

import html
import re
from typing import NamedTuple

# Markdown's own output, so a regular expression is enough (and many times
# faster than an HTML parser, which matters on a 1,000-page site).
HEADING = re.compile(r"<h2\b[^>]*?\bid=\"(?P<id>[^\"]+)\"[^>]*>(?P<inner>.*?)</h2\s*>", re.DOTALL)
TAG = re.compile(r"<[^>]+>")


class Section(NamedTuple):
    id: str
    title: str


def find_sections(page_html: str, permalink_class: str = "") -> list[Section]:
    """The `<h2 id=…>` headings, without the permalink or citation markers in them."""
    leave_out = [r'<sup class="app-cite".*?</sup>']
    if permalink_class:
        leave_out.append(rf'<a\b[^>]*class="{re.escape(permalink_class)}"[^>]*>.*?</a>')
    noise = re.compile("|".join(leave_out), re.DOTALL)
    sections = []
    for match in HEADING.finditer(page_html or ""):
        text = html.unescape(TAG.sub("", noise.sub("", match["inner"])))
        sections.append(Section(match["id"], " ".join(text.split())))
    return sections


def add_sections(content) -> None:
    toc = content.settings["MARKDOWN"].get("extension_configs", {})
    permalink_class = toc.get("markdown.extensions.toc", {}).get("permalink_class", "headerlink")
    content.sections = find_sections(content._content, permalink_class)
