"""The answers to the group questions as a second CSV file, next to the scenario answers.

One row per participant per round, with a Dutch header row a spreadsheet user understands: the round, the
oefening and the question, the option chosen (letter and text), whether it is correct, how often the
participant changed it and when. The same conventions as :mod:`.spreadsheet` (UTF-8 with BOM, ``;`` as
separator, and every text cell that a spreadsheet could read as a formula gets a leading single quote).
The file is named after the answers' CSV: ``antwoorden.csv`` -> ``antwoorden-groepsvragen.csv``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from ...content import dutch
from ..store import StoreError, normalise_code
from ..store.questions import GroupQuestions
from .spreadsheet import neutralise_cell

HEADER = (
    "Sessie",
    "Ronde",
    "Oefening",
    "Les",
    "Stap",
    "Vraag",
    "Schuilnaam",
    "Gekozen antwoord",
    "Tekst van het antwoord",
    "Juist",
    "Keer veranderd",
    "Eerst beantwoord",
    "Laatst veranderd",
)
SUFFIX = "-groepsvragen"


def questions_path(answers_csv: Path) -> Path:
    """Where the group questions' CSV goes, next to the answers' CSV."""
    return answers_csv.with_name(f"{answers_csv.stem}{SUFFIX}{answers_csv.suffix or '.csv'}")


def _rows(store: Any, session: str) -> tuple[str, list[list[Any]]]:
    info = store.get_session(session)
    if info is None:
        raise StoreError(f"De sessie {normalise_code(session)} bestaat niet.")
    if not hasattr(store, "_db"):
        return info.code, []
    desk = GroupQuestions(store)
    rounds = {r.number: r for r in desk.rounds(info.code)}
    rows: list[list[Any]] = []
    for answer in desk.answers(info.code):
        round_ = rounds.get(answer.number)
        question = round_.question if round_ is not None else None
        option = question.option(answer.option) if question is not None else None
        rows.append(
            [
                info.code,
                answer.number,
                question.oefening_title if question else "",
                question.les if question else None,
                question.stap if question else "",
                question.prompt if question else "",
                answer.participant,
                question.letter(answer.option) if question else answer.option,
                option.text if option else "",
                None if option is None else option.correct,
                answer.changes,
                dutch.stamp(answer.answered_at),
                dutch.stamp(answer.updated_at),
            ]
        )
    return info.code, rows


def _build(store: Any, session: str, delimiter: str) -> tuple[str, int]:
    _, rows = _rows(store, session)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise_cell(h) for h in HEADER])
    for row in rows:
        writer.writerow([neutralise_cell(c) for c in row])
    return "\ufeff" + buffer.getvalue(), len(rows)


def questions_csv_text(store: Any, session: str, *, delimiter: str = ";") -> str:
    """The group questions' answers as CSV text with a BOM (just the header when no question was answered)."""
    return _build(store, session, delimiter)[0]


def questions_csv_bytes(store: Any, session: str, *, delimiter: str = ";") -> bytes:
    return questions_csv_text(store, session, delimiter=delimiter).encode("utf-8")


def question_answer_count(store: Any, session: str) -> int:
    """How many answers to group questions the session has (0: no second file needed)."""
    return len(_rows(store, session)[1])


def export_questions_csv(store: Any, session: str, path: Path) -> int:
    """Write the group questions' CSV to ``path``; returns the number of answer rows."""
    text, count = _build(store, session, ";")
    Path(path).write_bytes(text.encode("utf-8"))
    return count
