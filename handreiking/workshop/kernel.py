"""What a kernel that the workshop started gets from the workshop: the session, the store, the participant.

The composition root for the widgets in :mod:`handreiking.apps`: they never read the environment or open
a store themselves; :class:`handreiking.apps.base.ScenarioApp` asks :func:`kernel_workshop` once and hands
the share panel what it needs, and the dashboard notebook does the same for the dashboard.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from .participant import ParticipantIdentity
from .settings import WorkshopEnvironment, workshop_settings

if TYPE_CHECKING:
    from .store import Store
    from .store.questions import GroupQuestions


@dataclass
class KernelWorkshop:
    """The workshop as this kernel sees it. The store is opened on first use (sharing, a refresh), once."""

    settings: WorkshopEnvironment
    identity: ParticipantIdentity = field(default_factory=ParticipantIdentity)
    _store: Store | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def session(self) -> str:
        return self.settings.sessie

    def store(self) -> Store:
        """The answer store named by ``HANDREIKING_OPSLAG`` (opened once per kernel)."""
        with self._lock:
            if self._store is None:
                from .store import open_store

                self._store = open_store(self.settings.opslag)
            return self._store

    def group_questions(self) -> GroupQuestions:
        """The session's group questions, in the same store (opened on first use)."""
        from .store.questions import GroupQuestions

        return GroupQuestions(self.store())

    def prepare(self) -> None:
        """Do now what does not depend on the participant: open the store and run the question poll's query once.

        Called while the kernel is preheated and nobody waits. Otherwise a room joining at once makes every
        kernel import and open the store at the same moment (the question panel's first poll), and on a busy
        machine each waits for all the others. A failure is left to the first poll or share, which say it in
        Dutch.
        """
        try:
            self.group_questions().latest(self.session)
        except Exception:
            pass

    @staticmethod
    def page_connected() -> bool | None:
        """Whether this kernel's page is still connected (None: the server cannot tell)."""
        from .page import page_connected

        return page_connected()


@cache
def kernel_workshop() -> KernelWorkshop | None:
    """The workshop this kernel runs in, or None outside a workshop (no session set)."""
    settings = workshop_settings()
    if not settings.in_workshop:
        return None
    return KernelWorkshop(settings)
