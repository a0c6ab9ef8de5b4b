"""Plain language: every page's prose at reading grade 8 or lower, no sentence
over 30 words, no paragraph over 4 sentences, and no percentage without its
"N in 100" form outside policy pages (guidelib/reading.py holds the limits
and the arithmetic).

The prose scored is what a reader reads as text: the lede, the key points and
the page body (every `.app-prose` block, FAQ answers included), without citation numbers,
headings, tables, figures, references or navigation. Each paragraph, list
item and definition counts as at least one sentence. A long sentence or
paragraph is reported at its line in the Markdown source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from guidelib.reading import (
    MAX_GRADE,
    MAX_PARAGRAPH_SENTENCES,
    MAX_SENTENCE_WORDS,
    bare_percentage,
    grade,
    readability,
    sentences,
    word_count,
)
from sitecheck.site import Finding, Page, Site

BLOCKS = ("p", "li", "dd", "dt")
NOISE = (
    "sup[contains(@class, 'app-cite')]",
    "*[contains(@class, 'app-heading-link')]",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "figure",
    "*[contains(@class, 'app-references')]",
    "*[contains(@class, 'app-faq__related')]",  # an FAQ answer's sources and link
)
# Compiled once: a query given as text is compiled again at every call.
NOISE_XPATH = etree.XPath(" | ".join(f".//{selector}" for selector in NOISE))
SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?)])")  # left where a citation was cut
GLOSSARY, GLOSSARY_PAGE = "glossary", "glossary/index.html"
QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\xa0": " "})


def prepare(site: Site) -> None:
    readability()  # loaded once here, not once in each process that checks pages
    site.shared[GLOSSARY] = glossary_terms(site)


def check_page(site: Site, page: Page) -> Iterator[Finding]:
    if not page.find_class("app-prose"):
        return
    parts = [
        *page.find_class("app-page__lede"),
        *page.find_class("app-key-points"),
        *page.find_class("app-prose"),
    ]
    policy = bool(page.find_class("app-page--policy"))
    blocks = list(prose_blocks(parts))
    for element, text in blocks:
        split = sentences(text)
        yield from _long_sentences(site, page, element, split)
        if not policy:
            yield from _bare_percentages(site, page, element, split)
        count = len(split)
        if count > MAX_PARAGRAPH_SENTENCES:
            yield site.problem(
                page, element,
                f"a paragraph of {count} sentences (aim for {MAX_PARAGRAPH_SENTENCES} "
                f"or fewer): “{_opening(text)}…”",
                "split it in two where the subject changes",
                needle=_needles(text),
            )  # fmt: skip
    score = grade([text for _, text in blocks], site.shared[GLOSSARY])
    if score > MAX_GRADE:
        longest = max((s for _, t in blocks for s in sentences(t)), key=word_count)
        yield site.page_problem(
            page,
            f"reading grade {score:.1f} (aim for {MAX_GRADE:.0f} or lower); "
            f"its longest sentence: “{longest}”",
            "use shorter sentences and everyday words; explain medical words in the glossary",
        )


def _long_sentences(site: Site, page, element, split: list[str]) -> Iterator[Finding]:
    for sentence in split:
        words = word_count(sentence)
        if words > MAX_SENTENCE_WORDS:
            yield site.problem(
                page, element,
                f"a sentence of {words} words (aim for {MAX_SENTENCE_WORDS} or fewer): "
                f"“{_opening(sentence)}…”",
                "split it into two or three shorter sentences",
                needle=_needles(sentence),
            )  # fmt: skip


def _bare_percentages(site: Site, page, element, split: list[str]) -> Iterator[Finding]:
    for sentence in split:
        if bare_percentage(sentence):
            yield site.problem(
                page, element,
                f"a percentage without its “in 100” form: “{_opening(sentence, 12)}…”",
                "write “about N in 100 people (N%)”, saying who they were and over what time",
                needle=_needles(sentence),
            )  # fmt: skip


def prose_blocks(parts: list) -> Iterator[tuple[object, str]]:
    """(element, plain text) for each paragraph, list item and definition.

    A block's text leaves out the noise inside it and the blocks inside it (a
    list item holding a list: its inner items are scored on their own), but
    keeps the text that follows them."""
    for part in parts:
        blocks = [block for block in part.iter(*BLOCKS) if block is not part]
        noise = NOISE_XPATH(part)
        in_noise = {block for element in noise for block in element.iter(*BLOCKS)}
        left_out = set(noise).union(blocks)
        for block in blocks:
            if block in in_noise:
                continue
            text = " ".join("".join(_own_text(block, left_out)).replace("\xa0", " ").split())
            text = SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)
            if text:
                yield block, (text if text[-1] in ".!?:" else text + ".")


def _own_text(element, left_out: set) -> list[str]:
    pieces = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child not in left_out:
            pieces += _own_text(child, left_out)
        pieces.append(child.tail or "")
    return pieces


def glossary_terms(site: Site) -> list[str]:
    """The terms the glossary page defines (its <dt> entries, and any "(ABBR)" in them)."""
    if GLOSSARY_PAGE not in site.files:
        return []
    glossary = site.read(GLOSSARY_PAGE)
    if glossary is None:
        return []  # an empty page: reported as such by the pages' own pass
    terms = []
    for prose in glossary.find_class("app-prose"):
        for term in prose.iter("dt"):
            text = " ".join("".join(term.itertext()).split())
            terms += [t.strip() for t in re.split(r"[(),]", text) if t.strip()]
    return terms


def _opening(text: str, words: int = 8) -> str:
    return " ".join(text.split()[:words])


def _needles(text: str) -> tuple[str, ...]:
    """Openings of the text to look for in the Markdown source, longest first:
    Markdown wraps lines, so only a few words may stand on one line."""
    plain = text.translate(QUOTES).split()
    return tuple(" ".join(plain[:n]) for n in (6, 4, 3) if len(plain) >= n)
