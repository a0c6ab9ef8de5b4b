"""Which pages must cite sources: the one place for the rule and its message.

Topic pages state facts, so each cites at least one source; policy pages
(About, Disclaimer…) and utility pages (the 404 page, search, the FAQ page,
whose answers cite for it) state none of their own. Every FAQ answer cites.
The build refuses a page or answer that breaks the rule; the site checker
finds the same on the built pages.
"""

from __future__ import annotations

UNCITED_KINDS = frozenset({"policy", "utility"})

NO_SOURCE_FIX = "back its facts with citations such as [@cohen2018] (see content/references.yaml)"


def must_cite(kind: str) -> bool:
    """Whether a page of this kind must cite at least one source."""
    return kind not in UNCITED_KINDS
