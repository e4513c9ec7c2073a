"""Figures of the rollen scenario: the participant's mix, and what each factor asks beside it.

The mix figure changes with every slider move; the factor figure depends on the
case only, so an app can draw it once per case.
Built on ``matplotlib.figure.Figure`` (never pyplot). Each role has its own
colour and hatch, and every bar carries its number, so nothing rests on colour alone.
"""

from __future__ import annotations

from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text

from handreiking.content.rollen import ROL_IDS, RollenModel, RollenVraagstuk
from handreiking.scenarios.rollen import Uitkomst, pull_shares

from .live import LiveFigure
from .render import PALETTE, new_figure

ROL_COLOURS: dict[str, str] = {
    "rechtmatig": PALETTE["accent"],
    "presterend": PALETTE["warn"],
    "netwerkend": PALETTE["good"],
    "responsief": "#6a3d9a",
}
"""One colour per role, each at least 4.5:1 on white (white text on them is readable too)."""
ROL_HATCHES: dict[str, str] = {"rechtmatig": "", "presterend": "//", "netwerkend": "..", "responsief": "xx"}


def _short(model: RollenModel) -> dict[str, str]:
    return {r.id: r.kort for r in model.rollen}


class _MixArtists:
    """The moving parts of the mix chart: per role a bar, its number and (if the case sets one) a minimum mark."""

    def __init__(self, bars: dict[str, Rectangle], labels: dict[str, Text], marks: list[Line2D]) -> None:
        self.bars, self.labels, self.marks = bars, labels, marks

    def set(self, uitkomst: Uitkomst) -> None:
        for rol, bar in self.bars.items():
            value = uitkomst.mix[rol]
            bar.set_width(value)
            inside = value >= 18
            label = self.labels[rol]
            label.set_text(f"{value}%")
            label.set_x(value - 1.5 if inside else value + 1.5)
            label.set_horizontalalignment("right" if inside else "left")
            label.set_color("white" if inside else PALETTE["ink"])
            label.set_bbox({"facecolor": ROL_COLOURS[rol], "edgecolor": "none", "pad": 1.5} if inside else None)

    @property
    def all(self) -> list[Artist]:
        return [*self.bars.values(), *self.marks, *self.labels.values()]  # marks and numbers on top of the bars


def _draw_mix(model: RollenModel, vraagstuk: RollenVraagstuk) -> tuple[Figure, _MixArtists]:
    kort = _short(model)
    minima = {m.rol: m.aandeel for m in vraagstuk.minimum}
    fig = new_figure(5.2, 2.6)
    ax = fig.add_subplot()
    rows = list(range(len(ROL_IDS)))[::-1]
    bars: dict[str, Rectangle] = {}
    labels: dict[str, Text] = {}
    marks: list[Line2D] = []
    for y, rol in zip(rows, ROL_IDS, strict=True):
        bars[rol] = ax.barh(
            y, 0, height=0.62, color=ROL_COLOURS[rol], hatch=ROL_HATCHES[rol], edgecolor="white", linewidth=0
        )[0]
        labels[rol] = ax.text(0, y, "", va="center", fontsize=13, fontweight="bold")
        if rol in minima:
            marks += ax.plot(
                [minima[rol]] * 2, [y - 0.42, y + 0.42], color=PALETTE["bad"], linewidth=2.2, linestyle="--"
            )
            ax.text(minima[rol], y + 0.44, f"minimum {minima[rol]}%", fontsize=9.5, color=PALETTE["bad"], va="bottom")
    ax.set_yticks(rows, [kort[r] for r in ROL_IDS], fontsize=12)
    ax.set_xlim(0, 100)
    ax.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
    ax.tick_params(axis="x", labelsize=10, colors=PALETTE["muted"])
    ax.set_title("Jouw mix (samen 100%)", fontsize=13, loc="left", color=PALETTE["ink"])
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig, _MixArtists(bars, labels, marks)


def mix_figure(model: RollenModel, vraagstuk: RollenVraagstuk, uitkomst: Uitkomst) -> Figure:
    """The mix as four horizontal bars (0-100%), with the case's minimum shares as a dashed mark."""
    fig, artists = _draw_mix(model, vraagstuk)
    artists.set(uitkomst)
    return fig


class MixPicture:
    """The mix chart for an app: the frame of one case is drawn once, a slider move redraws bars and numbers."""

    def __init__(self, model: RollenModel, vraagstuk: RollenVraagstuk, dpi: int = 110) -> None:
        self.model, self.vraagstuk = model, vraagstuk
        fig, self.artists = _draw_mix(model, vraagstuk)
        self.live = LiveFigure(fig, self.artists.all, dpi=dpi)

    def html(self, uitkomst: Uitkomst) -> str:
        self.artists.set(uitkomst)
        return self.live.html(mix_alt(self.model, self.vraagstuk, uitkomst))


def mix_alt(model: RollenModel, vraagstuk: RollenVraagstuk, uitkomst: Uitkomst) -> str:
    """The Dutch text alternative of :func:`mix_figure`."""
    kort = _short(model)
    parts = [f"{kort[r]} {uitkomst.mix[r]}%" for r in ROL_IDS]
    minima = [f"minimum {kort[m.rol].lower()} {m.aandeel}%" for m in vraagstuk.minimum]
    extra = f" Deze casus vraagt: {', '.join(minima)}." if minima else ""
    return f"Staafdiagram van jouw mix: {', '.join(parts)}.{extra}"


def factors_figure(model: RollenModel, vraagstuk: RollenVraagstuk) -> Figure:
    """One stacked bar per factor: what it asks in this case (its pull as %). Depends on the case only."""
    kort = _short(model)
    shares = {f.id: pull_shares(vraagstuk.factor(f.id).trek) for f in model.factoren}
    fig = new_figure(6.4, 2.9)
    ax = fig.add_subplot()
    ys = list(range(len(model.factoren)))[::-1]
    for y, f in zip(ys, model.factoren, strict=True):
        left = 0.0
        for rol in ROL_IDS:
            width = shares[f.id][rol]
            if width <= 0:
                continue
            ax.barh(
                y,
                width,
                left=left,
                height=0.66,
                color=ROL_COLOURS[rol],
                hatch=ROL_HATCHES[rol],
                edgecolor="white",
                linewidth=0.8,
            )
            if width >= 12:
                ax.text(
                    left + width / 2,
                    y,
                    f"{round(width)}",
                    ha="center",
                    va="center",
                    fontsize=10.5,
                    color="white",
                    fontweight="bold",
                    bbox={"facecolor": ROL_COLOURS[rol], "edgecolor": "none", "pad": 1.0},
                )
            left += width
    ax.set_yticks(ys, [_wrap(f.naam) for f in model.factoren], fontsize=10.5)
    ax.set_xlim(0, 100)
    ax.set_xticks([0, 50, 100], ["0%", "50%", "100%"])
    ax.tick_params(axis="x", labelsize=9.5, colors=PALETTE["muted"])
    ax.set_title("Wat elke factor vraagt (in %)", fontsize=13, loc="left", color=PALETTE["ink"])
    handles = [  # every role in the legend, also one that no factor in the top row asks for
        Patch(facecolor=ROL_COLOURS[rol], hatch=ROL_HATCHES[rol], edgecolor="white", label=kort[rol]) for rol in ROL_IDS
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.4, -0.14), ncol=4, fontsize=10, frameon=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig


def factors_alt(model: RollenModel, vraagstuk: RollenVraagstuk) -> str:
    """The Dutch text alternative of :func:`factors_figure`."""
    kort = _short(model)
    parts = []
    for f in model.factoren:
        shares = pull_shares(vraagstuk.factor(f.id).trek)
        asks = ", ".join(f"{kort[r].lower()} {round(shares[r])}%" for r in ROL_IDS)
        parts.append(f"{f.naam} vraagt {asks}.")
    return "Gestapelde staven per factor. " + " ".join(parts)


def _wrap(text: str, width: int = 18) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)
