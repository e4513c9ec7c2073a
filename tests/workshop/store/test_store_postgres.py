"""PostgreSQL specifics of the store, on a real server (started by conftest.py from Debian's packages).

The behaviour tests of the other files in this folder run on PostgreSQL too
(their ``store`` fixture is parametrised over both backends); this file holds
what only PostgreSQL has: row locks between threads, ``lock_timeout``, a server
that is not there.
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import pytest

from handreiking.workshop.store import StoreError, open_store

pytestmark = pytest.mark.postgres

P1 = "Groene-Uil-42"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --------------------------------------------------------------------------- PostgreSQL specifics


def test_postgres_backend_is_used(pg_url: str) -> None:
    """A postgresql:// address opens PostgreSQL, migrates it, and the description hides no password."""
    s = open_store(pg_url.replace("handreiking@", "handreiking:geheim@"))
    try:
        assert s.backend == "postgresql" and s.path is None
        assert "geheim" not in s.describe() and "127.0.0.1" in s.describe()
        assert s.integrity_check() == "ok"
        assert s.schema_version() >= 1
    finally:
        s.close()


def test_concurrent_resubmits_of_one_answer_stay_one_row(pg_url: str) -> None:
    """Twelve threads saving the same participant's answer at once: one row, every version numbered once."""
    s = open_store(pg_url, busy_timeout_ms=20000)
    code = s.create_session().code
    results: list[int] = []
    errors: list[BaseException] = []
    gate = threading.Barrier(12)

    def work(n: int) -> None:
        try:
            gate.wait(timeout=30)
            results.append(s.save_answer(code, P1, "balans", {"n": n}).revision)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == list(range(1, 13))
    (row,) = s.answers(code)
    assert row.revision == 12
    assert [h.revision for h in s.history(code)] == list(range(1, 12))
    s.close()


def test_postgres_lock_beyond_timeout_is_retryable(pg_url: str) -> None:
    """A row locked by another transaction past the timeout gives StoreError(retryable=True) in Dutch."""
    import psycopg

    s = open_store(pg_url, busy_timeout_ms=300)
    code = s.create_session().code
    s.save_answer(code, P1, "balans", {"v": 1})
    with psycopg.connect(pg_url) as other:  # not autocommit: the lock is held until the block ends
        other.execute("SELECT 1 FROM answers WHERE participant = %s FOR UPDATE", (P1,))
        with pytest.raises(StoreError) as info:
            s.save_answer(code, P1, "balans", {"v": 2})
        other.rollback()
    assert info.value.retryable is True and "bezet" in info.value.message
    with s.engine.connect() as conn:  # the wait before giving up is the one asked for (figures: benchmarks/)
        assert conn.exec_driver_sql("SHOW lock_timeout").scalar() == "300ms"
    assert s.save_answer(code, P1, "balans", {"v": 3}).revision == 2
    s.close()


def test_unreachable_server_is_retryable() -> None:
    """No server at the address: a retryable Dutch connection error naming host and port, not a traceback."""
    with pytest.raises(StoreError) as info:
        open_store(f"postgresql://handreiking@127.0.0.1:{_free_port()}/postgres")
    assert info.value.retryable is True and "verbinding" in info.value.message


def test_writer_waits_for_a_row_lock_released_within_its_timeout(pg_url: str) -> None:
    """A resubmit blocked by another transaction's row lock waits (seen in pg_locks) and then goes through."""
    import psycopg

    s = open_store(pg_url, busy_timeout_ms=60000)
    code = s.create_session().code
    s.save_answer(code, P1, "balans", {"v": 1})
    outcome: list[Any] = []

    def resubmit() -> None:
        try:
            outcome.append(s.save_answer(code, P1, "balans", {"v": 2}))
        except BaseException as exc:  # pragma: no cover - reported below
            outcome.append(exc)

    with psycopg.connect(pg_url) as other, psycopg.connect(pg_url, autocommit=True) as watcher:
        other.execute("SELECT 1 FROM answers WHERE participant = %s FOR UPDATE", (P1,))
        writer = threading.Thread(target=resubmit)
        writer.start()
        waiting = "SELECT count(*) FROM pg_locks WHERE NOT granted AND pid <> pg_backend_pid()"
        deadline = time.monotonic() + 60
        while watcher.execute(waiting).fetchone()[0] == 0:  # wait until the writer queues on the lock
            if time.monotonic() > deadline:
                pytest.fail("the resubmit never queued on the row lock")
            time.sleep(0.02)
        assert outcome == [], "the resubmit must wait while the row is locked"
        other.rollback()
    writer.join(timeout=60)
    assert len(outcome) == 1 and getattr(outcome[0], "revision", None) == 2, outcome
    s.close()
