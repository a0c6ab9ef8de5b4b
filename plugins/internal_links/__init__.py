"""Report every `{filename}` or `{static}` link that points at no file, with its line.

Pelican's own warning ("Unable to find '…', skipping url replacement") names
neither the page nor the line, and leaves the literal `{filename}` text in the
HTML. We read the Markdown source instead, so the editor is told exactly where
the broken link is and which file was probably meant.
"""

from __future__ import annotations

import difflib
import os
import re

from guidelib.lines import source_lines
from guidelib.problems import report

LINK = re.compile(
    r"[{|](?P<kind>filename|static|attach)[}|](?P<target>[^\s)\"'<>#?]+)",
)


def _content_files(content_root: str) -> list[str]:
    files = []
    for folder, _, names in os.walk(content_root):
        for name in names:
            files.append(os.path.relpath(os.path.join(folder, name), content_root))
    return files


def _resolve(target: str, source_path: str, content_root: str) -> str:
    """Pelican's rule: '/x' is from the content root, 'x' is beside the source."""
    if target.startswith("/"):
        return os.path.normpath(os.path.join(content_root, target.lstrip("/")))
    return os.path.normpath(os.path.join(os.path.dirname(source_path), target))


def check_links(content) -> None:
    content_root = content.settings["PATH"]
    source = content.source_path
    for number, line in enumerate(source_lines(source), start=1):
        for match in LINK.finditer(line):
            resolved = _resolve(match["target"], source, content_root)
            if os.path.isfile(resolved):
                continue
            wanted = os.path.relpath(resolved, content_root)
            close = difflib.get_close_matches(wanted, _content_files(content_root), n=1)
            hint = f"did you mean '{{{match['kind']}}}/{close[0]}'?" if close else ""
            report(
                source,
                number,
                f"the link '{match.group(0)}' points at no file (looked for {wanted})",
                hint or "check the spelling; paths starting with / begin in content/",
            )
