"""The statements the repository runs, built once with SQLAlchemy Core (dialect-neutral).

A save runs inside a write transaction that holds SQLite's database lock, so
its statements are built here at import time, never while the lock is held;
the values come as bound parameters named ``k_*`` (the answer's key),
``old_*`` (the version going to the history) and ``new_*`` (the new version).
"""

from __future__ import annotations

from sqlalchemy import Table, and_, bindparam, delete, distinct, func, insert, select, update
from sqlalchemy.sql import ColumnElement

from .schema import answer_history, answers, sessions

SESSION_COUNTS = (
    select(
        sessions.c.code,
        sessions.c.title,
        sessions.c.created_at,
        sessions.c.closed_at,
        func.count(distinct(answers.c.participant)),
        func.count(answers.c.participant),
    )
    .select_from(sessions.outerjoin(answers, answers.c.session_code == sessions.c.code))
    .group_by(sessions.c.code, sessions.c.title, sessions.c.created_at, sessions.c.closed_at)
)


def _same_key(table: Table) -> tuple[ColumnElement[bool], ...]:
    """WHERE session_code = :k_session AND participant = :k_participant AND scenario = :k_scenario."""
    return (
        table.c.session_code == bindparam("k_session"),
        table.c.participant == bindparam("k_participant"),
        table.c.scenario == bindparam("k_scenario"),
    )


# The statements of a save, built once: a write transaction holds SQLite's lock, so nothing is built inside it.
# FOR SHARE keeps the session from being deleted meanwhile without queueing other participants; FOR UPDATE
# serialises resubmits of the same answer (PostgreSQL; SQLite ignores both, its BEGIN IMMEDIATE does the two).
SESSION_STATE = select(sessions.c.closed_at).where(sessions.c.code == bindparam("k_session")).with_for_update(read=True)
CURRENT_ANSWER = (
    select(answers.c.revision, answers.c.answer, answers.c.reflectie, answers.c.updated_at, answers.c.schema_version)
    .where(*_same_key(answers))
    .with_for_update()
)
KEEP_VERSION = insert(answer_history).values(
    session_code=bindparam("k_session"),
    participant=bindparam("k_participant"),
    scenario=bindparam("k_scenario"),
    revision=bindparam("old_revision"),
    answer=bindparam("old_answer"),
    reflectie=bindparam("old_reflectie"),
    saved_at=bindparam("old_saved_at"),
    replaced_at=bindparam("replaced_at"),
    schema_version=bindparam("old_schema_version"),
)
PRUNE_HISTORY = delete(answer_history).where(
    *_same_key(answer_history), answer_history.c.revision <= bindparam("oldest_dropped")
)
REPLACE_ANSWER = (
    update(answers)
    .where(*_same_key(answers))
    .values(
        answer=bindparam("new_answer"),
        reflectie=bindparam("new_reflectie"),
        revision=bindparam("new_revision"),
        updated_at=bindparam("new_updated_at"),
        schema_version=bindparam("new_schema_version"),
    )
)

# Before any lock: the session's state and the current answer in one plain read, so the same answer again
# (a double click, a flood of identical shares) is recognised without taking the write lock.
SESSION_AND_ANSWER = (
    select(
        sessions.c.closed_at,
        answers.c.revision,
        answers.c.answer,
        answers.c.reflectie,
        answers.c.updated_at,
        answers.c.schema_version,
    )
    .select_from(
        sessions.outerjoin(
            answers,
            and_(
                answers.c.session_code == sessions.c.code,
                answers.c.participant == bindparam("k_participant"),
                answers.c.scenario == bindparam("k_scenario"),
            ),
        )
    )
    .where(sessions.c.code == bindparam("k_session"))
)
