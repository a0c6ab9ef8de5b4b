"""`make publish`: build, check, then minify and precompress, and only then replace output/.

The real site is published by `make publish` (the session's
`published_site`) and built once more with the production settings but
without the publish step (`make html CONFFILE=publishconf.py`), which is
the site exactly as the checks saw it before minifying; a copy of that
build, put through the publish step, is the second build that must match
the first byte for byte. Defects go into a copy of the fixture site.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

import brotli
import pytest
from bs4 import BeautifulSoup

from guidelib import page_sources
from publish.__main__ import main as publish_main
from publish.minify import differences, minify_page
from publish.precompress import TEXT_SUFFIXES, compressed_copies
from sitecheck import check_site
from tests.conftest import PRODUCTION_SITEURL, PUBLISH_ENV
from tests.sitebuild import ROOT, copy_fixture, run_make

LEFT_AS_IT_WAS = "output/ was left as it was"


def build(target: str, output: Path, content: Path = ROOT / "content", **env) -> Path:
    result = run_make(target, content=content, output=output, env={**PUBLISH_ENV, **env})
    if result.returncode != 0:
        pytest.fail(f"make {target} failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return output


@pytest.fixture(scope="module")
def published(published_site) -> Path:
    return published_site.output


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> Path:
    """The production build as the checks saw it: publishconf.py, no minify, no compression."""
    output = tmp_path_factory.mktemp("checked") / "output"
    return build("html", output, CONFFILE=str(ROOT / "publishconf.py"))


@pytest.fixture(scope="module")
def republished(checked, tmp_path_factory) -> Path:
    """A second production build of the same commit, made apart from `published`
    (Pelican, the search index, then the publish step's minifying and compressing),
    for the reproducibility test. `make publish` runs these steps too, with the
    checks between them, which change no file."""
    output = tmp_path_factory.mktemp("republished") / "output"
    shutil.copytree(checked, output)
    assert publish_main([str(output)]) == 0
    return output


def files(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def pages(folder: Path) -> dict[str, Path]:
    return {name: path for name, path in files(folder).items() if name.endswith(".html")}


# ---------------------------------------------------------------- precompressed files


def test_html_and_css_have_gz_and_br_beside_them_that_decompress_to_the_file(published):
    built = files(published)
    targets = [name for name in built if name.endswith((".html", ".css"))]
    assert len(targets) > 20
    for name in targets:
        data = built[name].read_bytes()
        assert f"{name}.gz" in built and f"{name}.br" in built, f"{name}: no .gz or .br beside it"
        assert gzip.decompress(built[f"{name}.gz"].read_bytes()) == data, f"{name}.gz"
        assert brotli.decompress(built[f"{name}.br"].read_bytes()) == data, f"{name}.br"


def test_every_text_file_is_precompressed_where_that_makes_it_smaller(published):
    built = files(published)
    text = [name for name, path in built.items() if path.suffix in TEXT_SUFFIXES]
    assert {"sitemap.xml", "feeds/updates.atom.xml", "pagefind/pagefind.js"} <= set(text)
    unpack = {".gz": gzip.decompress, ".br": brotli.decompress}
    for name in text:
        data = built[name].read_bytes()
        copies = {suffix: built[name + suffix] for suffix in unpack if name + suffix in built}
        for suffix, copy in copies.items():
            packed = copy.read_bytes()
            assert len(packed) < len(data), f"{name}{suffix} is not smaller than {name}"
            assert unpack[suffix](packed) == data, f"{name}{suffix} does not unpack to {name}"
        # A file left without a copy: compressing it would not have made it smaller
        # (compressing only these keeps brotli's slowest setting off the other files).
        if len(copies) < len(unpack):
            would_shrink = set(compressed_copies(data)) - set(copies)
            assert not would_shrink, f"{name}: no {would_shrink} beside it, though smaller"
    # Pagefind's index files are compressed already: no second layer.
    assert not [name for name in built if ".pf_" in name and name.endswith((".gz", ".br"))]
    assert not published.with_name("output.publish").exists(), "the scratch folder was left"


def test_gzip_headers_carry_no_time_and_no_file_name(published):
    for name, path in files(published).items():
        if name.endswith(".gz"):
            header = path.read_bytes()[:10]
            assert header[4:8] == b"\0\0\0\0", f"{name}: a modification time in its header"
            assert not header[3] & 0x08, f"{name}: a file name in its header"


# ---------------------------------------------------------------- minified pages


def test_minified_pages_are_smaller_and_read_the_same_as_the_checked_ones(published, checked):
    before, after = pages(checked), pages(published)
    assert before.keys() == after.keys()
    for name, path in after.items():
        minified, original = path.read_text(encoding="utf-8"), before[name].read_text("utf-8")
        assert len(minified) < len(original), f"{name} is not smaller"
        assert differences(original, minified) == [], name
        assert minify_page(minified) == minified, f"{name} is not fully minified"


def test_minified_pages_keep_disclaimer_json_ld_details_and_figures(published, checked):
    before = pages(checked)
    for name, path in pages(published).items():
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        original = BeautifulSoup(before[name].read_text(encoding="utf-8"), "html.parser")
        assert len(page.select(".app-disclaimer")) == 1, name
        assert page.select_one(".app-disclaimer a[href]"), f"{name}: no link to the disclaimer"
        data = [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]
        was = [json.loads(s.string) for s in original.select('script[type="application/ld+json"]')]
        assert data == was, f"{name}: its JSON-LD changed"
        details = len(page.select("details > summary"))
        assert details == len(original.select("details > summary")), name
        assert len(page.select("svg *")) == len(original.select("svg *")), name
    faq = BeautifulSoup((published / "faq/treatment/index.html").read_text("utf-8"), "html.parser")
    assert len(faq.select("details > summary")) >= 3
    figure = (published / "how-long-relief-lasts/index.html").read_text("utf-8")
    assert "<svg" in figure and "</svg>" in figure


def test_the_published_site_passes_every_check_including_html_validity(published):
    problems = check_site(published, siteurl=PRODUCTION_SITEURL)
    assert not problems, "\n".join(str(problem) for problem in problems)


def test_css_is_minified_and_keeps_its_media_queries_as_written(published, checked):
    """No newer syntax: `(min-width: 40rem)` must not become `(width>=40rem)` (Safari < 16.4)."""
    original = (checked / "theme/css/main.css").read_text(encoding="utf-8")
    minified = (published / "theme/css/main.css").read_text(encoding="utf-8")
    assert len(minified) < 0.85 * len(original)

    def media_queries(css: str) -> list[str]:
        return ["".join(query.split()) for query in re.findall(r"@media[^{]*", css)]

    assert media_queries(original) and media_queries(minified) == media_queries(original)


def test_pagefind_scripts_and_other_files_are_not_minified(published, checked):
    for name, path in files(checked).items():
        if name == page_sources.RECORD:
            continue  # removed (the test below)
        if not name.endswith((".html", ".css")) or name.startswith("pagefind/"):
            assert (published / name).read_bytes() == path.read_bytes(), name


def test_the_checks_record_of_where_pages_came_from_is_not_published(published, checked):
    assert (checked / page_sources.RECORD).is_file()  # the checks placed problems with it
    assert not (published / page_sources.RECORD).exists()


def test_whitespace_that_minifying_would_lose_stops_the_publish_step(tmp_path, capsys):
    """minify-html drops the space between two links in a <div>: readers would see 'OneTwo'."""
    html = "<!doctype html><html lang=en><title>t</title><div><a href=/a>One</a> <a href=/b>Two</a>"
    assert differences(html, minify_page(html)) == [
        "the text changed: 't | One Two' became 't | OneTwo'"
    ]
    (tmp_path / "index.html").write_text(html, encoding="utf-8")
    assert publish_main([str(tmp_path)]) == 1
    assert "index.html: minifying changed the page" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.gz"))


# ---------------------------------------------------------------- reproducible


def test_two_publish_builds_are_byte_identical(published, republished):
    first, second = files(published), files(republished)
    assert first.keys() == second.keys(), set(first) ^ set(second)
    differing = [
        name for name, path in first.items() if path.read_bytes() != second[name].read_bytes()
    ]
    assert not differing, "differ between two builds of the same commit:\n" + "\n".join(differing)


def test_no_file_carries_the_build_time(published):
    """Content dates have no time of day, so a time in a file is the build's clock.

    (Two builds a second apart would show the same clock time; this finds it anyway.)
    """
    clock = re.compile(r"\d{4}-\d\d-\d\dT(?!00:00:00)\d\d:\d\d:\d\d")
    stamped = [
        f"{name}: {match[0]}"
        for name, path in files(published).items()
        if path.suffix in TEXT_SUFFIXES
        for match in [clock.search(path.read_text(encoding="utf-8"))]
        if match
    ]
    assert not stamped, "build times in the published site:\n" + "\n".join(stamped)


# ---------------------------------------------------------------- refused, atomic


@pytest.fixture
def previous_output(tmp_path) -> Path:
    """An output folder from an earlier publish, with a marker file in it."""
    output = tmp_path / "output"
    output.mkdir()
    (output / "marker.txt").write_text("the previous site\n", encoding="utf-8")
    return output


def listing(folder: Path) -> dict[str, bytes]:
    return {name: path.read_bytes() for name, path in files(folder).items()}


def test_a_failed_check_refuses_to_publish_and_leaves_output_untouched(tmp_path, previous_output):
    content = copy_fixture("minimal", tmp_path)
    topic = content / "pages" / "topic.md"
    clean = topic.read_text(encoding="utf-8")
    topic.write_text(clean + "\nSee [the example](http://example.org).\n", encoding="utf-8")
    before = listing(previous_output)
    result = run_make("publish", content=content, output=previous_output, env=PUBLISH_ENV)
    assert result.returncode != 0
    reported = [line for line in result.stdout.splitlines() if "pages/topic.md:28:" in line]
    assert reported and "is not secure (http://)" in reported[0], result.stdout
    assert LEFT_AS_IT_WAS in result.stderr
    assert listing(previous_output) == before
    assert not (tmp_path / "output.publish").exists()

    # Fixed, it publishes, and the new site replaces the old one whole.
    topic.write_text(clean, encoding="utf-8")
    result = run_make("publish", content=content, output=previous_output, env=PUBLISH_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (previous_output / "marker.txt").exists()
    assert (previous_output / "fixture-topic" / "index.html.br").is_file()
    assert not (tmp_path / "output.publish").exists()


def test_a_lapsed_review_date_refuses_to_publish(tmp_path, previous_output):
    content = copy_fixture("minimal", tmp_path)
    before = listing(previous_output)
    result = run_make(
        "publish",
        content=content,
        output=previous_output,
        env={**PUBLISH_ENV, "REVIEW_TODAY": "2030-01-01"},
    )
    assert result.returncode != 0
    assert "pages/topic.md:6: the page was due for review on 2027-01-15" in result.stderr
    assert LEFT_AS_IT_WAS in result.stderr
    assert listing(previous_output) == before
    assert not (tmp_path / "output.publish").exists()
