"""Debrief of the room, per case: what the trainer puts on the projector to talk the answers through.

* **balans** (Les 6, Stap 6.1): per case, where the room's approaches land on the axis from onderschatten
  (-1) to overvragen (+1), next to where the case's well-judged approach (``goed_aanpak``, evaluated by the
  same lesmodel) lands; the answers judged "beide" (out of balance on both sides) are kept apart, because
  their position near the middle says nothing about balance; and which of the three pitfalls of Stap 6.1
  the room fell into most (level "hoog", then "midden").
* **rollen** (Les 1, Stap 1.1): per vraagstuk, the room's average mix with its spread, next to what each of
  the four factors of that vraagstuk asks and what they ask together (weighted as the lesmodel weighs them).

Pure: typed answers and content in, numbers and Dutch sentences out. Participant text is not used here.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from ...content.balans import BalansCasus, BalansModel
from ...content.dutch import count, number
from ...content.rollen import FACTOR_IDS, ROL_IDS, RollenModel, RollenVraagstuk
from ..balans import VALKUILEN, evaluate
from ..rollen import pull_shares
from .balans import OORDEEL_LABELS, BalansAntwoord
from .rollen import RollenAntwoord

# --------------------------------------------------------------------------- balans


def _signed(value: float) -> str:
    return number(value, 2, sign=True)


@dataclass(frozen=True)
class PitfallCount:
    """How many answers landed on level "hoog" and "midden" of one pitfall."""

    id: str
    naam: str
    hoog: int
    midden: int


@dataclass(frozen=True)
class BalansCaseDebrief:
    """One balans case: the room's positions, the answers judged "beide" apart, the well-judged approach."""

    casus: str
    title: str
    count: int
    posities: tuple[float, ...]
    """Positions of the answers not judged "beide", sorted."""
    beide: tuple[float, ...]
    """Positions of the answers judged "beide" (out of balance on both sides), sorted."""
    mean: float | None
    """Mean position of the answers not judged "beide" (None when there are none)."""
    oordelen: dict[str, int]
    goed_positie: float
    goed_oordeel: str
    grens: float
    """How far from the middle a position still counts as "in balans" (from the model)."""
    pitfalls: tuple[PitfallCount, ...]
    """The three pitfalls of Stap 6.1, the one the room fell into most first."""

    @property
    def top_pitfall(self) -> PitfallCount | None:
        """The pitfall most answers landed on (level hoog first, then midden); None when no answer did."""
        top = self.pitfalls[0] if self.pitfalls else None
        return top if top is not None and (top.hoog or top.midden) else None

    def describe(self) -> str:
        """Two or three Dutch sentences for the projector (counts with the right plural)."""
        parts = [f"{count(self.count, 'antwoord', 'antwoorden')}."]
        if self.mean is not None:
            mean, goed = _signed(self.mean), _signed(self.goed_positie)
            parts.append(f"De groep komt gemiddeld uit op {mean}; de passende aanpak op {goed}.")
        else:
            parts.append(f"De passende aanpak komt uit op {_signed(self.goed_positie)}.")
        if self.beide:
            n = len(self.beide)
            parts.append(
                f"{count(n, 'antwoord is', 'antwoorden zijn')} uit balans aan twee kanten ('beide'); "
                f"{'dat staat' if n == 1 else 'die staan'} apart, want het midden betekent daar geen balans."
            )
        top = self.top_pitfall
        if top is None:
            parts.append("Geen enkel antwoord kwam in een valkuil terecht.")
        else:
            parts.append(
                f"De valkuil waar de groep het vaakst in viel: {top.naam.lower()} "
                f"({top.hoog} keer hoog, {top.midden} keer midden)."
            )
        return " ".join(parts)


def _pitfalls(model: BalansModel, answers: Sequence[BalansAntwoord]) -> tuple[PitfallCount, ...]:
    names = {
        "overvragen": model.overvragen.naam,
        "overnemen": model.overnemen.naam,
        "overspoelen": model.overspoelen.naam,
    }
    found = []
    for valkuil in VALKUILEN:
        levels = [a.valkuilen[valkuil].niveau for a in answers if valkuil in a.valkuilen]
        found.append(PitfallCount(valkuil, names[valkuil], levels.count("hoog"), levels.count("midden")))
    order = {v: i for i, v in enumerate(VALKUILEN)}
    return tuple(sorted(found, key=lambda p: (-p.hoog, -p.midden, order[p.id])))


def balans_debrief(
    model: BalansModel, casussen: Sequence[BalansCasus], answers: Sequence[BalansAntwoord]
) -> tuple[BalansCaseDebrief, ...]:
    """One debrief per case that has answers, in the order of ``casussen``; answers of unknown cases are left out."""
    out = []
    grens = model.positie.in_balans.waarde
    for casus in casussen:
        mine = [a for a in answers if a.casus == casus.id]
        if not mine:
            continue
        goed = evaluate(model, casus, casus.goed_aanpak)
        posities = sorted(max(-1.0, min(1.0, a.positie)) for a in mine if a.oordeel != "beide")
        beide = sorted(max(-1.0, min(1.0, a.positie)) for a in mine if a.oordeel == "beide")
        out.append(
            BalansCaseDebrief(
                casus=casus.id,
                title=casus.title,
                count=len(mine),
                posities=tuple(posities),
                beide=tuple(beide),
                mean=round(statistics.fmean(posities), 3) if posities else None,
                oordelen={o: sum(a.oordeel == o for a in mine) for o in OORDEEL_LABELS},
                goed_positie=goed.positie,
                goed_oordeel=goed.oordeel,
                grens=grens,
                pitfalls=_pitfalls(model, mine),
            )
        )
    return tuple(out)


# --------------------------------------------------------------------------- rollen


@dataclass(frozen=True)
class RolDebrief:
    """One role in one vraagstuk: the room's share and spread, and what each factor asks of it (percent)."""

    rol: str
    naam: str
    mean: float
    stdev: float
    low: float
    high: float
    asks: dict[str, float]
    """Factor id -> the share of this role the factor asks (percent)."""
    ask: float
    """What the four factors ask together (weighted as in the lesmodel), in percent."""

    @property
    def gap(self) -> float:
        """The room's mean minus what the factors ask together (positive: the room gives this role more)."""
        return self.mean - self.ask


@dataclass(frozen=True)
class RollenVraagstukDebrief:
    vraagstuk: str
    title: str
    count: int
    rollen: tuple[RolDebrief, ...]
    factoren: tuple[tuple[str, str], ...]
    """(id, name) of the four factors, in the lesmodel's order."""
    stacked: int
    fit: float | None
    """The mean of the answers' overall fit (percent), when the answers carry it."""

    @property
    def largest_gap(self) -> RolDebrief | None:
        return max(self.rollen, key=lambda r: abs(r.gap), default=None)

    def describe(self) -> str:
        parts = [f"{count(self.count, 'deelnemer', 'deelnemers')}; {self.stacked} keer een gestapelde mix."]
        if self.rollen:
            most = max(self.rollen, key=lambda r: r.mean)
            asked = max(self.rollen, key=lambda r: r.ask)
            parts.append(
                f"De groep geeft {most.naam.lower()} het grootste deel (gemiddeld {most.mean:.0f}%); "
                f"de vier factoren samen vragen het meest om {asked.naam.lower()} ({asked.ask:.0f}%)."
            )
            gap = self.largest_gap
            if gap is not None and abs(gap.gap) >= 5:
                more = "meer" if gap.gap > 0 else "minder"
                difference = f"{abs(gap.gap):.0f} procentpunt {more} dan de factoren vragen"
                parts.append(f"Grootste verschil: {gap.naam.lower()}, {difference}.")
        if self.fit is not None:
            parts.append(f"Gemiddelde aansluiting van de mixen: {self.fit:.0f}%.")
        return " ".join(parts)


def rollen_debrief(
    model: RollenModel, vraagstukken: Sequence[RollenVraagstuk], answers: Sequence[RollenAntwoord]
) -> tuple[RollenVraagstukDebrief, ...]:
    """One debrief per vraagstuk that has answers, in the order of ``vraagstukken``."""
    names = {r.id: r.kort for r in model.rollen}
    weights = {f.id: f.gewicht for f in model.factoren}
    total_weight = sum(weights.values()) or 1
    factor_names = tuple((f.id, f.naam) for f in model.factoren)
    out = []
    for vraagstuk in vraagstukken:
        mine = [a for a in answers if a.casus == vraagstuk.id]
        if not mine:
            continue
        asks = {f: pull_shares(vraagstuk.factor(f).trek) for f in FACTOR_IDS}
        shares = [a.shares() for a in mine]
        rollen = []
        for rol in ROL_IDS:
            values = [s[rol] for s in shares]
            together = sum(asks[f][rol] * weights.get(f, 0) for f in FACTOR_IDS) / total_weight
            rollen.append(
                RolDebrief(
                    rol=rol,
                    naam=names.get(rol, rol),
                    mean=round(statistics.fmean(values), 1),
                    stdev=round(statistics.pstdev(values), 1),
                    low=round(min(values), 1),
                    high=round(max(values), 1),
                    asks={f: round(asks[f][rol], 1) for f in FACTOR_IDS},
                    ask=round(together, 1),
                )
            )
        fits = [a.totaal for a in mine if a.totaal is not None]
        out.append(
            RollenVraagstukDebrief(
                vraagstuk=vraagstuk.id,
                title=vraagstuk.title,
                count=len(mine),
                rollen=tuple(rollen),
                factoren=factor_names,
                stacked=sum(a.stacked for a in mine),
                fit=round(statistics.fmean(fits), 1) if fits else None,
            )
        )
    return tuple(out)
