"""`make bench`'s synthetic site: it must build and pass the checks like a real
one, or the bench would time a failed build (it once did, for weeks, after
`Published:` became required), and the checker must find exactly the broken
links the bench plants."""

from __future__ import annotations

from bench.run import PLANTED, plant_broken_links
from bench.synthetic_site import write_site
from sitecheck import FAST_CHECKS, check_site
from tests.sitebuild import run_make, settings


def test_the_synthetic_site_builds_passes_the_checks_and_finds_what_is_planted(tmp_path):
    content = write_site(40, tmp_path)
    output = tmp_path / "output"
    result = run_make("html", content=content, output=output)  # as the bench builds it
    assert result.returncode == 0, result.stderr
    assert check_site(output, content, settings=settings(), checks=FAST_CHECKS) == []

    plant_broken_links(output)
    found = check_site(output, content, settings=settings(), checks=FAST_CHECKS)
    assert len(found) == PLANTED
    assert all("leads to no page" in problem.what for problem in found)
