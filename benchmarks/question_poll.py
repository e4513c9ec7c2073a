"""What 60 participants' kernels polling for the trainer's question cost the store; each figure next to a reference.

Every participant kernel in a workshop asks the store for the newest group question every 1.5-2 seconds
(:mod:`handreiking.apps.polling`, :meth:`GroupQuestions.latest`). This script measures, on one SQLite store:

1. the poll itself: the time one ``latest()`` takes while ``--kernels`` pollers run at once (spread over
   processes, each poller its own store and connection, like a kernel), and how many polls a second that is;
2. what it does to the room's answers: ``--answers`` participants answer the open question at the same
   moment, with the pollers running, against the same burst with nobody polling (the reference, same run).

    .venv/bin/python benchmarks/question_poll.py [--kernels 60] [--answers 30] [--seconds 20] [--interval 1.7]

Prints p50/p95/max per figure and the ratio to the reference. Temporary files are removed; every child
process is joined (or killed after a timeout).
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

SPAWN = multiprocessing.get_context("spawn")
PROCESSES = 6
"""Poller processes (the kernels' pollers are spread over them, threads inside)."""


def _pollers(url: str, session: str, count: int, interval: float, seconds: float, queue: Any, ready: Any) -> None:
    from handreiking.workshop.store import open_store
    from handreiking.workshop.store.questions import GroupQuestions

    times: list[float] = []
    lock = threading.Lock()
    ready.set()  # imported: from now on this process only polls
    stop = time.monotonic() + seconds

    def one() -> None:
        store = open_store(url, migrate=False)
        desk = GroupQuestions(store)
        mine: list[float] = []
        time.sleep(random.uniform(0, interval))
        while time.monotonic() < stop:
            started = time.perf_counter()
            desk.latest(session)
            mine.append(time.perf_counter() - started)
            time.sleep(interval * random.uniform(0.9, 1.1))
        store.close()
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=one) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    queue.put(times)


def _answers(url: str, session: str, people: list[str], option: str, go: Any, queue: Any) -> None:
    from handreiking.workshop.store import open_store
    from handreiking.workshop.store.questions import GroupQuestions

    store = open_store(url, migrate=False)
    desk = GroupQuestions(store)
    number = desk.latest(session).number  # type: ignore[union-attr]
    times: list[float] = []
    lock = threading.Lock()

    def one(who: str) -> None:
        go.wait()
        started = time.perf_counter()
        desk.answer(session, number, who, option)
        with lock:
            times.append(time.perf_counter() - started)

    threads = [threading.Thread(target=one, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    store.close()
    queue.put(times)


def burst(url: str, session: str, people: list[str], option: str) -> list[float]:
    """Everyone answers at the same moment (3 processes); seconds per answer."""
    go = SPAWN.Event()
    queue = SPAWN.Queue()
    groups = [people[i::3] for i in range(3)]
    procs = [SPAWN.Process(target=_answers, args=(url, session, g, option, go, queue)) for g in groups if g]
    for p in procs:
        p.start()
    time.sleep(3.0)  # let them import and connect
    go.set()
    results = [t for _ in procs for t in queue.get(timeout=120)]
    _join(procs)
    return results


def _join(procs: list[Any]) -> None:
    for p in procs:
        p.join(60)
        if p.is_alive():
            p.kill()
            p.join()


def stats(values: list[float]) -> str:
    if not values:
        return "geen metingen"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return (
        f"p50 {1000 * statistics.median(ordered):7.2f} ms  p95 {1000 * p95:7.2f} ms  "
        f"max {1000 * ordered[-1]:7.2f} ms  (n={len(ordered)})"
    )


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kernels", type=int, default=60)
    parser.add_argument("--answers", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=25.0)
    parser.add_argument("--interval", type=float, default=1.7)
    args = parser.parse_args()

    from handreiking.content import bundled_content
    from handreiking.scenarios.room.questions import questions_of
    from handreiking.workshop.store import open_store
    from handreiking.workshop.store.questions import GroupQuestions

    question = questions_of(next(o for o in bundled_content().of_kind("oefening") if o.id == "les-6-balans"))[0]
    people = [f"Rode-Vos-{10 + i}" for i in range(min(args.answers, 89))]
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'w.sqlite3'}"
        with open_store(url) as store:
            session = store.create_session("poll").code
            GroupQuestions(store).open(session, question)

        reference = burst(url, session, people, question.option_ids[0])

        queue = SPAWN.Queue()
        share = [args.kernels // PROCESSES + (1 if i < args.kernels % PROCESSES else 0) for i in range(PROCESSES)]
        ready = [SPAWN.Event() for _ in share]
        pollers = [
            SPAWN.Process(target=_pollers, args=(url, session, n, args.interval, args.seconds, queue, flag))
            for n, flag in zip(share, ready, strict=True)
            if n
        ]
        for p in pollers:
            p.start()
        for flag in ready:
            flag.wait(120)
        time.sleep(2 * args.interval)  # every poller has connected and polls at its own pace
        loaded = burst(url, session, people, question.option_ids[1])
        polls = [t for _ in pollers for t in queue.get(timeout=args.seconds + 120)]
        _join(pollers)

    print(f"Groepsvragen: {args.kernels} kernels vragen elke {args.interval:g} s (±10%) naar de nieuwste vraag")
    print(f"  poll (latest)                  {stats(polls)}")
    print(f"  polls per seconde              {len(polls) / args.seconds:7.1f}")
    print(f"{len(people)} deelnemers antwoorden tegelijk:")
    print(f"  referentie (niemand pollt)     {stats(reference)}")
    print(f"  terwijl {args.kernels} kernels pollen     {stats(loaded)}")
    ratio = p95(loaded) / p95(reference) if reference else float("nan")
    print(f"  verhouding p95                 {ratio:7.2f}x")


if __name__ == "__main__":
    main()
