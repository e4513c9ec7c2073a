"""Room charts for the trainer dashboard and the session report: draws the descriptions in
:mod:`handreiking.scenarios.room.charts` (where the room lands on the balans axis, the room's role mix, counts).

Built on ``matplotlib.figure.Figure`` (never pyplot), large type for a projector; every bar carries
its number, so nothing rests on colour alone. The text alternative comes with the description.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..scenarios.room.charts import AxisHistogram, Chart, CountBars, ShareBars
from .render import PALETTE, figure_html, figure_to_png, new_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def _label_bar(ax: object, x: float, y: float, n: int, **kw: object) -> None:
    ax.annotate(str(n), (x, y), fontsize=12, color=PALETTE["ink"], **kw)  # type: ignore[attr-defined]


def histogram_figure(chart: AxisHistogram) -> Figure:
    """Histogram of the room's positions on one axis, with the mean marked (balans: -1 to +1)."""
    fig = new_figure(7.2, 3.2)
    ax = fig.add_subplot()
    edges = chart.edges
    width = edges[1] - edges[0]
    centres = [e + width / 2 for e in edges[:-1]]
    colours = [
        PALETTE["bad"] if abs(c) > 0.5 else PALETTE["warn"] if abs(c) > 0.25 else PALETTE["good"] for c in centres
    ]
    bars = ax.bar(centres, chart.counts, width=width * 0.9, color=colours)
    for bar, n in zip(bars, chart.counts, strict=True):
        if n:
            _label_bar(ax, bar.get_x() + bar.get_width() / 2, bar.get_height(), n, ha="center", va="bottom")
    top = max(chart.counts or (0,))
    if chart.mean is not None:
        ax.axvline(chart.mean, color=PALETTE["accent"], linewidth=2.5, linestyle="--")
        ax.annotate(
            f"gemiddeld {chart.mean:+.2f}",
            (chart.mean, max(top, 1) * 1.05 + 0.3),
            ha="center",
            fontsize=11,
            color=PALETTE["accent"],
        )
    ax.set_xlim(edges[0] - 0.05, edges[-1] + 0.05)
    ax.set_ylim(0, max(top, 1) * 1.3 + 0.5)
    ax.set_xticks([t for t, _ in chart.ticks], [label for _, label in chart.ticks], fontsize=12)
    ax.set_ylabel(chart.y_label, fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    ax.yaxis.get_major_locator().set_params(integer=True)
    return fig


def share_bars_figure(chart: ShareBars) -> Figure:
    """Mean share per item (bar) with the spread: lowest-highest (thin line) and ± one standard deviation."""
    fig = new_figure(7.2, 3.0)
    ax = fig.add_subplot()
    ys = list(range(len(chart.bars)))[::-1]
    for y, s in zip(ys, chart.bars, strict=True):
        ax.barh(y, s.mean, height=0.6, color=PALETTE["light"], edgecolor=PALETTE["accent"])
        ax.plot([s.low, s.high], [y, y], color=PALETTE["muted"], linewidth=1.2)
        ax.errorbar(s.mean, y, xerr=s.stdev, color=PALETTE["ink"], capsize=6, linewidth=2)
        ax.annotate(f"{s.mean:.0f}% (±{s.stdev:.0f})", (101, y), va="center", fontsize=12, color=PALETTE["ink"])
    ax.set_yticks(ys, [s.label for s in chart.bars], fontsize=12)
    ax.set_xlim(0, 130)
    ax.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def count_bars_figure(chart: CountBars) -> Figure:
    """One horizontal bar per option with its count written beside it."""
    fig = new_figure(7.2, max(2.2, 0.55 * len(chart.bars) + 1.0))
    ax = fig.add_subplot()
    ys = list(range(len(chart.bars)))[::-1]
    top = max((n for _, n in chart.bars), default=0)
    for y, (_, n) in zip(ys, chart.bars, strict=True):
        ax.barh(y, n, height=0.6, color=PALETTE["light"], edgecolor=PALETTE["accent"])
        _label_bar(ax, n + max(top, 1) * 0.02, y, n, va="center")
    ax.set_yticks(ys, [label for label, _ in chart.bars], fontsize=12)
    ax.set_xlim(0, max(top, 1) * 1.2)
    ax.set_xlabel(chart.x_label, fontsize=11)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def room_figure(chart: Chart) -> Figure:
    """The figure for any room chart description."""
    if isinstance(chart, AxisHistogram):
        return histogram_figure(chart)
    if isinstance(chart, ShareBars):
        return share_bars_figure(chart)
    if isinstance(chart, CountBars):
        return count_bars_figure(chart)
    raise TypeError(f"unknown room chart: {type(chart).__name__}")


def room_chart_png(chart: Chart) -> bytes:
    """The chart as PNG bytes (for the report)."""
    return figure_to_png(room_figure(chart))


def room_chart_html(chart: Chart) -> str:
    """The chart as an ``<img>`` with its text alternative (for the dashboard)."""
    return figure_html(room_figure(chart), alt=chart.alt)
