"""Reading level of a built page's main text: grade, longest sentence, longest paragraph.

The text scored is what a reader reads as prose: the lede and the page body
(every `.app-prose` block, FAQ answers included), without citation numbers,
headings, tables, navigation, references or the disclaimer. Each paragraph
and list item counts as at least one sentence.
Medical words that the glossary defines are masked (replaced by a one-syllable
word) before scoring: a reader meets them explained, and the formula would
otherwise punish every use of "ketamine" or "anesthetic".

Run on built pages:  .venv/bin/python -m tests.readability output/side-effects/index.html
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import textstat
from bs4 import BeautifulSoup

MAX_GRADE = 8.0
MAX_SENTENCE_WORDS = 30
MAX_PARAGRAPH_SENTENCES = 4

SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[A-Z0-9\"“(])")
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
BLOCKS = ["p", "li", "dd", "dt"]


@dataclass
class Readability:
    grade: float
    words: int
    longest_sentence: str
    longest_sentence_words: int
    longest_paragraph: str
    longest_paragraph_sentences: int


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def word_count(text: str) -> int:
    return len(WORD.findall(text))


def prose_blocks(page: BeautifulSoup) -> list[str]:
    """The page's readable paragraphs and list items, as plain text."""
    parts = [page.select_one(".app-page__lede"), *page.select(".app-prose")]
    blocks = []
    for part in filter(None, parts):
        part = BeautifulSoup(str(part), "html.parser")  # a copy we can cut
        noise_selector = (
            "sup.app-cite, .app-heading-link, table, h1, h2, h3, h4, figure, "
            ".app-references, .app-faq__related"  # an FAQ answer's sources and link
        )
        for noise in part.select(noise_selector):
            noise.decompose()
        for block in part.find_all(BLOCKS):
            if block.find(BLOCKS):  # a list item holding a list: score the inner items
                for inner in block.find_all(BLOCKS):
                    inner.extract()
            text = " ".join(block.get_text(" ").replace("\xa0", " ").split())
            text = re.sub(r"\s+([.,;:!?)])", r"\1", text)
            if text:
                blocks.append(text if text[-1] in ".!?:" else text + ".")
    return blocks


def mask(text: str, terms: list[str]) -> str:
    """Replace glossary terms by a one-syllable word, longest terms first."""
    for term in sorted(terms, key=len, reverse=True):
        text = re.sub(rf"(?<![\w-]){re.escape(term)}(?![\w-])", "term", text, flags=re.IGNORECASE)
    return text


def measure(page: BeautifulSoup, glossary_terms: list[str] = ()) -> Readability:
    blocks = prose_blocks(page)
    masked = [mask(block, list(glossary_terms)) for block in blocks]
    text = " ".join(masked)
    all_sentences = [s for block in blocks for s in sentences(block)]
    longest = max(all_sentences, key=word_count, default="")
    paragraph = max(blocks, key=lambda b: len(sentences(b)), default="")
    return Readability(
        grade=textstat.flesch_kincaid_grade(text) if text else 0.0,
        words=sum(word_count(block) for block in blocks),
        longest_sentence=longest,
        longest_sentence_words=word_count(longest),
        longest_paragraph=paragraph,
        longest_paragraph_sentences=len(sentences(paragraph)),
    )


def glossary_terms(glossary_page: BeautifulSoup | None) -> list[str]:
    """The terms the glossary page defines (its <dt> entries, and any "(ABBR)" in them)."""
    if glossary_page is None:
        return []
    terms = []
    for term in glossary_page.select(".app-prose dt"):
        text = " ".join(term.get_text(" ").split())
        terms += [t.strip() for t in re.split(r"[(),]", text) if t.strip()]
    return terms


def main(paths: list[str]) -> None:
    for path in paths:
        page = BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")
        glossary = Path(path).parents[1] / "glossary" / "index.html"
        terms = glossary_terms(
            BeautifulSoup(glossary.read_text(encoding="utf-8"), "html.parser")
            if glossary.is_file()
            else None
        )
        result = measure(page, terms)
        print(
            f"{path}: grade {result.grade:.1f}, {result.words} words, "
            f"longest sentence {result.longest_sentence_words} words, "
            f"longest paragraph {result.longest_paragraph_sentences} sentences"
        )
        print(f"  longest sentence: {result.longest_sentence}")


if __name__ == "__main__":
    main(sys.argv[1:])
