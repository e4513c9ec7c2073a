"""A clock and timer for tests of paced code (importable as ``clock_support``): time moves only when told.

``ManualClock`` is both the ``clock`` (call it for the time) and the ``schedule`` (``clock.schedule(delay,
callback)``) that :class:`handreiking.workshop.throttle.PacedWriter` and the share panel accept. A scheduled
callback runs inside :meth:`ManualClock.advance`, once the clock reaches its moment: no thread, no sleep.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(order=True)
class _Timer:
    due: float
    seq: int
    callback: Callable[[], None] = field(compare=False)
    cancelled: bool = field(default=False, compare=False)

    def cancel(self) -> None:
        self.cancelled = True


class ManualClock:
    """A monotonic clock that a test moves forward; scheduled callbacks run when their moment is reached."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self._timers: list[_Timer] = []
        self._seq = 0

    def __call__(self) -> float:
        return self.now

    def schedule(self, delay: float, callback: Callable[[], None]) -> _Timer:
        self._seq += 1
        timer = _Timer(self.now + max(0.0, delay), self._seq, callback)
        self._timers.append(timer)
        return timer

    @property
    def waiting(self) -> int:
        """Callbacks scheduled and not yet run or cancelled."""
        return sum(1 for t in self._timers if not t.cancelled)

    def advance(self, seconds: float) -> None:
        """Move the clock ``seconds`` forward, running every callback that falls due on the way, in order."""
        target = self.now + seconds
        while True:
            due = sorted(t for t in self._timers if not t.cancelled and t.due <= target)
            if not due:
                break
            timer = due[0]
            self._timers.remove(timer)
            self.now = max(self.now, timer.due)
            timer.callback()
        self.now = target
