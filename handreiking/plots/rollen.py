"""Figures of the rollen scenario: the participant's mix, and what each factor asks beside it.

Each figure is built once as data (:class:`~handreiking.plots.chart.Chart`, no matplotlib here).
The mix changes with every slider move; the factor figure depends on the case only, so an app
can draw it once per case. The apps draw them as SVG (:class:`MixPicture`, :func:`factors_svg`);
notebooks and reports as matplotlib figures (:func:`mix_figure`, :func:`factors_figure`).
Each role has its own colour and hatch, and every bar carries its number, so nothing rests on
colour alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from handreiking.content.rollen import ROL_IDS, RollenModel, RollenVraagstuk
from handreiking.scenarios.rollen import Uitkomst, pull_shares

from .chart import Axis, Bar, Chart, Hatch, Label, Legend, LegendEntry, Line, Mark
from .render import PALETTE
from .svg import chart_svg, new_uid

if TYPE_CHECKING:
    from matplotlib.figure import Figure

ROL_COLOURS: dict[str, str] = {
    "rechtmatig": PALETTE["accent"],
    "presterend": PALETTE["warn"],
    "netwerkend": PALETTE["good"],
    "responsief": "#6a3d9a",
}
"""One colour per role, each at least 4.5:1 on white (white text on them is readable too)."""
ROL_HATCHES: dict[str, Hatch] = {"rechtmatig": "", "presterend": "//", "netwerkend": "..", "responsief": "xx"}
INSIDE = 18
"""A mix bar of at least this share carries its number inside (white on the role colour), else beside it."""
MIX_TITLE = "Jouw mix (samen 100%)"
FACTORS_TITLE = "Wat elke factor vraagt (in %)"
PERCENT_TICKS = tuple((v, f"{v}%") for v in (0, 25, 50, 75, 100))


def _short(model: RollenModel) -> dict[str, str]:
    return {r.id: r.kort for r in model.rollen}


def mix_chart(model: RollenModel, vraagstuk: RollenVraagstuk, uitkomst: Uitkomst) -> Chart:
    """The mix as four horizontal bars (0-100%), with the case's minimum shares as a dashed mark."""
    kort = _short(model)
    minima = {m.rol: m.aandeel for m in vraagstuk.minimum}
    rows = list(range(len(ROL_IDS)))[::-1]
    bars: list[Mark] = []
    marks: list[Mark] = []
    numbers: list[Mark] = []
    for y, rol in zip(rows, ROL_IDS, strict=True):
        value = uitkomst.mix[rol]
        colour = ROL_COLOURS[rol]
        bars.append(Bar(y, 0, value, 0.62, colour, "white", 0, ROL_HATCHES[rol], rol))
        if value >= INSIDE:
            numbers.append(Label(value - 1.5, y, f"{value}%", 13, "white", "right", bold=True, box=colour, pad=1.5))
        else:
            numbers.append(Label(value + 1.5, y, f"{value}%", 13, PALETTE["ink"], "left", bold=True))
        if rol in minima:
            share = minima[rol]
            marks.append(
                Line((share, share), (y - 0.42, y + 0.42), PALETTE["bad"], 2.2, "dashed", key=f"minimum-{rol}")
            )
            marks.append(Label(share, y + 0.44, f"minimum {share}%", 9.5, PALETTE["bad"], "left", "bottom"))
    return Chart(
        name="mix",
        width=5.2,
        height=2.6,
        x=Axis(0, 100, PERCENT_TICKS, tick_size=10, tick_colour=PALETTE["muted"]),
        y=Axis(-0.5, len(ROL_IDS) - 0.5, tuple((y, kort[r]) for y, r in zip(rows, ROL_IDS, strict=True)), 12),
        marks=(*bars, *marks, *numbers),
        alt=mix_alt(model, vraagstuk, uitkomst),
        title=MIX_TITLE,
    )


def mix_alt(model: RollenModel, vraagstuk: RollenVraagstuk, uitkomst: Uitkomst) -> str:
    """The Dutch text alternative of the mix chart."""
    kort = _short(model)
    parts = [f"{kort[r]} {uitkomst.mix[r]}%" for r in ROL_IDS]
    minima = [f"minimum {kort[m.rol].lower()} {m.aandeel}%" for m in vraagstuk.minimum]
    extra = f" Deze casus vraagt: {', '.join(minima)}." if minima else ""
    return f"Staafdiagram van jouw mix: {', '.join(parts)}.{extra}"


def mix_figure(model: RollenModel, vraagstuk: RollenVraagstuk, uitkomst: Uitkomst) -> Figure:
    """:func:`mix_chart` as a matplotlib figure (for notebooks and reports)."""
    from .mpl import chart_figure

    return chart_figure(mix_chart(model, vraagstuk, uitkomst))


class MixPicture:
    """The mix chart of one case for an app, as SVG."""

    def __init__(self, model: RollenModel, vraagstuk: RollenVraagstuk) -> None:
        self.model, self.vraagstuk = model, vraagstuk
        self.uid = new_uid("mix")

    def html(self, uitkomst: Uitkomst) -> str:
        return chart_svg(mix_chart(self.model, self.vraagstuk, uitkomst), self.uid)


def factors_chart(model: RollenModel, vraagstuk: RollenVraagstuk) -> Chart:
    """One stacked bar per factor: what it asks in this case (its pull as %). Depends on the case only."""
    kort = _short(model)
    ys = list(range(len(model.factoren)))[::-1]
    bars: list[Mark] = []
    numbers: list[Mark] = []
    for y, f in zip(ys, model.factoren, strict=True):
        shares = pull_shares(vraagstuk.factor(f.id).trek)
        left = 0.0
        for rol in ROL_IDS:
            width = shares[rol]
            if width <= 0:
                continue
            colour = ROL_COLOURS[rol]
            bars.append(Bar(y, left, width, 0.66, colour, "white", 0.8, ROL_HATCHES[rol], f"{f.id}-{rol}"))
            if width >= 12:
                number = f"{round(width)}"
                numbers.append(
                    Label(left + width / 2, y, number, 10.5, "white", "center", bold=True, box=colour, pad=1)
                )
            left += width
    legend = Legend(  # every role in the legend, also one that no factor in the top row asks for
        tuple(LegendEntry(kort[r], ROL_COLOURS[r], "patch", hatch=ROL_HATCHES[r]) for r in ROL_IDS),
        columns=4,
        x=0.4,
        align="center",
    )
    return Chart(
        name="factoren",
        width=6.4,
        height=2.9,
        x=Axis(0, 100, tuple((v, f"{v}%") for v in (0, 50, 100)), tick_size=9.5, tick_colour=PALETTE["muted"]),
        y=Axis(-0.5, len(ys) - 0.5, tuple((y, _wrap(f.naam)) for y, f in zip(ys, model.factoren, strict=True)), 10.5),
        marks=(*bars, *numbers),
        alt=factors_alt(model, vraagstuk),
        title=FACTORS_TITLE,
        legend=legend,
    )


def factors_alt(model: RollenModel, vraagstuk: RollenVraagstuk) -> str:
    """The Dutch text alternative of the factor chart."""
    kort = _short(model)
    parts = []
    for f in model.factoren:
        shares = pull_shares(vraagstuk.factor(f.id).trek)
        asks = ", ".join(f"{kort[r].lower()} {round(shares[r])}%" for r in ROL_IDS)
        parts.append(f"{f.naam} vraagt {asks}.")
    return "Gestapelde staven per factor. " + " ".join(parts)


def factors_figure(model: RollenModel, vraagstuk: RollenVraagstuk) -> Figure:
    """:func:`factors_chart` as a matplotlib figure (for notebooks and reports)."""
    from .mpl import chart_figure

    return chart_figure(factors_chart(model, vraagstuk))


def factors_svg(model: RollenModel, vraagstuk: RollenVraagstuk) -> str:
    """:func:`factors_chart` as SVG, for an app (drawn once per case)."""
    return chart_svg(factors_chart(model, vraagstuk))


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
