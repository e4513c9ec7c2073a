"""Figures of the balans scenario: the balance axis and the play-out over months.

Both take plain data (an :class:`~handreiking.scenarios.balans.Uitkomst` and the
month records of :func:`~handreiking.scenarios.balans.play_out`), so no pandas is
needed. Built on ``matplotlib.figure.Figure`` (never pyplot).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from handreiking.content.balans import BalansModel
from handreiking.scenarios.balans import Uitkomst

from .live import LiveFigure
from .render import PALETTE, new_figure

_COLOURS = {
    "onderschatten": PALETTE["warn"],
    "in-balans": PALETTE["good"],
    "overvragen": PALETTE["bad"],
    "beide": PALETTE["bad"],
}
_SIDE_COLOURS = {"onderschatten": PALETTE["warn"], "overvragen": PALETTE["bad"]}
_BAR_Y, _BAR_H = 0.22, 0.14


class _BalanceArtists:
    """The moving parts of the balance picture.

    Per side a solid bar (the strongest part on that side) over a striped bar (the parts that pull
    on both sides, i.e. overspoelen); a diamond where the approach lands; and for ``beide`` no
    diamond but a stretched line with a pointer at each end, where each pull reaches.
    """

    def __init__(self, ax: Axes) -> None:
        def bar(colour: str, striped: bool) -> Rectangle:
            return ax.barh(
                _BAR_Y,
                0,
                height=_BAR_H,
                color="white" if striped else colour,
                edgecolor=colour,
                hatch="////" if striped else None,
                linewidth=1.2 if striped else 0,
            )[0]

        on, ov = _SIDE_COLOURS["onderschatten"], _SIDE_COLOURS["overvragen"]
        self.left_both, self.right_both = bar(on, True), bar(ov, True)
        self.left, self.right = bar(on, False), bar(ov, False)
        (self.marker,) = ax.plot([0], [0], marker="D", markersize=15, linestyle="none")
        (self.stretch,) = ax.plot([0, 0], [0, 0], color=PALETTE["bad"], linewidth=4, solid_capstyle="butt")
        (self.pointer_left,) = ax.plot([0], [0], marker="<", markersize=15, linestyle="none", color=on)
        (self.pointer_right,) = ax.plot([0], [0], marker=">", markersize=15, linestyle="none", color=ov)
        for pointer in (self.pointer_left, self.pointer_right):
            pointer.set_markeredgecolor(PALETTE["ink"])

    def set(self, uitkomst: Uitkomst) -> None:
        both = uitkomst.strongest("beide")
        self.left_both.set_width(-both)
        self.right_both.set_width(both)
        self.left.set_width(-uitkomst.strongest("onderschatten"))
        self.right.set_width(uitkomst.strongest("overvragen"))
        beide = uitkomst.oordeel == "beide"
        self.marker.set_visible(not beide)
        self.marker.set_data([uitkomst.positie], [0])
        self.marker.set_color(_COLOURS[uitkomst.oordeel])
        self.marker.set_markeredgecolor(PALETTE["ink"])
        for artist in (self.stretch, self.pointer_left, self.pointer_right):
            artist.set_visible(beide)
        self.stretch.set_data([-uitkomst.onderschatten, uitkomst.overvragen], [0, 0])
        self.pointer_left.set_data([-uitkomst.onderschatten], [0])
        self.pointer_right.set_data([uitkomst.overvragen], [0])

    @property
    def all(self) -> list[Artist]:
        return [
            self.left_both,
            self.right_both,
            self.left,
            self.right,
            self.stretch,
            self.marker,
            self.pointer_left,
            self.pointer_right,
        ]


def _draw_balance(model: BalansModel) -> tuple[Figure, _BalanceArtists]:
    labels = model.labels.balans
    grens = model.positie.in_balans.waarde
    fig = new_figure(6.4, 2.3)
    ax = fig.add_subplot()
    ax.axvspan(-1, -grens, color="#fbf1e3")
    ax.axvspan(-grens, grens, color="#e3f1e7")
    ax.axvspan(grens, 1, color="#fbe4e2")
    ax.axhline(0, color=PALETTE["muted"], linewidth=1)
    ax.axvline(0, color=PALETTE["muted"], linewidth=0.8, linestyle=":")
    on, ov = _SIDE_COLOURS["onderschatten"], _SIDE_COLOURS["overvragen"]
    ax.text(-0.02, 0.46, f"◀ {labels['trek_links']}", ha="right", va="center", fontsize=10, color=on)
    ax.text(0.02, 0.46, f"{labels['trek_rechts']} ▶", ha="left", va="center", fontsize=10, color=ov)
    ax.text(-0.98, -0.38, f"◀ {labels['links']}", ha="left", va="center", fontsize=12, color=PALETTE["ink"])
    ax.text(0, -0.38, labels["midden"], ha="center", va="center", fontsize=12, color=PALETTE["good"])
    ax.text(0.98, -0.38, f"{labels['rechts']} ▶", ha="right", va="center", fontsize=12, color=PALETTE["ink"])
    ax.text(0, -0.64, labels["overspoelen"], ha="center", va="center", fontsize=9, color=PALETTE["muted"])
    ax.set_xlim(-1, 1)
    ax.set_ylim(-0.78, 0.6)
    ax.set_yticks([])
    ax.set_xticks([-1, -0.5, 0, 0.5, 1])
    ax.tick_params(axis="x", labelsize=10, colors=PALETTE["muted"])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    return fig, _BalanceArtists(ax)


def balance_figure(model: BalansModel, uitkomst: Uitkomst) -> Figure:
    """One horizontal axis from onderschatten (-1) via in balans (0) to overvragen (+1).

    Above the axis, a bar to each side shows the pull toward that end (striped: overspoelen, which
    pulls on both sides). On the axis a diamond marks where the approach lands; for ``beide`` the
    diamond gives way to a line stretched between the two pulls, so it never looks like 'in balans'.
    """
    fig, artists = _draw_balance(model)
    artists.set(uitkomst)
    return fig


class BalancePicture:
    """The balance picture for an app: the frame is drawn once, each update redraws bars and markers."""

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
    text = (
        f"Balans van {labels['links']} (−1) tot {labels['rechts']} (+1). "
        f"De aanpak staat op {uitkomst.positie:+.2f}. {uitkomst.oordeel_tekst} "
        f"{labels['trek_links'].capitalize()}: {uitkomst.onderschatten:.2f}; "
        f"{labels['trek_rechts']}: {uitkomst.overvragen:.2f}."
    )
    for part in uitkomst.onderdelen:
        if part.kant == "beide":
            text += f" {part.naam} trekt aan beide kanten met {part.score:.2f}."
    if uitkomst.oordeel == "beide":
        text += (
            " Er staat geen wijzer in het midden, maar aan elke kant een: "
            f"bij {-uitkomst.onderschatten:+.2f} en bij {uitkomst.overvragen:+.2f}."
        )
    return text


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
