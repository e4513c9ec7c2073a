"""The paced writer (handreiking/workshop/throttle.py): at most one write per window, the last click wins.

Time is a ManualClock: the tests move it; nothing sleeps.
"""

from __future__ import annotations

from typing import Any

import pytest
from clock_support import ManualClock

from handreiking.workshop.throttle import Flushed, Outcome, PacedWriter

WINDOW = 5.0


class Recorder:
    """A write function that remembers what it wrote, and can be told to fail."""

    def __init__(self) -> None:
        self.written: list[Any] = []
        self.fail = 0

    def __call__(self, payload: Any) -> str:
        if self.fail:
            self.fail -= 1
            raise RuntimeError("database bezet")
        self.written.append(payload)
        return f"versie {len(self.written)}"


def _writer(clock: ManualClock, write: Recorder, flushed: list[Flushed[Any]] | None = None) -> PacedWriter[Any]:
    return PacedWriter(
        write,
        interval=WINDOW,
        clock=clock,
        schedule=clock.schedule,
        on_flush=flushed.append if flushed is not None else None,
    )


def test_first_click_is_written_at_once() -> None:
    clock, write = ManualClock(), Recorder()
    submitted = _writer(clock, write).submit("a")
    assert submitted.outcome is Outcome.SAVED and submitted.result == "versie 1"
    assert write.written == ["a"] and clock.waiting == 0


def test_clicks_within_the_window_are_merged_and_the_last_one_wins() -> None:
    clock, write, flushed = ManualClock(), Recorder(), []
    writer = _writer(clock, write, flushed)
    writer.submit("a")
    clock.advance(1.0)
    first = writer.submit("b")
    clock.advance(1.0)
    second = writer.submit("c")
    assert (first.outcome, second.outcome) == (Outcome.QUEUED, Outcome.QUEUED)
    assert first.due_in == pytest.approx(4.0) and second.due_in == pytest.approx(3.0)
    assert write.written == ["a"] and writer.pending
    clock.advance(2.9)
    assert write.written == ["a"]  # the window has not ended yet
    clock.advance(0.2)
    assert write.written == ["a", "c"] and not writer.pending
    assert [(f.payload, f.result, f.error, f.merged) for f in flushed] == [("c", "versie 2", None, 2)]


def test_a_flood_writes_once_per_window() -> None:
    """300 changing clicks over 9 seconds: one write at the start, then one at the end of each window."""
    clock, write, flushed = ManualClock(), Recorder(), []
    writer = _writer(clock, write, flushed)
    for i in range(300):
        writer.submit(i)
        clock.advance(0.03)
    clock.advance(WINDOW)  # let the last held-back write happen
    assert len(write.written) == 3 and write.written[-1] == 299
    assert sum(f.merged for f in flushed) == 299
    assert all(b - a >= 0 for a, b in zip(write.written, write.written[1:], strict=False))


def test_the_same_payload_again_within_the_window_writes_nothing() -> None:
    clock, write = ManualClock(), Recorder()
    writer = _writer(clock, write)
    writer.submit({"x": 1})
    clock.advance(1.0)
    assert writer.submit({"x": 1}).outcome is Outcome.UNCHANGED
    assert write.written == [{"x": 1}] and clock.waiting == 0


def test_after_a_quiet_window_a_click_is_written_at_once_again() -> None:
    clock, write = ManualClock(), Recorder()
    writer = _writer(clock, write)
    writer.submit("a")
    clock.advance(WINDOW)
    assert writer.submit("a").outcome is Outcome.SAVED  # the same again, but later: the store decides
    clock.advance(WINDOW + 0.1)
    assert writer.submit("b").outcome is Outcome.SAVED
    assert write.written == ["a", "a", "b"]


def test_a_failed_write_does_not_hold_back_the_retry() -> None:
    """A write that fails is not counted: the participant's next click is tried at once."""
    clock, write = ManualClock(), Recorder()
    writer = _writer(clock, write)
    write.fail = 1
    with pytest.raises(RuntimeError):
        writer.submit("a")
    assert writer.submit("a").outcome is Outcome.SAVED and write.written == ["a"]


def test_a_failed_held_back_write_is_reported() -> None:
    clock, write, flushed = ManualClock(), Recorder(), []
    writer = _writer(clock, write, flushed)
    writer.submit("a")
    writer.submit("b")
    write.fail = 1
    clock.advance(WINDOW)
    assert [(f.payload, type(f.error)) for f in flushed] == [("b", RuntimeError)]
    assert writer.submit("b").outcome is Outcome.QUEUED  # the window restarted; b is tried again after it
    clock.advance(WINDOW)
    assert write.written == ["a", "b"]


def test_cancel_drops_the_held_back_write() -> None:
    clock, write = ManualClock(), Recorder()
    writer = _writer(clock, write)
    writer.submit("a")
    writer.submit("b")
    writer.cancel()
    clock.advance(WINDOW * 2)
    assert write.written == ["a"] and not writer.pending


def test_negative_interval_is_refused() -> None:
    with pytest.raises(ValueError):
        PacedWriter(Recorder(), interval=-1)
