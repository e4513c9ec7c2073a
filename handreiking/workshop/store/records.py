"""What the store hands back: a session with its counts, the outcome of a save, a stored answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class SessionInfo:
    """A workshop session with its counts at the time of reading."""

    code: str
    title: str
    created_at: datetime
    participants: int = 0
    answers: int = 0
    closed_at: datetime | None = None

    @property
    def closed(self) -> bool:
        """True when the trainer has closed the session (no new answers)."""
        return self.closed_at is not None


@dataclass(frozen=True)
class SaveResult:
    """What :meth:`Store.save_answer` did.

    Three outcomes: a new answer (``created``, revision 1); an update of an
    earlier answer (``updated``: the previous version went to the history);
    or nothing at all because the answer and reflectie were the same as the
    current ones (``changed`` is False; ``revision`` and ``updated_at`` are
    those of the answer already stored).
    """

    created: bool
    revision: int
    updated_at: datetime
    changed: bool = True

    @property
    def updated(self) -> bool:
        """True when an earlier answer was replaced (its previous version is kept in the history)."""
        return self.changed and not self.created

    @property
    def message(self) -> str:
        """One Dutch sentence for the participant."""
        if self.created:
            return "Je antwoord is gedeeld met de groep."
        if not self.changed:
            return f"Dit antwoord had je al gedeeld; er is niets veranderd (versie {self.revision})."
        return f"Je eerdere antwoord is bijgewerkt (versie {self.revision})."


@dataclass(frozen=True)
class AnswerRow:
    """One stored answer (the current version, or an older one from the history).

    ``schema_version`` is the version of the answer's own structure (set by
    whoever defines the answer types; 1 for everything stored before).
    """

    participant: str
    scenario: str
    answer: dict[str, Any]
    reflectie: str | None
    updated_at: datetime
    revision: int
    session: str = ""
    schema_version: int = 1
