"""The store's tables, and the ordered migrations that build them in any database.

The ``Table`` objects below describe the current schema; the repository
queries through them. A database gets there through :data:`MIGRATIONS`,
applied in order and recorded in ``schema_version``. Each migration is
frozen once released: it carries its own copy of what it creates, so
changing a ``Table`` here never changes what an old migration does. A test
checks that the migrations end exactly at these tables, on SQLite and on
PostgreSQL.

Migrations are serialised between processes (32 participants may open the
store at the same moment): on PostgreSQL with a transaction-scoped advisory
lock, on SQLite by the ``BEGIN IMMEDIATE`` of the write transaction. DDL is
transactional in both, so a migration is applied completely or not at all.

Why no Alembic: the store has a handful of small migrations that must run
when the store is opened (inside the workshop server, the sessions CLI and
every participant's kernel), under the lock above, and on databases that
already carry a ``schema_version`` table. Alembic would add a configuration
environment, a script folder, its own version table next to ours and a
bridge between the two, for two dialect-neutral steps that SQLAlchemy Core
already renders. Explicit steps, tested from a version-1 database on both
backends, are simpler to read and to review; switch when migrations need
Alembic's autogenerate or batch mode for SQLite table rebuilds.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    func,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.schema import CreateColumn

from .engine import Database
from .moments import now, stamp

METADATA = MetaData()

sessions = Table(
    "sessions",
    METADATA,
    Column("code", Text, primary_key=True),
    Column("title", Text, nullable=False, server_default=""),
    Column("created_at", Text, nullable=False),
    Column("closed_at", Text),
)

answers = Table(
    "answers",
    METADATA,
    Column("session_code", Text, ForeignKey("sessions.code", ondelete="CASCADE"), nullable=False),
    Column("participant", Text, nullable=False),
    Column("scenario", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("reflectie", Text),
    Column("revision", Integer, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Column("schema_version", Integer, nullable=False, server_default=text("1")),
    PrimaryKeyConstraint("session_code", "participant", "scenario"),
)
Index("answers_by_scenario", answers.c.session_code, answers.c.scenario)

answer_history = Table(
    "answer_history",
    METADATA,
    Column("session_code", Text, ForeignKey("sessions.code", ondelete="CASCADE"), nullable=False),
    Column("participant", Text, nullable=False),
    Column("scenario", Text, nullable=False),
    Column("revision", Integer, nullable=False),
    Column("answer", Text, nullable=False),
    Column("reflectie", Text),
    Column("saved_at", Text, nullable=False),
    Column("replaced_at", Text, nullable=False),
    Column("schema_version", Integer, nullable=False, server_default=text("1")),
    PrimaryKeyConstraint("session_code", "participant", "scenario", "revision"),
)

session_keys = Table(
    "session_keys",
    METADATA,
    Column("session_code", Text, ForeignKey("sessions.code", ondelete="CASCADE"), primary_key=True),
    Column("secret", Text, nullable=False),
    Column("created_at", Text, nullable=False),
)
"""The secret a session's participant server signs its pseudonym cookies with (kept, so ``--sessie`` resumes)."""

pseudonyms = Table(
    "pseudonyms",
    METADATA,
    Column("session_code", Text, ForeignKey("sessions.code", ondelete="CASCADE"), nullable=False),
    Column("pseudonym", Text, nullable=False),
    Column("issued_at", Text, nullable=False),
    Column("throttled", Integer, nullable=False, server_default=text("0")),
    Column("throttled_at", Text),
    PrimaryKeyConstraint("session_code", "pseudonym"),
)
"""Every pseudonym the server handed out in a session (bounded), with how often its shares were slowed down."""

questions = Table(
    "questions",
    METADATA,
    Column("session_code", Text, ForeignKey("sessions.code", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("question_key", Text, nullable=False),
    Column("question", Text, nullable=False),
    Column("state", Text, nullable=False),
    Column("opened_at", Text, nullable=False),
    Column("closed_at", Text),
    Column("revealed_at", Text),
    PrimaryKeyConstraint("session_code", "number"),
)
"""Group questions led by the trainer: one row per round (a question asked once); see ``store/questions.py``."""

question_answers = Table(
    "question_answers",
    METADATA,
    Column("session_code", Text, nullable=False),
    Column("number", Integer, nullable=False),
    Column("participant", Text, nullable=False),
    Column("option", Text, nullable=False),
    Column("changes", Integer, nullable=False, server_default=text("0")),
    Column("answered_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    PrimaryKeyConstraint("session_code", "number", "participant"),
    ForeignKeyConstraint(
        ["session_code", "number"], ["questions.session_code", "questions.number"], ondelete="CASCADE"
    ),
)
"""A participant's one answer per round (changed in place while the round is open)."""

schema_versions = Table(
    "schema_version",
    METADATA,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", Text),
)
"""One row per applied migration."""

MIGRATION_LOCK_KEY = 4867231
"""PostgreSQL advisory lock that serialises migrations (the same number as before the SQLAlchemy store)."""


# --------------------------------------------------------------------------- migrations (frozen once released)


def _v1_initial_tables(conn: Connection) -> None:
    """Version 1: sessions, current answers, replaced versions."""
    frozen = MetaData()
    Table(
        "sessions",
        frozen,
        Column("code", Text, primary_key=True),
        Column("title", Text, nullable=False, server_default=""),
        Column("created_at", Text, nullable=False),
        Column("closed_at", Text),
    )
    v1_answers = Table(
        "answers",
        frozen,
        Column("session_code", Text, ForeignKey("sessions.code", ondelete="CASCADE"), nullable=False),
        Column("participant", Text, nullable=False),
        Column("scenario", Text, nullable=False),
        Column("answer", Text, nullable=False),
        Column("reflectie", Text),
        Column("revision", Integer, nullable=False),
        Column("created_at", Text, nullable=False),
        Column("updated_at", Text, nullable=False),
        PrimaryKeyConstraint("session_code", "participant", "scenario"),
    )
    Index("answers_by_scenario", v1_answers.c.session_code, v1_answers.c.scenario)
    Table(
        "answer_history",
        frozen,
        Column("session_code", Text, ForeignKey("sessions.code", ondelete="CASCADE"), nullable=False),
        Column("participant", Text, nullable=False),
        Column("scenario", Text, nullable=False),
        Column("revision", Integer, nullable=False),
        Column("answer", Text, nullable=False),
        Column("reflectie", Text),
        Column("saved_at", Text, nullable=False),
        Column("replaced_at", Text, nullable=False),
        PrimaryKeyConstraint("session_code", "participant", "scenario", "revision"),
    )
    frozen.create_all(conn, checkfirst=False)


def _v2_answer_schema_version(conn: Connection) -> None:
    """Version 2: each answer (current and replaced) records the version of its own structure (default 1)."""
    for table in ("answers", "answer_history"):
        column = Column("schema_version", Integer, nullable=False, server_default=text("1"))
        Table(table, MetaData(), column)  # a column renders only as part of a table
        conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {CreateColumn(column).compile(dialect=conn.dialect)}"))


def _v3_signed_pseudonyms(conn: Connection) -> None:
    """Version 3: a signing secret per session, and the pseudonyms handed out with their throttle count."""
    frozen = MetaData()
    Table("sessions", frozen, Column("code", Text, primary_key=True))  # only for the foreign keys below
    Table(
        "session_keys",
        frozen,
        Column("session_code", Text, ForeignKey("sessions.code", ondelete="CASCADE"), primary_key=True),
        Column("secret", Text, nullable=False),
        Column("created_at", Text, nullable=False),
    )
    Table(
        "pseudonyms",
        frozen,
        Column("session_code", Text, ForeignKey("sessions.code", ondelete="CASCADE"), nullable=False),
        Column("pseudonym", Text, nullable=False),
        Column("issued_at", Text, nullable=False),
        Column("throttled", Integer, nullable=False, server_default=text("0")),
        Column("throttled_at", Text),
        PrimaryKeyConstraint("session_code", "pseudonym"),
    )
    frozen.create_all(conn, tables=[frozen.tables["session_keys"], frozen.tables["pseudonyms"]], checkfirst=False)


def _v4_group_questions(conn: Connection) -> None:
    """Version 4: group questions led by the trainer (rounds, and one answer per participant per round)."""
    frozen = MetaData()
    Table("sessions", frozen, Column("code", Text, primary_key=True))  # only as the target of the foreign key
    Table(
        "questions",
        frozen,
        Column("session_code", Text, ForeignKey("sessions.code", ondelete="CASCADE"), nullable=False),
        Column("number", Integer, nullable=False),
        Column("question_key", Text, nullable=False),
        Column("question", Text, nullable=False),
        Column("state", Text, nullable=False),
        Column("opened_at", Text, nullable=False),
        Column("closed_at", Text),
        Column("revealed_at", Text),
        PrimaryKeyConstraint("session_code", "number"),
    )
    Table(
        "question_answers",
        frozen,
        Column("session_code", Text, nullable=False),
        Column("number", Integer, nullable=False),
        Column("participant", Text, nullable=False),
        Column("option", Text, nullable=False),
        Column("changes", Integer, nullable=False, server_default=text("0")),
        Column("answered_at", Text, nullable=False),
        Column("updated_at", Text, nullable=False),
        PrimaryKeyConstraint("session_code", "number", "participant"),
        ForeignKeyConstraint(
            ["session_code", "number"], ["questions.session_code", "questions.number"], ondelete="CASCADE"
        ),
    )
    frozen.create_all(conn, tables=[frozen.tables["questions"], frozen.tables["question_answers"]], checkfirst=False)


MIGRATIONS: tuple[tuple[int, Callable[[Connection], None]], ...] = (
    (1, _v1_initial_tables),
    (2, _v2_answer_schema_version),
    (3, _v3_signed_pseudonyms),
    (4, _v4_group_questions),
)
"""Schema migrations in order: (version, step). Add new versions at the end; never edit released ones."""

SCHEMA_VERSION = MIGRATIONS[-1][0]


def current_version(db: Database) -> int:
    """The schema version in the database (0 for an empty database)."""
    with db.transaction(write=False) as conn:
        if not inspect(conn).has_table(schema_versions.name):
            return 0
        return int(conn.execute(select(func.max(schema_versions.c.version))).scalar() or 0)


def migrate(db: Database) -> list[int]:
    """Apply the missing migrations in one transaction; returns the versions applied (safe to call again)."""
    if current_version(db) >= SCHEMA_VERSION:
        return []
    applied: list[int] = []
    with db.transaction(write=True) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK_KEY)))
        schema_versions.create(conn, checkfirst=True)
        done = int(conn.execute(select(func.max(schema_versions.c.version))).scalar() or 0)
        for version, step in MIGRATIONS:
            if version <= done:
                continue
            step(conn)
            conn.execute(insert(schema_versions).values(version=version, applied_at=stamp(now())))
            applied.append(version)
    return applied
