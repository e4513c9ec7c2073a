"""Draw a :class:`~handreiking.plots.chart.Chart` with matplotlib (``matplotlib.figure.Figure``, never pyplot).

For the lesson notebooks, reports and PNG exports. The participant apps use the SVG renderer
(:mod:`handreiking.plots.svg`) of the same chart data, so their kernels never import this module.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .chart import Band, Bar, Chart, Dash, Label, Line, Mark, Marker, Rule
from .render import PALETTE, new_figure

LINESTYLES: dict[Dash, str] = {"solid": "-", "dashed": "--", "dashdot": "-.", "dotted": ":"}
MARKERS = {"diamond": "D", "left": "<", "right": ">"}


def _draw(ax: Axes, mark: Mark) -> None:
    if isinstance(mark, Band):
        ax.axvspan(mark.x0, mark.x1, color=mark.colour)
    elif isinstance(mark, Rule):
        draw = ax.axhline if mark.horizontal else ax.axvline
        draw(mark.at, color=mark.colour, linewidth=mark.width, linestyle=LINESTYLES[mark.dash])
    elif isinstance(mark, Bar):
        if mark.width == 0:
            return  # nothing to see (the SVG renderer leaves it out too)
        ax.barh(
            mark.y,
            mark.width,
            left=mark.left,
            height=mark.height,
            color=mark.fill,
            edgecolor=mark.edge,
            hatch=mark.hatch or None,
            linewidth=mark.edge_width,
            label=mark.key or None,
        )
    elif isinstance(mark, Line):
        ax.plot(
            mark.xs,
            mark.ys,
            LINESTYLES[mark.dash],
            color=mark.colour,
            linewidth=mark.width,
            solid_capstyle=mark.cap,
            dash_capstyle=mark.cap,
            label=mark.label or None,
        )
    elif isinstance(mark, Marker):
        ax.plot(
            [mark.x],
            [mark.y],
            marker=MARKERS[mark.shape],
            markersize=mark.size,
            linestyle="none",
            color=mark.fill,
            markeredgecolor=mark.edge,
            markeredgewidth=mark.edge_width,
        )
    elif isinstance(mark, Label):
        bbox = {"facecolor": mark.box, "edgecolor": "none", "pad": mark.pad} if mark.box else None
        ax.text(
            mark.x,
            mark.y,
            mark.text,
            ha=mark.ha,
            va=mark.va,
            fontsize=mark.size,
            color=mark.colour,
            fontweight="bold" if mark.bold else "normal",
            bbox=bbox,
        )
    else:  # pragma: no cover - every Mark is handled above
        raise TypeError(f"unknown mark: {mark!r}")


def chart_figure(chart: Chart) -> Figure:
    """The chart as a matplotlib figure (one axes)."""
    fig = new_figure(chart.width, chart.height)
    ax = fig.add_subplot()
    for mark in chart.marks:
        _draw(ax, mark)
    x, y = chart.x, chart.y
    ax.set_xlim(x.lo, x.hi)
    ax.set_ylim(y.lo, y.hi)
    ax.set_xticks([v for v, _ in x.ticks], [t for _, t in x.ticks])
    ax.set_yticks([v for v, _ in y.ticks], [t for _, t in y.ticks])
    ax.tick_params(axis="x", labelsize=x.tick_size, colors=x.tick_colour)
    ax.tick_params(axis="y", labelsize=y.tick_size, colors=y.tick_colour)
    if x.label:
        ax.set_xlabel(x.label, fontsize=x.label_size)
    if y.label:
        ax.set_ylabel(y.label, fontsize=y.label_size)
    if y.grid:
        ax.grid(axis="y", color=y.grid, linewidth=0.8)
    if x.grid:
        ax.grid(axis="x", color=x.grid, linewidth=0.8)
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.spines["bottom"].set_visible(x.spine)
    ax.spines["left"].set_visible(y.spine)
    if chart.title:
        ax.set_title(chart.title, fontsize=chart.title_size, loc="left", color=PALETTE["ink"])
    if chart.legend:
        legend = chart.legend
        handles = [
            Line2D([], [], color=e.colour, linewidth=e.width, linestyle=LINESTYLES[e.dash], label=e.label)
            if e.kind == "line"
            else Patch(facecolor=e.colour, hatch=e.hatch or None, edgecolor=e.edge, label=e.label)
            for e in legend.entries
        ]
        below = -0.22 if x.label else -0.14  # under the tick labels (and the axis title, if any)
        ax.legend(
            handles=handles,
            loc="upper left" if legend.align == "left" else "upper center",
            bbox_to_anchor=(legend.x, below),
            ncol=legend.columns,
            fontsize=legend.size,
            frameon=False,
        )
    return fig
