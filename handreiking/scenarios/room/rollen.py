"""Rollen in the room (Les 1, Stap 1.1): the mix a participant shares, and the room's average mix.

The answer holds the vraagstuk, the percentage per role (adding up to 100) and the model's fit numbers
(:mod:`handreiking.scenarios.rollen`). ``gestapeld`` is the NUMBER of roles the mix uses (a role counts from
the model's threshold on); a mix is stacked when it uses two or more. The room becomes the mean share of
each role with its spread (standard deviation, lowest and highest), and how many mixes are stacked.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated

from pydantic import ConfigDict, Field, field_validator

from ...content.dutch import count
from ...content.rollen import ROL_IDS
from .base import FieldLabel, RoomAnswer, RoomScenario
from .charts import ShareBar, ShareBars

ROL_LABELS = {
    "rechtmatig": "Rechtmatig",
    "presterend": "Presterend",
    "netwerkend": "Netwerkend",
    "responsief": "Responsief",
}
STACKED_FROM = 2
"""A mix is stacked (gestapeld) when it uses at least this many roles (Stap 1.1: combine and stack)."""

Percentage = Annotated[int, Field(ge=0, le=100)]


class RollenAntwoord(RoomAnswer):
    """A shared role mix for a vraagstuk and how well it fits the vraagstuk's factors."""

    model_config = ConfigDict(frozen=True, extra="ignore", strict=True)

    casus: str
    """The vraagstuk's id."""
    mix: dict[str, Percentage]
    gestapeld: Annotated[int, Field(ge=0, le=len(ROL_IDS))]
    """How many roles the mix uses (a count, not a yes/no)."""
    totaal: Percentage | None = None
    fit: dict[str, Percentage] = Field(default_factory=dict)
    spanningen: list[str] = Field(default_factory=list)

    @field_validator("mix")
    @classmethod
    def _four_roles(cls, mix: Mapping[str, int]) -> dict[str, int]:
        if set(mix) != set(ROL_IDS):
            raise ValueError(f"de mix moet de vier rollen hebben: {', '.join(ROL_IDS)}")
        if sum(mix.values()) <= 0:
            raise ValueError("de mix is leeg")
        return {r: mix[r] for r in ROL_IDS}

    @property
    def stacked(self) -> bool:
        """True when the mix combines two or more roles."""
        return self.gestapeld >= STACKED_FROM

    def shares(self) -> dict[str, float]:
        """The share of each role in percent (even if the stored mix does not add up to exactly 100)."""
        total = sum(self.mix.values())
        return {r: 100.0 * self.mix[r] / total for r in ROL_IDS}


@dataclass(frozen=True)
class RolStat:
    rol: str
    mean: float
    stdev: float
    low: int
    high: int


@dataclass(frozen=True)
class RollenRoom:
    """The room's average role mix, how far participants differ per role, and how many stacked."""

    count: int
    rollen: tuple[RolStat, ...]
    stacked: int


def aggregate(answers: Sequence[RollenAntwoord]) -> RollenRoom:
    """Mean share and spread per role, and the number of stacked mixes."""
    shares = [a.shares() for a in answers]
    stats = []
    for rol in ROL_IDS:
        values = [s[rol] for s in shares]
        if values:
            stats.append(
                RolStat(
                    rol=rol,
                    mean=round(statistics.fmean(values), 1),
                    stdev=round(statistics.pstdev(values), 1),
                    low=round(min(values)),
                    high=round(max(values)),
                )
            )
    return RollenRoom(count=len(answers), rollen=tuple(stats), stacked=sum(a.stacked for a in answers))


def describe(room: RollenRoom) -> str:
    if not room.count:
        return "Nog geen antwoorden."
    return f"{count(room.count, 'antwoord', 'antwoorden')}; {room.stacked} keer een gestapelde mix."


def chart(room: RollenRoom) -> ShareBars | None:
    if not room.count:
        return None
    parts = "; ".join(
        f"{ROL_LABELS[s.rol].lower()} gemiddeld {s.mean:.0f}% (spreiding {s.stdev:.0f}, van {s.low} tot {s.high})"
        for s in room.rollen
    )
    return ShareBars(
        caption="De rolmix van de groep",
        alt=f"Gemiddelde rolmix van {count(room.count, 'deelnemer', 'deelnemers')}: {parts}.",
        bars=tuple(ShareBar(ROL_LABELS[s.rol], s.mean, s.stdev, s.low, s.high) for s in room.rollen),
    )


ROOM = RoomScenario(
    id="rollen",
    title="Rollen kiezen en stapelen",
    where="Les 1, Stap 1.1",
    answer_type=RollenAntwoord,
    aggregate=aggregate,
    fields=(
        FieldLabel("casus", "Vraagstuk"),
        FieldLabel("mix.*", "Rol {0} (%)"),
        FieldLabel("gestapeld", "Aantal gebruikte rollen"),
        FieldLabel("totaal", "Totale aansluiting (%)"),
        FieldLabel("fit.*", "Aansluiting factor {0} (%)"),
        FieldLabel("spanningen", "Spanningen"),
    ),
    report_fields=("casus", "mix.*", "gestapeld", "totaal"),
    describe=describe,
    chart=chart,
)
