"""How long the answer store waits, recovers and takes under a room's load; each figure next to a reference.

The store's tests assert behaviour only; the timings live here. Every figure is measured in this run against
a reference measured in the same run on the same machine:

1. lock wait: a write blocked by another writer gives up after about its busy timeout
   (reference: the configured timeout);
2. write after a crash: a writer killed (SIGKILL) inside its transaction leaves no lock behind, so the next
   write takes as long as a write on a database nobody crashed in (reference: that write);
3. a room clicks at once: N processes share one answer each at the same moment; the latency per click
   (reference: one save with nobody else writing);
4. a busy room: N processes each share 3 answers and resubmit 2 at the same moment
   (reference: one process making the same number of saves one after another).

    .venv/bin/python benchmarks/store_concurrency.py [--writers 32] [--timeout-ms 300] [--postgres URL]

With --postgres the lock wait is measured on that server too (a row lock held by another transaction
against ``lock_timeout``). Temporary SQLite files are removed at the end; child processes are joined or killed.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import signal
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from handreiking.workshop.store import Store, StoreError, open_store

SPAWN = multiprocessing.get_context("spawn")
SCENARIOS = ("balans", "rollen", "mix")
ADJECTIVES = ("Groene", "Rustige", "Dappere", "Kalme", "Stille", "Vrolijke", "Snelle", "Warme")
ANIMALS = ("Uil", "Vos", "Egel", "Mol", "Das", "Reiger", "Otter", "Haas")


def participant(index: int) -> str:
    """A pseudonym per index (unique for the first 64)."""
    return (
        f"{ADJECTIVES[index % len(ADJECTIVES)]}-{ANIMALS[(index // len(ADJECTIVES)) % len(ANIMALS)]}-{10 + index % 90}"
    )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


# --------------------------------------------------------------------------- 1. lock wait


def sqlite_lock_wait(folder: Path, timeout_ms: int, repeats: int) -> list[float]:
    """Seconds until a write blocked by another writer's lock gives up (StoreError, retryable)."""
    path = folder / "klem.sqlite3"
    waits: list[float] = []
    with open_store(path, busy_timeout_ms=timeout_ms) as store:
        session = store.create_session().code
        for _ in range(repeats):
            blocker = sqlite3.connect(path, isolation_level=None)
            blocker.execute("BEGIN IMMEDIATE")
            started = time.perf_counter()
            try:
                store.save_answer(session, "Stille-Uil-33", "balans", {"v": 1})
            except StoreError as exc:
                assert exc.retryable, exc.message
                waits.append(time.perf_counter() - started)
            finally:
                blocker.execute("ROLLBACK")
                blocker.close()
    return waits


def postgres_lock_wait(url: str, timeout_ms: int, repeats: int) -> list[float]:
    """Seconds until a resubmit blocked by another transaction's row lock gives up (lock_timeout)."""
    import psycopg

    waits: list[float] = []
    with open_store(url, busy_timeout_ms=timeout_ms) as store:
        session = store.create_session("benchmark").code
        store.save_answer(session, "Stille-Uil-33", "balans", {"v": 1})
        try:
            for _ in range(repeats):
                with psycopg.connect(store.engine.url.set(drivername="postgresql").render_as_string(False)) as other:
                    other.execute("SELECT 1 FROM answers WHERE session_code = %s FOR UPDATE", (session,))
                    started = time.perf_counter()
                    try:
                        store.save_answer(session, "Stille-Uil-33", "balans", {"v": time.time()})
                    except StoreError as exc:
                        assert exc.retryable, exc.message
                        waits.append(time.perf_counter() - started)
                    other.rollback()
        finally:
            store.delete_session(session)
    return waits


# --------------------------------------------------------------------------- 2. write after a crash


def _hanging_writer(url: str, session: str, in_tx_path: str) -> None:
    """Open a write transaction and hang in it until killed."""
    store = open_store(url, busy_timeout_ms=30000)

    def hang() -> None:
        Path(in_tx_path).write_text("in transactie")
        time.sleep(120)

    store.before_commit_hook = hang
    store.save_answer(session, "Kalme-Mol-55", "klem", {"i": -1})


def timed_save(store: Store, session: str, scenario: str) -> float:
    """Seconds for one new answer."""
    started = time.perf_counter()
    store.save_answer(session, "Groene-Uil-42", scenario, {"scenario": scenario})
    return time.perf_counter() - started


def write_after_crash(folder: Path, repeats: int) -> tuple[list[float], list[float]]:
    """(saves on a database nobody crashed in, first saves after a writer was killed in its transaction).

    Both are made by the same store, opened and warmed up before the first kill, so only the kill differs.
    """
    url = f"sqlite:///{folder}/crash.sqlite3"
    with open_store(url) as store:
        session = store.create_session().code
        timed_save(store, session, "opwarmen")
        reference = [timed_save(store, session, f"voor-{i}") for i in range(repeats)]
        after: list[float] = []
        for round_ in range(repeats):
            in_tx = folder / f"in_tx_{round_}"
            proc = SPAWN.Process(target=_hanging_writer, args=(url, session, str(in_tx)))
            proc.start()
            try:
                deadline = time.monotonic() + 60
                while not in_tx.exists():
                    if time.monotonic() > deadline:
                        raise RuntimeError("the hanging writer never entered its transaction")
                    time.sleep(0.01)
            finally:
                os.kill(proc.pid, signal.SIGKILL)
                proc.join(timeout=30)
            after.append(timed_save(store, session, f"na-{round_}"))
    return reference, after


# --------------------------------------------------------------------------- 3. a room at once


def _room_writer(url: str, session: str, index: int, burst: bool, barrier: Any, results: Any) -> None:
    """One participant: at the barrier, share 3 answers and resubmit 2 (``burst``: share one answer)."""
    try:
        store = open_store(url, busy_timeout_ms=30000)
        who = participant(index)
        saves = [(s, {"keuze": f"{s}-{index}"}, f"reflectie {index}") for s in SCENARIOS]
        saves += [(s, {"keuze": f"{s}-{index}-herzien"}, None) for s in SCENARIOS[:2]]
        barrier.wait(timeout=120)
        latencies: list[float] = []
        started = time.perf_counter()
        for scenario, answer, reflectie in saves[:1] if burst else saves:
            before = time.perf_counter()
            store.save_answer(session, who, scenario, answer, reflectie)
            latencies.append(time.perf_counter() - before)
        finished = time.perf_counter()
        store.close()
        results.put((started, finished, latencies, None))
    except BaseException as exc:  # reported by the parent
        results.put((0.0, 0.0, [], repr(exc)))


def room(folder: Path, writers: int, *, burst: bool) -> tuple[float, list[float], int]:
    """(seconds from the first start to the last finish, every save's latency, failed writers)."""
    url = f"sqlite:///{folder}/kamer-{'klik' if burst else 'druk'}.sqlite3"
    with open_store(url) as store:
        session = store.create_session().code
    barrier = SPAWN.Barrier(writers)
    results = SPAWN.Queue()
    procs = [
        SPAWN.Process(target=_room_writer, args=(url, session, i, burst, barrier, results)) for i in range(writers)
    ]
    for p in procs:
        p.start()
    reports = [results.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    done = [r for r in reports if r[3] is None]
    together = max(r[1] for r in done) - min(r[0] for r in done) if done else float("nan")
    return together, [latency for r in done for latency in r[2]], len(reports) - len(done)


def one_by_one(folder: Path, writers: int) -> float:
    """Seconds for one process to make the room's saves one after another (the reference for 3)."""
    with open_store(folder / "alleen.sqlite3", busy_timeout_ms=30000) as store:
        session = store.create_session().code
        started = time.perf_counter()
        for index in range(writers):
            who = participant(index)
            for scenario in SCENARIOS:
                store.save_answer(session, who, scenario, {"keuze": scenario}, f"reflectie {index}")
            for scenario in SCENARIOS[:2]:
                store.save_answer(session, who, scenario, {"keuze": f"{scenario}-herzien"})
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=32, help="processes writing at once (default 32)")
    parser.add_argument("--timeout-ms", type=int, default=300, help="busy/lock timeout for the lock wait")
    parser.add_argument("--repeats", type=int, default=5, help="measurements per figure (default 5)")
    parser.add_argument("--postgres", metavar="URL", help="also measure the lock wait on this PostgreSQL server")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="handreiking-store-bench-") as tmp:
        folder = Path(tmp)
        timeout = args.timeout_ms / 1000
        print(f"answer store benchmark ({args.repeats} measurements per figure, medians)\n")

        waits = sqlite_lock_wait(folder, args.timeout_ms, args.repeats)
        print("1. lock wait before giving up (SQLite busy_timeout)")
        print(f"   configured timeout        {ms(timeout)}")
        print(
            f"   measured wait             {ms(statistics.median(waits))}  ({statistics.median(waits) / timeout:.2f}x)"
        )
        if args.postgres:
            pg_waits = postgres_lock_wait(args.postgres, args.timeout_ms, args.repeats)
            print(
                f"   PostgreSQL lock_timeout   {ms(statistics.median(pg_waits))}  "
                f"({statistics.median(pg_waits) / timeout:.2f}x)"
            )

        reference, after = write_after_crash(folder, args.repeats)
        print("\n2. a write after a writer was killed inside its transaction")
        print(f"   write, nobody crashed     {ms(statistics.median(reference))}")
        print(
            f"   first write after a kill  {ms(statistics.median(after))}  "
            f"({statistics.median(after) / statistics.median(reference):.2f}x)"
        )

        _, clicks, failed_clicks = room(folder, args.writers, burst=True)
        print(f"\n3. a room clicks at once: {args.writers} processes share one answer each")
        print(f"   one save, nobody else     {ms(statistics.median(reference))}")
        print(f"   per click, median         {ms(statistics.median(clicks))}")
        print(f"   per click, slowest        {ms(max(clicks))}")
        print(f"   failed writers            {failed_clicks}")

        alone = one_by_one(folder, args.writers)
        together, _, failures = room(folder, args.writers, burst=False)
        saves = args.writers * (len(SCENARIOS) + 2)
        print(f"\n4. a busy room: {args.writers} processes, {saves} saves (3 answers and 2 resubmits each)")
        print(f"   one process, one by one   {ms(alone)}  ({saves / alone:.0f} saves/s)")
        print(f"   all processes at once     {ms(together)}  ({saves / together:.0f} saves/s, {together / alone:.2f}x)")
        print(f"   failed writers            {failures}")


if __name__ == "__main__":
    main()
