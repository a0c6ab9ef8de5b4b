"""An option grid laid out for its template: each cell with its icon array.

The template (theme/templates/components/option_grid.html) only writes out
what is here: the decision, its options as columns, its questions as rows,
and for each cell its words, certainty, sources and, when it has a
frequency, the icon array drawn from that frequency.
"""

from __future__ import annotations

from dataclasses import dataclass

from plugins.decisions.data import Cell, Decision, Option
from plugins.decisions.icons import IconArray, lay_out


@dataclass(frozen=True)
class GridCell:
    option: Option
    cell: Cell
    icons: IconArray | None


@dataclass(frozen=True)
class GridRow:
    question: str
    cells: tuple[GridCell, ...]


@dataclass(frozen=True)
class Grid:
    decision: Decision
    rows: tuple[GridRow, ...]

    @property
    def name(self) -> str:
        return self.decision.name

    @property
    def has_icons(self) -> bool:
        return any(cell.icons for row in self.rows for cell in row.cells)


def _grid_cell(option: Option, cell: Cell) -> GridCell:
    return GridCell(option, cell, lay_out(cell.frequency) if cell.frequency else None)


def lay_out_grid(decision: Decision) -> Grid:
    rows = tuple(
        GridRow(
            row.question,
            tuple(_grid_cell(option, row.cells[option.id]) for option in decision.options),
        )
        for row in decision.rows
    )
    return Grid(decision, rows)
