"""The debrief in the session report: the same views as on the trainer's projector, per case.

Balans (Les 6, Stap 6.1): per case where the room lands next to the well-judged approach, the answers judged
"beide" apart, and the pitfalls with how often the room landed on "hoog" and "midden". Rollen (Les 1,
Stap 1.1): per vraagstuk the room's average mix and spread next to what each factor asks. The numbers come
from :mod:`handreiking.scenarios.room.debrief`, the charts from :mod:`handreiking.plots.debrief` (PNG).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...content import bundled_documents
from ...content.rollen import rollen_model, rollen_vraagstukken
from ...scenarios.room.debrief import BalansCaseDebrief, RollenVraagstukDebrief, balans_debrief, rollen_debrief
from .model import Block, Figure, Paragraph, ReportData, Section, Table


def _answers(data: ReportData, scenario: str) -> list[Any]:
    part = data.room.get(scenario)
    return [] if part is None else [shared.answer for shared in part.answers]


def balans_blocks(case: BalansCaseDebrief, charts: bool = True) -> list[Block]:
    blocks: list[Block] = [Paragraph(case.describe(), case.title)]
    if charts:
        from ...plots.debrief import balans_case_chart, chart_png

        chart = balans_case_chart(case)
        blocks.append(Figure(f"{case.title}: de groep naast de passende aanpak", chart_png(chart), chart.alt))
    blocks.append(
        Table(
            caption=f"Valkuilen bij {case.title} (Stap 6.1)",
            header=("Valkuil", "Keer hoog", "Keer midden"),
            rows=tuple((p.naam, str(p.hoog), str(p.midden)) for p in case.pitfalls),
        )
    )
    return blocks


def rollen_blocks(item: RollenVraagstukDebrief, charts: bool = True) -> list[Block]:
    blocks: list[Block] = [Paragraph(item.describe(), item.title)]
    if charts:
        from ...plots.debrief import chart_png, rollen_debrief_chart

        chart = rollen_debrief_chart(item)
        blocks.append(
            Figure(f"{item.title}: de rolmix van de groep en wat de factoren vragen", chart_png(chart), chart.alt)
        )
    blocks.append(
        Table(
            caption=f"Rolmix bij {item.title}, in procenten",
            header=("Rol", "Groep", "Spreiding", *(naam for _, naam in item.factoren), "Factoren samen"),
            rows=tuple(
                (
                    r.naam,
                    f"{r.mean:.0f}%",
                    f"±{r.stdev:.0f} ({r.low:.0f}–{r.high:.0f})",
                    *(f"{r.asks[f]:.0f}%" for f, _ in item.factoren),
                    f"{r.ask:.0f}%",
                )
                for r in item.rollen
            ),
        )
    )
    return blocks


def debrief_sections(data: ReportData) -> Iterable[Section]:
    """A debrief section for balans and one for rollen, when those apps have answers."""
    balans = _answers(data, "balans")
    if balans:
        content = bundled_documents("balans-model", "balans-casus")
        cases = balans_debrief(content.of_kind("balans-model")[0], content.of_kind("balans-casus"), balans)
        if cases:
            blocks = [b for case in cases for b in balans_blocks(case, data.charts)]
            yield Section("nabespreking-balans", "Nabespreking: balans per casus (Les 6, Stap 6.1)", tuple(blocks))
    rollen = _answers(data, "rollen")
    if rollen:
        content = bundled_documents("rollen-model", "rollen-vraagstuk")
        items = rollen_debrief(rollen_model(content), rollen_vraagstukken(content), rollen)
        if items:
            blocks = [b for item in items for b in rollen_blocks(item, data.charts)]
            yield Section("nabespreking-rollen", "Nabespreking: rolmix per vraagstuk (Les 1, Stap 1.1)", tuple(blocks))
