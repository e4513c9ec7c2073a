"""The group questions in the session report: per round the question, the room's tally, and the reveal.

Read from the store's group questions (:mod:`handreiking.workshop.store.questions`); a store without them
(another implementation of the report's store protocol) gives no section. Each round becomes a heading with
the question, the tally as a chart (the same chart data as the projector) and a table with per option its
count, whether it is correct and its feedback (with the stap), then whether the answer was shown in the
session and the worked answer. Participant names never appear here: only counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ...content import dutch
from ...scenarios.room.questions import Tally, tally
from ..store.questions import GroupQuestions, Round
from .model import Block, Figure, Paragraph, ReportData, Section, Table

SECTION_ID = "groepsvragen"
SECTION_TITLE = "Groepsvragen"


@dataclass(frozen=True)
class AskedQuestion:
    """One round of a group question with the room's tally (None when the question cannot be read)."""

    round: Round
    tally: Tally | None


def asked_questions(store: Any, session: str) -> tuple[AskedQuestion, ...]:
    """Every round of the session with its tally; () for a store that keeps no group questions."""
    if not hasattr(store, "_db"):
        return ()
    desk = GroupQuestions(store)
    counts = desk.all_counts(session)
    out = []
    for round_ in desk.rounds(session):
        question = round_.question
        summary = None if question is None else tally(question, counts.get(round_.number, {}), revealed=True)
        out.append(AskedQuestion(round_, summary))
    return tuple(out)


def _state(round_: Round) -> str:
    if round_.revealed and round_.revealed_at is not None:
        return f"Het antwoord is in de sessie getoond om {dutch.clock(round_.revealed_at)}."
    if round_.is_open:
        return "De vraag stond nog open toen dit verslag werd gemaakt; het antwoord is nog niet getoond."
    return "De vraag is gesloten zonder dat het antwoord in de sessie is getoond."


def round_blocks(asked: AskedQuestion, charts: bool = True) -> list[Block]:
    """The blocks of one round: the question, the chart, the table per option, the state and the worked answer."""
    round_, summary = asked.round, asked.tally
    question = round_.question
    if question is None or summary is None:
        return [
            Paragraph("Deze vraag kan niet worden getoond (gemaakt met een andere versie).", f"Ronde {round_.number}")
        ]
    heading = f"Ronde {round_.number}: {question.oefening_title} (Les {question.les}, {question.where})"
    blocks: list[Block] = [Paragraph(question.prompt, heading)]
    if charts and summary.total:
        from ...plots.debrief import chart_png, tally_chart

        chart = tally_chart(summary)
        blocks.append(Figure(f"Antwoorden in ronde {round_.number}", chart_png(chart), chart.alt))
    blocks.append(
        Table(
            caption=f"Ronde {round_.number}: {summary.describe()}",
            header=("Antwoord", "Tekst", "Aantal", "Juist", "Feedback"),
            rows=tuple(
                (c.letter, c.option.text, f"{c.count} ({c.percent}%)", "ja" if c.correct else "nee", c.option.feedback)
                for c in summary.options
            ),
        )
    )
    blocks.append(Paragraph(f"{_state(round_)} Uitgewerkt antwoord: {question.worked_answer}"))
    return blocks


def question_sections(data: ReportData) -> Iterable[Section]:
    """One section with every round of the session's group questions (none when no question was asked)."""
    asked = getattr(data, "questions", ())
    if not asked:
        return
    answered = sum(a.tally.total for a in asked if a.tally is not None)
    intro = Paragraph(
        f"{dutch.count(len(asked), 'vraag', 'vragen')} gesteld, met samen "
        f"{dutch.count(answered, 'antwoord', 'antwoorden')}. Per vraag staat hieronder hoe de groep antwoordde, "
        "welk antwoord juist is en de feedback per antwoord, met de stap waar die op rust."
    )
    blocks: list[Block] = [intro]
    for item in asked:
        blocks += round_blocks(item, data.charts)
    yield Section(SECTION_ID, SECTION_TITLE, tuple(blocks))
