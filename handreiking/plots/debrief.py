"""Charts for the trainer's debrief and the group questions, as figure data (:class:`~.chart.Chart`).

The dashboard draws them as SVG (:func:`chart_svg`), the session report as PNG (:func:`chart_png`, matplotlib),
from the same data, so the projector and the printed report agree. Every chart carries its Dutch text
alternative, and every count or share is written beside its mark, so nothing rests on colour alone.

* :func:`balans_case_chart`: the room's positions on the axis from onderschatten to overvragen for one case,
  the answers judged "beide" on a row of their own, the well-judged approach as a green line;
* :func:`rollen_debrief_chart`: per role the room's mean share (bar) with its spread, and what the four
  factors of the vraagstuk ask together (a diamond);
* :func:`tally_chart`: the count per option of a group question; the correct option is marked only after
  the trainer revealed it.
"""

from __future__ import annotations

from ..content.dutch import count, number
from ..scenarios.room.debrief import BalansCaseDebrief, RollenVraagstukDebrief
from ..scenarios.room.questions import Tally
from .chart import Axis, Band, Bar, Chart, Label, Legend, LegendEntry, Line, Mark, Marker, Rule
from .render import PALETTE
from .svg import chart_svg

BEIDE_COLOUR = PALETTE["warn"]
GOOD_COLOUR = PALETTE["good"]
BALANCE_BAND = "#e3f1e7"
PERCENT_TICKS = tuple((v, f"{v}%") for v in (0, 25, 50, 75, 100))


def _signed(value: float) -> str:
    return number(value, 2, sign=True)


def _stack(
    positions: tuple[float, ...], y: float, step: float = 0.17, width: float = 0.06
) -> list[tuple[float, float]]:
    """(x, y) for each position: answers that land (almost) on the same spot are stacked upwards."""
    placed: list[tuple[float, float]] = []
    columns: dict[int, int] = {}
    for p in positions:
        column = round(p / width)
        n = columns.get(column, 0)
        columns[column] = n + 1
        placed.append((p, y - 0.3 + step * (n % 4) + 0.02 * (n // 4)))
    return placed


def balans_case_chart(case: BalansCaseDebrief) -> Chart:
    """Where the room lands for one case, the "beide" answers apart, and the well-judged approach."""
    marks: list[Mark] = [Band(-case.grens, case.grens, BALANCE_BAND)]
    for x, y in _stack(case.posities, 1.0):
        marks.append(Marker(x, y, "diamond", PALETTE["accent"], 11, "white", 0.8, key="groep"))
    for x, y in _stack(case.beide, 0.0):
        marks.append(Marker(x, y, "diamond", BEIDE_COLOUR, 11, "white", 0.8, key="beide"))
    marks.append(Line((case.goed_positie, case.goed_positie), (-0.5, 1.55), GOOD_COLOUR, 2.5, "dashed", key="goed"))
    marks.append(Label(case.goed_positie, 1.6, "passende aanpak", 11, GOOD_COLOUR, "center", "bottom", bold=True))
    if case.mean is not None:
        marks.append(Marker(case.mean, 1.42, "diamond", PALETTE["ink"], 9, "white", 0.8, key="gemiddelde"))
    if not case.beide:
        marks.append(Label(0, 0.0, "geen", 10, PALETTE["muted"], "center"))
    marks.append(Label(-1.0, 1.9, "◀ onderschatten", 11, PALETTE["ink"], "left", "center", bold=True))
    marks.append(Label(1.0, 1.9, "overvragen ▶", 11, PALETTE["ink"], "right", "center", bold=True))
    legend = Legend(
        (
            LegendEntry("antwoord", PALETTE["accent"], "patch"),
            LegendEntry("'beide': uit balans aan twee kanten", BEIDE_COLOUR, "patch"),
            LegendEntry("gemiddelde van de groep", PALETTE["ink"], "patch"),
            LegendEntry("passende aanpak", GOOD_COLOUR, "line", "dashed", 2.5),
            LegendEntry("in balans", BALANCE_BAND, "patch"),
        ),
        columns=2,
        size=10,
    )
    alt = (
        f"{case.title}: {count(case.count, 'antwoord', 'antwoorden')} op de as van onderschatten (−1) naar "
        f"overvragen (+1). Posities: {', '.join(_signed(p) for p in case.posities) or 'geen'}. "
        f"Beide kanten: {', '.join(_signed(p) for p in case.beide) or 'geen'}. "
        f"De passende aanpak komt uit op {_signed(case.goed_positie)}."
    )
    return Chart(
        name="debrief-balans",
        width=7.6,
        height=3.3,
        x=Axis(-1.05, 1.05, ((-1, "−1"), (-0.5, "−0,5"), (0, "0 (in balans)"), (0.5, "+0,5"), (1, "+1")), 11),
        y=Axis(-0.5, 2.1, ((1.0, "groep"), (0.0, "beide")), 12, spine=False),
        marks=tuple(marks),
        alt=alt,
        legend=legend,
    )


def rollen_debrief_chart(debrief: RollenVraagstukDebrief) -> Chart:
    """Per role: the room's mean share (bar, with lowest-highest and ± one standard deviation), and the ask."""
    rows = list(range(len(debrief.rollen)))[::-1]
    marks: list[Mark] = []
    for y, rol in zip(rows, debrief.rollen, strict=True):
        marks.append(Bar(y, 0, rol.mean, 0.56, PALETTE["light"], PALETTE["accent"], 1.2, key=rol.rol))
        marks.append(Line((rol.low, rol.high), (y, y), PALETTE["muted"], 1.2, key=f"{rol.rol}-spreiding"))
        lo, hi = max(0.0, rol.mean - rol.stdev), min(100.0, rol.mean + rol.stdev)
        marks.append(Line((lo, hi), (y - 0.12, y - 0.12), PALETTE["ink"], 2.2, key=f"{rol.rol}-sd"))
        marks.append(Marker(rol.ask, y + 0.2, "diamond", GOOD_COLOUR, 12, "white", 0.8, key=f"{rol.rol}-vraag"))
        marks.append(
            Label(103, y, f"groep {rol.mean:.0f}% (±{rol.stdev:.0f}) · gevraagd {rol.ask:.0f}%", 11, PALETTE["ink"])
        )
    legend = Legend(
        (
            LegendEntry("gemiddelde van de groep", PALETTE["light"], "patch", edge=PALETTE["accent"]),
            LegendEntry("± één standaardafwijking", PALETTE["ink"], "line", width=2.2),
            LegendEntry("laagste tot hoogste", PALETTE["muted"], "line", width=1.2),
            LegendEntry("wat de vier factoren samen vragen", GOOD_COLOUR, "patch"),
        ),
        columns=2,
        size=10,
    )
    parts = "; ".join(
        f"{r.naam.lower()}: groep gemiddeld {r.mean:.0f}% (spreiding {r.stdev:.0f}, van {r.low:.0f} tot {r.high:.0f}), "
        f"de factoren vragen samen {r.ask:.0f}%"
        for r in debrief.rollen
    )
    return Chart(
        name="debrief-rollen",
        width=9.2,
        height=3.3,
        x=Axis(0, 175, PERCENT_TICKS, 11, PALETTE["muted"]),
        y=Axis(
            -0.6, len(debrief.rollen) - 0.4, tuple((y, r.naam) for y, r in zip(rows, debrief.rollen, strict=True)), 12
        ),
        marks=tuple(marks),
        alt=f"{debrief.title}, {count(debrief.count, 'deelnemer', 'deelnemers')}: {parts}.",
        legend=legend,
    )


def tally_chart(tally: Tally) -> Chart:
    """One bar per option with its count; after the reveal the correct option(s) in green with a check mark."""
    rows = list(range(len(tally.options)))[::-1]
    top = max((c.count for c in tally.options), default=0)
    hi = max(top, 1) * 1.35 + 0.5
    marks: list[Mark] = []
    for y, c in zip(rows, tally.options, strict=True):
        colour = GOOD_COLOUR if c.correct else PALETTE["accent"] if c.correct is None else PALETTE["muted"]
        marks.append(Bar(y, 0, c.count, 0.62, colour, key=c.option.id))
        mark = " ✓ juist" if c.correct else ""
        marks.append(
            Label(c.count + hi * 0.015, y, f"{c.count} ({c.percent}%){mark}", 13, PALETTE["ink"], bold=bool(c.correct))
        )
    if tally.revealed:
        right = ", ".join(c.letter for c in tally.options if c.correct)
        alt = f"{tally.describe()} Juist: {right}."
    else:
        alt = tally.describe()
    alt += " " + " ".join(f"{c.letter}: {c.option.text}." for c in tally.options)
    return Chart(
        name="groepsvraag",
        width=7.2,
        height=max(2.0, 0.62 * len(rows) + 0.9),
        x=Axis(0, hi, (), spine=False),
        y=Axis(-0.6, len(rows) - 0.4, tuple((y, c.letter) for y, c in zip(rows, tally.options, strict=True)), 15),
        marks=(*marks, Rule(False, 0, PALETTE["ink"], 1.0)),
        alt=alt,
    )


def debrief_svg(chart: Chart) -> str:
    """The chart as inline SVG (the dashboard)."""
    return chart_svg(chart)


def chart_png(chart: Chart) -> bytes:
    """The chart as PNG bytes (the report), drawn by matplotlib."""
    from .mpl import chart_figure
    from .render import figure_to_png

    return figure_to_png(chart_figure(chart))
