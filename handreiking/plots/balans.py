"""Figures of the balans scenario: the balance axis and the play-out over months.

Both take plain data (an :class:`~handreiking.scenarios.balans.Uitkomst` and the
month records of :func:`~handreiking.scenarios.balans.play_out`), so no pandas is
needed. Built on ``matplotlib.figure.Figure`` (never pyplot).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from handreiking.content.balans import BalansModel
from handreiking.scenarios.balans import Uitkomst

from .live import LiveFigure
from .render import PALETTE, new_figure

_COLOURS = {"onderschatten": PALETTE["warn"], "in-balans": PALETTE["good"], "overvragen": PALETTE["bad"]}
_COLOURS["beide"] = PALETTE["bad"]


class _BalanceArtists:
    """The moving parts of the balance picture."""

    def __init__(self, left: Rectangle, right: Rectangle, marker: Line2D) -> None:
        self.left, self.right, self.marker = left, right, marker

    def set(self, uitkomst: Uitkomst) -> None:
        self.left.set_width(-uitkomst.onderschatten)
        self.right.set_width(uitkomst.teveel)
        self.marker.set_data([uitkomst.positie], [0])
        self.marker.set_color(_COLOURS[uitkomst.oordeel])
        self.marker.set_markeredgecolor(PALETTE["ink"])

    @property
    def all(self) -> list[Artist]:
        return [self.left, self.right, self.marker]


def _draw_balance(model: BalansModel) -> tuple[Figure, _BalanceArtists]:
    labels = model.labels.balans
    grens = model.positie.in_balans.waarde
    fig = new_figure(6.4, 1.9)
    ax = fig.add_subplot()
    ax.axvspan(-1, -grens, color="#fbf1e3")
    ax.axvspan(-grens, grens, color="#e3f1e7")
    ax.axvspan(grens, 1, color="#fbe4e2")
    ax.axhline(0, color=PALETTE["muted"], linewidth=1)
    ax.axvline(0, color=PALETTE["muted"], linewidth=0.8, linestyle=":")
    left = ax.barh(0.22, 0, height=0.12, color=PALETTE["warn"])[0]
    right = ax.barh(0.22, 0, height=0.12, color=PALETTE["bad"])[0]
    ax.text(-0.02, 0.42, labels["tekort"], ha="right", va="center", fontsize=10, color=PALETTE["warn"])
    ax.text(0.02, 0.42, labels["valkuil"], ha="left", va="center", fontsize=10, color=PALETTE["bad"])
    (marker,) = ax.plot([0], [0], marker="D", markersize=15, linestyle="none")
    ax.text(-0.98, -0.42, f"◀ {labels['links']}", ha="left", va="center", fontsize=12, color=PALETTE["ink"])
    ax.text(0, -0.42, labels["midden"], ha="center", va="center", fontsize=12, color=PALETTE["good"])
    ax.text(0.98, -0.42, f"{labels['rechts']} ▶", ha="right", va="center", fontsize=12, color=PALETTE["ink"])
    ax.set_xlim(-1, 1)
    ax.set_ylim(-0.6, 0.55)
    ax.set_yticks([])
    ax.set_xticks([-1, -0.5, 0, 0.5, 1])
    ax.tick_params(axis="x", labelsize=10, colors=PALETTE["muted"])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    return fig, _BalanceArtists(left, right, marker)


def balance_figure(model: BalansModel, uitkomst: Uitkomst) -> Figure:
    """One horizontal axis from onderschatten (-1) via in balans (0) to overvragen (+1), with a marker.

    A bar to the left shows how much support is missing, a bar to the right the strongest pitfall;
    the marker (a diamond) is where they net out. The middle band is the 'in balans' zone.
    """
    fig, artists = _draw_balance(model)
    artists.set(uitkomst)
    return fig


class BalancePicture:
    """The balance picture for an app: the frame is drawn once, each update redraws bars and marker."""

    def __init__(self, model: BalansModel, dpi: int = 90) -> None:
        self.model = model
        fig, self.artists = _draw_balance(model)
        self.live = LiveFigure(fig, self.artists.all, dpi=dpi)

    def html(self, uitkomst: Uitkomst) -> str:
        self.artists.set(uitkomst)
        return self.live.html(balance_alt(self.model, uitkomst))


def balance_alt(model: BalansModel, uitkomst: Uitkomst) -> str:
    """The Dutch text alternative of :func:`balance_figure`."""
    labels = model.labels.balans
    return (
        f"Balans van {labels['links']} (−1) tot {labels['rechts']} (+1). "
        f"De aanpak staat op {uitkomst.positie:+.2f}. {uitkomst.oordeel_tekst} "
        f"{labels['links'].capitalize()}: {uitkomst.onderschatten:.2f}; sterkste valkuil: {uitkomst.teveel:.2f}."
    )


_STYLES = {"energie": "-", "voortgang": "--", "eigenaarschap": "-."}
_LINE_COLOURS = {"energie": PALETTE["warn"], "voortgang": PALETTE["accent"], "eigenaarschap": PALETTE["good"]}


def _draw_play_out(model: BalansModel, months: int) -> tuple[Figure, dict[str, Line2D]]:
    fig = new_figure(6.4, 3.3)
    ax = fig.add_subplot()
    lines: dict[str, Line2D] = {}
    for key, label in model.labels.reeksen.items():
        (lines[key],) = ax.plot(
            list(range(months + 1)),
            [0.0] * (months + 1),
            _STYLES[key],
            color=_LINE_COLOURS[key],
            linewidth=2.4,
            label=label,
        )
    ax.set_ylim(-2, 102)
    ax.set_xlim(0, months)
    ax.set_xlabel(model.labels.maand, fontsize=11)
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.tick_params(labelsize=10)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.22), ncol=1, fontsize=10, frameon=False)
    return fig, lines


def _set_play_out(lines: dict[str, Line2D], records: Sequence[Mapping[str, float]]) -> None:
    months = [r["maand"] for r in records]
    for key, line in lines.items():
        line.set_data(months, [r[key] for r in records])


def play_out_figure(model: BalansModel, records: Sequence[Mapping[str, float]]) -> Figure:
    """Energy, progress and ownership (0-100) per month, one line each (colour and line style differ)."""
    fig, lines = _draw_play_out(model, int(records[-1]["maand"]))
    _set_play_out(lines, records)
    return fig


class PlayOutPicture:
    """The play-out chart for an app: axes and legend drawn once, each update redraws the three lines."""

    def __init__(self, model: BalansModel, months: int, dpi: int = 90) -> None:
        self.model = model
        fig, self.lines = _draw_play_out(model, months)
        self.live = LiveFigure(fig, list(self.lines.values()), dpi=dpi)

    def html(self, records: Sequence[Mapping[str, float]]) -> str:
        _set_play_out(self.lines, records)
        return self.live.html(play_out_alt(self.model, records))


def play_out_alt(model: BalansModel, records: Sequence[Mapping[str, float]]) -> str:
    """The Dutch text alternative of :func:`play_out_figure`: start and end of each line."""
    first, last = records[0], records[-1]
    parts = [f"{label}: van {first[key]:.0f} naar {last[key]:.0f}" for key, label in model.labels.reeksen.items()]
    return f"Verloop over {last['maand']:.0f} {model.labels.maand}en. " + "; ".join(parts) + "."
