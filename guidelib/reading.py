"""How hard a text is to read: the guide's plain-language limits and the
arithmetic behind them (the site checker applies them to every page).

- grade: the Flesch–Kincaid grade of the page's prose, 8 or lower. Medical
  words that the glossary defines are masked first (replaced by a
  one-syllable word): a reader meets them explained, and the formula would
  otherwise punish every "ketamine" or "anesthetic";
- a sentence: 30 words at most;
- a paragraph (or list item): 4 sentences at most;
- a percentage comes with its natural frequency ("about 24 in 100 people
  (24%)"), as the International Patient Decision Aid Standards ask: people
  picture "24 in 100" better than "24%".
"""

from __future__ import annotations

import importlib
import re
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache, lru_cache

from guidelib import fingerprints
from guidelib.plaintext import word_count

MAX_GRADE = 8.0
MAX_SENTENCE_WORDS = 30
MAX_PARAGRAPH_SENTENCES = 4

PERCENTAGE = re.compile(r"\d(?:[\d.,]*\d)?\s?%|\bper ?cent\b", re.IGNORECASE)
NATURAL_FREQUENCY = re.compile(r"\b\d[\d,]* in (?:100|1,000|10,000)\b")

TEXTSTAT_LANGUAGE = "en_US"  # textstat's default, whose hyphenation counts syllables
HYPHENATION_RECORD = fingerprints.PROJECT / "cache" / "hyphenation-patterns.pickle"

SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[A-Z0-9\"“(])")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def bare_percentage(sentence: str) -> bool:
    """A percentage with no "N in 100" (or in 1,000) beside it in the sentence."""
    if "%" not in sentence and "cent" not in sentence.lower():
        return False  # most sentences: no need to try the pattern at every character
    return bool(PERCENTAGE.search(sentence)) and not NATURAL_FREQUENCY.search(sentence)


def mask(text: str, terms: list[str]) -> str:
    """Replace glossary terms by a one-syllable word, longest terms first."""
    lowered = text.lower()
    for term in sorted(terms, key=len, reverse=True):
        if term.lower() not in lowered:
            continue  # most terms are not in a given paragraph: skip the regular expression
        text = re.sub(rf"(?<![\w-]){re.escape(term)}(?![\w-])", "term", text, flags=re.IGNORECASE)
        lowered = text.lower()
    return text


def grade(blocks: list[str], glossary_terms: list[str] = ()) -> float:
    """The Flesch–Kincaid grade of the blocks read together, glossary terms masked."""
    text = " ".join(mask(block, list(glossary_terms)) for block in blocks)
    return readability().flesch_kincaid_grade(text) if text else 0.0


@cache
def readability():
    """textstat, loaded when first asked for (a thirtieth of a second, its
    hyphenation patterns kept parsed; a ninth without). The site checker asks
    for it before its page processes fork, so they share the one copy."""
    # textstat imports pkg_resources, which lists every installed package as
    # it loads (a tenth of a second, more than textstat and its dictionary),
    # for word lists that only other formulas read: it gets a stand-in, which
    # imports the real module if one of them is ever used.
    with _standing_in("pkg_resources"):
        _keep_hyphenation_parsed()
        import textstat  # noqa: PLC0415

    # textstat hyphenates every word of a text to count its syllables, and the
    # same words come back on every page: each is hyphenated once per process
    # (pyphen's answer depends on the word alone; it was nearly half of the
    # reading-level check's time).
    textstat.pyphen.positions = lru_cache(maxsize=2**16)(textstat.pyphen.positions)
    return textstat


def _keep_hyphenation_parsed() -> None:
    """Give pyphen the English hyphenation patterns textstat will ask for,
    parsed by an earlier run if one kept them.

    Parsing them (11,000 patterns) takes 0.08 s, most of textstat's loading
    and a tenth of the checker's time on a 1,000-page site; reading them back
    parsed takes 0.005 s. They are kept in the project's cache folder, keyed
    by pyphen's version and the dictionary file: a record that does not match
    or cannot be read is parsed again, and one that cannot be written is only
    slower."""
    import pyphen  # noqa: PLC0415 — with textstat, when first asked for

    path = pyphen.LANGUAGES[pyphen.language_fallback(TEXTSTAT_LANGUAGE)]
    stat = path.stat()
    key = (pyphen.__version__, str(path), stat.st_size, stat.st_mtime_ns)
    patterns = fingerprints.load_record(HYPHENATION_RECORD).get(key)
    if not isinstance(patterns, pyphen.HyphDict):
        patterns = pyphen.HyphDict(path)
        with suppress(OSError):  # a folder we may not write to: parsed again next time
            fingerprints.save_record(HYPHENATION_RECORD, {key: patterns})
    pyphen.hdcache[path] = patterns  # pyphen's own cache, which textstat's Pyphen reads


class _ImportedWhenUsed(types.ModuleType):
    """Stands in for the module of its name until an attribute is asked for."""

    def __getattr__(self, attribute: str):  # only for what the stand-in lacks
        return getattr(importlib.import_module(self.__name__), attribute)


@contextmanager
def _standing_in(name: str) -> Iterator[None]:
    """Imports inside the block get a stand-in for module `name` (unless it is
    loaded already); after it, importing `name` loads the real module."""
    if name in sys.modules:
        yield
        return
    sys.modules[name] = _ImportedWhenUsed(name)
    try:
        yield
    finally:
        if isinstance(sys.modules.get(name), _ImportedWhenUsed):
            del sys.modules[name]


__all__ = [
    "MAX_GRADE",
    "MAX_PARAGRAPH_SENTENCES",
    "MAX_SENTENCE_WORDS",
    "bare_percentage",
    "grade",
    "mask",
    "readability",
    "sentences",
    "word_count",
]
