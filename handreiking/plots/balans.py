"""Figures of the balans scenario: the balance axis and the play-out over months.

Each figure is built once as data (:class:`~handreiking.plots.chart.Chart`, no matplotlib here)
from plain inputs: an :class:`~handreiking.scenarios.balans.Uitkomst` and the month records of
:func:`~handreiking.scenarios.balans.play_out`. The apps draw it as SVG (:class:`BalancePicture`,
:class:`PlayOutPicture`); notebooks and reports as a matplotlib figure (:func:`balance_figure`,
:func:`play_out_figure`, which import matplotlib only when called).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from handreiking.content.balans import BalansModel
from handreiking.scenarios.balans import Uitkomst

from .chart import (
    Axis,
    Band,
    Bar,
    Chart,
    Label,
    Legend,
    LegendEntry,
    Line,
    Mark,
    Marker,
    Rule,
    nice_ticks,
    number_label,
)
from .render import PALETTE
from .svg import chart_svg, new_uid

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_COLOURS = {
    "onderschatten": PALETTE["warn"],
    "in-balans": PALETTE["good"],
    "overvragen": PALETTE["bad"],
    "beide": PALETTE["bad"],
}
_SIDE_COLOURS = {"onderschatten": PALETTE["warn"], "overvragen": PALETTE["bad"]}
_BAR_Y, _BAR_H = 0.22, 0.14
BANDS = ("#fbf1e3", "#e3f1e7", "#fbe4e2")
"""Background of the onderschatten, in-balans and overvragen zones (light tints of the side colours)."""


def _pulls(uitkomst: Uitkomst) -> list[Mark]:
    """Per side a striped bar (overspoelen, which pulls on both sides) under a solid bar (the strongest part)."""
    on, ov = _SIDE_COLOURS["onderschatten"], _SIDE_COLOURS["overvragen"]
    both = uitkomst.strongest("beide")
    left, right = uitkomst.strongest("onderschatten"), uitkomst.strongest("overvragen")

    def striped(start: float, width: float, colour: str, key: str) -> Bar:
        return Bar(_BAR_Y, start, width, _BAR_H, "white", colour, 1.2, "////", key)

    return [
        striped(-both, both, on, "beide-onderschatten"),
        striped(0.0, both, ov, "beide-overvragen"),
        Bar(_BAR_Y, -left, left, _BAR_H, on, on, key="onderschatten"),
        Bar(_BAR_Y, 0.0, right, _BAR_H, ov, ov, key="overvragen"),
    ]


def _landing(uitkomst: Uitkomst) -> list[Mark]:
    """A diamond where the approach lands; for ``beide`` a line stretched between the two pulls instead."""
    if uitkomst.oordeel != "beide":
        return [Marker(uitkomst.positie, 0.0, "diamond", _COLOURS[uitkomst.oordeel], key="positie")]
    links, rechts = -uitkomst.onderschatten, uitkomst.overvragen
    return [
        Line((links, rechts), (0.0, 0.0), PALETTE["bad"], width=4.0, key="beide"),
        Marker(links, 0.0, "left", _SIDE_COLOURS["onderschatten"], key="onderschatten"),
        Marker(rechts, 0.0, "right", _SIDE_COLOURS["overvragen"], key="overvragen"),
    ]


def balance_chart(model: BalansModel, uitkomst: Uitkomst) -> Chart:
    """One horizontal axis from onderschatten (-1) via in balans (0) to overvragen (+1).

    Above the axis, a bar to each side shows the pull toward that end (striped: overspoelen, which
    pulls on both sides). On the axis a diamond marks where the approach lands; for ``beide`` the
    diamond gives way to a line stretched between the two pulls, with a pointer at each end, so it
    never looks like 'in balans'.
    """
    labels = model.labels.balans
    grens = model.positie.in_balans.waarde
    on, ov, ink, muted = _SIDE_COLOURS["onderschatten"], _SIDE_COLOURS["overvragen"], PALETTE["ink"], PALETTE["muted"]
    frame: list[Mark] = [
        Band(-1, -grens, BANDS[0]),
        Band(-grens, grens, BANDS[1]),
        Band(grens, 1, BANDS[2]),
        Rule(True, 0.0, muted, 1.0),
        Rule(False, 0.0, muted, 0.8, "dotted"),
        Label(-0.02, 0.46, f"◀ {labels['trek_links']}", 10, on, "right"),
        Label(0.02, 0.46, f"{labels['trek_rechts']} ▶", 10, ov, "left"),
        Label(-0.98, -0.38, f"◀ {labels['links']}", 12, ink, "left"),
        Label(0, -0.38, labels["midden"], 12, PALETTE["good"], "center"),
        Label(0.98, -0.38, f"{labels['rechts']} ▶", 12, ink, "right"),
        Label(0, -0.64, labels["overspoelen"], 9, muted, "center"),
    ]
    ticks = tuple((v, number_label(v, 1)) for v in (-1, -0.5, 0, 0.5, 1))
    return Chart(
        name="balans",
        width=6.4,
        height=2.3,
        x=Axis(-1, 1, ticks, tick_size=10, tick_colour=muted),
        y=Axis(-0.78, 0.6, spine=False),
        marks=(*frame, *_pulls(uitkomst), *_landing(uitkomst)),
        alt=balance_alt(model, uitkomst),
    )


def balance_alt(model: BalansModel, uitkomst: Uitkomst) -> str:
    """The Dutch text alternative of the balance picture."""
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


def balance_figure(model: BalansModel, uitkomst: Uitkomst) -> Figure:
    """:func:`balance_chart` as a matplotlib figure (for notebooks and reports)."""
    from .mpl import chart_figure

    return chart_figure(balance_chart(model, uitkomst))


class BalancePicture:
    """The balance picture for an app, as SVG; one id prefix for all its updates."""

    def __init__(self, model: BalansModel) -> None:
        self.model = model
        self.uid = new_uid("balans")

    def html(self, uitkomst: Uitkomst) -> str:
        return chart_svg(balance_chart(self.model, uitkomst), self.uid)


_STYLES = {"energie": "solid", "voortgang": "dashed", "eigenaarschap": "dashdot"}
_LINE_COLOURS = {"energie": PALETTE["warn"], "voortgang": PALETTE["accent"], "eigenaarschap": PALETTE["good"]}


def play_out_chart(model: BalansModel, records: Sequence[Mapping[str, float]]) -> Chart:
    """Energy, progress and ownership (0-100) per month, one line each (colour and line style differ)."""
    months = [float(r["maand"]) for r in records]
    lines = [
        Line(
            tuple(months),
            tuple(float(r[key]) for r in records),
            _LINE_COLOURS[key],
            width=2.4,
            dash=_STYLES[key],  # type: ignore[arg-type]
            cap="projecting",
            label=label,
            key=key,
        )
        for key, label in model.labels.reeksen.items()
    ]
    last = months[-1]
    legend = Legend(
        tuple(LegendEntry(line.label, line.colour, "line", line.dash, line.width) for line in lines), columns=1
    )
    return Chart(
        name="verloop",
        width=6.4,
        height=3.3,
        x=Axis(0, last, tuple((v, number_label(v)) for v in nice_ticks(0, last)), label=model.labels.maand),
        y=Axis(-2, 102, tuple((v, number_label(v)) for v in nice_ticks(0, 100)), grid="#dddddd"),
        marks=tuple(lines),
        alt=play_out_alt(model, records),
        legend=legend,
    )


def play_out_alt(model: BalansModel, records: Sequence[Mapping[str, float]]) -> str:
    """The Dutch text alternative of the play-out chart: start and end of each line."""
    first, last = records[0], records[-1]
    parts = [f"{label}: van {first[key]:.0f} naar {last[key]:.0f}" for key, label in model.labels.reeksen.items()]
    return f"Verloop over {last['maand']:.0f} {model.labels.maand}en. " + "; ".join(parts) + "."


def play_out_figure(model: BalansModel, records: Sequence[Mapping[str, float]]) -> Figure:
    """:func:`play_out_chart` as a matplotlib figure (for notebooks and reports)."""
    from .mpl import chart_figure

    return chart_figure(play_out_chart(model, records))


class PlayOutPicture:
    """The play-out chart for an app, as SVG."""

    def __init__(self, model: BalansModel) -> None:
        self.model = model
        self.uid = new_uid("verloop")

    def html(self, records: Sequence[Mapping[str, float]]) -> str:
        return chart_svg(play_out_chart(self.model, records), self.uid)
