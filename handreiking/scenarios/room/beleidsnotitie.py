"""The beleidsnotitie in the room (Les 1, Stap 1.2): which parts participants filled in (never their text).

The answer holds only which of the seven parts are filled in; the text stays in the participant's browser
and download. The room becomes how many filled in each part.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

from pydantic import ConfigDict, Field

from ...content.beleidsnotitie import ONDERDEEL_IDS
from ...content.dutch import count
from .base import FieldLabel, RoomAnswer, RoomScenario
from .charts import CountBars


class BeleidsnotitieAntwoord(RoomAnswer):
    """Which parts of the beleidsnotitie a participant filled in."""

    model_config = ConfigDict(frozen=True, extra="ignore", strict=True)

    ingevuld: list[str]
    aantal_ingevuld: Annotated[int, Field(ge=0)]
    aantal_onderdelen: Annotated[int, Field(ge=1)] = len(ONDERDEEL_IDS)


@dataclass(frozen=True)
class BeleidsnotitieRoom:
    count: int
    per_onderdeel: dict[str, int]
    """How many participants filled in each part, in the order of the notitie."""
    mean_ingevuld: float | None


def aggregate(answers: Sequence[BeleidsnotitieAntwoord]) -> BeleidsnotitieRoom:
    return BeleidsnotitieRoom(
        count=len(answers),
        per_onderdeel={o: sum(o in a.ingevuld for a in answers) for o in ONDERDEEL_IDS},
        mean_ingevuld=round(statistics.fmean(a.aantal_ingevuld for a in answers), 1) if answers else None,
    )


def describe(room: BeleidsnotitieRoom) -> str:
    if not room.count or room.mean_ingevuld is None:
        return "Nog geen antwoorden."
    return (
        f"{count(room.count, 'antwoord', 'antwoorden')}; gemiddeld {room.mean_ingevuld:g} van de "
        f"{len(ONDERDEEL_IDS)} onderdelen ingevuld."
    )


def chart(room: BeleidsnotitieRoom) -> CountBars | None:
    if not room.count:
        return None
    bars = tuple((o.replace("-", " ").capitalize(), n) for o, n in room.per_onderdeel.items())
    return CountBars(
        caption="Welke onderdelen de deelnemers invulden",
        alt=describe(room) + " Per onderdeel: " + ", ".join(f"{label} {n}" for label, n in bars) + ".",
        bars=bars,
        x_label="deelnemers",
    )


ROOM = RoomScenario(
    id="beleidsnotitie",
    title="Bouw je beleidsnotitie burgerinitiatieven",
    where="Les 1, Stap 1.2",
    answer_type=BeleidsnotitieAntwoord,
    aggregate=aggregate,
    fields=(
        FieldLabel("aantal_ingevuld", "Aantal ingevulde onderdelen"),
        FieldLabel("aantal_onderdelen", "Aantal onderdelen"),
        FieldLabel("ingevuld", "Ingevulde onderdelen"),
    ),
    report_fields=("aantal_ingevuld", "ingevuld"),
    describe=describe,
    chart=chart,
)
