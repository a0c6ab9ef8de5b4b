"""`make bench`'s synthetic site: it must build and pass the checks like a real
one, or the bench would time a failed build (it once did, for weeks, after
`Published:` became required), and the checker must find exactly the broken
links the bench plants. Plain Pelican, the bench's yardstick, must write every
page of it too (it once stopped at our FAQ page's template)."""

from __future__ import annotations

import subprocess

from bench.run import (
    PLANTED,
    Site,
    edit_text,
    goals,
    measure_growth,
    plain_pelican,
    plant_broken_links,
)
from bench.synthetic_site import write_site
from sitecheck import FAST_CHECKS, check_site
from tests.sitebuild import run_make


def test_the_synthetic_site_builds_passes_the_checks_and_finds_what_is_planted(tmp_path):
    content = write_site(40, tmp_path)
    output = tmp_path / "output"
    result = run_make("html", content=content, output=output)  # as the bench builds it
    assert result.returncode == 0, result.stderr
    assert check_site(output, checks=FAST_CHECKS) == []

    plant_broken_links(output)
    found = check_site(output, checks=FAST_CHECKS)
    assert len(found) == PLANTED
    assert all("leads to no page" in problem.what for problem in found)


def test_plain_pelican_writes_every_page_of_the_synthetic_site(tmp_path):
    content = write_site(20, tmp_path)
    output = tmp_path / "plain"
    result = subprocess.run(
        plain_pelican(content, output, tmp_path), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    pages = list((content / "pages").glob("*.md"))
    written = list((output / "pages").glob("*.html")) + [output / "index.html"]  # page 0: home
    assert len(written) == len(pages)
    assert (output / "pages" / "faq.html").is_file()  # drawn with our template's stand-in


def stage(seconds: float, peak: int | None = None) -> dict:
    return {"seconds": seconds, "peak_mb": peak}


def figures(pages: int, *, build: float, checks_ms: float, lychee_ms: float, peak: int) -> dict:
    """What `make bench` measures at one size, made up for the goals' test."""
    return {
        "pages": pages,
        "a_plain_pelican": stage(10.0),
        "b_our_build": stage(10.0 * build),
        "build_ratio": build,
        "c_warm_rebuild": stage(3.0 * build),
        "warm_share": 0.3,
        "d_our_checks": stage(checks_ms * pages / 1000, peak),
        "e_lychee": stage(lychee_ms * pages / 1000, 40),
        "check_ratio": checks_ms / lychee_ms,
        "d2_html_validity": stage(0.5 * pages / 1000),
        "found": {"ours": PLANTED, "ours_other": 0, "lychee": PLANTED, "planted": PLANTED},
    }


def test_the_bench_says_which_goals_are_met_with_their_figures():
    results = {
        1000: figures(1000, build=1.5, checks_ms=0.9, lychee_ms=1.0, peak=90),
        5000: figures(5000, build=1.7, checks_ms=0.95, lychee_ms=1.1, peak=120),
    }
    lines = {line.split(":")[0]: line for line in goals(results)}
    assert lines["- checks ≤ 1.0 ms/page at 1,000 and 5,000 pages"].endswith(
        "met (0.90 ms at 1,000, 0.95 ms at 5,000)"
    )
    assert (
        "NOT MET (1.50× at 1,000, 1.70× at 5,000)"
        in lines["- make html ≤ 1.6× plain Pelican at 1,000 and 5,000 pages"]
    )
    assert ": met (30%)" in lines["- warm rebuild ≤ 40% of a cold build at 1,000"]
    assert ": met (120 MB)" in lines["- checks' peak memory ≤ 150 MB at 5,000 pages"]
    assert (
        "found exactly what was planted"
        in lines["- checks faster than lychee --offline, finding exactly the planted broken links"]
    )
    growth_lines = {
        "apart": goals(results),
        "in turn": goals(results, {"b_our_build": 1.16, "d_our_checks": 0.95}),
    }
    build, checks = (
        {way: next(line for line in found if line.startswith(f"- {name}: ms/page at 5,000"))
         for way, found in growth_lines.items()}
        for name in ("build", "checks")
    )  # fmt: skip
    assert build["apart"].endswith(": not measured (—)"), "growth is measured in turn, not apart"
    assert build["in turn"].endswith(
        ": NOT MET (+16% run in turn; 15.00 → 3.40 ms/page measured apart)"
    )
    assert ": met (-5% run in turn; 0.90 → 0.95 ms/page measured apart)" in checks["in turn"]
    results[5000]["found"]["ours_other"] = 1  # a problem that was not planted
    lines = {line.split(":")[0]: line for line in goals(results)}
    assert (
        "NOT MET"
        in lines["- checks faster than lychee --offline, finding exactly the planted broken links"]
    )


def test_a_goal_on_a_size_not_measured_says_so():
    lines = goals({100: figures(100, build=1.2, checks_ms=0.8, lychee_ms=1.0, peak=50)})
    assert any("1.6× plain Pelican" in line and "not measured" in line for line in lines)
    assert any("peak memory" in line and "not measured" in line for line in lines)


def test_each_warm_rebuild_follows_a_real_edit_to_the_text(tmp_path):
    """Touching a file would let a rebuild find every page as it was; an editor
    changes the text, so the bench does, without the page growing each time."""
    page = tmp_path / "page.md"
    page.write_text("Title: A page\n\nSome text.\n", encoding="utf-8")
    edit_text(page, 1)
    once = page.read_text(encoding="utf-8")
    edit_text(page, 2)
    twice = page.read_text(encoding="utf-8")
    assert once != twice and once.startswith("Title: A page\n\nSome text.\n")
    assert len(twice.splitlines()) == len(once.splitlines())


def test_growth_times_each_size_in_turn_and_gives_the_ratio_of_ms_per_page(tmp_path):
    """measure_growth runs the same build and checks on both sizes, and divides
    by the pages: a bare ratio of times would count every page of the larger
    site as growth."""
    sites = []
    for pages in (10, 30):
        content = write_site(pages, tmp_path / str(pages))
        output = tmp_path / str(pages) / "ours"
        assert run_make("html", content=content, output=output).returncode == 0
        plant_broken_links(output)
        sites.append(Site(len(list((content / "pages").glob("*.md"))), content, output))
    growth = measure_growth(*sites, repeat=1)
    assert growth["sizes"] == [sites[0].pages, sites[1].pages]
    # This small, the start-up is most of each run: three times the pages take
    # longer, but much less than three times as long, so a page costs less.
    assert 0 < growth["b_our_build"] < 1 and 0 < growth["d_our_checks"] < 1
    assert (sites[0].output / "index.html").is_file(), "the build it timed wrote the site"
