"""The background poll behind the participant's question panel (handreiking/apps/polling.py)."""

from __future__ import annotations

import threading

from workshop_support import wait_until

from handreiking.apps.polling import Poller, Repeater


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_change_is_reported_once() -> None:
    values = iter([None, None, (1, "open"), (1, "open"), (1, "closed")])
    seen: list[object] = []
    poller = Poller(lambda: next(values), seen.append)
    for _ in range(5):
        assert poller.tick()
    assert seen == [None, (1, "open"), (1, "closed")]
    assert poller.polls == 5


def test_force_reports_the_same_value_again() -> None:
    seen: list[object] = []
    poller = Poller(lambda: 7, seen.append)
    poller.tick()
    poller.tick()
    poller.force()
    poller.tick()
    assert seen == [7, 7]


def test_nothing_is_polled_while_the_page_is_gone_and_polling_resumes_when_it_returns() -> None:
    clock = Clock()
    connected = {"value": False}  # a page that is still loading: not connected yet
    calls: list[int] = []
    poller = Poller(
        lambda: calls.append(1) or len(calls),
        lambda _v: None,
        page_open=lambda: connected["value"],
        page_every=10,
        clock=clock,
    )
    assert poller.tick() and not poller.page_gone  # one check without a page is not "gone"
    connected["value"] = True
    clock.now = 10
    assert poller.tick() and len(calls) == 2
    connected["value"] = False
    clock.now = 15  # the page check is not due yet: still polling
    assert poller.tick() and len(calls) == 3
    clock.now = 20
    assert poller.tick() and not poller.page_gone  # gone once: maybe a phone that dropped its connection
    clock.now = 30
    assert not poller.tick() and poller.page_gone  # gone twice in a row: stop polling
    clock.now = 35
    assert not poller.tick()
    assert len(calls) == 4
    connected["value"] = True
    clock.now = 40
    assert poller.tick() and not poller.page_gone and len(calls) == 5


def test_an_unknown_page_state_keeps_polling() -> None:
    calls: list[int] = []
    poller = Poller(lambda: calls.append(1), lambda _v: None, page_open=lambda: None, page_every=0)
    assert poller.tick() and poller.tick()
    assert len(calls) == 2 and not poller.page_gone


def test_a_failing_poll_is_reported_once_per_run_of_failures() -> None:
    state = {"fail": True}
    errors: list[Exception] = []

    def poll() -> int:
        if state["fail"]:
            raise OSError("database weg")
        return 1

    seen: list[object] = []
    poller = Poller(poll, seen.append, on_error=errors.append)
    poller.tick()
    poller.tick()
    assert len(errors) == 1 and poller.failing
    state["fail"] = False
    poller.tick()
    assert seen == [1] and not poller.failing
    state["fail"] = True
    poller.tick()
    assert len(errors) == 2


def test_the_thread_polls_until_stopped() -> None:
    ticks = threading.Event()
    count = {"n": 0}

    def poll() -> int:
        count["n"] += 1
        if count["n"] >= 3:
            ticks.set()
        return count["n"]

    poller = Poller(poll, lambda _v: None, interval=0.2, name="test-poll")
    poller.start()
    try:
        assert ticks.wait(10)
        assert poller.running
    finally:
        poller.stop()
    assert wait_until(lambda: not poller.running, timeout=10)
    assert poller._thread is not None and poller._thread.daemon


def test_repeater_keeps_going_after_a_failure_and_stops() -> None:
    """The dashboard's refresh: every round runs, a failure is reported and the next round comes anyway."""
    rounds: list[int] = []
    errors: list[str] = []
    three = threading.Event()

    def action() -> None:
        rounds.append(len(rounds))
        if len(rounds) == 1:
            raise RuntimeError("database weg")
        if len(rounds) >= 3:
            three.set()

    repeater = Repeater(action, 0.05, lambda exc: errors.append(str(exc)), name="hr-test-refresh")
    repeater.start()
    first = repeater._thread
    repeater.start()  # a second start while it runs: still one thread
    assert repeater._thread is first
    try:
        assert three.wait(10), rounds
    finally:
        repeater.stop()
    assert errors == ["database weg"]
    assert first is not None
    first.join(5)
    assert not repeater.running
