"""Writes at a steady pace: one participant's shares of one scenario are stored at most once per window.

The share panel hands every click to a :class:`PacedWriter`. The first click (and any click after a quiet
window) is written at once. Clicks that come sooner are not lost and not written one by one: the last one
wins and is written when the window ends (``coalescing``), and the caller hears when that will be. A click
that repeats what was just written, within the window, writes nothing at all.

So a flood of clicks over a page's websocket costs at most one write per window, and whoever listens
(:attr:`PacedWriter.on_flush`) learns how many clicks were merged, to count them for the trainer.

The clock and the timer are injectable, so the behaviour is tested without waiting.
"""

from __future__ import annotations

import enum
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

SAVE_INTERVAL = 5.0
"""Seconds between two writes of one participant's answer to one scenario."""

P = TypeVar("P")


class Cancellable(Protocol):
    def cancel(self) -> None: ...


Schedule = Callable[[float, Callable[[], None]], Cancellable]
"""``schedule(delay, callback)``: run ``callback`` after ``delay`` seconds; returns something to cancel."""


def thread_timer(delay: float, callback: Callable[[], None]) -> Cancellable:
    """The default :data:`Schedule`: a daemon ``threading.Timer``."""
    timer = threading.Timer(max(0.0, delay), callback)
    timer.daemon = True
    timer.start()
    return timer


class Outcome(enum.Enum):
    SAVED = "saved"
    """Written now; ``result`` is what the write returned."""
    QUEUED = "queued"
    """Held back: written (with the last click's payload) in ``due_in`` seconds."""
    UNCHANGED = "unchanged"
    """The same as what was just written: nothing written."""


@dataclass(frozen=True)
class Submitted:
    """What :meth:`PacedWriter.submit` did with a click."""

    outcome: Outcome
    result: Any = None
    due_in: float = 0.0


@dataclass(frozen=True)
class Flushed(Generic[P]):
    """A held-back write that has now happened (or failed): the payload, its result or error, the clicks merged."""

    payload: P
    result: Any
    error: Exception | None
    merged: int


class PacedWriter(Generic[P]):
    """Writes ``payload`` through ``write`` at most once per ``interval`` seconds; the last held-back one wins.

    Thread-safe: clicks come on the kernel's main thread, the held-back write runs on the timer's thread.
    ``on_flush`` is called (on the timer's thread) after each held-back write.
    """

    def __init__(
        self,
        write: Callable[[P], Any],
        *,
        interval: float = SAVE_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
        schedule: Schedule = thread_timer,
        on_flush: Callable[[Flushed[P]], None] | None = None,
    ) -> None:
        if interval < 0:
            raise ValueError("interval cannot be negative")
        self.interval = interval
        self.on_flush = on_flush
        self._write = write
        self._clock = clock
        self._schedule = schedule
        self._lock = threading.Lock()
        self._last: P | None = None
        self._has_last = False
        self._last_at: float | None = None
        self._pending: P | None = None
        self._has_pending = False
        self._merged = 0
        self._due = 0.0
        self._timer: Cancellable | None = None

    @property
    def pending(self) -> bool:
        """True while a held-back write waits for the end of the window."""
        return self._has_pending

    def submit(self, payload: P) -> Submitted:
        """Write now, hold back until the window ends (the last one wins), or recognise a repeat.

        A write that raises is not counted as written: the exception propagates and the next click may try
        again at once.
        """
        with self._lock:
            now = self._clock()
            if self._has_pending:
                self._pending = payload
                self._merged += 1
                return Submitted(Outcome.QUEUED, due_in=max(0.0, self._due - now))
            in_window = self._last_at is not None and now - self._last_at < self.interval
            if in_window and self._has_last and self._last == payload:
                return Submitted(Outcome.UNCHANGED)
            if in_window:
                assert self._last_at is not None
                self._pending, self._has_pending, self._merged = payload, True, 1
                self._due = self._last_at + self.interval
                self._timer = self._schedule(self._due - now, self._flush)
                return Submitted(Outcome.QUEUED, due_in=self._due - now)
            previous_at, self._last_at = self._last_at, now
        try:
            result = self._write(payload)
        except BaseException:
            with self._lock:
                if self._last_at == now:
                    self._last_at = previous_at
            raise
        with self._lock:
            self._last, self._has_last = payload, True
        return Submitted(Outcome.SAVED, result=result)

    def _flush(self) -> None:
        with self._lock:
            if not self._has_pending:
                return
            payload, merged = self._pending, self._merged
            self._pending, self._has_pending, self._merged, self._timer = None, False, 0, None
            self._last_at = self._clock()
        assert payload is not None
        result: Any = None
        error: Exception | None = None
        try:
            result = self._write(payload)
        except Exception as exc:  # reported to on_flush; the participant can click again
            error = exc
        else:
            with self._lock:
                self._last, self._has_last = payload, True
        if self.on_flush is not None:
            self.on_flush(Flushed(payload, result, error, merged))

    def cancel(self) -> None:
        """Drop a held-back write (the app is closed)."""
        with self._lock:
            timer, self._timer = self._timer, None
            self._pending, self._has_pending, self._merged = None, False, 0
        if timer is not None:
            timer.cancel()
