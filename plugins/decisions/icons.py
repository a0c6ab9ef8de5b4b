"""An icon array: a frequency drawn as `per` figures, `n` of them filled.

Option Grid and the IPDAS standards show "24 in 100" as 100 small figures,
24 of them coloured, so a reader sees the share rather than reads it. The
layout is worked out here from the numbers, never drawn by hand: a template
draws each place with one reused symbol. The words beside it say the same
thing both ways ("24 in 100 … 76 in 100 did not").
"""

from __future__ import annotations

from dataclasses import dataclass

from plugins.decisions.data import Frequency

COLUMNS = 10


@dataclass(frozen=True)
class IconArray:
    frequency: Frequency
    places: tuple[tuple[int, int, bool], ...]  # (column, row, filled), row by row

    @property
    def columns(self) -> int:
        return COLUMNS

    @property
    def rows(self) -> int:
        return -(-len(self.places) // COLUMNS)

    @property
    def filled(self) -> int:
        return sum(1 for *_, filled in self.places if filled)

    @property
    def words(self) -> tuple[str, str]:
        """Both sides, in the reader's words: (who it happened to, who it did not)."""
        f = self.frequency
        rest = f.per - f.n
        return f"{f.n} in {f.per} {f.who}, {f.time}", f"{rest} in {f.per} did not"


def lay_out(frequency: Frequency) -> IconArray:
    """`per` places, ten to a row, the first `n` filled (reading order: left to
    right, top to bottom)."""
    places = tuple(
        (index % COLUMNS, index // COLUMNS, index < frequency.n) for index in range(frequency.per)
    )
    return IconArray(frequency, places)
