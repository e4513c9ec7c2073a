"""Grading an oefening (``kind: oefening``): pure functions, no widgets, no I/O.

Every option of a question carries its own feedback and every question names the
step that feedback rests on, so each verdict points back to the handreiking. A
choice that is missing or not one of the question's options counts as not answered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..content.oefening import Oefening, Vraag

__all__ = ["Uitkomst", "VraagUitkomst", "evaluate", "evaluate_question"]


@dataclass(frozen=True)
class VraagUitkomst:
    """The verdict on one question: the choice, right or not, its feedback and the step it rests on."""

    vraag: str
    gekozen: str | None
    juist: bool
    feedback: str
    stap: str

    @property
    def label(self) -> str:
        if self.gekozen is None:
            return "Nog niet beantwoord"
        return "Goed" if self.juist else "Nog niet goed"


@dataclass(frozen=True)
class Uitkomst:
    """The outcome of an oefening for a set of answers: one verdict per question, in the oefening's order."""

    oefening: str
    vragen: tuple[VraagUitkomst, ...]

    @property
    def goed(self) -> int:
        """Number of questions answered right."""
        return sum(v.juist for v in self.vragen)

    @property
    def totaal(self) -> int:
        """Number of questions."""
        return len(self.vragen)


def evaluate_question(vraag: Vraag, gekozen: str | None) -> VraagUitkomst:
    """Feedback for one choice; an unknown or missing choice counts as not answered."""
    optie = next((o for o in vraag.options if o.id == gekozen), None)
    if optie is None:
        return VraagUitkomst(vraag.id, None, False, "Kies eerst een antwoord.", vraag.stap)
    return VraagUitkomst(vraag.id, optie.id, optie.correct, optie.feedback, vraag.stap)


def evaluate(oefening: Oefening, antwoorden: Mapping[str, str | None]) -> Uitkomst:
    """Grade every question of ``oefening``; ``antwoorden`` maps question id to option id."""
    return Uitkomst(oefening.id, tuple(evaluate_question(v, antwoorden.get(v.id)) for v in oefening.questions))
