"""The store's engine (handreiking/workshop/store/engine.py): SQLite setup, transactions, pooling, forks, errors."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, exc

from handreiking.workshop.pseudonym import new_pseudonym
from handreiking.workshop.store import StoreError, open_store
from handreiking.workshop.store.engine import Database
from handreiking.workshop.store.locations import resolve_target

P1 = "Groene-Uil-42"


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    """The file uses WAL, foreign keys and the configured busy timeout, and passes the integrity check."""
    s = open_store(f"sqlite:///{tmp_path}/w.sqlite3", busy_timeout_ms=1234)
    try:
        with s.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 1234
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert s.integrity_check() == "ok"
        assert s.path == (tmp_path / "w.sqlite3").resolve()
    finally:
        s.close()


def test_sqlite_writes_take_the_write_lock_at_begin(tmp_path: Path) -> None:
    """Write transactions start with BEGIN IMMEDIATE, reads with a plain BEGIN."""
    s = open_store(tmp_path)
    statements: list[str] = []

    @event.listens_for(s.engine, "before_cursor_execute")
    def _seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            statements.append(statement)

    code = s.create_session().code
    assert statements == ["BEGIN IMMEDIATE"]
    statements.clear()
    s.answers(code)
    assert statements == ["BEGIN"]
    s.close()


def test_a_locked_database_refuses_a_write_that_would_wait_too_long(tmp_path: Path) -> None:
    """Another connection's write lock makes a write fail with a retryable Dutch error, and nothing is written."""
    s = open_store(tmp_path, busy_timeout_ms=0)
    code = s.create_session().code
    blocker = sqlite3.connect(tmp_path / "workshop.sqlite3", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError) as info:
            s.save_answer(code, P1, "balans", {"v": 1})
        assert s.answers(code) == []  # reading still works while another process writes (WAL)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert info.value.retryable is True and "bezet" in info.value.message
    assert isinstance(info.value.__cause__, exc.OperationalError)
    s.close()


def test_threads_never_share_a_connection(tmp_path: Path) -> None:
    """Eight threads sharing one Store write at once; no connection is in use by two threads at the same time."""
    s = open_store(tmp_path, busy_timeout_ms=20000)
    code = s.create_session().code
    names = sorted({new_pseudonym() for _ in range(40)})[:8]
    errors: list[BaseException] = []
    in_use: dict[int, int] = {}
    shared: list[tuple[int, int]] = []
    guard = threading.Lock()

    @event.listens_for(s.engine, "checkout")
    def _out(dbapi_connection: Any, *_: Any) -> None:
        with guard:
            holder = in_use.get(id(dbapi_connection))
            if holder is not None:
                shared.append((holder, threading.get_ident()))
            in_use[id(dbapi_connection)] = threading.get_ident()

    @event.listens_for(s.engine, "checkin")
    def _in(dbapi_connection: Any, *_: Any) -> None:
        with guard:
            in_use.pop(id(dbapi_connection), None)

    gate = threading.Barrier(len(names))

    def work(name: str) -> None:
        try:
            gate.wait(timeout=30)
            for scenario in ("balans", "rollen", "mix"):
                s.save_answer(code, name, scenario, {"wie": name})
                s.answers(code, scenario)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert shared == []
    assert len(s.answers(code)) == 3 * len(names)
    s.close()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork bestaat alleen op Unix")
def test_a_forked_child_opens_its_own_connection(tmp_path: Path) -> None:
    """After a fork the child never uses the parent's pooled connection; both can go on writing."""
    s = open_store(tmp_path)
    code = s.create_session().code
    s.save_answer(code, P1, "balans", {"wie": "ouder"})  # leaves a connection in the parent's pool
    made: list[int] = []
    event.listen(s.engine, "connect", lambda *_: made.append(os.getpid()))
    pid = os.fork()
    if pid == 0:  # the child: report through the exit code, never run pytest's teardown here
        status = 1
        try:
            s.save_answer(code, "Rustige-Vos-17", "balans", {"wie": "kind"})
            status = 0 if made == [os.getpid()] else 2
            s.close()
        finally:
            os._exit(status)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, "the child must open a new connection and write"
    assert made == []  # the parent kept its own connection
    s.save_answer(code, P1, "balans", {"wie": "ouder, later"})
    assert {r.answer["wie"] for r in s.answers(code)} == {"ouder, later", "kind"}
    assert s.integrity_check() == "ok"
    s.close()


def test_negative_wait_is_refused(tmp_path: Path) -> None:
    """A negative busy timeout is a setup mistake, explained in Dutch."""
    with pytest.raises(StoreError, match="niet negatief"):
        open_store(tmp_path, busy_timeout_ms=-1)


def test_describe_names_the_file_or_server_without_password(tmp_path: Path) -> None:
    """describe() says where the data lives and never shows a password."""
    assert Database(resolve_target(tmp_path)).describe() == f"SQLite-bestand {tmp_path.resolve()}/workshop.sqlite3"
    remote = Database(resolve_target("postgresql://wie:geheim@db.example:6543/workshop"))
    assert remote.describe() == "PostgreSQL db.example:6543/workshop"
    assert Database(resolve_target("postgres://db.example/ws")).describe() == "PostgreSQL db.example:5432/ws"
