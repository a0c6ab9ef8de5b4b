"""Key points: the short box at the top of each guide page (NHS pattern).

A reader who reads nothing else must still leave with what matters. An editor
opens the page's text with a `## Key points` heading and a list of 3 to 5
bullets, each citing its source; this step checks that, takes the list out of
the page body and offers it as `page.key_points` (the bullets' HTML), which
the theme shows in a box under the summary (components/key_points.html).

Every topic page in the guide's reading order must have the box; any other
page may. It runs after citations, so the bullets carry their numbered
citations, and before the page outline, so "Key points" is not listed under
"On this page".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pelican.contents import Page

from guidelib.lines import first_body_line, source_lines
from guidelib.problems import report

HEADING = "Key points"
FEWEST, MOST = 3, 5
HOW_TO_ADD = (
    f"start the page's text with '## {HEADING}' and {FEWEST} to {MOST} bullets ('- …'),"
    " each citing its source, e.g. [@cohen2018]"
)
# The heading and the list right after it, as Markdown writes them.
BOX = re.compile(r'<h2 id="key-points"[^>]*>.*?</h2>\s*<ul>(?P<items>.*?)</ul>\s*', re.DOTALL)
ITEM = re.compile(r"<li>(?P<item>.*?)</li>", re.DOTALL)
BULLET = re.compile(r"^[-*+]\s+")
CITATION = re.compile(r"\[@")


@dataclass
class Bullet:
    line: int
    text: str


def _source_box(lines: tuple[str, ...]) -> tuple[int, list[Bullet]] | None:
    """The `## Key points` heading's line and its bullets, read from the Markdown
    source (for line numbers); None when the page has no such heading."""
    heading = next((n for n, line in enumerate(lines, 1) if line.strip() == f"## {HEADING}"), None)
    if heading is None:
        return None
    bullets: list[Bullet] = []
    for number in range(heading + 1, len(lines) + 1):
        line = lines[number - 1]
        if BULLET.match(line):
            bullets.append(Bullet(number, line))
        elif bullets and line.startswith((" ", "\t")) and line.strip():
            bullets[-1].text += " " + line.strip()  # a bullet continued on the next line
        elif line.strip():
            break  # the list has ended, or there was none under the heading
    return heading, bullets


def _check(page: Page, required: bool) -> bool:
    """Report what is wrong with the page's key points; True when the box can be shown."""
    path = page.source_path
    found = _source_box(source_lines(path))
    if found is None:
        if required:
            report(path, first_body_line(path), "this guide page has no key points", HOW_TO_ADD)
        return False
    heading, bullets = found
    ok = True
    if heading != first_body_line(path):
        report(
            path,
            heading,
            f"'## {HEADING}' is not at the start of the page's text",
            "move the heading and its bullets above everything else in the text",
        )
        ok = False
    if not FEWEST <= len(bullets) <= MOST:
        report(
            path,
            heading,
            f"the key points have {len(bullets)} bullets",
            f"keep {FEWEST} to {MOST}: what a reader who reads nothing else must know",
        )
        ok = False
    for bullet in bullets:
        if not CITATION.search(bullet.text):
            report(
                path,
                bullet.line,
                "this key point cites no source",
                "add the citation that backs it, e.g. [@cohen2018]",
            )
            ok = False
    return ok


def take_key_points(content) -> None:
    """Check the page's key points and move them from its body to `page.key_points`."""
    content.key_points = []
    if not isinstance(content, Page):
        return
    if not _check(content, required=getattr(content, "in_guide", False)):
        return
    match = BOX.search(content._content or "")
    if match is None:
        return
    content.key_points = [item["item"].strip() for item in ITEM.finditer(match["items"])]
    content._content = content._content[: match.start()] + content._content[match.end() :]
