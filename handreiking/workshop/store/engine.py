"""How the store talks to its database: one SQLAlchemy engine per store, set up per backend.

Everything that differs between SQLite and PostgreSQL lives here, and only here:

- **Connecting.** SQLite: WAL journal, ``busy_timeout``, foreign keys on and
  ``synchronous=FULL`` on every new connection (an acknowledged answer
  survives a crash). PostgreSQL (psycopg 3): the same wait as
  ``lock_timeout``, UTC as the session time zone, a ping before a pooled
  connection is reused (a restarted server costs no failed write).
- **Transactions.** SQLite write transactions start with ``BEGIN IMMEDIATE``
  (writers queue on the lock instead of failing half-way); reads with a plain
  ``BEGIN``. SQLAlchemy's documented recipe: the driver's own transaction
  handling is switched off and the ``begin`` event issues the statement.
- **Pooling.** SQLAlchemy's ``QueuePool``: a connection serves one thread at a
  time. After a fork the child never uses (or closes) the parent's
  connections: a pooled connection made in another process is discarded on
  checkout (SQLAlchemy's multiprocessing recipe).
- **Insert-if-absent.** ``INSERT ... ON CONFLICT DO NOTHING`` is built with
  the backend's own ``insert`` construct in :func:`insert_if_absent`.
- **Errors.** Driver errors become a Dutch :class:`StoreError`;
  ``retryable`` says whether the same call may work later (busy, lock
  timeout, dropped connection).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Table, create_engine, event, exc
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, Connection, Engine, Row
from sqlalchemy.sql import Executable

from .errors import StoreError

DEFAULT_BUSY_TIMEOUT_MS = 5000
POOL_SIZE = 5
MAX_OVERFLOW = 20
WRITE_OPTION = "handreiking_write"
"""Execution option that marks a connection's transaction as a write (SQLite: ``BEGIN IMMEDIATE``)."""

_INSERT_CONSTRUCTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


class Database:
    """The engine of one store, with its backend's setup, transactions and error translation."""

    def __init__(self, url: URL, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> None:
        if busy_timeout_ms < 0:
            raise StoreError("De wachttijd (busy_timeout_ms) kan niet negatief zijn.")
        self.url = url
        self.busy_timeout_ms = busy_timeout_ms
        self.backend = "postgresql" if url.get_backend_name() == "postgresql" else "sqlite"
        self.path = Path(url.database) if self.backend == "sqlite" and url.database else None
        self._pid = os.getpid()
        self.engine = self._postgres_engine() if self.backend == "postgresql" else self._sqlite_engine()
        _forget_connections_of_other_processes(self.engine)

    # ---- engines

    def _sqlite_engine(self) -> Engine:
        engine = create_engine(
            self.url,
            connect_args={
                "timeout": self.busy_timeout_ms / 1000,
                "isolation_level": None,  # the begin event below issues BEGIN; sqlite3 must not
                "check_same_thread": False,  # pooled: one thread at a time, handed on by the pool
            },
            pool_size=POOL_SIZE,
            max_overflow=MAX_OVERFLOW,
        )
        busy = int(self.busy_timeout_ms)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute(f"PRAGMA busy_timeout = {busy}")
                cursor.execute("PRAGMA foreign_keys = ON")
                if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                    cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = FULL")
            finally:
                cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            write = conn.get_execution_options().get(WRITE_OPTION, False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine

    def _postgres_engine(self) -> Engine:
        try:
            engine = create_engine(
                self.url,
                connect_args={"connect_timeout": 10},
                pool_size=POOL_SIZE,
                max_overflow=MAX_OVERFLOW,
                pool_pre_ping=True,
            )
        except ImportError as error:
            raise StoreError(
                "Voor PostgreSQL is het pakket psycopg nodig: pip install 'handreiking[postgres]'."
            ) from error
        lock_timeout = int(self.busy_timeout_ms)

        @event.listens_for(engine, "connect", insert=True)
        def _session_settings(dbapi_connection: Any, _record: Any) -> None:
            autocommit = dbapi_connection.autocommit
            dbapi_connection.autocommit = True
            try:
                with dbapi_connection.cursor() as cursor:
                    cursor.execute(f"SET lock_timeout = {lock_timeout}")
                    cursor.execute("SET TIME ZONE 'UTC'")
            finally:
                dbapi_connection.autocommit = autocommit

        return engine

    # ---- use

    def describe(self) -> str:
        """Where the data lives, for messages (never includes a password)."""
        if self.backend == "sqlite":
            return f"SQLite-bestand {self.path}"
        return f"PostgreSQL {self.url.host or 'localhost'}:{self.url.port or 5432}/{self.url.database or ''}"

    @contextmanager
    def transaction(self, *, write: bool, before_commit: Callable[[], None] | None = None) -> Iterator[Connection]:
        """A connection inside one transaction: committed when the block ends, rolled back on any error.

        ``write`` takes SQLite's write lock at the start. ``before_commit`` runs just before COMMIT (a test hook).
        Database errors leave as :class:`StoreError`.
        """
        conn = self._connect()
        try:
            if write:
                conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                yield conn
                if before_commit is not None:
                    before_commit()
        except exc.SQLAlchemyError as error:
            raise self.translate(error) from error
        finally:
            conn.close()

    def read(self, statement: Executable) -> Sequence[Row[Any]]:
        """All rows of one query, read in its own (read-only) transaction."""
        with self.transaction(write=False) as conn:
            return conn.execute(statement).all()

    def integrity_check(self) -> str:
        """SQLite's ``PRAGMA integrity_check`` ("ok" when the file is sound); always "ok" for PostgreSQL."""
        if self.backend != "sqlite":
            return "ok"
        with self.transaction(write=False) as conn:
            rows = conn.exec_driver_sql("PRAGMA integrity_check").all()
        return "\n".join(str(row[0]) for row in rows)

    def dispose(self) -> None:
        """Close the pooled connections (in a forked child: forget the parent's without closing them)."""
        self.engine.dispose(close=os.getpid() == self._pid)

    def _connect(self) -> Connection:
        try:
            return self.engine.connect()
        except exc.SQLAlchemyError as error:
            if self.backend == "postgresql" and isinstance(error, exc.DBAPIError):
                raise StoreError(
                    f"Kan geen verbinding maken met de database ({self.describe()}): {_first_line(error.orig)}",
                    retryable=True,
                ) from error
            raise self.translate(error) from error

    # ---- errors

    def translate(self, error: BaseException) -> StoreError:
        """A Dutch :class:`StoreError` for a database error (the driver's error is kept as the cause)."""
        if isinstance(error, StoreError):
            return error
        if isinstance(error, exc.TimeoutError):  # no free connection in the pool in time
            return self._busy("de verbindingen waren allemaal in gebruik")
        original = error.orig if isinstance(error, exc.DBAPIError) else error
        if self.backend == "sqlite":
            translated = self._translate_sqlite(original)
        else:
            translated = self._translate_postgres(original, error)
        return translated or StoreError(f"Onverwachte fout in de database ({_first_line(original)}).")

    def _busy(self, what: str) -> StoreError:
        return StoreError(
            f"De database is bezet: {what} langer dan {self.busy_timeout_ms / 1000:g} seconden. "
            "Probeer het over een paar seconden opnieuw.",
            retryable=True,
        )

    def _translate_sqlite(self, original: BaseException | None) -> StoreError | None:
        import sqlite3

        if isinstance(original, sqlite3.OperationalError):
            text = str(original).lower()
            if "locked" in text or "busy" in text:
                return self._busy("een andere schrijver hield hem")
            if "unable to open" in text or "readonly" in text or "read-only" in text or "disk i/o" in text:
                return StoreError(
                    f"Kan niet schrijven in de database {self.path} ({original}). "
                    "Controleer of de map beschrijfbaar is en of de schijf niet vol is.",
                    retryable="disk i/o" in text,
                )
            return StoreError(f"Databasefout ({original}).")
        if isinstance(original, sqlite3.DatabaseError):
            return StoreError(f"Databasefout in {self.path} ({original}).")
        return None

    def _translate_postgres(self, original: BaseException | None, error: BaseException) -> StoreError | None:
        import psycopg
        from psycopg import errors

        if isinstance(original, errors.LockNotAvailable | errors.SerializationFailure | errors.DeadlockDetected):
            return self._busy("een andere schrijver hield een vergrendeling")
        dropped = isinstance(error, exc.DBAPIError) and error.connection_invalidated
        if dropped or isinstance(original, psycopg.OperationalError | psycopg.InterfaceError):
            return StoreError(
                f"De verbinding met de database is verbroken ({self.describe()}): {_first_line(original)}. "
                "Probeer het opnieuw.",
                retryable=True,
            )
        if isinstance(original, psycopg.Error):
            return StoreError(f"Databasefout ({_first_line(original)}).")
        return None


def insert_if_absent(conn: Connection, table: Table, values: Mapping[str, Any], keys: tuple[str, ...]) -> bool:
    """``INSERT ... ON CONFLICT (keys) DO NOTHING`` for this backend; True when the row was inserted."""
    return conn.execute(_insert_ignoring(conn.dialect.name, table, keys), dict(values)).rowcount == 1


@functools.cache
def _insert_ignoring(backend: str, table: Table, keys: tuple[str, ...]) -> Executable:
    """Built once per backend and table (the columns come from the values at execution)."""
    statement = _INSERT_CONSTRUCTS[backend](table).on_conflict_do_nothing(index_elements=list(keys))
    # SQLAlchemy keeps an INSERT's rowcount only when asked to (psycopg reports it, SQLite too).
    return statement.execution_options(preserve_rowcount=True)


def _forget_connections_of_other_processes(engine: Engine) -> None:
    """SQLAlchemy's recipe for pools and ``os.fork()``: never hand a parent's connection to a child."""

    @event.listens_for(engine, "connect")
    def _remember_process(_dbapi_connection: Any, record: Any) -> None:
        record.info["pid"] = os.getpid()

    @event.listens_for(engine, "checkout")
    def _refuse_foreign(_dbapi_connection: Any, record: Any, proxy: Any) -> None:
        pid = os.getpid()
        if record.info.get("pid") != pid:
            record.dbapi_connection = proxy.dbapi_connection = None
            raise exc.DisconnectionError(f"connection made in process {record.info.get('pid')}, not in {pid}")


def _first_line(error: BaseException | None) -> str:
    text = str(error).strip() if error is not None else ""
    return text.splitlines()[0] if text else type(error).__name__
