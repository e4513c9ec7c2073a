"""Schema of exercises (``kind: oefening``) in ``data/oefeningen/``.

An oefening is a list of multiple-choice questions. Every option carries its
own feedback and every question names the stap its feedback rests on, so
feedback always points back to the handreiking. Grading lives in
:mod:`handreiking.scenarios.oefening`; the widget in :mod:`handreiking.apps.oefening`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from .models import Id, Model, Text, Vindplaats


class Optie(Model):
    id: Id
    text: Text
    correct: bool = False
    feedback: Text


class Vraag(Model):
    id: Id
    prompt: Text
    stap: Vindplaats
    """The step its feedback rests on, or a lesson's introduction (``les-2``: ABCD comes before Stap 2.1)."""
    options: list[Optie] = Field(min_length=2)
    worked_answer: Text

    def check(self) -> list[tuple[tuple[str | int, ...], str]]:
        out: list[tuple[tuple[str | int, ...], str]] = []
        if not any(o.correct for o in self.options):
            out.append(
                (("options",), "geen enkele optie is als juist gemarkeerd (zet 'correct: true' bij minstens één).")
            )
        ids = [o.id for o in self.options]
        for i, oid in enumerate(ids):
            if oid in ids[:i]:
                out.append((("options", i, "id"), f"de optie-id '{oid}' komt twee keer voor in deze vraag."))
        return out


class Oefening(Model):
    kind: Annotated[str, Field(pattern="^oefening$")]
    id: Id
    les: Annotated[int, Field(ge=1, le=7)]
    title: Text
    intro: Text
    questions: list[Vraag] = Field(min_length=1)
    worked_answer: Text

    def check(self) -> list[tuple[tuple[str | int, ...], str]]:
        ids = [q.id for q in self.questions]
        return [
            (("questions", i, "id"), f"de vraag-id '{qid}' komt twee keer voor.")
            for i, qid in enumerate(ids)
            if qid in ids[:i]
        ]


KINDS: dict[str, type[BaseModel]] = {"oefening": Oefening}
KIND_LABELS: dict[str, str] = {"oefening": "de oefening"}
