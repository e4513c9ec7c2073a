"""Balans in the room (Les 6, Stap 6.1): the approach a participant shares, and where the room lands.

The answer holds the chosen case and approach and the model's outcome (:mod:`handreiking.scenarios.balans`).
The room becomes a histogram over the axis from onderschatten (-1) to overvragen (+1), its mean and median,
and a count per oordeel.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ...content.dutch import count
from .base import FieldLabel, RoomAnswer, RoomScenario
from .charts import AxisHistogram

Oordeel = Literal["onderschatten", "in-balans", "beide", "overvragen"]
OORDELEN: tuple[str, ...] = ("onderschatten", "in-balans", "beide", "overvragen")
"""The verdicts of the balans model (``handreiking.scenarios.balans.Oordeel``), in the order to show them."""
OORDEEL_LABELS = {
    "onderschatten": "onderschatten",
    "in-balans": "in balans",
    "beide": "beide",
    "overvragen": "overvragen",
}
BINS = 8
"""Histogram bins over the axis -1..+1 (each 0.25 wide)."""

Level = Annotated[int, Field(ge=0, le=3)]
Fraction = Annotated[float, Field(ge=0, le=1)]


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", strict=True)


class BalansAanpak(_Part):
    """The approach: support per form (0-3) and what the municipality asks of the collective."""

    ondersteuning: dict[str, Level]
    rapportage: Level
    vergaderingen: Level
    procedures: Level
    pen: Literal["collectief", "samen", "gemeente"]
    procesbegeleider: bool


class ValkuilScore(_Part):
    score: Fraction
    niveau: Literal["laag", "midden", "hoog"]


class BalansAntwoord(RoomAnswer):
    """A shared approach in the balans app and the model's verdict on it."""

    model_config = ConfigDict(frozen=True, extra="ignore", strict=True)

    casus: str
    positie: Annotated[float, Field(allow_inf_nan=False)]
    """-1 = fully onderschatten, 0 = in balans, +1 = fully overvragen."""
    oordeel: Oordeel
    aanpak: BalansAanpak | None = None
    onderschatten: Fraction | None = None
    valkuilen: dict[str, ValkuilScore] = Field(default_factory=dict)
    na_een_jaar: dict[str, Annotated[float, Field(allow_inf_nan=False)]] = Field(default_factory=dict)


@dataclass(frozen=True)
class BalansRoom:
    """Where the room's approaches land between onderschatten (-1) and overvragen (+1)."""

    count: int
    posities: tuple[float, ...]
    mean: float | None
    median: float | None
    bins: tuple[int, ...]
    bin_edges: tuple[float, ...]
    oordelen: dict[str, int]


def aggregate(answers: Sequence[BalansAntwoord], bins: int = BINS) -> BalansRoom:
    """Histogram, mean, median and verdict counts of the shared approaches (positions clipped to -1..+1)."""
    posities = [min(1.0, max(-1.0, a.positie)) for a in answers]
    oordelen = Counter(a.oordeel for a in answers)
    width = 2.0 / bins
    edges = tuple(round(-1.0 + i * width, 6) for i in range(bins + 1))
    counts = [0] * bins
    for p in posities:
        counts[min(bins - 1, int((p + 1.0) / width))] += 1
    return BalansRoom(
        count=len(posities),
        posities=tuple(posities),
        mean=round(statistics.fmean(posities), 3) if posities else None,
        median=round(statistics.median(posities), 3) if posities else None,
        bins=tuple(counts),
        bin_edges=edges,
        oordelen={o: oordelen.get(o, 0) for o in OORDELEN},
    )


def _verdicts(room: BalansRoom) -> str:
    return ", ".join(f"{OORDEEL_LABELS[k]} {v}" for k, v in room.oordelen.items())


def describe(room: BalansRoom) -> str:
    if not room.count:
        return "Nog geen antwoorden."
    return f"{count(room.count, 'antwoord', 'antwoorden')}; mediaan {room.median:+.2f}. {_verdicts(room)}."


def chart(room: BalansRoom) -> AxisHistogram | None:
    if not room.count:
        return None
    alt = (
        f"{count(room.count, 'antwoord', 'antwoorden')} op de as van onderschatten naar overvragen; "
        f"gemiddeld {room.mean:+.2f}. {_verdicts(room)}."
    )
    return AxisHistogram(
        caption="Waar de groep uitkomt",
        alt=alt,
        edges=room.bin_edges,
        counts=room.bins,
        mean=room.mean,
        ticks=((-1, "onderschatten"), (-0.5, ""), (0, "in balans"), (0.5, ""), (1, "overvragen")),
    )


ROOM = RoomScenario(
    id="balans",
    title="Balans tussen onderschatten en overvragen",
    where="Les 6, Stap 6.1",
    answer_type=BalansAntwoord,
    aggregate=aggregate,
    fields=(
        FieldLabel("casus", "Casus"),
        FieldLabel("positie", "Positie (−1 onderschatten, +1 overvragen)"),
        FieldLabel("oordeel", "Oordeel", OORDEEL_LABELS),
        FieldLabel("aanpak.ondersteuning.*", "Ondersteuning: {0} (0–3)"),
        FieldLabel("aanpak.rapportage", "Gevraagd: rapportage (0–3)"),
        FieldLabel("aanpak.vergaderingen", "Gevraagd: vergaderingen (0–3)"),
        FieldLabel("aanpak.procedures", "Gevraagd: procedures en regels (0–3)"),
        FieldLabel("aanpak.pen", "Wie heeft de pen"),
        FieldLabel("aanpak.procesbegeleider", "Betaalde procesbegeleider"),
        FieldLabel("onderschatten", "Onderschatten (0–1)"),
        FieldLabel("valkuilen.*.niveau", "Valkuil {0}: niveau"),
        FieldLabel("valkuilen.*.score", "Valkuil {0}: score (0–1)"),
        FieldLabel("na_een_jaar.*", "Na een jaar: {0}"),
    ),
    report_fields=("casus", "positie", "oordeel", "valkuilen.*.niveau"),
    describe=describe,
    chart=chart,
)
