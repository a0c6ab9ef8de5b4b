"""Number a page's citations by first use and write the superscript markers.

One `PageCitations` per page (or per FAQ answer, with its own id prefix):
the first source cited is 1, a source cited again keeps its number, and
runs of three or more numbers collapse into a range (1–3), as CSL's
citation-number collapsing does. Each marker has an id, so the reference
list can link back to every place a source is cited.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from plugins.citations.markers import CiteItem


@dataclass
class PageCitations:
    prefix: str = ""
    numbers: dict[str, int] = field(default_factory=dict)  # key → number, in first-use order
    backlinks: dict[str, list[str]] = field(default_factory=dict)  # key → marker ids
    markers: int = 0

    def anchor(self, number: int) -> str:
        return f"{self.prefix}ref-{number}"

    def cite(self, items: list[CiteItem]) -> str:
        """Number the items and return the marker's HTML."""
        self.markers += 1
        marker_id = f"{self.prefix}cite-{self.markers}"
        numbered: dict[int, str] = {}
        for item in items:
            number = self.numbers.setdefault(item.key, len(self.numbers) + 1)
            ids = self.backlinks.setdefault(item.key, [])
            if marker_id not in ids:
                ids.append(marker_id)
            numbered.setdefault(number, item.locator)
        parts = [self._part(run) for run in _runs(sorted(numbered.items()))]
        return f'<sup class="app-cite" id="{marker_id}">{",".join(parts)}</sup>'

    def _link(self, number: int) -> str:
        # The label makes screen readers say "Reference 3", not a bare "3".
        return f'<a href="#{self.anchor(number)}" aria-label="Reference {number}">{number}</a>'

    def _part(self, run: list[tuple[int, str]]) -> str:
        if len(run) >= 3:  # only three or more become a range: "1,2" but "1–3"
            return f"{self._link(run[0][0])}–{self._link(run[-1][0])}"
        links = []
        for number, locator in run:
            suffix = f'<span class="app-cite__locator">({locator})</span>' if locator else ""
            links.append(self._link(number) + suffix)
        return ",".join(links)


def _runs(numbered: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Split sorted (number, locator) pairs into runs of consecutive plain numbers.

    A number with a locator stands alone, so its page is never hidden in a range.
    """
    runs: list[list[tuple[int, str]]] = []
    for number, locator in numbered:
        previous = runs[-1] if runs else None
        if previous and not locator and not previous[-1][1] and previous[-1][0] + 1 == number:
            previous.append((number, locator))
        else:
            runs.append([(number, locator)])
    return runs
