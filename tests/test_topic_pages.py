"""The guide's topic pages: present, dated, cited, readable, and free of the seeds' errors."""

from __future__ import annotations

import re

import pytest

from guidelib.doses import mentions_doses
from sitecheck import Site, check_site, reading_level
from tests.sitebuild import GUIDE, text_of

REQUIRED = ["index.html"] + [f"{slug}/index.html" for slug in GUIDE]

# Claims the seed review found wrong or unverified (../shared/sources/seed-review.md).
SEED_ERRORS = {
    "uptake of serotonin, glutamate and dopamine as the mechanism": (
        r"(?<!not )(?:inhibit|block)\w*\s+(?:the\s+)?(?:re)?uptake\s+of\s+(?:serotonin|glutamate)"
    ),
    "a fixed 4 to 6 sessions": r"(?:four to six|4\s*(?:to|–|-)\s*6) (?:sessions|infusions)",
    "a boxed ('black box') warning": r"black[- ]box",
    "Vietnam as the primary early use": r"primarily used by the (?:US |U\.S\. )?military",
    "a therapy called an anesthetic agent": r"infusion therapy is a(?:n)? (?:general )?anesthetic",
    "thalamus-cortex link as settled": r"disrupts? (?:the )?communication between the thalamus",
    "an hour of observation as a rule": r"observ\w+ for (?:about )?an hour",
}


@pytest.mark.parametrize("name", REQUIRED)
def test_required_page_exists_with_summary_dates_and_citations(site, name):
    page = site.pages.get(name)
    assert page is not None, f"{name} is missing"
    assert text_of(page.select_one(".app-page__lede")), f"{name}: no summary"
    assert len(page.select(".app-review-date time")) == 2, f"{name}: review dates missing"
    assert page.select("sup.app-cite"), f"{name}: no citation"
    assert page.select("section.app-references li"), f"{name}: no references"


def test_guide_pages_then_questions_are_in_the_header_in_reading_order(site):
    nav = site.pages["index.html"].select("header nav a")
    targets = [site.resolve("index.html", a["href"]) for a in nav[1:]]
    # The guide in reading order, then the questions page (HEADER_EXTRA_SLUGS).
    assert targets == [site.output / slug / "index.html" for slug in [*GUIDE, "faq"]]


def readable_pages(site):
    return {name: page for name, page in site.pages.items() if page.select_one(".app-prose")}


def test_every_page_reads_at_grade_8_with_short_sentences_and_paragraphs(site):
    """The checker's reading-level rules (sitecheck/reading_level.py) on the real site."""
    problems = check_site(site.output, checks=[reading_level])
    assert not problems, "\n".join(str(problem) for problem in problems)
    assert reading_level.glossary_terms(Site.scan(site.output)), "the glossary defines no terms"


def test_pages_do_not_repeat_the_seed_articles_errors(site):
    problems = []
    for name, page in readable_pages(site).items():
        text = text_of(page.select_one("main"))
        for error, pattern in SEED_ERRORS.items():
            found = re.search(pattern, text, flags=re.IGNORECASE)
            if found:
                problems.append(f"{name}: repeats '{error}': …{found.group(0)}…")
    assert not problems, "\n".join(problems)


def test_pages_that_mention_doses_say_they_are_not_advice(site):
    mentioning = 0
    for name, page in readable_pages(site).items():
        prose = "".join(str(block) for block in page.select(".app-prose"))
        if mentions_doses(prose):
            mentioning += 1
            note = page.select_one(".app-dose-note")
            assert note and "not advice" in text_of(note), f"{name}: doses without the note"
    assert mentioning, "no page mentions a dose: is dose detection working?"
