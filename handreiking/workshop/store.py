"""The workshop's answer store: sessions and participants' answers in SQLite or PostgreSQL.

One code path serves both databases; a thin :class:`_Dialect` layer covers the
differences (placeholders, how a write transaction starts, connecting, which
errors mean "try again"). Timestamps are made in Python (UTC, ISO 8601 text),
so both databases store exactly the same values.

Guarantees the workshop relies on:

- One row per (session, participant, scenario): a resubmit replaces the
  current answer and the replaced version moves to ``answer_history``, so
  nothing is lost silently. :class:`SaveResult` tells the app which happened.
- SQLite runs in WAL mode with a busy timeout; every write transaction starts
  with ``BEGIN IMMEDIATE`` (writers queue instead of failing half-way) and
  commits with ``synchronous=FULL``: an acknowledged answer survives a crash.
  PostgreSQL gets the same timeout as ``lock_timeout``.
- Connections are never shared between threads or processes: each thread
  (and each process after a fork) opens its own.
- All input is checked before it is written (:meth:`Store.save_answer`); every
  problem is a :class:`StoreError` with a Dutch message, and
  ``StoreError.retryable`` says whether trying again later can help.
- The SQLite file lives in a data folder outside anything a web server
  serves: by default ``~/.local/share/handreiking/workshop.sqlite3``
  (``HANDREIKING_DATA_DIR`` overrides the folder).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import sqlite3
import sys
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from handreiking.workshop.pseudonym import is_pseudonym

DATABASE_FILENAME = "workshop.sqlite3"
DATA_DIR_ENV = "HANDREIKING_DATA_DIR"
DATABASE_URL_ENV = "HANDREIKING_STORE"
"""Environment variable with the store to use: a SQLite path or a postgresql:// URL (the workshop server sets it)."""
DEFAULT_BUSY_TIMEOUT_MS = 5000

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Session code characters: upper case letters and digits without the look-alikes 0/O and 1/I."""
CODE_LENGTH = 6
SCENARIO_PATTERN = re.compile(r"^[a-z0-9-]{1,40}$")
MAX_ANSWER_BYTES = 8 * 1024
MAX_REFLECTIE_CHARS = 500
MAX_TITLE_CHARS = 120

_CODE_PATTERN = re.compile(f"^[{CODE_ALPHABET}]{{4,12}}$")
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


class StoreError(Exception):
    """A problem with the answer store, explained in Dutch.

    ``retryable`` is True when the same call may succeed later without any
    change (the database is busy beyond the timeout, the connection dropped);
    False when the input or the setup must change first.
    """

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable


@dataclass(frozen=True)
class SessionInfo:
    """A workshop session with its counts at the time of reading."""

    code: str
    title: str
    created_at: datetime
    participants: int = 0
    answers: int = 0
    closed_at: datetime | None = None

    @property
    def closed(self) -> bool:
        """True when the trainer has closed the session (no new answers)."""
        return self.closed_at is not None


@dataclass(frozen=True)
class SaveResult:
    """What :meth:`Store.save_answer` did: a new answer (revision 1) or an update of an earlier one."""

    created: bool
    revision: int
    updated_at: datetime

    @property
    def updated(self) -> bool:
        """True when an earlier answer was replaced (its previous version is kept in the history)."""
        return not self.created

    @property
    def message(self) -> str:
        """One Dutch sentence for the participant."""
        if self.created:
            return "Je antwoord is gedeeld met de groep."
        return f"Je eerdere antwoord is bijgewerkt (versie {self.revision})."


@dataclass(frozen=True)
class AnswerRow:
    """One stored answer (the current version, or an older one from the history)."""

    participant: str
    scenario: str
    answer: dict[str, Any]
    reflectie: str | None
    updated_at: datetime
    revision: int
    session: str = ""


# --------------------------------------------------------------------------- locations


def default_data_dir() -> Path:
    """The folder for workshop data: ``$HANDREIKING_DATA_DIR``, else the platform's user data folder.

    Linux: ``$XDG_DATA_HOME/handreiking`` (default ``~/.local/share/handreiking``); macOS:
    ``~/Library/Application Support/handreiking``; Windows: ``%LOCALAPPDATA%\\handreiking``.
    """
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    home = Path.home()
    if sys.platform.startswith("win"):
        base = os.environ.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(base) / "handreiking"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "handreiking"
    xdg = os.environ.get("XDG_DATA_HOME", "").strip()
    return (Path(xdg) if xdg else home / ".local" / "share") / "handreiking"


def default_database_path() -> Path:
    """The default SQLite file: ``<default_data_dir()>/workshop.sqlite3``."""
    return default_data_dir() / DATABASE_FILENAME


def to_local(moment: datetime) -> datetime:
    """A stored (UTC) moment in Dutch time (Europe/Amsterdam), or the machine's local time without tz data."""
    try:
        from zoneinfo import ZoneInfo

        return moment.astimezone(ZoneInfo("Europe/Amsterdam"))
    except Exception:
        return moment.astimezone()


def _now() -> datetime:
    return datetime.now(UTC)


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")


def _parse_stamp(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


# --------------------------------------------------------------------------- dialects


class _Dialect:
    """What differs between SQLite and PostgreSQL; everything else is shared SQL."""

    name = ""
    placeholder = "?"

    def sql(self, statement: str) -> str:
        """Rewrite a statement written with ``?`` placeholders for this database."""
        return statement if self.placeholder == "?" else statement.replace("?", self.placeholder)

    def connect(self) -> Any:
        raise NotImplementedError

    def begin(self, conn: Any, *, write: bool) -> None:
        raise NotImplementedError

    def lock_migrations(self, conn: Any) -> None:
        """Serialise migrations between processes (inside the migration transaction)."""

    def translate(self, exc: Exception) -> StoreError | None:
        """A Dutch :class:`StoreError` for a driver error, or None if it is not a database error."""
        raise NotImplementedError

    def is_broken(self, exc: Exception) -> bool:
        """True when the connection cannot be used any more after ``exc``."""
        return False

    def describe(self) -> str:
        raise NotImplementedError

    def integrity_check(self, conn: Any) -> str:
        return "ok"


class _SQLiteDialect(_Dialect):
    name = "sqlite"

    def __init__(self, path: Path, busy_timeout_ms: int) -> None:
        self.path = path
        self.busy_timeout_ms = busy_timeout_ms

    def prepare(self) -> None:
        """Create the data folder and check that we can write there (SQLite also needs -wal/-shm files)."""
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)  # answers are private to this user
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".schrijftest-", delete=True):
                pass
        except OSError as exc:
            raise StoreError(
                f"De map voor de workshopgegevens is niet beschrijfbaar: {folder} ({exc.strerror or exc}). "
                f"Kies een andere map met de omgevingsvariabele {DATA_DIR_ENV} of geef een ander pad op."
            ) from exc
        if self.path.exists() and not os.access(self.path, os.R_OK | os.W_OK):
            raise StoreError(f"Het databasebestand {self.path} is niet lees- of schrijfbaar.")

    def connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path,
            timeout=self.busy_timeout_ms / 1000,
            isolation_level=None,  # we issue BEGIN / COMMIT ourselves
            check_same_thread=True,
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
            conn.execute("PRAGMA foreign_keys = ON")
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
        except BaseException:
            conn.close()
            raise
        return conn

    def begin(self, conn: sqlite3.Connection, *, write: bool) -> None:
        conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")

    def translate(self, exc: Exception) -> StoreError | None:
        if isinstance(exc, sqlite3.OperationalError):
            text = str(exc).lower()
            if "locked" in text or "busy" in text:
                return StoreError(
                    f"De database is bezet: een andere schrijver hield hem langer vast dan "
                    f"{self.busy_timeout_ms / 1000:g} seconden. Probeer het over een paar seconden opnieuw.",
                    retryable=True,
                )
            if "unable to open" in text or "readonly" in text or "read-only" in text or "disk i/o" in text:
                return StoreError(
                    f"Kan niet schrijven in de database {self.path} ({exc}). "
                    "Controleer of de map beschrijfbaar is en of de schijf niet vol is.",
                    retryable="disk i/o" in text,
                )
            return StoreError(f"Databasefout ({exc}).")
        if isinstance(exc, sqlite3.DatabaseError):
            return StoreError(f"Databasefout in {self.path} ({exc}).")
        return None

    def describe(self) -> str:
        return f"SQLite-bestand {self.path}"

    def integrity_check(self, conn: sqlite3.Connection) -> str:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        return "\n".join(str(row[0]) for row in rows)


class _PostgresDialect(_Dialect):
    name = "postgresql"
    placeholder = "%s"

    def __init__(self, url: str, busy_timeout_ms: int) -> None:
        self.url = url
        self.busy_timeout_ms = busy_timeout_ms

    def connect(self) -> Any:
        import psycopg

        try:
            conn = psycopg.connect(self.url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise StoreError(
                f"Kan geen verbinding maken met de database ({self.describe()}): {_first_line(exc)}",
                retryable=True,
            ) from exc
        conn.execute(f"SET lock_timeout = {int(self.busy_timeout_ms)}")
        conn.execute("SET TIME ZONE 'UTC'")
        return conn

    def begin(self, conn: Any, *, write: bool) -> None:
        conn.execute("BEGIN")

    def lock_migrations(self, conn: Any) -> None:
        conn.execute("SELECT pg_advisory_xact_lock(4867231)")

    def translate(self, exc: Exception) -> StoreError | None:
        import psycopg
        from psycopg import errors

        retry_types = (errors.LockNotAvailable, errors.SerializationFailure, errors.DeadlockDetected)
        if isinstance(exc, retry_types):
            return StoreError(
                f"De database is bezet: een andere schrijver hield een vergrendeling langer vast dan "
                f"{self.busy_timeout_ms / 1000:g} seconden. Probeer het over een paar seconden opnieuw.",
                retryable=True,
            )
        if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
            return StoreError(
                f"De verbinding met de database is verbroken ({self.describe()}): {_first_line(exc)}. "
                "Probeer het opnieuw.",
                retryable=True,
            )
        if isinstance(exc, psycopg.Error):
            return StoreError(f"Databasefout ({_first_line(exc)}).")
        return None

    def is_broken(self, exc: Exception) -> bool:
        import psycopg

        return isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError)

    def describe(self) -> str:
        from psycopg.conninfo import conninfo_to_dict

        try:
            info = conninfo_to_dict(self.url)
        except Exception:
            return "PostgreSQL"
        host = info.get("host") or "localhost"
        port = info.get("port") or "5432"
        return f"PostgreSQL {host}:{port}/{info.get('dbname') or ''}"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# --------------------------------------------------------------------------- migrations

MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (
        1,
        (
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
        ),
    ),
)
"""Schema migrations in order: (version, statements). Add new versions at the end; never edit old ones."""

SCHEMA_VERSION = MIGRATIONS[-1][0]


# --------------------------------------------------------------------------- validation


def normalise_code(code: str) -> str:
    """Session code as stored: stripped and upper case (participants may type it in lower case)."""
    return str(code).strip().upper()


def clean_reflectie(text: str | None, what: str = "De reflectie") -> str | None:
    """Strip, remove control and bidi-override characters (keep line breaks); None when empty."""
    if text is None:
        return None
    if not isinstance(text, str):
        raise StoreError(f"{what} moet tekst zijn.")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = [
        ch for ch in text if ch == "\n" or (unicodedata.category(ch) not in ("Cc", "Cs") and ch not in _BIDI_CONTROLS)
    ]
    cleaned = "".join(kept).strip()
    return cleaned or None


def _check_reflectie(text: str | None) -> str | None:
    cleaned = clean_reflectie(text)
    if cleaned is not None and len(cleaned) > MAX_REFLECTIE_CHARS:
        extra = len(cleaned) - MAX_REFLECTIE_CHARS
        teken = "teken" if extra == 1 else "tekens"
        raise StoreError(
            f"Je reflectie is {len(cleaned)} tekens lang; dat is {extra} {teken} te veel "
            f"(maximaal {MAX_REFLECTIE_CHARS}). Maak hem wat korter."
        )
    return cleaned


def _encode_answer(answer: object) -> str:
    if not isinstance(answer, dict):
        raise StoreError("Het antwoord moet een woordenboek (dict) met gegevens zijn.")
    try:
        encoded = json.dumps(answer, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        raise StoreError(
            f"Het antwoord kan niet worden opgeslagen: het bevat iets anders dan tekst, getallen, "
            f"lijsten of ja/nee-waarden ({exc})."
        ) from exc
    size = len(encoded.encode("utf-8"))
    if size > MAX_ANSWER_BYTES:
        raise StoreError(f"Het antwoord is te groot om te delen ({size} bytes; maximaal {MAX_ANSWER_BYTES} bytes).")
    return encoded


def _check_participant(participant: object) -> str:
    if not is_pseudonym(participant):
        raise StoreError(
            "De deelnemer moet een pseudoniem zijn zoals 'Groene-Uil-42' (bijvoeglijk naamwoord, dier, getal); "
            "namen of andere persoonsgegevens worden niet opgeslagen."
        )
    return str(participant)


def _check_scenario(scenario: object) -> str:
    if not isinstance(scenario, str) or SCENARIO_PATTERN.fullmatch(scenario) is None:
        raise StoreError(
            f"Onbekende scenariosleutel {scenario!r}: gebruik 1 tot 40 kleine letters, cijfers of streepjes."
        )
    return scenario


# --------------------------------------------------------------------------- the store


class Store:
    """Sessions and answers in one database; create it with :func:`open_store`.

    Safe to use from several threads (each thread gets its own connection) and
    from several processes at once (each opens its own store).
    """

    def __init__(self, dialect: _Dialect, url: str) -> None:
        self._dialect = dialect
        self.url = url
        self._local = threading.local()
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self._connections: list[Any] = []
        self._inherited: list[Any] = []
        self.before_commit_hook: Callable[[], None] | None = None
        """Test hook: called inside a write transaction just before COMMIT (e.g. to simulate a crash)."""

    # ---- plumbing

    @property
    def backend(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self._dialect.name

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for PostgreSQL."""
        return self._dialect.path if isinstance(self._dialect, _SQLiteDialect) else None

    def describe(self) -> str:
        """Where the data lives, for messages (never includes a password)."""
        return self._dialect.describe()

    def _conn(self) -> Any:
        if os.getpid() != self._pid:
            # Forked: never use (or close) the parent's connections in the child.
            with self._lock:
                self._inherited.extend(self._connections)
                self._connections = []
            self._local = threading.local()
            self._pid = os.getpid()
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = self._dialect.connect()
            except StoreError:
                raise
            except Exception as exc:
                raise self._translate(exc) from exc
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def _drop_conn(self) -> None:
        conn = getattr(self._local, "conn", None)
        self._local.conn = None
        if conn is not None:
            with self._lock:
                if conn in self._connections:
                    self._connections.remove(conn)
            try:
                conn.close()
            except Exception:
                pass

    def _translate(self, exc: Exception) -> StoreError:
        translated = self._dialect.translate(exc)
        return translated if translated is not None else StoreError(f"Onverwachte fout in de database ({exc}).")

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[Any]:
        conn = self._conn()
        started = False
        try:
            self._dialect.begin(conn, write=write)
            started = True
            yield conn
            if write and self.before_commit_hook is not None:
                self.before_commit_hook()
            conn.execute("COMMIT")
        except BaseException as exc:
            if started:
                try:
                    conn.execute("ROLLBACK")
                except Exception:
                    pass
            if isinstance(exc, Exception) and self._dialect.is_broken(exc):
                self._drop_conn()
            if isinstance(exc, StoreError) or not isinstance(exc, Exception):
                raise
            translated = self._dialect.translate(exc)
            if translated is None:
                raise
            raise translated from exc

    def _query(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        conn = self._conn()
        try:
            return list(conn.execute(self._dialect.sql(statement), tuple(params)).fetchall())
        except Exception as exc:
            if self._dialect.is_broken(exc):
                self._drop_conn()
            translated = self._dialect.translate(exc)
            if translated is None:
                raise
            raise translated from exc

    @staticmethod
    def _exec(conn: Any, dialect: _Dialect, statement: str, params: Sequence[Any] = ()) -> Any:
        return conn.execute(dialect.sql(statement), tuple(params))

    def close(self) -> None:
        """Close this thread's connection and any others that can be closed from here."""
        self._drop_conn()
        with self._lock:
            leftovers, self._connections = self._connections, []
        for conn in leftovers:
            try:
                conn.close()
            except Exception:
                pass  # sqlite connections of other threads can only be closed there

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ---- schema

    def schema_version(self) -> int:
        """The schema version in the database (0 for an empty database)."""
        try:
            rows = self._query("SELECT MAX(version) FROM schema_version")
        except StoreError:
            return 0
        return int(rows[0][0] or 0)

    def migrate(self) -> list[int]:
        """Apply missing migrations (safe to call again, also from several processes); returns versions applied."""
        if self.schema_version() >= SCHEMA_VERSION:
            return []
        applied: list[int] = []
        d = self._dialect
        with self._transaction(write=True) as conn:
            d.lock_migrations(conn)
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT)")
            current = int(conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0)
            for version, statements in MIGRATIONS:
                if version <= current:
                    continue
                for statement in statements:
                    conn.execute(statement)
                self._exec(
                    conn, d, "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", (version, _stamp(_now()))
                )
                applied.append(version)
        return applied

    def integrity_check(self) -> str:
        """SQLite's ``PRAGMA integrity_check`` ("ok" when the file is sound); always "ok" for PostgreSQL."""
        try:
            return self._dialect.integrity_check(self._conn())
        except StoreError:
            raise
        except Exception as exc:
            raise self._translate(exc) from exc

    # ---- sessions

    def create_session(self, title: str = "", code: str | None = None) -> SessionInfo:
        """Start a session; without ``code`` a random 6-character code (no 0/O/1/I) is chosen."""
        title = (clean_reflectie(title, "De titel") or "").replace("\n", " ")
        if len(title) > MAX_TITLE_CHARS:
            raise StoreError(f"De titel is te lang ({len(title)} tekens; maximaal {MAX_TITLE_CHARS}).")
        if code is not None:
            code = normalise_code(code)
            if _CODE_PATTERN.fullmatch(code) is None:
                raise StoreError(
                    f"Ongeldige sessiecode {code!r}: gebruik 4 tot 12 hoofdletters en cijfers, "
                    "zonder 0, O, 1 en I (die lijken te veel op elkaar)."
                )
        created = _now()
        d = self._dialect
        for _attempt in range(20):
            candidate = code or "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            with self._transaction(write=True) as conn:
                cur = self._exec(
                    conn,
                    d,
                    "INSERT INTO sessions (code, title, created_at) VALUES (?, ?, ?) ON CONFLICT (code) DO NOTHING",
                    (candidate, title, _stamp(created)),
                )
                inserted = cur.rowcount == 1
            if inserted:
                return SessionInfo(code=candidate, title=title, created_at=created)
            if code is not None:
                raise StoreError(f"Er bestaat al een sessie met code {code}.")
        raise StoreError("Kon geen vrije sessiecode vinden; probeer het opnieuw.", retryable=True)

    _SESSION_SELECT = """
        SELECT s.code, s.title, s.created_at, s.closed_at,
               COUNT(DISTINCT a.participant), COUNT(a.participant)
        FROM sessions s LEFT JOIN answers a ON a.session_code = s.code
    """

    @staticmethod
    def _session_from_row(row: Sequence[Any]) -> SessionInfo:
        return SessionInfo(
            code=row[0],
            title=row[1],
            created_at=_parse_stamp(row[2]) or _now(),
            closed_at=_parse_stamp(row[3]),
            participants=int(row[4]),
            answers=int(row[5]),
        )

    def get_session(self, code: str) -> SessionInfo | None:
        """The session with this code (case-insensitive), or None."""
        rows = self._query(
            self._SESSION_SELECT + " WHERE s.code = ? GROUP BY s.code, s.title, s.created_at, s.closed_at",
            (normalise_code(code),),
        )
        return self._session_from_row(rows[0]) if rows else None

    def list_sessions(self) -> list[SessionInfo]:
        """All sessions, newest first, with participant and answer counts."""
        rows = self._query(
            self._SESSION_SELECT + " GROUP BY s.code, s.title, s.created_at, s.closed_at ORDER BY s.created_at DESC"
        )
        return [self._session_from_row(row) for row in rows]

    def close_session(self, code: str) -> bool:
        """Close a session: its answers stay, new answers are refused. False if there is no such session."""
        with self._transaction(write=True) as conn:
            cur = self._exec(
                conn,
                self._dialect,
                "UPDATE sessions SET closed_at = ? WHERE code = ? AND closed_at IS NULL",
                (_stamp(_now()), normalise_code(code)),
            )
            changed = cur.rowcount == 1
        return changed or self.get_session(code) is not None

    def delete_session(self, code: str) -> int:
        """Delete the session with all its answers and their history; returns the number of answers removed.

        An unknown code removes nothing and returns 0.
        """
        code = normalise_code(code)
        d = self._dialect
        with self._transaction(write=True) as conn:
            found = self._exec(conn, d, "SELECT COUNT(*) FROM answers WHERE session_code = ?", (code,)).fetchone()
            count = int(found[0])
            self._exec(conn, d, "DELETE FROM answer_history WHERE session_code = ?", (code,))
            self._exec(conn, d, "DELETE FROM answers WHERE session_code = ?", (code,))
            self._exec(conn, d, "DELETE FROM sessions WHERE code = ?", (code,))
        return count

    # ---- answers

    def save_answer(
        self,
        session: str,
        participant: str,
        scenario: str,
        answer: dict[str, Any],
        reflectie: str | None = None,
    ) -> SaveResult:
        """Store a participant's answer; a resubmit replaces it and keeps the previous version in the history."""
        code = normalise_code(session)
        participant = _check_participant(participant)
        scenario = _check_scenario(scenario)
        encoded = _encode_answer(answer)
        reflectie = _check_reflectie(reflectie)
        d = self._dialect
        # PostgreSQL: FOR SHARE keeps the session from being deleted meanwhile without queueing other
        # participants; FOR UPDATE serialises resubmits of the same answer. SQLite's BEGIN IMMEDIATE does both.
        share, lock = (" FOR SHARE", " FOR UPDATE") if d.name == "postgresql" else ("", "")
        for _attempt in range(3):
            moment = _now()
            stamp = _stamp(moment)
            with self._transaction(write=True) as conn:
                found = self._exec(conn, d, f"SELECT closed_at FROM sessions WHERE code = ?{share}", (code,)).fetchone()
                if found is None:
                    raise StoreError(f"De sessie {code} bestaat niet (meer). Controleer de sessiecode bij de trainer.")
                if found[0] is not None:
                    raise StoreError(f"De sessie {code} is gesloten; er kunnen geen antwoorden meer bij.")
                key = (code, participant, scenario)
                current = self._exec(
                    conn,
                    d,
                    "SELECT revision, answer, reflectie, updated_at FROM answers "
                    f"WHERE session_code = ? AND participant = ? AND scenario = ?{lock}",
                    key,
                ).fetchone()
                if current is None:
                    cur = self._exec(
                        conn,
                        d,
                        "INSERT INTO answers (session_code, participant, scenario, answer, reflectie, revision, "
                        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?) "
                        "ON CONFLICT (session_code, participant, scenario) DO NOTHING",
                        (*key, encoded, reflectie, stamp, stamp),
                    )
                    if cur.rowcount != 1:
                        continue  # a concurrent first save of the same key won (PostgreSQL); take the update path
                    result = SaveResult(created=True, revision=1, updated_at=moment)
                else:
                    old_revision, old_answer, old_reflectie, old_updated = current
                    self._exec(
                        conn,
                        d,
                        "INSERT INTO answer_history (session_code, participant, scenario, revision, answer, "
                        "reflectie, saved_at, replaced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (*key, old_revision, old_answer, old_reflectie, old_updated, stamp),
                    )
                    revision = int(old_revision) + 1
                    self._exec(
                        conn,
                        d,
                        "UPDATE answers SET answer = ?, reflectie = ?, revision = ?, updated_at = ? "
                        "WHERE session_code = ? AND participant = ? AND scenario = ?",
                        (encoded, reflectie, revision, stamp, *key),
                    )
                    result = SaveResult(created=False, revision=revision, updated_at=moment)
            return result
        raise StoreError("Het antwoord kon niet worden opgeslagen; probeer het opnieuw.", retryable=True)

    def answers(self, session: str, scenario: str | None = None) -> list[AnswerRow]:
        """Current answers of a session (optionally one scenario), ordered by scenario and time."""
        code = normalise_code(session)
        statement = (
            "SELECT participant, scenario, answer, reflectie, updated_at, revision FROM answers WHERE session_code = ?"
        )
        params: list[Any] = [code]
        if scenario is not None:
            statement += " AND scenario = ?"
            params.append(scenario)
        statement += " ORDER BY scenario, updated_at, participant"
        return self._answer_rows(code, statement, params)

    def history(self, session: str, participant: str | None = None, scenario: str | None = None) -> list[AnswerRow]:
        """Earlier (replaced) versions of answers, oldest first; ``updated_at`` is when that version was saved."""
        code = normalise_code(session)
        statement = (
            "SELECT participant, scenario, answer, reflectie, saved_at, revision FROM answer_history "
            "WHERE session_code = ?"
        )
        params: list[Any] = [code]
        if participant is not None:
            statement += " AND participant = ?"
            params.append(participant)
        if scenario is not None:
            statement += " AND scenario = ?"
            params.append(scenario)
        statement += " ORDER BY scenario, participant, revision"
        return self._answer_rows(code, statement, params)

    def _answer_rows(self, code: str, statement: str, params: list[Any]) -> list[AnswerRow]:
        """Run a query whose columns are participant, scenario, answer, reflectie, time, revision."""
        return [
            AnswerRow(
                participant=row[0],
                scenario=row[1],
                answer=json.loads(row[2]),
                reflectie=row[3],
                updated_at=_parse_stamp(row[4]) or _now(),
                revision=int(row[5]),
                session=code,
            )
            for row in self._query(statement, params)
        ]

    def participant_count(self, session: str) -> int:
        """How many different participants shared at least one answer in this session."""
        rows = self._query(
            "SELECT COUNT(DISTINCT participant) FROM answers WHERE session_code = ?", (normalise_code(session),)
        )
        return int(rows[0][0])

    def scenarios(self, session: str) -> list[str]:
        """The scenario keys that have answers in this session, sorted."""
        rows = self._query(
            "SELECT DISTINCT scenario FROM answers WHERE session_code = ? ORDER BY scenario", (normalise_code(session),)
        )
        return [row[0] for row in rows]


# --------------------------------------------------------------------------- opening


def _resolve(url: str | Path | None, data_dir: str | Path | None) -> tuple[str, Path | str]:
    """("sqlite", path) or ("postgresql", url)."""
    if url is None:
        env_url = os.environ.get(DATABASE_URL_ENV, "").strip()
        if env_url:
            url = env_url
        else:
            folder = Path(data_dir).expanduser() if data_dir is not None else default_data_dir()
            return "sqlite", folder / DATABASE_FILENAME
    if isinstance(url, Path):
        target = url.expanduser()
    else:
        text = url.strip()
        lowered = text.lower()
        if lowered.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
            if lowered.startswith("postgresql+psycopg://"):
                text = "postgresql://" + text[len("postgresql+psycopg://") :]
            return "postgresql", text
        if lowered.startswith("sqlite:///"):
            # As in SQLAlchemy: sqlite:///relatief.db and sqlite:////absoluut/pad.db
            target = Path(text[len("sqlite:///") :]).expanduser()
        elif re.match(r"^[a-z][a-z0-9+.-]*://", lowered):
            raise StoreError(
                f"Onbekend soort database-adres: {text.split('://', 1)[0]}://. "
                "Gebruik een bestandspad, sqlite:///pad of postgresql://..."
            )
        else:
            target = Path(text).expanduser()
    if target.is_dir() or (not target.exists() and not target.suffix):
        target = target / DATABASE_FILENAME  # a folder (existing, or a new name without an extension)
    return "sqlite", target


def open_store(
    url: str | Path | None = None,
    *,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    data_dir: str | Path | None = None,
    migrate: bool = True,
) -> Store:
    """Open (and migrate) the answer store.

    ``url``: a file path or folder (SQLite; a folder, or a new path without an extension, gets
    ``workshop.sqlite3``), ``sqlite:///pad``, or
    ``postgresql://gebruiker@host:poort/db``. Without ``url``: ``$HANDREIKING_STORE`` if set, else
    ``workshop.sqlite3`` in ``data_dir`` or :func:`default_data_dir`. ``busy_timeout_ms``: how long a write
    waits for another writer before :class:`StoreError` (retryable).
    """
    if busy_timeout_ms < 0:
        raise StoreError("De wachttijd (busy_timeout_ms) kan niet negatief zijn.")
    kind, target = _resolve(url, data_dir)
    if kind == "postgresql":
        assert isinstance(target, str)
        dialect: _Dialect = _PostgresDialect(target, busy_timeout_ms)
        store = Store(dialect, target)
    else:
        assert isinstance(target, Path)
        target = target.resolve()
        sqlite_dialect = _SQLiteDialect(target, busy_timeout_ms)
        sqlite_dialect.prepare()
        store = Store(sqlite_dialect, f"sqlite:///{target}")
    if migrate:
        try:
            store.migrate()
        except BaseException:
            store.close()
            raise
    return store
