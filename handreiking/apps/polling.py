"""A light poll in a background thread: ask something cheap every second or two, act when the answer changes.

What a participant's "Vraag van de trainer" panel uses to learn that the trainer opened, closed or revealed a
question, without the participant reloading the page. Why a poll and why this one:

* **cheap**: one indexed query of two small columns (``GroupQuestions.latest``); 60 kernels at 1.7 s make
  about 35 reads a second, which SQLite in WAL mode and PostgreSQL serve without blocking any writer;
* **spread**: each kernel waits ``interval`` times a random factor between 0.9 and 1.1, so 60 kernels started
  together do not ask in the same millisecond;
* **never blocking the app**: the thread waits on an event and the database releases the GIL, so widget
  messages are handled as usual; a failed poll is reported once and retried more slowly, never raised;
* **stops when the page is gone**: every ``page_every`` seconds it asks whether the kernel's page is still
  connected (``page_open``); once two checks in a row found no page, nothing is polled, so a kernel whose
  page closed costs the store nothing until the server shuts it down. If the page comes back (a phone that
  slept), polling resumes. The thread is a daemon and ends with the kernel; :meth:`Poller.stop` ends it at
  once (the widget was closed).

A browser-driven alternative (an ``ipywidgets.Play`` ticking in the page) would stop by itself, but its timer
only starts on a change of ``playing`` after the page drew it, which a preheated kernel cannot time.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

INTERVAL = 1.7
"""Seconds between two polls (times a random factor 0.9-1.1)."""
PAGE_EVERY = 10.0
"""Seconds between two checks whether the kernel's page is still connected."""
GONE_AFTER = 2
"""The page counts as gone after this many checks in a row found it unconnected (a page that is still
loading, or a phone that dropped the connection for a moment, is not gone)."""
BACKOFF = 5.0
"""Seconds to wait after a failed poll."""

_UNSET: object = object()


class BackgroundLoop:
    """A daemon thread that runs :meth:`_loop` until :meth:`stop` (or the kernel ends); started once."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the thread (a second call while it runs does nothing)."""
        if self.running:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name=self.name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _loop(self) -> None:
        raise NotImplementedError


class Poller(BackgroundLoop, Generic[T]):
    """Call ``poll()`` regularly in a daemon thread; call ``on_change(value)`` when the value differs.

    ``page_open()`` says whether the kernel's page is connected (True), gone (False) or unknown (None: keep
    polling). ``on_error(exc)`` hears about a failed poll (once per run of failures). :meth:`tick` is one
    round, so tests drive the poller without a thread or a clock of their own.
    """

    def __init__(
        self,
        poll: Callable[[], T],
        on_change: Callable[[T], None],
        *,
        interval: float = INTERVAL,
        page_open: Callable[[], bool | None] | None = None,
        page_every: float = PAGE_EVERY,
        on_error: Callable[[Exception], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        name: str = "hr-poll",
    ) -> None:
        self.poll = poll
        self.on_change = on_change
        self.interval = max(0.2, interval)
        self.page_open = page_open
        self.page_every = page_every
        self.on_error = on_error
        self.clock = clock
        super().__init__(name)
        self.value: T | object = _UNSET
        self.page_gone = False
        self.polls = 0
        self.failing = False
        self._next_page_check = clock()
        self._gone_checks = 0

    # ---- one round

    def tick(self) -> bool:
        """Check the page when due, then poll unless the page is gone. True when it polled."""
        now = self.clock()
        if self.page_open is not None and now >= self._next_page_check:
            self._next_page_check = now + self.page_every
            try:
                connected = self.page_open()
            except Exception:
                connected = None
            self._gone_checks = self._gone_checks + 1 if connected is False else 0
            self.page_gone = self._gone_checks >= GONE_AFTER
        if self.page_gone:
            return False
        self.polls += 1
        try:
            value = self.poll()
        except Exception as exc:
            if not self.failing and self.on_error is not None:
                self.on_error(exc)
            self.failing = True
            return True
        self.failing = False
        if value != self.value:
            self.value = value
            self.on_change(value)
        return True

    def force(self) -> None:
        """Forget the last value, so the next poll reports it again (after the page was drawn anew)."""
        self.value = _UNSET

    # ---- the thread (started with :meth:`start`, ended with :meth:`stop`)

    def _wait_time(self) -> float:
        if self.failing:
            return BACKOFF
        if self.page_gone:
            return self.page_every
        return self.interval * random.uniform(0.9, 1.1)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.tick()
            except Exception as exc:  # on_change failed: keep the poller alive, report it
                if self.on_error is not None:
                    self.on_error(exc)
            if self._stop.wait(self._wait_time()):
                return


class Repeater(BackgroundLoop):
    """Call ``action()`` every ``seconds`` in a daemon thread until :meth:`stop`; a failure goes to
    ``on_error(exc)`` and the next round comes as usual (what the trainer's dashboard views use to refresh)."""

    def __init__(
        self,
        action: Callable[[], object],
        seconds: float,
        on_error: Callable[[Exception], None],
        *,
        name: str = "hr-refresh",
    ) -> None:
        super().__init__(name)
        self.action = action
        self.seconds = seconds
        self.on_error = on_error

    def _loop(self) -> None:
        while not self._stop.wait(self.seconds):
            try:
                self.action()
            except Exception as exc:  # keep refreshing; the view says what went wrong
                self.on_error(exc)
