"""What the room answered, summed up for the trainer dashboard and the report. Pure: rows in, numbers out.

* **balans** (Les 6, Stap 6.1): every answer has ``positie`` between -1 (onderschatten) and +1
  (overvragen) and an ``oordeel``; the room becomes a histogram over that axis, the mean and median,
  and a count per oordeel.
* **rollen** (Les 1, Stap 1.1): every answer has a ``mix`` (percent per role, adding up to 100); the room
  becomes the mean share of each role and its spread (standard deviation, lowest and highest).
* **reflecties**: the shared reflections, newest first. Text is returned as given; whoever shows it escapes it.

Answers that lack the expected fields (an older app version, a hand-made row) are counted as skipped,
never guessed.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

ROL_IDS: tuple[str, ...] = ("rechtmatig", "presterend", "netwerkend", "responsief")
OORDELEN: tuple[str, ...] = ("onderschatten", "in-balans", "beide", "overvragen")
BALANS_BINS = 8
"""Histogram bins over the axis -1..+1 (each 0.25 wide)."""


class Row(Protocol):
    participant: str
    scenario: str
    answer: Mapping[str, Any]
    reflectie: str | None
    updated_at: datetime


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
    skipped: int = 0


@dataclass(frozen=True)
class RolStat:
    rol: str
    mean: float
    stdev: float
    low: int
    high: int


@dataclass(frozen=True)
class RollenRoom:
    """The room's average role mix and how far participants differ per role."""

    count: int
    rollen: tuple[RolStat, ...]
    stacked: int = 0
    skipped: int = 0


@dataclass(frozen=True)
class Reflectie:
    participant: str
    scenario: str
    text: str
    updated_at: datetime


@dataclass(frozen=True)
class RoomSummary:
    participants: int
    answers_per_scenario: dict[str, int]
    balans: BalansRoom
    rollen: RollenRoom
    reflecties: tuple[Reflectie, ...] = field(default_factory=tuple)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def balans_room(rows: Iterable[Row], bins: int = BALANS_BINS) -> BalansRoom:
    """Histogram, mean, median and verdict counts of the ``balans`` answers."""
    posities: list[float] = []
    oordelen: Counter[str] = Counter()
    skipped = 0
    for row in rows:
        if row.scenario != "balans":
            continue
        positie = _number(row.answer.get("positie"))
        if positie is None:
            skipped += 1
            continue
        positie = min(1.0, max(-1.0, positie))
        posities.append(positie)
        oordeel = row.answer.get("oordeel")
        if isinstance(oordeel, str) and oordeel in OORDELEN:
            oordelen[oordeel] += 1
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
        skipped=skipped,
    )


def _mix(answer: Mapping[str, Any]) -> dict[str, float] | None:
    mix = answer.get("mix")
    if not isinstance(mix, Mapping):
        return None
    values = {r: _number(mix.get(r)) for r in ROL_IDS}
    if any(v is None or v < 0 for v in values.values()):
        return None
    total = sum(v for v in values.values() if v is not None)
    if total <= 0:
        return None
    return {r: 100.0 * float(v or 0.0) / total for r, v in values.items()}  # shares in percent, even if not 100


def rollen_room(rows: Iterable[Row]) -> RollenRoom:
    """Mean share and spread per role of the ``rollen`` answers."""
    mixes: list[dict[str, float]] = []
    skipped = 0
    stacked = 0
    for row in rows:
        if row.scenario != "rollen":
            continue
        mix = _mix(row.answer)
        if mix is None:
            skipped += 1
            continue
        mixes.append(mix)
        if row.answer.get("gestapeld") is True:
            stacked += 1
    stats = []
    for rol in ROL_IDS:
        values = [m[rol] for m in mixes]
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
    return RollenRoom(count=len(mixes), rollen=tuple(stats), stacked=stacked, skipped=skipped)


def reflecties(rows: Iterable[Row], limit: int | None = None) -> tuple[Reflectie, ...]:
    """Shared reflections (non-empty), newest first."""
    found = [
        Reflectie(r.participant, r.scenario, r.reflectie.strip(), r.updated_at)
        for r in rows
        if isinstance(r.reflectie, str) and r.reflectie.strip()
    ]
    found.sort(key=lambda r: r.updated_at, reverse=True)
    return tuple(found[:limit] if limit is not None else found)


def room_summary(rows: Sequence[Row], participants: int | None = None) -> RoomSummary:
    """Everything the dashboard shows, from one list of current answers."""
    per_scenario = Counter(r.scenario for r in rows)
    return RoomSummary(
        participants=participants if participants is not None else len({r.participant for r in rows}),
        answers_per_scenario=dict(sorted(per_scenario.items())),
        balans=balans_room(rows),
        rollen=rollen_room(rows),
        reflecties=reflecties(rows),
    )
