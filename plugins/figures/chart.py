"""Lay out a duration chart: where each label, bar and tick goes, in SVG units.

Templates only present data (GUIDE.md), so every position, width and line
break is worked out here and the template writes them out. No charting
library: the chart is a handful of rectangles and labels, and a library
would mean JavaScript in the reader's browser or a large dependency for
twenty lines of arithmetic.

The chart is drawn 320 units wide, the width of a small phone, with 16-unit
text: on a phone the text is about 14 px or more, and on a wide screen the
stylesheet stops the chart growing past a comfortable size. Each row has its
labels above its bar, so no label needs a fixed column. Time runs on a
linear scale from 0 (during treatment) to whole weeks or months, so bar
lengths compare honestly: hours show as a sliver next to months.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from plugins.figures.data import FigureData, Row

WIDTH = 320  # the viewBox width
PLOT_WIDTH = 276  # bars run from x=0 to here; the rest is room for the last tick's label
FONT_SIZE = 16
LINE_HEIGHT = 20
BASELINE = 15  # from the top of a line of text to its baseline
BAR_HEIGHT = 16
MIN_BAR = 3  # so relief that lasted hours still shows
ARROW = 8  # width of the "more than" arrowhead
GAP = 6  # between a bar's end and its label
ROW_GAP = 14

# Steps the time axis can be marked in (days, singular, plural), finest first.
STEPS = [(1, "day", "days"), (7, "week", "weeks"), (30, "month", "months"), (365, "year", "years")]
MAX_TICKS = 4

# Rough advance widths (in em) of a system sans-serif font, on the wide side,
# so a label judged to fit does fit whichever font the reader's device uses.
NARROW, WIDE = set("fijlrtI.,:;'’!|()[] "), set("mwMW@%")


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # baseline
    text: str
    anchor: str = "start"


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    faded: bool = False


@dataclass(frozen=True)
class ChartRow:
    row: Row
    labels: tuple[Text, ...]  # regimen, bold
    conditions: tuple[Text, ...]  # kind of pain, muted
    bars: tuple[Bar, ...]
    arrow: str  # SVG path of the "more than" arrowhead, or ""
    lasted: tuple[Text, ...]


@dataclass(frozen=True)
class Chart:
    """Everything the figure template shows: the SVG's geometry and the table's rows."""

    name: str
    title: str
    width: int
    height: float
    font_size: int
    rows: tuple[ChartRow, ...]
    grid: str  # SVG path of the tick lines
    axis: str  # SVG path of the zero line and the time axis
    ticks: tuple[Text, ...]
    axis_title: Text
    scale_end: str  # "3 months": the end of the time axis, in words
    has_faded: bool
    has_open_ended: bool


def text_width(text: str, bold: bool = False) -> float:
    """An estimate of the width of `text` in SVG units, on the generous side.

    Measured against DejaVu Sans, the widest of the usual system fonts (the
    Linux default): Arial, Roboto, San Francisco and Segoe UI are narrower.
    """
    ems = sum(
        0.34
        if c in NARROW
        else 0.95
        if c in WIDE
        else 0.72
        if c.isupper()
        else 0.64
        if c.isdigit()
        else 0.6
        for c in text
    )
    return ems * FONT_SIZE * (1.17 if bold else 1.05)


def wrap(text: str, width: float, bold: bool = False) -> list[str]:
    """Break `text` into lines that fit `width` (a very long word gets a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", bold) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def number(value: float) -> float:
    """Positions to a tenth of a unit: plenty on screen, and a smaller SVG."""
    rounded = round(value, 1)
    return int(rounded) if rounded == int(rounded) else rounded


def time_scale(longest: float) -> tuple[int, int, str, str]:
    """(step, end, singular, plural): the finest step that marks the axis in ≤ MAX_TICKS ticks."""
    for step, singular, plural in STEPS:
        ticks = max(1, math.ceil(longest / step))
        if ticks <= MAX_TICKS:
            return step, ticks * step, singular, plural
    step, singular, plural = STEPS[-1]
    return step, math.ceil(longest / step) * step, singular, plural


def _lines(texts: list[str], top: float, x: float = 0) -> tuple[tuple[Text, ...], float]:
    placed = tuple(
        Text(x, number(top + i * LINE_HEIGHT + BASELINE), t) for i, t in enumerate(texts)
    )
    return placed, top + len(texts) * LINE_HEIGHT


def _row(row: Row, top: float, scale) -> tuple[ChartRow, float]:
    labels, top = _lines(wrap(row.regimen, WIDTH, bold=True), top)
    conditions, top = _lines(wrap(row.condition, WIDTH), top)
    top += 4
    start, end = scale(row.start), max(scale(row.end), scale(row.start) + MIN_BAR)
    solid_end = scale(row.fades_after) if row.fades_after is not None else end
    bars = [Bar(number(start), number(top), number(max(solid_end - start, MIN_BAR)), BAR_HEIGHT)]
    if solid_end < end:
        bars.append(Bar(number(solid_end), number(top), number(end - solid_end), BAR_HEIGHT, True))
    arrow = ""
    if row.open_ended:
        arrow = (
            f"M{number(end)} {number(top)}l{ARROW} {BAR_HEIGHT / 2:g}-{ARROW} {BAR_HEIGHT / 2:g}z"
        )
        end += ARROW
    label_x = end + GAP
    if text_width(row.lasted) <= WIDTH - label_x:  # beside the bar's end
        lasted = (Text(number(label_x), number(top + BAR_HEIGHT - 3), row.lasted),)
        top += BAR_HEIGHT
    else:  # under the bar
        lasted, top = _lines(wrap(row.lasted, WIDTH), top + BAR_HEIGHT)
    chart_row = ChartRow(row, labels, conditions, tuple(bars), arrow, lasted)
    return chart_row, top + ROW_GAP


def lay_out(figure: FigureData) -> Chart:
    """Place every row's labels and bars, then the time axis under them."""
    step, scale_end, singular, plural = time_scale(max(row.end for row in figure.rows))

    def scale(days: float) -> float:
        return days / scale_end * PLOT_WIDTH

    rows, top = [], 0.0
    for row in figure.rows:
        chart_row, top = _row(row, top, scale)
        rows.append(chart_row)
    axis_y = number(top)
    marks = range(0, scale_end + 1, step)
    grid = "".join(f"M{number(scale(days))} 0V{axis_y}" for days in marks if days)
    ticks = [Text(0, number(axis_y + 20), "0")]
    for days in marks[1:]:
        count = days // step
        # Each label is centred under its tick; the plot stops short of the
        # chart's right edge so that the last one fits there too.
        label = f"{count} {singular if count == 1 else plural}"
        x, anchor = scale(days), "middle"
        if x + text_width(label) / 2 > WIDTH:  # a label wider than the room left
            x, anchor = WIDTH, "end"
        ticks.append(Text(number(x), number(axis_y + 20), label, anchor))
    return Chart(
        name=figure.name,
        title=figure.title,
        width=WIDTH,
        height=number(axis_y + 48),
        font_size=FONT_SIZE,
        rows=tuple(rows),
        grid=grid,
        axis=f"M0 0V{axis_y}H{PLOT_WIDTH}",
        ticks=tuple(ticks),
        axis_title=Text(0, number(axis_y + 42), "Time after treatment"),
        scale_end=ticks[-1].text,
        has_faded=any(
            row.fades_after is not None and row.fades_after < row.end for row in figure.rows
        ),
        has_open_ended=any(row.open_ended for row in figure.rows),
    )
