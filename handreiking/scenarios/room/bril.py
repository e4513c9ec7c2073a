"""De democratische bril in the room (Les 7, Stap 7.2): judgements compared with the case, measures chosen.

The answer holds the case, the judgement per question of the bril, the measures chosen, and how many
judgements equal the case's, show less concern (milder) or more (strenger); see :mod:`handreiking.scenarios.bril`.
The room becomes those comparisons added up over everyone, and how often each measure was chosen.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from ...content.bril import BRIL_VRAGEN
from ...content.dutch import count
from .base import FieldLabel, RoomAnswer, RoomScenario
from .charts import CountBars

NIVEAU_LABELS = {"in-orde": "in orde", "twijfel": "twijfel", "zorg": "zorg"}
COMPARISONS = {
    "gelijk": "gelijk aan de casus",
    "milder": "minder zorg dan de casus",
    "strenger": "meer zorg dan de casus",
}

Aantal = Annotated[int, Field(ge=0, le=len(BRIL_VRAGEN))]


class BrilAntwoord(RoomAnswer):
    """A shared look at a case through the democratische bril."""

    model_config = ConfigDict(frozen=True, extra="ignore", strict=True)

    casus: str
    oordelen: dict[str, Literal["in-orde", "twijfel", "zorg"] | None]
    beoordeeld: Aantal
    gelijk: Aantal
    milder: Aantal
    strenger: Aantal
    maatregelen: list[str] = Field(default_factory=list)
    open_zorgpunten: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class BrilRoom:
    """The room's judgements compared with the cases, and the measures chosen."""

    count: int
    beoordeeld: int
    vergelijkingen: dict[str, int]
    """Total over all answers: ``gelijk``, ``milder``, ``strenger``."""
    maatregelen: dict[str, int]
    """How many participants chose each measure, most chosen first."""


def aggregate(answers: Sequence[BrilAntwoord]) -> BrilRoom:
    measures = Counter(m for a in answers for m in dict.fromkeys(a.maatregelen))
    return BrilRoom(
        count=len(answers),
        beoordeeld=sum(a.beoordeeld for a in answers),
        vergelijkingen={k: sum(getattr(a, k) for a in answers) for k in COMPARISONS},
        maatregelen=dict(measures.most_common()),
    )


def describe(room: BrilRoom) -> str:
    if not room.count:
        return "Nog geen antwoorden."
    v = room.vergelijkingen
    return (
        f"{count(room.count, 'antwoord', 'antwoorden')} met samen {count(room.beoordeeld, 'oordeel', 'oordelen')}: "
        f"{v['gelijk']} gelijk aan de casus, {v['milder']} met minder zorg, {v['strenger']} met meer zorg."
    )


def chart(room: BrilRoom) -> CountBars | None:
    if not room.beoordeeld:
        return None
    return CountBars(
        caption="De oordelen van de groep naast die van de casus",
        alt=describe(room),
        bars=tuple((label, room.vergelijkingen[k]) for k, label in COMPARISONS.items()),
        x_label="oordelen",
    )


ROOM = RoomScenario(
    id="bril",
    title="De democratische bril",
    where="Les 7, Stap 7.2",
    answer_type=BrilAntwoord,
    aggregate=aggregate,
    fields=(
        FieldLabel("casus", "Casus"),
        FieldLabel("oordelen.*", "Oordeel {0}", NIVEAU_LABELS),
        FieldLabel("beoordeeld", "Aantal beoordeelde vragen"),
        FieldLabel("gelijk", "Gelijk aan de casus"),
        FieldLabel("milder", "Minder zorg dan de casus"),
        FieldLabel("strenger", "Meer zorg dan de casus"),
        FieldLabel("maatregelen", "Gekozen maatregelen"),
        FieldLabel("open_zorgpunten", "Zorgpunten zonder maatregel"),
    ),
    report_fields=("casus", "beoordeeld", "gelijk", "milder", "strenger", "maatregelen"),
    describe=describe,
    chart=chart,
)
