"""Fail the build on any warning or error, after listing every one as `path:line`.

Why not Pelican's `--fatal warnings` alone: it stops at the first warning and
prints a Python traceback, so an editor fixes one mistake per build and reads
a stack dump. When the flag is given (`make html`, `make publish`, the tests)
this plugin keeps its promise, a non-zero exit, but lets the build run to its
end so that every problem is listed, each in our `path:line: what — fix`
shape. Without the flag (`make devserver`) problems are listed the same way
and the server keeps running.
"""

from __future__ import annotations

import logging
import os
import sys

from pelican.log import FatalLogger

from guidelib.lines import header
from guidelib.problems import format_problem

SUPERSEDED = {
    # internal_links names the file and line of every broken {filename} link.
    "Unable to find '%s', skipping url replacement.",
}


def _rewrite_skipped(record: logging.LogRecord, content_path: str) -> str:
    source, field = record.args
    return format_problem(
        str(source),
        1,
        f"the page has no '{field.capitalize()}' metadata, so Pelican skipped it",
        f"add a line '{field.capitalize()}: …' to the header at the top of the file",
    )


def _rewrite_unreadable(record: logging.LogRecord, content_path: str) -> str:
    (relative,) = record.args
    source = os.path.join(content_path, relative)
    # Pelican logs this inside its `except` block without the exception's
    # text; the exception being handled is still there to read.
    error = sys.exc_info()[1]
    reason = str(error) if error else "unknown error"
    line = next(
        (number for number, value in header(source).values() if value and value in reason), 1
    )
    return format_problem(
        source,
        line,
        f"Pelican could not read this file: {reason}",
        "check the metadata lines at the top (dates are written YYYY-MM-DD)",
    )


REWRITES = {
    "Skipping %s: could not find information about '%s'": _rewrite_skipped,
    "Could not process %s": _rewrite_unreadable,
}


class ProblemLog(logging.Filter):
    """Sits on the log handlers: rewrites, counts and lets problems through."""

    def __init__(self) -> None:
        super().__init__()
        self.content_path = ""
        self.fail_level = FatalLogger.fatal_lvl
        self.problems: list[tuple[int, str]] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING or getattr(record, "_counted", False):
            return True
        if record.msg in SUPERSEDED:
            return False
        rewrite = REWRITES.get(record.msg) if isinstance(record.msg, str) else None
        text = rewrite(record, self.content_path) if rewrite else record.getMessage()
        record.msg, record.args, record._counted = "%s", (text,), True
        self.problems.append((record.levelno, text))
        return True


problem_log = ProblemLog()


def start(pelican) -> None:
    """Take over from --fatal: remember the level it asked for, then defer it."""
    if FatalLogger.fatal_lvl <= logging.CRITICAL:
        problem_log.fail_level = FatalLogger.fatal_lvl
        FatalLogger.fatal_lvl = logging.CRITICAL + 1
    problem_log.content_path = pelican.settings["PATH"]
    # A build that crashed never reached finish(); its problems are not this build's.
    problem_log.problems.clear()
    root = logging.getLogger()
    if not root.handlers:
        # `--log-handler plain` leaves the root logger without a handler
        # (Python's last-resort printer is used); give it a plain one we can filter.
        plain = logging.StreamHandler()
        plain.setFormatter(logging.Formatter("%(message)s"))
        root.addHandler(plain)
    for handler in root.handlers:
        if problem_log not in handler.filters:
            handler.addFilter(problem_log)


def finish(pelican) -> None:
    """After the build: fail it if anything at the --fatal level was logged."""
    failing = [text for level, text in problem_log.problems if level >= problem_log.fail_level]
    problem_log.problems.clear()
    if failing:
        count = len(failing)
        noun = "problem" if count == 1 else "problems"
        sys.exit(f"Build failed: {count} {noun} listed above.")
