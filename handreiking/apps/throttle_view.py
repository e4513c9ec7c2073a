"""On the trainer's dashboard: which participants shared faster than the workshop stores, and how often.

A participant kernel stores a participant's answer at most once per few seconds (see
:mod:`handreiking.workshop.throttle`); clicks in between are merged into the next save and counted in the
store, one number per participant. This view shows those counts. It is a
:class:`~handreiking.apps.dashboard.DashboardView` that also reads the counts on every refresh of the
dashboard (:meth:`poll`), because merged clicks need not change any answer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol

import ipywidgets as widgets

from ..workshop.throttle import SAVE_INTERVAL
from .base import esc

SHOWN = 8
"""Participants listed by name; the rest are counted."""


class ThrottleRecords(Protocol):
    """What the view reads (the workshop's store has this method)."""

    def throttled(self, code: str) -> Sequence[Any]: ...


def _clock(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%H:%M") if moment is not None else "?"


def throttle_html(records: Sequence[Any], interval: float = SAVE_INTERVAL) -> str:
    """The view's HTML for these records (participant, clicks, last_at); all participant text escaped."""
    head = "<h2>Afgeremd</h2>"
    if not records:
        return head + f'<p class="hr-note">Niemand deelde vaker dan eens per {interval:g} seconden.</p>'
    items = "".join(
        f"<li>{esc(r.participant)}: {int(r.clicks)} {'klik' if int(r.clicks) == 1 else 'klikken'} "
        f"samengevoegd (laatst om {_clock(r.last_at)})</li>"
        for r in records[:SHOWN]
    )
    more = len(records) - SHOWN
    rest = f"<p>En nog {more} {'deelnemer' if more == 1 else 'deelnemers'}.</p>" if more > 0 else ""
    return (
        head + f'<p class="hr-note">Wie vaker dan eens per {interval:g} seconden deelt, wordt afgeremd: de '
        "klikken ertussen worden samengevoegd tot één opslag (de laatste keuze telt).</p>"
        f"<ul>{items}</ul>{rest}"
    )


class ThrottleView:
    """A dashboard view with the throttle counts of the session; refreshed with every dashboard refresh."""

    def __init__(self, store: ThrottleRecords | Callable[[], ThrottleRecords], session: str) -> None:
        self._store = store
        self.session = session
        self.widget = widgets.HTML(throttle_html([]))
        self._shown = ""

    def _records(self) -> Sequence[Any]:
        store = self._store if hasattr(self._store, "throttled") else self._store()  # type: ignore[operator]
        return store.throttled(self.session)  # type: ignore[union-attr]

    def poll(self) -> None:
        """Read the counts again; redraw only when they changed."""
        html = throttle_html(self._records())
        if html != self._shown:
            self._shown = self.widget.value = html

    def update(self, room: Any) -> None:
        """Nothing to do on a change in the answers: the dashboard polls this view on every refresh."""
