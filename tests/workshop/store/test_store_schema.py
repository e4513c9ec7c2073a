"""The store's tables and migrations (handreiking/workshop/store/schema.py), on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from handreiking.workshop.store import SCHEMA_VERSION, Store, open_store
from handreiking.workshop.store.schema import METADATA, schema_versions

P1, P2 = "Groene-Uil-42", "Rustige-Vos-17"

# The schema as the store created it before the SQLAlchemy rewrite (schema version 1), copied verbatim.
OLD_VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT)"
OLD_V1_STATEMENTS = (
    """CREATE TABLE sessions (
                code TEXT PRIMARY KEY,
                title TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL,
                closed_at TEXT
            )""",
    """CREATE TABLE answers (
                session_code TEXT NOT NULL REFERENCES sessions(code) ON DELETE CASCADE,
                participant TEXT NOT NULL,
                scenario TEXT NOT NULL,
                answer TEXT NOT NULL,
                reflectie TEXT,
                revision INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (session_code, participant, scenario)
            )""",
    """CREATE TABLE answer_history (
                session_code TEXT NOT NULL REFERENCES sessions(code) ON DELETE CASCADE,
                participant TEXT NOT NULL,
                scenario TEXT NOT NULL,
                revision INTEGER NOT NULL,
                answer TEXT NOT NULL,
                reflectie TEXT,
                saved_at TEXT NOT NULL,
                replaced_at TEXT NOT NULL,
                PRIMARY KEY (session_code, participant, scenario, revision)
            )""",
    "CREATE INDEX answers_by_scenario ON answers (session_code, scenario)",
)
OLD_ROWS = (
    ("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", (1, "2025-05-01T09:00:00.000000+00:00")),
    (
        "INSERT INTO sessions (code, title, created_at) VALUES (?, ?, ?)",
        ("OUD234", "Vorig jaar", "2025-05-01T09:00:00.000000+00:00"),
    ),
    (
        "INSERT INTO answers (session_code, participant, scenario, answer, reflectie, revision, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            "OUD234",
            P1,
            "balans",
            '{"mix":"samen"}',
            "oud",
            2,
            "2025-05-01T09:01:00.000000+00:00",
            "2025-05-01T09:02:00.000000+00:00",
        ),
    ),
    (
        "INSERT INTO answer_history (session_code, participant, scenario, revision, answer, reflectie, saved_at, "
        "replaced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            "OUD234",
            P1,
            "balans",
            1,
            '{"mix":"zelf"}',
            None,
            "2025-05-01T09:01:00.000000+00:00",
            "2025-05-01T09:02:00.000000+00:00",
        ),
    ),
)


def _old_sqlite_database(tmp_path: Path) -> str:
    path = tmp_path / "oud.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.execute(OLD_VERSION_TABLE)
    for statement in OLD_V1_STATEMENTS:
        conn.execute(statement)
    for statement, params in OLD_ROWS:
        conn.execute(statement, params)
    conn.execute("COMMIT")
    conn.close()
    return f"sqlite:///{path}"


def _old_postgres_database(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as conn:  # one transaction, committed when the block ends
        conn.execute(OLD_VERSION_TABLE)
        for statement in OLD_V1_STATEMENTS:
            conn.execute(statement)
        for statement, params in OLD_ROWS:
            conn.execute(statement.replace("?", "%s"), params)
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The address of an empty database: a new SQLite file or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/leeg.sqlite3"
    return request.getfixturevalue("pg_url")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def old_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database made by the version-1 store, with one session, one answer (revision 2) and its history."""
    if request.param == "sqlite":
        return _old_sqlite_database(tmp_path)
    return _old_postgres_database(request.getfixturevalue("pg_url"))


def _describe_schema(store: Store) -> dict[str, tuple]:
    """Per table: columns (name, nullable) in order, primary key, index names.

    Primary-key columns count as not nullable: SQLite reports ``code TEXT PRIMARY KEY`` (version 1) as nullable.
    """
    inspector = inspect(store.engine)
    out: dict[str, tuple] = {}
    for name in sorted(inspector.get_table_names()):
        primary = tuple(inspector.get_pk_constraint(name)["constrained_columns"])
        columns = tuple(
            (c["name"], bool(c["nullable"]) and c["name"] not in primary) for c in inspector.get_columns(name)
        )
        indexes = tuple(sorted(i["name"] for i in inspector.get_indexes(name)))
        out[name] = (columns, primary, indexes)
    return out


def _declared_schema() -> dict[str, tuple]:
    out: dict[str, tuple] = {}
    for name, table in sorted(METADATA.tables.items()):
        columns = tuple((c.name, bool(c.nullable)) for c in table.columns)
        primary = tuple(c.name for c in table.primary_key.columns)
        indexes = tuple(sorted(str(i.name) for i in table.indexes))
        out[name] = (columns, primary, indexes)
    return out


def _versions(store: Store) -> list[int]:
    with store.engine.connect() as conn:
        return [row[0] for row in conn.execute(select(schema_versions.c.version).order_by(schema_versions.c.version))]


def test_migrations_are_safe_to_rerun(store: Store) -> None:
    """Opening the same database again (and migrating twice) keeps the data and the schema version."""
    code = store.create_session("blijft").code
    store.save_answer(code, P1, "balans", {"v": 1})
    assert store.schema_version() == SCHEMA_VERSION
    assert store.migrate() == []
    again = open_store(store.url)
    try:
        assert again.migrate() == []
        assert again.schema_version() == SCHEMA_VERSION
        assert again.get_session(code).answers == 1
    finally:
        again.close()


def test_migrations_build_exactly_the_declared_tables(store: Store) -> None:
    """A fresh database ends at the Table objects the repository queries: columns, keys and indexes."""
    assert _describe_schema(store) == _declared_schema()
    assert _versions(store) == [version for version in range(1, SCHEMA_VERSION + 1)]


def test_version_1_database_is_migrated_and_keeps_its_data(old_target: str) -> None:
    """A database made by the old store is brought to the current schema; its answers and history stay readable."""
    store = open_store(old_target, migrate=False)
    try:
        assert store.schema_version() == 1
        assert store.migrate() == list(range(2, SCHEMA_VERSION + 1))
        assert store.schema_version() == SCHEMA_VERSION
        assert _describe_schema(store) == _declared_schema()
        info = store.get_session("oud234")
        assert (info.title, info.participants, info.answers) == ("Vorig jaar", 1, 1)
        (row,) = store.answers("OUD234")
        assert (row.participant, row.answer, row.reflectie, row.revision, row.schema_version) == (
            P1,
            {"mix": "samen"},
            "oud",
            2,
            1,
        )
        (old,) = store.history("OUD234")
        assert (old.revision, old.answer, old.schema_version) == (1, {"mix": "zelf"}, 1)
        assert not store.save_answer("OUD234", P1, "balans", {"mix": "samen"}, "oud").changed
        assert store.save_answer("OUD234", P1, "balans", {"mix": "anders"}, schema_version=2).revision == 3
        assert [(h.revision, h.schema_version) for h in store.history("OUD234")] == [(1, 1), (2, 1)]
    finally:
        store.close()


def test_many_stores_opening_an_empty_database_at_once_migrate_it_once(empty_target: str) -> None:
    """Eight stores opened at the same moment on an empty database: each migration is applied exactly once."""
    gate = threading.Barrier(8)
    errors: list[BaseException] = []
    applied: list[int] = []

    def open_and_migrate() -> None:
        try:
            gate.wait(timeout=30)
            with open_store(empty_target, busy_timeout_ms=30000, migrate=False) as s:
                applied.extend(s.migrate())
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_and_migrate) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(applied) == list(range(1, SCHEMA_VERSION + 1))
    with open_store(empty_target) as s:
        assert _versions(s) == list(range(1, SCHEMA_VERSION + 1))
        code = s.create_session().code
        assert s.save_answer(code, P1, "balans", {"v": 1}).created


def test_foreign_keys_block_orphan_answers(tmp_path: Path) -> None:
    """The schema itself refuses an answer for a session that does not exist (defence in depth)."""
    s = open_store(tmp_path)
    s.close()
    conn = sqlite3.connect(tmp_path / "workshop.sqlite3")
    conn.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO answers (session_code, participant, scenario, answer, reflectie, revision, created_at, "
            "updated_at) VALUES ('NOPE22', ?, 'balans', '{}', NULL, 1, 'x', 'x')",
            (P1,),
        )
    conn.close()


@pytest.mark.postgres
def test_foreign_keys_block_orphan_answers_on_postgres(pg_url: str) -> None:
    """PostgreSQL refuses an orphan answer too, and deleting a session cascades to its rows."""
    import psycopg

    open_store(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            conn.execute(
                "INSERT INTO answers (session_code, participant, scenario, answer, revision, created_at, updated_at) "
                "VALUES ('NOPE22', %s, 'balans', '{}', 1, 'x', 'x')",
                (P1,),
            )


def test_a_database_newer_than_the_code_is_left_alone(tmp_path: Path) -> None:
    """A schema version beyond what this code knows is not migrated down or touched."""
    url = f"sqlite:///{tmp_path}/nieuw.sqlite3"
    open_store(url).close()
    conn = sqlite3.connect(tmp_path / "nieuw.sqlite3", isolation_level=None)
    conn.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, 'later')", (SCHEMA_VERSION + 1,))
    conn.close()
    with open_store(url) as s:
        assert s.migrate() == []
        assert s.schema_version() == SCHEMA_VERSION + 1
