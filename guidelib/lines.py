"""Where something is in a content file: the one place that reads Markdown
sources to find a line for a message, or the `Key: value` header of a page.

File contents are cached for one build: a page is searched many times (every
citation, link and figure in it), but read once. `forget_sources` drops the
cache when a build ends, because `make devserver` builds again in the same
process after the editor changes a file.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

_HEADER_LINE = re.compile(r"^(?P<key>[A-Za-z][\w-]*)\s*:\s*(?P<value>.*)$")


@lru_cache(maxsize=4096)
def _source_lines(path: str) -> tuple[str, ...]:
    try:
        return tuple(Path(path).read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError):
        return ()


def source_lines(path: str | os.PathLike) -> tuple[str, ...]:
    """The file's lines (empty when it cannot be read), cached per build."""
    return _source_lines(str(path))


def forget_sources() -> None:
    """Drop cached file contents (at the end of every build)."""
    _source_lines.cache_clear()


def header(path: str | os.PathLike) -> dict[str, tuple[int, str]]:
    """The metadata header at the top of a file: key (lower case) → (line, value).

    The header ends at the first blank line.
    """
    found = {}
    for number, line in enumerate(source_lines(path), start=1):
        if not line.strip():
            break
        match = _HEADER_LINE.match(line)
        if match:
            found.setdefault(match["key"].lower(), (number, match["value"].strip()))
    return found


def metadata_line(path: str | os.PathLike, key: str) -> int:
    """Line number of `Key:` in the header; 1 when the key is missing, so a
    message still points at the header, where the missing line belongs."""
    return header(path).get(key.lower(), (1, ""))[0]


def line_containing(
    path: str | os.PathLike,
    text: str,
    default: int = 1,
    nth: int = 1,
    *,
    ignore_case: bool = False,
) -> int:
    """Line number of the nth line (1-based) that contains `text`.

    When there are fewer, the last one found; when there is none, `default`.
    """
    if ignore_case:
        text = text.lower()
    found = [
        number
        for number, line in enumerate(source_lines(path), 1)
        if text in (line.lower() if ignore_case else line)
    ]
    return found[min(nth, len(found)) - 1] if found else default


def first_body_line(path: str | os.PathLike) -> int:
    """The first line of text after the metadata header (1 if there is none)."""
    in_header = True
    for number, line in enumerate(source_lines(path), start=1):
        if in_header:
            in_header = bool(line.strip())
        elif line.strip():
            return number
    return 1
