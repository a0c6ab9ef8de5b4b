"""How the guide reports a problem: `path:line: what — fix`.

Every message an editor sees, from the build, the site checker or the link
checker, has this shape and points at the same kind of place. Problems found
during a build are logged as errors; the strict_build step turns them into
a failed build.
"""

from __future__ import annotations

import logging
import os

from guidelib.lines import metadata_line

logger = logging.getLogger("problems")


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


def report_metadata(path: str | os.PathLike, key: str, what: str, fix: str = "") -> None:
    """Report a problem with a metadata field, at its line in the file's header
    (at line 1, where it belongs, when the field is missing)."""
    report(path, metadata_line(path, key), what, fix)
