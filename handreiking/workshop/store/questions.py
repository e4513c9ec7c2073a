"""Group questions in the store: rounds the trainer opens, closes and reveals, and the participants' answers.

The rules (what a trainer action or an answer may do) are pure, in
:mod:`handreiking.scenarios.room.question_flow`; this module reads the state they need and carries out
their decision in ONE write transaction, so an answer and the trainer's "close" cannot cross: on SQLite the
write lock (``BEGIN IMMEDIATE``) orders them, on PostgreSQL the answer reads its round ``FOR SHARE`` and the
trainer's actions lock the session row ``FOR UPDATE`` and the round row before changing it.

What participants' kernels ask every second or two is :meth:`GroupQuestions.latest`: one indexed query on
the primary key (``session_code``, ``number``) that returns two small columns. The question itself (a JSON
snapshot of the oefening question) is read only when the round changes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.engine import Connection

from handreiking.scenarios.room.question_flow import (
    AnswerOutcome,
    QuestionRefused,
    QuestionState,
    RoundStatus,
    TrainerStep,
    answer_outcome,
    check_answer,
    plan_close,
    plan_open,
    plan_reveal,
)
from handreiking.scenarios.room.questions import GroupQuestion

from . import cleaning
from .errors import StoreError
from .moments import now, parse_stamp, stamp
from .repository import Store, _check_open
from .schema import question_answers, questions, sessions

q = questions.c
a = question_answers.c

# Built once (never while SQLite's write lock is held).
LATEST = (
    select(q.number, q.question_key, q.state)
    .where(q.session_code == bindparam("k_session"))
    .order_by(q.number.desc())
    .limit(1)
)
LATEST_FOR_UPDATE = LATEST.with_for_update()
ROUND_FOR_SHARE = (
    select(q.number, q.question_key, q.state, q.question)
    .where(q.session_code == bindparam("k_session"), q.number == bindparam("k_number"))
    .with_for_update(read=True)
)
SESSION_FOR_UPDATE = select(sessions.c.closed_at).where(sessions.c.code == bindparam("k_session")).with_for_update()
SESSION_STATE = select(sessions.c.closed_at).where(sessions.c.code == bindparam("k_session"))
MY_ANSWER = select(a.option, a.changes).where(
    a.session_code == bindparam("k_session"),
    a.number == bindparam("k_number"),
    a.participant == bindparam("k_participant"),
)
MY_ANSWER_FOR_UPDATE = MY_ANSWER.with_for_update()
COUNTS = (
    select(a.option, func.count())
    .where(a.session_code == bindparam("k_session"), a.number == bindparam("k_number"))
    .group_by(a.option)
)
ROUND_COLUMNS = (q.number, q.question_key, q.state, q.question, q.opened_at, q.closed_at, q.revealed_at)


class AnswerRefused(StoreError):
    """An answer the rules refuse (the round is closed, the option unknown); nothing was stored."""


@dataclass(frozen=True)
class Round:
    """One round as stored: the question asked (None if its snapshot cannot be read), its state and moments."""

    number: int
    key: str
    state: QuestionState
    question: GroupQuestion | None
    opened_at: datetime
    closed_at: datetime | None = None
    revealed_at: datetime | None = None

    @property
    def status(self) -> RoundStatus:
        return RoundStatus(self.number, self.key, self.state)

    @property
    def is_open(self) -> bool:
        return self.state is QuestionState.OPEN

    @property
    def revealed(self) -> bool:
        return self.state is QuestionState.REVEALED


@dataclass(frozen=True)
class TrainerResult:
    """What a trainer action did (``step``) and the newest round afterwards."""

    step: TrainerStep
    current: Round | None

    @property
    def message(self) -> str:
        return self.step.message


@dataclass(frozen=True)
class AnswerResult:
    """What storing a participant's answer did (``outcome``) and the option now stored."""

    outcome: AnswerOutcome
    option: str
    changes: int

    @property
    def message(self) -> str:
        return self.outcome.message


@dataclass(frozen=True)
class QuestionAnswer:
    """One participant's answer in one round (for the CSV)."""

    number: int
    participant: str
    option: str
    changes: int
    answered_at: datetime
    updated_at: datetime


def _status(row: Any) -> RoundStatus:
    return RoundStatus(int(row.number), str(row.question_key), QuestionState(row.state))


def _round(row: Any) -> Round:
    try:
        question = GroupQuestion.read(json.loads(row.question))
    except ValueError:
        question = None
    return Round(
        number=int(row.number),
        key=str(row.question_key),
        state=QuestionState(row.state),
        question=question,
        opened_at=parse_stamp(row.opened_at) or now(),
        closed_at=parse_stamp(row.closed_at),
        revealed_at=parse_stamp(row.revealed_at),
    )


def _moment(text: str | None) -> datetime:
    return parse_stamp(text) or now()


class GroupQuestions:
    """The group questions of every session in one store (create it with the workshop's :class:`Store`)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._db = store._db  # the same engine and transactions as the answers (one package)

    # ---- reading

    def latest(self, session: str) -> RoundStatus | None:
        """The newest round (number, question, state), or None: the cheap query participants' kernels poll."""
        rows = self._db.read(LATEST.params(k_session=cleaning.normalise_code(session)))
        return _status(rows[0]) if rows else None

    def round(self, session: str, number: int) -> Round | None:
        code = cleaning.normalise_code(session)
        rows = self._db.read(select(*ROUND_COLUMNS).where(q.session_code == code, q.number == int(number)))
        return _round(rows[0]) if rows else None

    def current(self, session: str) -> Round | None:
        """The newest round with its question, or None when no question was asked yet."""
        status = self.latest(session)
        return None if status is None else self.round(session, status.number)

    def rounds(self, session: str) -> list[Round]:
        """Every round of the session, oldest first."""
        code = cleaning.normalise_code(session)
        statement = select(*ROUND_COLUMNS).where(q.session_code == code).order_by(q.number)
        return [_round(r) for r in self._db.read(statement)]

    def counts(self, session: str, number: int) -> dict[str, int]:
        """Option id -> how many participants chose it in round ``number``."""
        rows = self._db.read(COUNTS.params(k_session=cleaning.normalise_code(session), k_number=int(number)))
        return {str(r[0]): int(r[1]) for r in rows}

    def all_counts(self, session: str) -> dict[int, dict[str, int]]:
        """Round number -> option id -> count, for every round of the session."""
        statement = (
            select(a.number, a.option, func.count())
            .where(a.session_code == cleaning.normalise_code(session))
            .group_by(a.number, a.option)
        )
        out: dict[int, dict[str, int]] = {}
        for number, option, n in self._db.read(statement):
            out.setdefault(int(number), {})[str(option)] = int(n)
        return out

    def my_answer(self, session: str, number: int, participant: str) -> str | None:
        """The option this participant chose in round ``number``, or None."""
        code = cleaning.normalise_code(session)
        rows = self._db.read(MY_ANSWER.params(k_session=code, k_number=int(number), k_participant=participant))
        return str(rows[0].option) if rows else None

    def answers(self, session: str) -> list[QuestionAnswer]:
        """Every answer of the session, by round and time."""
        statement = (
            select(a.number, a.participant, a.option, a.changes, a.answered_at, a.updated_at)
            .where(a.session_code == cleaning.normalise_code(session))
            .order_by(a.number, a.answered_at, a.participant)
        )
        return [
            QuestionAnswer(
                number=int(r.number),
                participant=str(r.participant),
                option=str(r.option),
                changes=int(r.changes),
                answered_at=_moment(r.answered_at),
                updated_at=_moment(r.updated_at),
            )
            for r in self._db.read(statement)
        ]

    # ---- the trainer's actions

    def open(self, session: str, question: GroupQuestion) -> TrainerResult:
        """Open ``question`` as a new round (an open round of another question is closed first)."""
        encoded = json.dumps(question.as_json(), ensure_ascii=False, separators=(",", ":"))

        def carry_out(conn: Connection, code: str, step: TrainerStep, current: RoundStatus | None, moment: str) -> None:
            if not step.open:
                return
            number = 1 if current is None else current.number + 1
            conn.execute(
                insert(questions).values(
                    session_code=code,
                    number=number,
                    question_key=question.key,
                    question=encoded,
                    state=QuestionState.OPEN.value,
                    opened_at=moment,
                )
            )

        title = question.prompt if len(question.prompt) <= 60 else question.prompt[:57].rstrip() + "…"
        return self._act(session, lambda current: plan_open(current, question.key, title), carry_out)

    def close(self, session: str) -> TrainerResult:
        """Close the open round: answers are refused from now on."""
        return self._act(session, plan_close)

    def reveal(self, session: str) -> TrainerResult:
        """Reveal the answer of the newest round (closing it first when it is still open)."""
        return self._act(session, plan_reveal)

    def _act(self, session: str, plan: Any, extra: Any = None) -> TrainerResult:
        code = cleaning.normalise_code(session)
        with self._store._write() as conn:
            _check_open(code, conn.execute(SESSION_FOR_UPDATE, {"k_session": code}).first())
            row = conn.execute(LATEST_FOR_UPDATE, {"k_session": code}).first()
            current = _status(row) if row is not None else None
            step: TrainerStep = plan(current)
            moment = stamp(now())
            if step.close is not None:
                conn.execute(
                    update(questions)
                    .where(q.session_code == code, q.number == step.close, q.state == QuestionState.OPEN.value)
                    .values(state=QuestionState.CLOSED.value, closed_at=moment)
                )
            if step.reveal is not None:
                conn.execute(
                    update(questions)
                    .where(q.session_code == code, q.number == step.reveal)
                    .values(state=QuestionState.REVEALED.value, revealed_at=moment)
                )
            if extra is not None:
                extra(conn, code, step, current, moment)
        return TrainerResult(step, self.current(code))

    # ---- a participant's answer

    def answer(self, session: str, number: int, participant: str, option: str) -> AnswerResult:
        """Store ``participant``'s choice in round ``number``; a change replaces the earlier choice.

        Raises :class:`AnswerRefused` (Dutch message, nothing stored) when the round is closed or unknown, or the
        option is not one of the question's; :class:`StoreError` for a bad pseudonym or a closed session.
        """
        code = cleaning.normalise_code(session)
        participant = cleaning.check_participant(participant)
        if not isinstance(option, str) or not option or len(option) > 40:
            raise AnswerRefused("Dit antwoord hoort niet bij de vraag. Kies een van de antwoorden.")
        key = {"k_session": code, "k_number": int(number), "k_participant": participant}
        with self._store._write() as conn:
            _check_open(code, conn.execute(SESSION_STATE, key).first())
            row = conn.execute(ROUND_FOR_SHARE, key).first()
            question = _round_question(row)
            try:
                check_answer(
                    _status(row) if row is not None else None,
                    option,
                    question.option_ids if question is not None else (),
                    question.letters() if question is not None else "",
                )
            except QuestionRefused as refused:
                raise AnswerRefused(refused.message) from None
            previous = conn.execute(MY_ANSWER_FOR_UPDATE, key).first()
            outcome = answer_outcome(None if previous is None else str(previous.option), option)
            moment = stamp(now())
            if outcome.created:
                conn.execute(
                    insert(question_answers).values(
                        session_code=code,
                        number=int(number),
                        participant=participant,
                        option=option,
                        changes=0,
                        answered_at=moment,
                        updated_at=moment,
                    )
                )
                changes = 0
            elif outcome.changed:
                changes = int(previous.changes) + 1
                conn.execute(
                    update(question_answers)
                    .where(a.session_code == code, a.number == int(number), a.participant == participant)
                    .values(option=option, changes=changes, updated_at=moment)
                )
            else:
                changes = int(previous.changes)
        return AnswerResult(outcome, option, changes)


def _round_question(row: Any) -> GroupQuestion | None:
    if row is None:
        return None
    try:
        return GroupQuestion.read(json.loads(row.question))
    except ValueError:
        return None


def group_questions(store: Store) -> GroupQuestions:
    """The group questions kept in ``store``."""
    return GroupQuestions(store)


__all__: Sequence[str] = (
    "AnswerRefused",
    "AnswerResult",
    "GroupQuestions",
    "QuestionAnswer",
    "Round",
    "TrainerResult",
    "group_questions",
)
