"""Wide tables that a reader can scroll with the keyboard too.

A table wider than a phone's screen scrolls sideways inside its own box, so
the page itself never does. A box that scrolls must be reachable from the
keyboard (WCAG 2.1.1; axe-core's scrollable-region-focusable) when nothing in
it takes focus, so each table written in Markdown is wrapped in a focusable
region named after its first header cell. Tables the theme draws (the option
grid, the chart's table) carry a class and lay themselves out for phones.
"""

from __future__ import annotations

import html
import re

from guidelib.plaintext import plain_text

PLAIN_TABLE = re.compile(r"<table>.*?</table>", re.DOTALL)
FIRST_HEADER = re.compile(r"<th\b[^>]*>(?P<text>.*?)</th>", re.DOTALL)


def _name(table: str) -> str:
    header = FIRST_HEADER.search(table)
    text = plain_text(header["text"]) if header else ""
    return f"Table: {text}" if text else "Table"


def wrap_tables(content) -> None:
    """Wrap each Markdown table in a focusable, named region that scrolls."""
    if "<table>" not in (content._content or ""):
        return

    def wrap(match: re.Match) -> str:
        name = html.escape(_name(match[0]), quote=True)
        return (
            f'<div class="app-table-scroll" role="region" aria-label="{name}" tabindex="0">'
            f"{match[0]}</div>"
        )

    content._content = PLAIN_TABLE.sub(wrap, content._content)
