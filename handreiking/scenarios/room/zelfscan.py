"""The zelfscan in the room (Les 1, Stap 1.1): where participants place their own municipality.

The answer holds the answers per question, the score (0-100, or none while too few questions count) and
the place on the spectrum (:mod:`handreiking.scenarios.zelfscan`). The room becomes how many land on each
place and the mean score. A self-estimate, not a measurement: the chart says so in its caption.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

from pydantic import ConfigDict, Field

from ...content.dutch import count
from .base import FieldLabel, RoomAnswer, RoomScenario
from .charts import CountBars

NO_PLACE = "nog geen plek"


class ZelfscanAntwoord(RoomAnswer):
    """A participant's self-scan of their municipality."""

    model_config = ConfigDict(frozen=True, extra="ignore", strict=True)

    antwoorden: dict[str, str | None]
    score: Annotated[int, Field(ge=0, le=100)] | None
    plek: str | None
    beantwoord: Annotated[int, Field(ge=0)]
    weet_niet: Annotated[int, Field(ge=0)] = 0


@dataclass(frozen=True)
class ZelfscanRoom:
    count: int
    plekken: dict[str, int]
    """Answers per place on the spectrum (``None``: too few questions answered yet), in order of appearance."""
    mean_score: float | None


def aggregate(answers: Sequence[ZelfscanAntwoord]) -> ZelfscanRoom:
    scores = [a.score for a in answers if a.score is not None]
    places = Counter(a.plek or NO_PLACE for a in answers)
    return ZelfscanRoom(
        count=len(answers),
        plekken=dict(places),
        mean_score=round(statistics.fmean(scores), 1) if scores else None,
    )


def describe(room: ZelfscanRoom) -> str:
    if not room.count:
        return "Nog geen antwoorden."
    score = "" if room.mean_score is None else f"; gemiddelde score {room.mean_score:.0f} van 100"
    return f"{count(room.count, 'antwoord', 'antwoorden')}{score}."


def chart(room: ZelfscanRoom) -> CountBars | None:
    if not room.count:
        return None
    bars = tuple((plek.replace("-", " "), n) for plek, n in room.plekken.items())
    parts = ", ".join(f"{label} {n}" for label, n in bars)
    return CountBars(
        caption="Waar de deelnemers hun gemeente plaatsen (eigen inschatting)",
        alt=f"{describe(room)} Per plek op de schaal: {parts}.",
        bars=bars,
        x_label="deelnemers",
    )


ROOM = RoomScenario(
    id="zelfscan",
    title="Hoe open is jouw gemeente?",
    where="Les 1, Stap 1.1",
    answer_type=ZelfscanAntwoord,
    aggregate=aggregate,
    fields=(
        FieldLabel("plek", "Plek op de schaal"),
        FieldLabel("score", "Score (0–100)"),
        FieldLabel("beantwoord", "Aantal beantwoorde vragen"),
        FieldLabel("weet_niet", "Aantal keer 'weet ik niet'"),
        FieldLabel("antwoorden.*", "Antwoord op vraag {0}"),
    ),
    report_fields=("plek", "score", "beantwoord", "weet_niet"),
    describe=describe,
    chart=chart,
)
