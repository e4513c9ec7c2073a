"""Room charts as plain descriptions: what to draw, not how. :mod:`handreiking.plots.room` draws them.

A scenario's registration turns its aggregation into one of these; the dashboard and the report hand it to
the plot layer. Each carries its caption and its Dutch text alternative, so nothing rests on the picture
alone. Kept free of matplotlib, so a participant's kernel can import the answer types without it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AxisHistogram:
    """How many answers land in each bin of one axis (balans: from onderschatten to overvragen)."""

    caption: str
    alt: str
    edges: tuple[float, ...]
    counts: tuple[int, ...]
    mean: float | None
    ticks: tuple[tuple[float, str], ...]
    """(position, label) under the axis."""
    y_label: str = "deelnemers"


@dataclass(frozen=True)
class ShareBar:
    label: str
    mean: float
    stdev: float
    low: float
    high: float


@dataclass(frozen=True)
class ShareBars:
    """Mean share per item in percent, with its spread (rollen: the room's role mix)."""

    caption: str
    alt: str
    bars: tuple[ShareBar, ...]


@dataclass(frozen=True)
class CountBars:
    """How often each option was chosen (a route, a place on the spectrum, a part filled in)."""

    caption: str
    alt: str
    bars: tuple[tuple[str, int], ...]
    """(label, count), in the order to show them."""
    x_label: str = "aantal"


Chart = AxisHistogram | ShareBars | CountBars
