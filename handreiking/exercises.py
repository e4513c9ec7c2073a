"""Grading of exercises (``kind: oefening``): pure functions, no widgets."""

from __future__ import annotations

from dataclasses import dataclass

from .content.oefening import Oefening, Vraag


@dataclass(frozen=True)
class Beoordeling:
    """The verdict on one answered question."""

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


def grade_question(vraag: Vraag, gekozen: str | None) -> Beoordeling:
    """Feedback for one choice; an unknown or missing choice counts as not answered."""
    optie = next((o for o in vraag.options if o.id == gekozen), None)
    if optie is None:
        return Beoordeling(vraag.id, None, False, "Kies eerst een antwoord.", vraag.stap)
    return Beoordeling(vraag.id, optie.id, optie.correct, optie.feedback, vraag.stap)


def grade(oefening: Oefening, antwoorden: dict[str, str | None]) -> list[Beoordeling]:
    """Grade every question of ``oefening``; ``antwoorden`` maps question id to option id."""
    return [grade_question(v, antwoorden.get(v.id)) for v in oefening.questions]


def score(beoordelingen: list[Beoordeling]) -> tuple[int, int]:
    """(number right, number of questions)."""
    return sum(b.juist for b in beoordelingen), len(beoordelingen)
