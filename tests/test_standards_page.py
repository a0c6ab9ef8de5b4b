"""The standards page: every criterion classified, and every check it names real."""

from __future__ import annotations

import re

from tests.sitebuild import ROOT, text_of

PAGE = ROOT / "content" / "pages" / "standards.md"
STATUSES = ("Checked by the build:", "By policy:", "Not yet:")
NAMED = re.compile(r"`([^`]+)`")


def criterion_rows() -> list[tuple[str, str]]:
    """(criterion, how we meet it) for every row of the page's tables."""
    rows = []
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 2 and cells[0] not in ("Criterion", "---"):
            rows.append((cells[0], cells[1]))
    return rows


def test_every_criterion_says_how_it_is_met():
    rows = criterion_rows()
    assert len(rows) >= 40, f"only {len(rows)} criteria"
    for criterion, how in rows:
        assert how.startswith(STATUSES), f"{criterion!r}: {how[:40]!r} is none of {STATUSES}"


def test_every_check_the_page_names_still_exists():
    """A 'checked by the build' row names its checks; renaming or removing one
    must update the page, or the page would promise a check that is gone."""
    named = 0
    for criterion, how in criterion_rows():
        checks = NAMED.findall(how)
        if how.startswith(STATUSES[0]):
            assert checks, f"{criterion!r} is checked by the build but names no check"
        for check in checks:
            assert (ROOT / check).exists(), f"{criterion!r} names {check}, which does not exist"
            named += 1
    assert named >= 20


def test_the_page_is_built_and_linked_from_every_footer(site):
    page = site.pages["standards/index.html"]
    assert len(page.select("table")) == 5
    footer = site.pages["index.html"].select_one("footer")
    links = {text_of(a): a["href"] for a in footer.select("a")}
    assert links.get("Standards", "").rstrip("/").endswith("standards"), links
