"""Broken content stops the build with `path:line: what — fix`, never a traceback.

Each test copies the clean fixture site, breaks one thing, runs `make html`
and checks the message. The first test proves the fixture itself is clean.
"""

from __future__ import annotations

import logging
import shutil

import pytest

from plugins.strict_build import problem_log
from tests.conftest import PUBLISH_ENV
from tests.sitebuild import (
    ROOT,
    BuiltSite,
    assert_fails_with,
    build,
    build_broken,
    copy_fixture,
    edit,
    run_make,
    text_of,
)


def test_clean_fixture_builds_without_a_warning(tmp_path):
    content = copy_fixture("minimal", tmp_path)
    result = run_make("html", content=content, output=tmp_path / "output")
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr
    assert (tmp_path / "output" / "fixture-topic" / "index.html").is_file()


def test_an_edited_template_is_used_by_the_next_build_in_the_same_process(tmp_path):
    """Compiled templates are kept between builds (pelicanconf.py: bytecode_cache),
    checked against the template's text, as `make devserver` rebuilds in one process."""
    content, theme = copy_fixture("minimal", tmp_path), tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    settings = {"THEME": str(theme)}
    assert build(content, tmp_path / "first", settings).returncode == 0
    edit(theme / "templates" / "base.html", "</main>", "</main><!-- edited -->")
    assert build(content, tmp_path / "second", settings).returncode == 0
    for folder, edited in (("first", False), ("second", True)):
        page = (tmp_path / folder / "fixture-topic" / "index.html").read_text(encoding="utf-8")
        assert ("<!-- edited -->" in page) is edited, folder


def test_page_without_title_fails_naming_the_file(tmp_path):
    result = build_broken(tmp_path, "pages/topic.md", "Title: Fixture topic\n", "")
    assert_fails_with(result, "pages/topic.md:1:", "no 'Title' metadata")


def test_broken_filename_link_fails_naming_file_and_line(tmp_path):
    result = build_broken(
        tmp_path, "pages/home.md", "{filename}/pages/policy.md", "{filename}/pages/polcy.md"
    )
    assert_fails_with(result, "pages/home.md:14:", "points at no file")
    assert "did you mean '{filename}/pages/policy.md'" in result.stderr


def test_broken_relative_link_is_found_too(tmp_path):
    result = build_broken(tmp_path, "pages/home.md", "{filename}topic.md", "{filename}topics.md")
    assert_fails_with(result, "pages/home.md:14:", "'{filename}topics.md' points at no file")


# (page, text in the fixture, what it becomes, line reported, message)
BAD_METADATA = [
    pytest.param("topic.md", "Summary: A topic page in the guide's reading order.\n", "",
                 1, "missing 'Summary' metadata", id="no-summary"),
    pytest.param("topic.md", "Slug: fixture-topic", "Slug: Fixture_Topic",
                 2, "is not a plain address", id="bad-slug"),
    pytest.param("topic.md", "Reviewed: 2026-01-15", "Reviewed: 15/01/2026",
                 5, "'Reviewed: 15/01/2026' is not a date", id="bad-reviewed"),
    pytest.param("topic.md", "Next_review: 2027-01-15", "Next_review: 2025-01-15",
                 6, "is not after 'Reviewed: 2026-01-15'", id="review-order"),
    pytest.param("topic.md", "Next_review: 2027-01-15\n", "",
                 1, "missing 'Next_review' metadata", id="no-next-review"),
    pytest.param("policy.md", "Kind: policy", "Kind: blog",
                 3, "'Kind: blog' is not a known kind of page", id="unknown-kind"),
    pytest.param("topic.md", "Order: 1", "Order: first",
                 3, "'Order: first' is not a whole number", id="bad-order"),
    pytest.param("topic.md", "Order: 1", "Date: 2026-13-45",
                 3, "Pelican could not read this file", id="unreadable-date"),
]  # fmt: skip


@pytest.mark.parametrize(("page", "old", "new", "line", "message"), BAD_METADATA)
def test_bad_metadata_fails_with_its_line(tmp_path, page, old, new, line, message):
    result = build_broken(tmp_path, f"pages/{page}", old, new)
    assert_fails_with(result, f"pages/{page}:{line}:", message)


def test_every_problem_is_listed_not_only_the_first(tmp_path):
    content = copy_fixture("minimal", tmp_path)
    edit(content / "pages/topic.md", "Reviewed: 2026-01-15", "Reviewed: soon")
    edit(content / "pages/home.md", "{filename}topic.md", "{filename}nowhere.md")
    edit(content / "pages/policy.md", "Title: Fixture policy\n", "")
    result = build(content, tmp_path / "output")
    assert "Build failed: 3 problems" in result.stderr, result.stderr


def test_problems_of_a_build_that_crashed_do_not_fail_the_next(tmp_path):
    # A build that raised never reached the step that counts and clears its
    # problems; in a long-lived process (devserver, tests) the next build
    # must start with none.
    problem_log.problems.append((logging.ERROR, "left over from a crashed build"))
    content = copy_fixture("minimal", tmp_path)
    result = build(content, tmp_path / "output")
    assert result.returncode == 0, result.stderr


def test_missing_disclaimer_snippet_fails(tmp_path):
    content = copy_fixture("minimal", tmp_path)
    (content / "snippets" / "disclaimer.md").unlink()
    result = build(content, tmp_path / "output")
    assert_fails_with(result, "snippets/disclaimer.md:1:", "'disclaimer' snippet is missing")


def test_failed_build_leaves_previous_output_untouched(tmp_path):
    content = copy_fixture("minimal", tmp_path)
    output = tmp_path / "output"
    assert run_make("html", content=content, output=output).returncode == 0
    before = sorted(p.relative_to(output) for p in output.rglob("*"))
    edit(content / "pages/topic.md", "Title: Fixture topic\n", "")
    assert run_make("html", content=content, output=output).returncode != 0
    assert sorted(p.relative_to(output) for p in output.rglob("*")) == before
    assert not (tmp_path / "output.new").exists()


def test_publish_refuses_without_siteurl(tmp_path):
    content = copy_fixture("minimal", tmp_path)
    result = run_make("publish", content=content, output=tmp_path / "output", env={"SITEURL": ""})
    assert result.returncode != 0
    assert "set SITEURL" in result.stderr
    assert not (tmp_path / "output").exists()


def test_publish_refuses_an_address_that_is_not_https(tmp_path):
    content = copy_fixture("minimal", tmp_path)
    result = run_make(
        "publish",
        content=content,
        output=tmp_path / "output",
        env={"SITEURL": "http://example.org"},
    )
    assert result.returncode != 0
    assert "SITEURL must be the site's https:// address" in result.stderr
    assert "Traceback" not in result.stderr


def test_publish_builds_absolute_urls(tmp_path):
    content = copy_fixture("minimal", tmp_path)
    output = tmp_path / "output"
    result = run_make(
        "publish",
        content=content,
        output=output,
        env={**PUBLISH_ENV, "SITEURL": "https://guide.example"},
    )
    assert result.returncode == 0, result.stderr
    page = BuiltSite.read(output).pages["fixture-topic/index.html"]
    stylesheet = page.select_one('link[rel="stylesheet"]')["href"]
    assert stylesheet == "https://guide.example/theme/css/main.css"  # minified: no quotes
    assert (output / "feeds" / "updates.atom.xml").is_file()  # the feed of content updates


def test_navigation_lists_topic_pages_in_reading_order_and_policies_in_footer(tmp_path):
    content = copy_fixture("minimal", tmp_path)
    second = (content / "pages" / "topic.md").read_text(encoding="utf-8")
    second = second.replace("Slug: fixture-topic", "Slug: earlier-topic")
    second = second.replace("Order: 1", "Order: 0").replace("Fixture topic", "Earlier topic")
    (content / "pages" / "earlier.md").write_text(second, encoding="utf-8")
    output = tmp_path / "output"
    assert build(content, output).returncode == 0
    site = BuiltSite.read(output)
    page = site.pages["fixture-topic/index.html"]
    nav = [text_of(a) for a in page.select("header nav a")]
    assert nav == ["Home", "Earlier topic", "Fixture topic", "Fixture questions"]  # FAQ last
    current = page.select_one("header nav a[aria-current=page]")
    assert text_of(current) == "Fixture topic"
    assert [text_of(a) for a in page.select("footer nav a")] == ["Fixture policy"]


def test_static_files_such_as_images_build_alongside_pages(tmp_path):
    """Plugins that read page text leave static files (images, PDFs) alone."""
    content = copy_fixture("minimal", tmp_path)
    (content / "images").mkdir()
    (content / "images" / "chart.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    output = tmp_path / "output"
    result = run_make(
        "html",
        content=content,
        output=output,
        env={"PELICANOPTS": "-e 'STATIC_PATHS=[\"images\"]'"},
    )
    assert result.returncode == 0, result.stderr
    assert (output / "images" / "chart.svg").is_file()
