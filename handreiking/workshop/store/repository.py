"""The Store: sessions and participants' answers, read and written through SQLAlchemy Core.

Guarantees the workshop relies on:

- One row per (session, participant, scenario): a resubmit replaces the
  current answer and the replaced version moves to ``answer_history``, so
  nothing is lost silently. :class:`SaveResult` tells the app which happened.
- Saving the same answer and reflectie again stores nothing (no new version,
  no history row; ``SaveResult.changed`` is False).
- The history is bounded: at most :data:`MAX_HISTORY_VERSIONS` earlier
  versions per (session, participant, scenario); older ones are removed in the
  same transaction; with the bounds of :mod:`.participants` (participants per
  session, scenario keys per participant, pseudonyms handed out) nothing a
  participant does grows the store without bound.
- All input is checked before it is written (:mod:`.cleaning`); every problem
  is a :class:`StoreError` with a Dutch message.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, distinct, func, select, update
from sqlalchemy.engine import Engine, Row
from sqlalchemy.sql import Select

from . import cleaning, participants, queries, schema
from .engine import DEFAULT_BUSY_TIMEOUT_MS, Database, insert_if_absent
from .errors import StoreError
from .locations import prepare_folder, resolve_target
from .moments import now, parse_stamp, stamp
from .participants import ThrottleRecord
from .records import AnswerRow, SaveResult, SessionInfo
from .schema import answer_history, answers, pseudonyms, session_keys, sessions

MAX_HISTORY_VERSIONS = 20
"""Earlier versions kept per (session, participant, scenario); the oldest go first."""


def _check_open(code: str, session_row: Row[Any] | None) -> None:
    if session_row is None:
        raise StoreError(f"De sessie {code} bestaat niet (meer). Controleer de sessiecode bij de trainer.")
    if session_row.closed_at is not None:
        raise StoreError(f"De sessie {code} is gesloten; er kunnen geen antwoorden meer bij.")


def _same(current: Row[Any], encoded: str, reflectie: str | None, schema_version: int) -> bool:
    """True when the stored answer already is this one (same data, reflectie and structure version)."""
    return (
        current.reflectie == reflectie
        and current.schema_version == schema_version
        and cleaning.same_answer(current.answer, encoded)
    )


def _moment(text: str) -> datetime:
    return parse_stamp(text) or now()


class Store:
    """Sessions and answers in one database; create it with :func:`open_store`.

    Safe to use from several threads (the pool hands each transaction its own
    connection) and from several processes at once (each opens its own store).
    """

    def __init__(self, db: Database, url: str) -> None:
        self._db = db
        self.url = url
        """An address that opens this store again (``sqlite:////pad`` or the PostgreSQL URL)."""
        self.before_commit_hook: Callable[[], None] | None = None
        """Test hook: called inside a write transaction just before COMMIT (e.g. to simulate a crash)."""

    # ---- plumbing

    @property
    def backend(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self._db.backend

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for PostgreSQL."""
        return self._db.path

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (for tests, benchmarks and maintenance scripts)."""
        return self._db.engine

    def describe(self) -> str:
        """Where the data lives, for messages (never includes a password)."""
        return self._db.describe()

    def close(self) -> None:
        """Close the store's pooled connections."""
        self._db.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _write(self) -> Any:
        return self._db.transaction(write=True, before_commit=self.before_commit_hook)

    # ---- schema

    def schema_version(self) -> int:
        """The schema version in the database (0 for an empty database)."""
        return schema.current_version(self._db)

    def migrate(self) -> list[int]:
        """Apply missing migrations (safe to call again, also from several processes); returns versions applied."""
        return schema.migrate(self._db)

    def integrity_check(self) -> str:
        """SQLite's ``PRAGMA integrity_check`` ("ok" when the file is sound); always "ok" for PostgreSQL."""
        return self._db.integrity_check()

    # ---- sessions

    def create_session(self, title: str = "", code: str | None = None) -> SessionInfo:
        """Start a session; without ``code`` a random 6-character code (no 0/O/1/I) is chosen."""
        title = cleaning.check_title(title)
        if code is not None:
            code = cleaning.check_code(code)
        created = now()
        for _attempt in range(20):
            candidate = code or "".join(secrets.choice(cleaning.CODE_ALPHABET) for _ in range(cleaning.CODE_LENGTH))
            values = {"code": candidate, "title": title, "created_at": stamp(created)}
            with self._write() as conn:
                inserted = insert_if_absent(conn, sessions, values, ("code",))
            if inserted:
                return SessionInfo(code=candidate, title=title, created_at=created)
            if code is not None:
                raise StoreError(f"Er bestaat al een sessie met code {code}.")
        raise StoreError("Kon geen vrije sessiecode vinden; probeer het opnieuw.", retryable=True)

    def get_session(self, code: str) -> SessionInfo | None:
        """The session with this code (case-insensitive), or None."""
        rows = self._db.read(queries.SESSION_COUNTS.where(sessions.c.code == cleaning.normalise_code(code)))
        return _session_from_row(rows[0]) if rows else None

    def list_sessions(self) -> list[SessionInfo]:
        """All sessions, newest first, with participant and answer counts."""
        return [
            _session_from_row(row)
            for row in self._db.read(queries.SESSION_COUNTS.order_by(sessions.c.created_at.desc()))
        ]

    def close_session(self, code: str) -> bool:
        """Close a session: its answers stay, new answers are refused. False if there is no such session."""
        code = cleaning.normalise_code(code)
        with self._write() as conn:
            statement = (
                update(sessions)
                .where(sessions.c.code == code, sessions.c.closed_at.is_(None))
                .values(closed_at=stamp(now()))
            )
            changed = conn.execute(statement).rowcount == 1
        return changed or self.get_session(code) is not None

    def delete_session(self, code: str) -> int:
        """Delete the session with all its answers and their history; returns the number of answers removed.

        An unknown code removes nothing and returns 0.
        """
        code = cleaning.normalise_code(code)
        with self._write() as conn:
            count = conn.execute(select(func.count()).select_from(answers).where(answers.c.session_code == code))
            removed = int(count.scalar() or 0)
            conn.execute(delete(answer_history).where(answer_history.c.session_code == code))
            conn.execute(delete(answers).where(answers.c.session_code == code))
            conn.execute(delete(pseudonyms).where(pseudonyms.c.session_code == code))
            conn.execute(delete(session_keys).where(session_keys.c.session_code == code))
            conn.execute(delete(sessions).where(sessions.c.code == code))
        return removed

    # ---- participants (see :mod:`.participants`)

    def session_secret(self, code: str) -> str:
        """The secret this session's pseudonym cookies are signed with (made once, kept for ``--sessie``)."""
        return participants.session_secret(self._db, code)

    def issue_pseudonym(self, code: str, make: Callable[[], str] | None = None, *, limit: int | None = None) -> str:
        """A new pseudonym, unique in this session and recorded; refused once the session handed out its maximum."""
        return participants.issue_pseudonym(
            self._db,
            code,
            **({"make": make} if make is not None else {}),
            limit=participants.MAX_PSEUDONYMS_PER_SESSION if limit is None else limit,
        )

    def pseudonym_count(self, code: str) -> int:
        """How many pseudonyms were handed out in this session."""
        return participants.pseudonym_count(self._db, code)

    def record_throttled(self, code: str, participant: str, clicks: int) -> None:
        """Count ``clicks`` shares of this participant that the kernel held back and merged into a later save."""
        participants.record_throttled(self._db, code, participant, clicks)

    def throttled(self, code: str) -> list[ThrottleRecord]:
        """Participants whose shares were held back in this session, with their counts."""
        return participants.throttled(self._db, code)

    # ---- answers

    def save_answer(
        self,
        session: str,
        participant: str,
        scenario: str,
        answer: dict[str, Any],
        reflectie: str | None = None,
        *,
        schema_version: int = 1,
    ) -> SaveResult:
        """Store a participant's answer.

        A resubmit replaces the answer and keeps the previous version in the history (at most
        :data:`MAX_HISTORY_VERSIONS` of them); the same answer and reflectie again store nothing.
        ``schema_version`` is the version of the answer's structure, stored and returned as given.
        """
        code = cleaning.normalise_code(session)
        participant = cleaning.check_participant(participant)
        scenario = cleaning.check_scenario(scenario)
        encoded = cleaning.encode_answer(answer)
        reflectie = cleaning.check_reflectie(reflectie)
        schema_version = cleaning.check_schema_version(schema_version)
        key = {"k_session": code, "k_participant": participant, "k_scenario": scenario}
        # A plain read first: the same answer again (a double click, a flood) never takes the write lock.
        with self._db.transaction(write=False) as conn:
            peek = conn.execute(queries.SESSION_AND_ANSWER, key).first()
        _check_open(code, peek)
        if peek is not None and peek.revision is not None and _same(peek, encoded, reflectie, schema_version):
            return SaveResult(created=False, revision=peek.revision, updated_at=_moment(peek.updated_at), changed=False)
        for _attempt in range(3):
            moment = stamp(now())
            with self._write() as conn:
                _check_open(code, conn.execute(queries.SESSION_STATE, key).first())
                current = conn.execute(queries.CURRENT_ANSWER, key).first()
                if current is None:
                    participants.check_room_for(conn, key)
                    values = {
                        "session_code": code,
                        "participant": participant,
                        "scenario": scenario,
                        "answer": encoded,
                        "reflectie": reflectie,
                        "revision": 1,
                        "created_at": moment,
                        "updated_at": moment,
                        "schema_version": schema_version,
                    }
                    if not insert_if_absent(conn, answers, values, ("session_code", "participant", "scenario")):
                        continue  # a concurrent first save of the same key won (PostgreSQL); take the update path
                    return SaveResult(created=True, revision=1, updated_at=_moment(moment))
                if _same(current, encoded, reflectie, schema_version):
                    return SaveResult(
                        created=False, revision=current.revision, updated_at=_moment(current.updated_at), changed=False
                    )
                revision = int(current.revision) + 1
                old = {
                    "old_revision": current.revision,
                    "old_answer": current.answer,
                    "old_reflectie": current.reflectie,
                    "old_saved_at": current.updated_at,
                    "old_schema_version": current.schema_version,
                    "replaced_at": moment,
                }
                conn.execute(queries.KEEP_VERSION, {**key, **old})
                oldest_dropped = revision - 1 - MAX_HISTORY_VERSIONS
                if oldest_dropped >= 1:  # revisions start at 1: below the bound there is nothing to drop
                    conn.execute(queries.PRUNE_HISTORY, {**key, "oldest_dropped": oldest_dropped})
                new = {
                    "new_answer": encoded,
                    "new_reflectie": reflectie,
                    "new_revision": revision,
                    "new_updated_at": moment,
                    "new_schema_version": schema_version,
                }
                conn.execute(queries.REPLACE_ANSWER, {**key, **new})
                return SaveResult(created=False, revision=revision, updated_at=_moment(moment))
        raise StoreError("Het antwoord kon niet worden opgeslagen; probeer het opnieuw.", retryable=True)

    def answers(self, session: str, scenario: str | None = None) -> list[AnswerRow]:
        """Current answers of a session (optionally one scenario), ordered by scenario and time."""
        code = cleaning.normalise_code(session)
        statement = select(
            answers.c.participant,
            answers.c.scenario,
            answers.c.answer,
            answers.c.reflectie,
            answers.c.updated_at,
            answers.c.revision,
            answers.c.schema_version,
        ).where(answers.c.session_code == code)
        if scenario is not None:
            statement = statement.where(answers.c.scenario == scenario)
        statement = statement.order_by(answers.c.scenario, answers.c.updated_at, answers.c.participant)
        return self._answer_rows(code, statement)

    def history(self, session: str, participant: str | None = None, scenario: str | None = None) -> list[AnswerRow]:
        """Earlier (replaced) versions of answers, oldest first; ``updated_at`` is when that version was saved."""
        code = cleaning.normalise_code(session)
        h = answer_history.c
        statement = select(
            h.participant, h.scenario, h.answer, h.reflectie, h.saved_at, h.revision, h.schema_version
        ).where(h.session_code == code)
        if participant is not None:
            statement = statement.where(h.participant == participant)
        if scenario is not None:
            statement = statement.where(h.scenario == scenario)
        return self._answer_rows(code, statement.order_by(h.scenario, h.participant, h.revision))

    def _answer_rows(self, code: str, statement: Select[Any]) -> list[AnswerRow]:
        """Run a query whose columns are participant, scenario, answer, reflectie, time, revision, schema_version."""
        return [
            AnswerRow(
                participant=row[0],
                scenario=row[1],
                answer=json.loads(row[2]),
                reflectie=row[3],
                updated_at=parse_stamp(row[4]) or now(),
                revision=int(row[5]),
                session=code,
                schema_version=int(row[6]),
            )
            for row in self._db.read(statement)
        ]

    def participant_count(self, session: str) -> int:
        """How many different participants shared at least one answer in this session."""
        statement = select(func.count(distinct(answers.c.participant))).where(
            answers.c.session_code == cleaning.normalise_code(session)
        )
        return int(self._db.read(statement)[0][0])

    def scenarios(self, session: str) -> list[str]:
        """The scenario keys that have answers in this session, sorted."""
        statement = (
            select(answers.c.scenario)
            .distinct()
            .where(answers.c.session_code == cleaning.normalise_code(session))
            .order_by(answers.c.scenario)
        )
        return [row[0] for row in self._db.read(statement)]


def _session_from_row(row: Sequence[Any]) -> SessionInfo:
    return SessionInfo(
        code=row[0],
        title=row[1],
        created_at=parse_stamp(row[2]) or now(),
        closed_at=parse_stamp(row[3]),
        participants=int(row[4]),
        answers=int(row[5]),
    )


def open_store(
    url: str | os.PathLike[str] | None = None,
    *,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    data_dir: str | os.PathLike[str] | None = None,
    migrate: bool = True,
) -> Store:
    """Open (and migrate) the answer store.

    ``url`` says where the answers live: a folder (gets ``workshop.sqlite3``), a file path,
    ``sqlite:///pad`` or ``postgresql://gebruiker@host:poort/db``; None: ``workshop.sqlite3`` in
    ``data_dir`` or the platform's data folder (:func:`default_data_dir`). No environment variable is
    read. ``busy_timeout_ms``: how long a write waits for another writer before a retryable :class:`StoreError`.
    """
    target = resolve_target(url, data_dir)
    db = Database(target, busy_timeout_ms=busy_timeout_ms)
    if db.path is not None:
        prepare_folder(db.path)
    store = Store(db, target.render_as_string(hide_password=False))
    if migrate:
        try:
            store.migrate()
        except BaseException:
            store.close()
            raise
    return store
