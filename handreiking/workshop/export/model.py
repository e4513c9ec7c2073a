"""The session report as data: one model that the HTML and the Markdown templates both render.

Built from the typed answers (:mod:`handreiking.scenarios.room`): per scenario its title (not its id), a
Dutch sentence about the room, the room chart, a table of the answers with a Dutch label per column, and the
reflections. The dashboard's export button and ``handreiking sessie export --rapport`` both call
:func:`build_report`, so they produce the same document.

Extension point: a report is a list of :class:`Section`, each a list of blocks (:class:`Figure`,
:class:`Table`, :class:`Paragraph`, :class:`Quotes`). :data:`SECTION_BUILDERS` turns the session's data into
sections (the debrief per case in :mod:`.debrief_report`, the group questions in :mod:`.question_report`);
a new part adds a builder there (or passes ``builders=``) and needs no change to the templates as long as it
uses these blocks.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from ...content import dutch
from ...scenarios.room import Room, ScenarioRoom, flatten, room_of
from ..store import StoreError, normalise_code

PRIVACY_NOTE = "Dit verslag bevat alleen pseudoniemen; er zijn geen namen of andere persoonsgegevens opgeslagen."


class SessionLike(Protocol):
    code: str
    title: str
    created_at: datetime
    participants: int
    answers: int


class ReportStore(Protocol):
    """What the report reads (the workshop's store has these methods)."""

    def get_session(self, code: str) -> SessionLike | None: ...

    def answers(self, session: str) -> Sequence[Any]: ...


# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Figure:
    caption: str
    png: bytes
    alt: str

    @property
    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Paragraph:
    text: str
    heading: str = ""


@dataclass(frozen=True)
class Quote:
    text: str
    who: str


@dataclass(frozen=True)
class Quotes:
    heading: str
    items: tuple[Quote, ...]


Block = Figure | Table | Paragraph | Quotes


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Report:
    """Everything the report shows, ready for a template."""

    code: str
    title: str
    created_at: datetime
    made_at: datetime
    participants: int
    answers: int
    sections: tuple[Section, ...]
    privacy: str = PRIVACY_NOTE

    @property
    def heading(self) -> str:
        return f"Verslag workshopsessie {self.code}"


@dataclass(frozen=True)
class ReportData:
    """What a section builder gets: the session, its current answers, the room summed up, the group questions."""

    session: SessionLike
    rows: Sequence[Any]
    room: Room
    charts: bool
    questions: tuple[Any, ...] = ()
    """The rounds of the group questions with their tallies (:func:`.question_report.asked_questions`)."""


SectionBuilder = Callable[[ReportData], Iterable[Section]]


# --------------------------------------------------------------------------- cell values


def cell(value: Any) -> str:
    """One value as the report shows it: ja/nee, a Dutch decimal comma, lists joined with commas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else dutch.number(value, 2)
    if isinstance(value, list | tuple):
        return ", ".join(cell(v) for v in value)
    return str(value)


# --------------------------------------------------------------------------- sections


def scenario_section(part: ScenarioRoom[Any, Any], rows: Sequence[Any], charts: bool = True) -> Section:
    """One scenario: a sentence about the room, its chart, the answers table, the reflections."""
    scenario = part.scenario
    blocks: list[Block] = [Paragraph(part.describe())]
    chart = part.chart() if charts else None
    if chart is not None:
        from ...plots.room import room_chart_png

        blocks.append(Figure(chart.caption, room_chart_png(chart), chart.alt))
    if part.answers:
        columns = scenario.columns([a.answer for a in part.answers], only=scenario.report_fields)
        table_rows = []
        for shared in part.answers:
            flat = flatten(shared.answer.as_json())
            table_rows.append((shared.participant, *(cell(c.value(flat)) for c in columns)))
        blocks.append(
            Table(
                caption=f"Antwoorden voor {scenario.title}",
                header=("Deelnemer", *(c.label for c in columns)),
                rows=tuple(table_rows),
            )
        )
    reflections = tuple(
        Quote(r.reflectie.strip(), r.participant)
        for r in rows
        if r.scenario == scenario.id and isinstance(r.reflectie, str) and r.reflectie.strip()
    )
    if reflections:
        blocks.append(Quotes("Reflecties", reflections))
    return Section(scenario.id, scenario.heading, tuple(blocks))


def scenario_sections(data: ReportData) -> Iterable[Section]:
    """A section for every registered scenario that has answers, in the registry's order."""
    for part in data.room.scenarios:
        if part.count or part.skipped:
            yield scenario_section(part, data.rows, data.charts)


def unknown_sections(data: ReportData) -> Iterable[Section]:
    """Answers of apps the report does not know: counted, with their reflections, never summed up."""
    for scenario, n in data.room.unknown.items():
        reflections = tuple(
            Quote(r.reflectie.strip(), r.participant)
            for r in data.rows
            if r.scenario == scenario and isinstance(r.reflectie, str) and r.reflectie.strip()
        )
        blocks: list[Block] = [
            Paragraph(
                f"{dutch.count(n, 'antwoord', 'antwoorden')} van een app die dit verslag niet kent; "
                "de antwoorden staan in de CSV-export."
            )
        ]
        if reflections:
            blocks.append(Quotes("Reflecties", reflections))
        yield Section(scenario, f"Andere app: {scenario}", tuple(blocks))


def build_report(
    store: ReportStore,
    session: str,
    *,
    builders: Sequence[SectionBuilder] | None = None,
    charts: bool = True,
    now: datetime | None = None,
) -> Report:
    """The report of ``session``; raises :class:`StoreError` (Dutch) when there is no such session.

    ``builders``: the sections to build (default :data:`SECTION_BUILDERS`).
    """
    from .question_report import asked_questions

    info = store.get_session(session)
    if info is None:
        raise StoreError(f"De sessie {normalise_code(session)} bestaat niet.")
    rows = store.answers(info.code)
    data = ReportData(info, rows, room_of(rows), charts, asked_questions(store, info.code))
    builders = SECTION_BUILDERS if builders is None else builders
    return Report(
        code=info.code,
        title=info.title,
        created_at=info.created_at,
        made_at=now or datetime.now(UTC),
        participants=info.participants,
        answers=info.answers,
        sections=tuple(section for build in builders for section in build(data)),
    )


# The debrief and the group questions build on the blocks above (imported here, after them).
from .debrief_report import debrief_sections  # noqa: E402
from .question_report import question_sections  # noqa: E402

SECTION_BUILDERS: tuple[SectionBuilder, ...] = (
    scenario_sections,
    debrief_sections,
    question_sections,
    unknown_sections,
)
"""The report's sections, in order: per scenario, the debrief per case, the group questions, unknown apps."""
