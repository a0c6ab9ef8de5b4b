"""`make bench`'s synthetic site: it must build and pass the checks like a real
one, or the bench would time a failed build (it once did, for weeks, after
`Published:` became required), and the checker must find exactly the broken
links the bench plants. Plain Pelican, the bench's yardstick, must write every
page of it too (it once stopped at our FAQ page's template)."""

from __future__ import annotations

import subprocess

from bench.run import PLANTED, plain_pelican, plant_broken_links
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
