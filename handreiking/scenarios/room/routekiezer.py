"""The route-kiezer in the room (Les 3, Stap 3.3): which aanbestedingsroutes fit best, in everyone's situation.

The answer holds the answers per question, the best fitting routes and the points per route
(:mod:`handreiking.scenarios.routekiezer`). The room becomes how often each route came out best. An
orientation, not legal advice (the app says so with every result).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

from pydantic import ConfigDict, Field

from ...content.dutch import count
from .base import FieldLabel, RoomAnswer, RoomScenario
from .charts import CountBars


class RoutekiezerAntwoord(RoomAnswer):
    """The routes the route-kiezer found for a participant's situation."""

    model_config = ConfigDict(frozen=True, extra="ignore", strict=True)

    antwoorden: dict[str, str | None]
    beste: list[str]
    punten: dict[str, int] = Field(default_factory=dict)
    beantwoord: Annotated[int, Field(ge=0)] = 0
    weet_niet: Annotated[int, Field(ge=0)] = 0


@dataclass(frozen=True)
class RoutekiezerRoom:
    count: int
    beste: dict[str, int]
    """How often each route was among the best, in route order."""
    zonder_route: int
    """Answers with no best route (too few answers, or no route stood out)."""


def aggregate(answers: Sequence[RoutekiezerAntwoord]) -> RoutekiezerRoom:
    best = Counter(r for a in answers for r in dict.fromkeys(a.beste))
    return RoutekiezerRoom(
        count=len(answers),
        beste={r: best[r] for r in sorted(best)},
        zonder_route=sum(not a.beste for a in answers),
    )


def describe(room: RoutekiezerRoom) -> str:
    if not room.count:
        return "Nog geen antwoorden."
    return (
        f"{count(room.count, 'antwoord', 'antwoorden')}; bij {room.zonder_route} sprong nog geen route eruit. "
        "Een oriëntatie, geen juridisch advies."
    )


def chart(room: RoutekiezerRoom) -> CountBars | None:
    if not room.beste:
        return None
    bars = tuple((route.replace("-", " ").capitalize(), n) for route, n in room.beste.items())
    return CountBars(
        caption="Welke routes het vaakst het best passen (geen juridisch advies)",
        alt=describe(room) + " Best passend: " + ", ".join(f"{label} {n} keer" for label, n in bars) + ".",
        bars=bars,
        x_label="keer best passend",
    )


ROOM = RoomScenario(
    id="routekiezer",
    title="Route-kiezer: welke aanbestedingsroute past?",
    where="Les 3, Stap 3.3",
    answer_type=RoutekiezerAntwoord,
    aggregate=aggregate,
    fields=(
        FieldLabel("beste", "Best passende routes"),
        FieldLabel("beantwoord", "Aantal beantwoorde vragen"),
        FieldLabel("weet_niet", "Aantal keer 'weet ik niet'"),
        FieldLabel("punten.*", "Punten {0}"),
        FieldLabel("antwoorden.*", "Antwoord op vraag {0}"),
    ),
    report_fields=("beste", "beantwoord", "weet_niet"),
    describe=describe,
    chart=chart,
)
