"""How our plugins report a problem in the content: `path:line: what — fix`.

Not a Pelican plugin itself (it has no `register`): a small library the
plugins share, so every message an editor sees has the same shape and
points at the same kind of place. Problems are logged as errors; the
strict_build plugin turns them into a failed build.
"""

from __future__ import annotations

import logging
import os
import re
from functools import lru_cache
from pathlib import Path

logger = logging.getLogger("problems")

_METADATA_LINE = re.compile(r"^(?P<key>[A-Za-z][\w-]*)\s*:")


def display_path(path: str | os.PathLike) -> str:
    """The path as an editor would type it: relative to the current folder."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def format_problem(path: str | os.PathLike, line: int, what: str, fix: str = "") -> str:
    """One line: where, what is wrong and, when we know, how to fix it."""
    message = f"{display_path(path)}:{line}: {what}"
    return f"{message} — {fix}" if fix else message


def report(path: str | os.PathLike, line: int, what: str, fix: str = "") -> None:
    """Log a content problem; the build fails at its end (see strict_build)."""
    logger.error("%s", format_problem(path, line, what, fix))


@lru_cache(maxsize=4096)
def _source_lines(path: str) -> tuple[str, ...]:
    try:
        return tuple(Path(path).read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError):
        return ()


def source_lines(path: str | os.PathLike) -> tuple[str, ...]:
    """The file's lines (empty when it cannot be read), cached per build."""
    return _source_lines(str(path))


def metadata_line(path: str | os.PathLike, key: str) -> int:
    """Line number of `Key:` in the metadata header at the top of a file.

    Returns 1 when the key is missing, so a message still points at the
    header, where the missing line belongs.
    """
    for number, line in enumerate(source_lines(path), start=1):
        if not line.strip():
            break  # the header ends at the first blank line
        match = _METADATA_LINE.match(line)
        if match and match["key"].lower() == key.lower():
            return number
    return 1


def line_containing(path: str | os.PathLike, text: str, default: int = 1) -> int:
    """Line number of the first line that contains `text`."""
    for number, line in enumerate(source_lines(path), start=1):
        if text in line:
            return number
    return default


def forget_sources() -> None:
    """Drop cached file contents (between rebuilds of `make devserver`)."""
    _source_lines.cache_clear()
