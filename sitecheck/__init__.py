"""The site checker: reads the built site (output/) and its content once, and
reports every problem an editor must fix before publishing.

Used by `make check` (an editor's report, see __main__.py) and by the test
suite, so both apply the same rules. Each check is a module with one job and
a `check(site)` function that yields Problems:

- links.py: internal links, anchors, http://, new tabs, mailto/tel, link
  text, pages nothing links to;
- disclaimers.py: the medical disclaimer and the dose note;
- citations.py: citation numbers, reference lists, raw [@key] text;
- review_dates.py: review dates present, in order, not lapsed;
- accessibility.py: language, headings, alt text, landmarks, ids, tables,
  form labels;
- reading_level.py: reading grade, sentence and paragraph length;
- validity.py: the Nu Html Checker (vnu.jar), run once over all pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pelican.settings import read_settings

from sitecheck import (
    accessibility,
    citations,
    disclaimers,
    links,
    reading_level,
    review_dates,
    validity,
)
from sitecheck.site import Problem, Site

FAST_CHECKS = [links, disclaimers, citations, review_dates, accessibility, reading_level]
ALL_CHECKS = [*FAST_CHECKS, validity]


def load_settings(settings_file: Path) -> dict:
    """The Pelican settings the site was built with, read as Pelican reads them
    (not imported), so the checker follows whichever settings file it is given."""
    return read_settings(str(settings_file))


def check_site(
    output: Path,
    content: Path | None = None,
    *,
    settings: dict | None = None,
    siteurl: str = "",
    checks: Iterable = ALL_CHECKS,
) -> list[Problem]:
    """Every problem in the built site, in a stable order (by place).

    With `content` and `settings` (from `load_settings`), problems in pages
    built from Markdown point at the Markdown line.
    """
    site = Site.load(
        Path(output), Path(content) if content else None, settings=settings, siteurl=siteurl
    )
    problems = [problem for check in checks for problem in check.check(site)]
    return sorted(set(problems), key=Problem.sort_key)


__all__ = ["ALL_CHECKS", "FAST_CHECKS", "Problem", "Site", "check_site", "load_settings"]
