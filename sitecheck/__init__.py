"""The site checker: reads the built site (output/) and its content, and
reports every problem an editor must fix before publishing.

Used by `make check` (an editor's report, see __main__.py) and by the test
suite, so both apply the same rules. Each check is a module with one job:

- links.py: internal links, anchors, http://, new tabs, mailto/tel, link
  text, pages nothing links to;
- disclaimers.py: the medical disclaimer and the dose note;
- citations.py: citation numbers, reference lists, raw [@key] text;
- review_dates.py: review dates present, in order, not lapsed;
- accessibility.py: language, headings, alt text, landmarks, ids, tables,
  form labels;
- reading_level.py: reading grade, sentence and paragraph length;
- validity.py: the Nu Html Checker (vnu.jar), run once over all pages.

The order of work, the same for every check (a module defines the parts it
needs):

1. `prepare(site)`: what the pages' checks need from the whole site first
   (the glossary's terms);
2. `check_page(site, page)`: each page, parsed, checked and dropped, so
   memory stays flat at any size; on a large site this process shares the
   pages with one per spare core. What a site-wide check needs of a page
   (its ids, where it links) the check keeps with `page.keep`;
3. `finish(site, kept)`: the site-wide part, from what was kept (anchors on
   other pages, pages nothing links to, the HTML checker's one run).

Findings are then placed at their Markdown lines (`Site.place`), from the
build's record of which Markdown file each page came from
(guidelib/page_sources.py), and sorted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from guidelib.shared_work import SharedWork, spare_cores
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
# Below this many pages, starting worker processes costs more than it saves.
PARALLEL_FROM = 200
# Pages taken at a time by a process: about 20 ms of work, so the process
# that finishes last keeps the others waiting no longer than that (an eighth
# of each process's share left one core idle for up to 0.13 s at 5,000
# pages), while taking them and sending back their results stays a small cost.
PAGES_PER_TASK = 16


def check_site(
    output: Path,
    *,
    siteurl: str = "",
    checks: Iterable = ALL_CHECKS,
    workers: int | None = None,
) -> list[Problem]:
    """Every problem in the built site, in a stable order (by place).

    Problems in pages built from Markdown point at the Markdown line, where
    the build left its record of where pages came from. `workers` is how many
    processes read pages (default: on a large site this one and one per spare
    core, else this one alone).
    """
    site = Site.scan(Path(output), siteurl=siteurl)
    if workers is None:
        workers = 1 + spare_cores() if len(site.pages) >= PARALLEL_FROM else 1
    return _problems(site, list(checks), workers)


def _problems(site: Site, checks: list, workers: int) -> list[Problem]:
    """The order of work (module docstring): prepare, each page, finish, place."""
    for check in checks:
        if hasattr(check, "prepare"):
            check.prepare(site)
    findings: list = []
    kept: dict[str, dict[str, object]] = {}
    for name, found, page_kept in _pages_checked(site, checks, workers):
        findings += found
        kept[name] = page_kept
    for check in checks:
        if hasattr(check, "finish"):
            mine = {name: values[check.__name__] for name, values in kept.items()
                    if check.__name__ in values}  # fmt: skip
            findings += check.finish(site, mine)
    return sorted({site.place(finding) for finding in findings}, key=Problem.sort_key)


def _pages_checked(site: Site, checks: list, workers: int) -> Iterator[tuple]:
    """(page, its findings, what checks kept of it), for every page.

    With more than one worker, this process checks pages from the first and
    `workers - 1` forked processes from the last (guidelib/shared_work.py),
    PAGES_PER_TASK pages at a time. A page whose check fails in a process is
    checked again here, so the failure is raised with its own traceback."""
    checks = [check for check in checks if hasattr(check, "check_page")]
    tasks = [
        site.pages[start : start + PAGES_PER_TASK]
        for start in range(0, len(site.pages), PAGES_PER_TASK)
    ]

    def check_task(number: int) -> list[tuple]:
        return [_check_one(site, checks, name) for name in tasks[number]]

    sharing = workers > 1 and len(tasks) > 1
    work = SharedWork(len(tasks), check_task, workers - 1) if sharing else None
    try:
        for number in range(len(tasks)):
            done = work.take(number) if work else None
            yield from check_task(number) if done is None else done
    finally:
        if work:
            work.close()


def _check_one(site: Site, checks: list, name: str) -> tuple[str, list, dict]:
    page = site.read(name)
    if page is None:
        fix = "rebuild (make html); if it stays empty, check its template"
        empty = site.page_problem(name, "the built page is empty", fix)
        return name, [empty], {}
    found = [finding for check in checks for finding in check.check_page(site, page)]
    return name, found, page.kept


__all__ = ["ALL_CHECKS", "FAST_CHECKS", "Problem", "Site", "check_site"]
