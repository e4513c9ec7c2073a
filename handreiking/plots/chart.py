"""Figure data: what a chart shows, independent of how it is drawn.

A :class:`Chart` holds everything a figure needs: its size, the two axes (limits, ticks and
their labels), the marks in data coordinates (bands, bars, lines, markers, text), the legend and
the Dutch text alternative. Two renderers draw the same :class:`Chart`:

* :mod:`handreiking.plots.svg` builds inline SVG with the standard library only: what the
  participant apps show (a kernel without matplotlib, numpy or PIL);
* :mod:`handreiking.plots.mpl` builds a ``matplotlib.figure.Figure``: for the lesson notebooks,
  reports and anything that needs a PNG.

The scenario modules (:mod:`.balans`, :mod:`.rollen`) only build charts, so the two renderers
cannot drift apart: a colour, label or number is decided once, here in the data.
Sizes follow matplotlib's units: figure size in inches, font sizes and line widths in points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from .render import PALETTE

Dash = Literal["solid", "dashed", "dashdot", "dotted"]
Cap = Literal["butt", "round", "projecting"]
Hatch = Literal["", "////", "//", "..", "xx"]
"""The hatches the charts use (matplotlib's notation): dense and wide stripes, dots, crosses."""
HAlign = Literal["left", "center", "right"]
VAlign = Literal["top", "center", "bottom"]
Shape = Literal["diamond", "left", "right"]
"""Marker shapes: a diamond, a triangle pointing left, a triangle pointing right."""


@dataclass(frozen=True)
class Band:
    """A vertical band over the full height of the axes, from ``x0`` to ``x1``."""

    x0: float
    x1: float
    colour: str


@dataclass(frozen=True)
class Rule:
    """A line across the whole axes: horizontal at ``y = at`` or vertical at ``x = at``."""

    horizontal: bool
    at: float
    colour: str
    width: float = 1.0
    dash: Dash = "solid"


@dataclass(frozen=True)
class Bar:
    """A horizontal bar from ``left`` to ``left + width``, ``height`` thick, centred on ``y``.

    A hatch is drawn in the ``edge`` colour (as matplotlib does); the outline only when
    ``edge_width`` is above 0. ``key`` says what the bar stands for (a role, a side).
    """

    y: float
    left: float
    width: float
    height: float
    fill: str
    edge: str = "white"
    edge_width: float = 0.0
    hatch: Hatch = ""
    key: str = ""


@dataclass(frozen=True)
class Line:
    """A line through points in data coordinates; with a ``label`` it has a legend entry."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    colour: str
    width: float = 1.5
    dash: Dash = "solid"
    cap: Cap = "butt"
    label: str = ""
    key: str = ""


@dataclass(frozen=True)
class Marker:
    """A marker of ``size`` points at ``(x, y)``, filled, with a thin outline."""

    x: float
    y: float
    shape: Shape
    fill: str
    size: float = 15.0
    edge: str = PALETTE["ink"]
    edge_width: float = 1.0
    key: str = ""


@dataclass(frozen=True)
class Label:
    """Text at ``(x, y)`` in data coordinates, aligned to that point; ``box`` a fill colour behind it."""

    x: float
    y: float
    text: str
    size: float = 10.0
    colour: str = PALETTE["ink"]
    ha: HAlign = "left"
    va: VAlign = "center"
    bold: bool = False
    box: str = ""
    pad: float = 0.0
    """Space around the text inside ``box``, in points."""


Mark = Band | Rule | Bar | Line | Marker | Label

LAYER: dict[type, int] = {Band: 1, Bar: 1, Rule: 2, Line: 2, Marker: 2, Label: 3}
"""Drawing order (matplotlib's zorder): areas, then lines and markers, then text; within a layer, in order."""


@dataclass(frozen=True)
class Axis:
    """One axis: its limits, ticks with their labels, its title and whether its spine shows."""

    lo: float
    hi: float
    ticks: tuple[tuple[float, str], ...] = ()
    tick_size: float = 10.0
    tick_colour: str = PALETTE["ink"]
    label: str = ""
    label_size: float = 11.0
    spine: bool = True
    grid: str = ""
    """Colour of grid lines at the ticks (empty: no grid)."""


@dataclass(frozen=True)
class LegendEntry:
    label: str
    colour: str
    kind: Literal["line", "patch"]
    dash: Dash = "solid"
    width: float = 2.0
    hatch: Hatch = ""
    edge: str = "white"


@dataclass(frozen=True)
class Legend:
    """A legend below the x axis, in ``columns`` columns, anchored at ``x`` (a fraction of the axes width)."""

    entries: tuple[LegendEntry, ...]
    columns: int = 1
    x: float = 0.0
    align: Literal["left", "center"] = "left"
    size: float = 10.0


@dataclass(frozen=True)
class Chart:
    """A whole figure as data; ``alt`` is its Dutch text alternative."""

    name: str
    """Short name of the figure (``balans``, ``verloop``, ``mix``, ``factoren``); used in SVG ids."""
    width: float
    height: float
    x: Axis
    y: Axis
    marks: tuple[Mark, ...]
    alt: str
    title: str = ""
    title_size: float = 13.0
    legend: Legend | None = None

    def layered(self) -> list[Mark]:
        """The marks in drawing order (stable within a layer)."""
        return sorted(self.marks, key=lambda m: LAYER[type(m)])


def nice_ticks(lo: float, hi: float, most: int = 7) -> tuple[float, ...]:
    """Round tick values from ``lo`` to ``hi`` (steps of 1, 2, 2.5 or 5 times a power of ten), at most ``most``."""
    span = hi - lo
    if span <= 0:
        return (lo,)
    power = 10 ** math.floor(math.log10(span / most))
    step = next((f * power for f in (1, 2, 2.5, 5, 10) if span / (f * power) <= most - 1), 10 * power)
    first = math.ceil(lo / step - 1e-9)
    values = []
    n = first
    while n * step <= hi + 1e-9:
        values.append(round(n * step, 10))
        n += 1
    return tuple(values)


def number_label(value: float, decimals: int = 0) -> str:
    """A tick label as matplotlib writes it: a fixed number of decimals and a real minus sign."""
    if round(value, decimals) == 0:
        value = 0.0  # no "-0"
    return f"{value:.{decimals}f}".replace("-", "\N{MINUS SIGN}")
