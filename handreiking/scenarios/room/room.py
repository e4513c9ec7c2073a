"""The whole room from one list of stored answers: per scenario the typed answers and their summary.

Pure: rows in, numbers out. A row is anything with the fields of the store's ``AnswerRow``; its
``schema_version`` is used when present. Text is returned as given; whoever shows it escapes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, Protocol

from ...content.dutch import count, plural
from .base import A, RoomScenario, S
from .charts import Chart


class Row(Protocol):
    participant: str
    scenario: str
    answer: Mapping[str, Any]
    reflectie: str | None
    updated_at: datetime
    revision: int


@dataclass(frozen=True)
class SharedAnswer(Generic[A]):
    """One participant's current answer, read into its type."""

    participant: str
    answer: A
    revision: int
    updated_at: datetime


@dataclass(frozen=True)
class ScenarioRoom(Generic[A, S]):
    """One scenario in the room: the answers that could be read, how many could not, and the summary."""

    scenario: RoomScenario[A, S]
    answers: tuple[SharedAnswer[A], ...]
    skipped: int
    summary: S

    @property
    def count(self) -> int:
        return len(self.answers)

    def chart(self) -> Chart | None:
        return self.scenario.chart(self.summary) if self.answers else None

    def describe(self) -> str:
        text = self.scenario.describe(self.summary)
        if self.skipped:
            n = self.skipped
            text += (
                f" {count(n, 'antwoord', 'antwoorden')} van een andere versie van de app "
                f"{plural(n, 'kon', 'konden')} niet worden gelezen en {plural(n, 'telt', 'tellen')} niet mee."
            )
        return text


@dataclass(frozen=True)
class Reflectie:
    participant: str
    scenario: str
    text: str
    updated_at: datetime


@dataclass(frozen=True)
class Room:
    """Everything the dashboard and the report show, from one list of current answers."""

    participants: int
    scenarios: tuple[ScenarioRoom[Any, Any], ...]
    """Every registered scenario, in the registry's order (also those without answers)."""
    reflecties: tuple[Reflectie, ...] = ()
    unknown: dict[str, int] = field(default_factory=dict)
    """Answers of scenarios that are not registered (scenario -> count): not summed up anywhere."""

    def get(self, scenario: str) -> ScenarioRoom[Any, Any] | None:
        return next((s for s in self.scenarios if s.scenario.id == scenario), None)

    @property
    def answers_per_scenario(self) -> dict[str, int]:
        counts = {s.scenario.id: s.count + s.skipped for s in self.scenarios if s.count + s.skipped}
        return {**counts, **self.unknown}

    @property
    def answers(self) -> int:
        return sum(self.answers_per_scenario.values())


def scenario_room(scenario: RoomScenario[A, S], rows: Iterable[Row]) -> ScenarioRoom[A, S]:
    """Read this scenario's rows into typed answers and sum them up; rows that cannot be read are counted."""
    answers: list[SharedAnswer[A]] = []
    skipped = 0
    for row in rows:
        if row.scenario != scenario.id:
            continue
        typed = scenario.read(row.answer, getattr(row, "schema_version", None))
        if typed is None:
            skipped += 1
            continue
        answers.append(SharedAnswer(row.participant, typed, row.revision, row.updated_at))
    return ScenarioRoom(scenario, tuple(answers), skipped, scenario.aggregate([a.answer for a in answers]))


def reflecties(rows: Iterable[Row], limit: int | None = None) -> tuple[Reflectie, ...]:
    """Shared reflections (non-empty), newest first."""
    found = [
        Reflectie(r.participant, r.scenario, r.reflectie.strip(), r.updated_at)
        for r in rows
        if isinstance(r.reflectie, str) and r.reflectie.strip()
    ]
    found.sort(key=lambda r: r.updated_at, reverse=True)
    return tuple(found[:limit] if limit is not None else found)


def room_of(
    rows: Sequence[Row],
    scenarios: Sequence[RoomScenario[Any, Any]] | None = None,
    participants: int | None = None,
) -> Room:
    """The room: every registered scenario summed up, the reflections, and the count of participants."""
    if scenarios is None:
        from . import room_scenarios

        scenarios = room_scenarios()
    known = {s.id for s in scenarios}
    unknown: dict[str, int] = {}
    for row in rows:
        if row.scenario not in known:
            unknown[row.scenario] = unknown.get(row.scenario, 0) + 1
    return Room(
        participants=participants if participants is not None else len({r.participant for r in rows}),
        scenarios=tuple(scenario_room(s, rows) for s in scenarios),
        reflecties=reflecties(rows),
        unknown=dict(sorted(unknown.items())),
    )
