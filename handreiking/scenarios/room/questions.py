"""Group questions led by the trainer: what a question is, where it comes from, and the room's tally.

A group question is one question of an oefening (``kind: oefening``: multiple choice, feedback per option
that names the stap, a worked answer), from the session's lesson in ``data/oefeningen/`` or from a trainer's
own question file. When the trainer opens it, a snapshot (:class:`GroupQuestion`) goes into the store, so the
participants' kernels and the report read exactly the question that was asked, also without the trainer's
file. The rules of its life cycle (open, answer, close, reveal) are in :mod:`.question_flow`.

Pure: no widgets, no I/O. Text is returned as given; whoever shows it escapes it.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ...content.dutch import count
from ...content.models import vindplaats_label
from ...content.oefening import Oefening, Vraag

OWN_GROUP = "Eigen vragen van de trainer"
"""How the dashboard groups the questions from a trainer's own file."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class QuestionOption(_Frozen):
    """One option of a group question, with its own feedback (shown after the reveal)."""

    id: str
    text: str
    correct: bool = False
    feedback: str


class GroupQuestion(_Frozen):
    """A snapshot of one oefening question, as the room gets it (stored as JSON with each round)."""

    schema_version: ClassVar[int] = 1

    oefening: str
    """The oefening's id (``les-6-balans``)."""
    oefening_title: str
    les: int
    vraag: str
    """The question's id inside its oefening (``v1``)."""
    prompt: str
    stap: str
    options: tuple[QuestionOption, ...] = Field(min_length=2)
    worked_answer: str
    own: bool = False
    """True for a question from the trainer's own file (not from ``data/oefeningen/``)."""

    @classmethod
    def from_oefening(cls, oefening: Oefening, vraag: Vraag, *, own: bool = False) -> GroupQuestion:
        return cls(
            oefening=oefening.id,
            oefening_title=oefening.title,
            les=oefening.les,
            vraag=vraag.id,
            prompt=vraag.prompt,
            stap=vraag.stap,
            options=tuple(
                QuestionOption(id=o.id, text=o.text, correct=o.correct, feedback=o.feedback) for o in vraag.options
            ),
            worked_answer=vraag.worked_answer,
            own=own,
        )

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> GroupQuestion | None:
        """The question stored as ``data``, or None when it cannot be read (never guessed)."""
        try:
            return cls.model_validate(dict(data))
        except ValidationError:
            return None

    def as_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @property
    def key(self) -> str:
        """Where the question comes from: ``oefening/vraag`` (the same question asked twice has the same key)."""
        return f"{self.oefening}/{self.vraag}"

    @property
    def where(self) -> str:
        """Where in the handreiking its feedback rests: "Stap 6.1", or "Les 2 (inleiding)"."""
        return vindplaats_label(self.stap)

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)

    @property
    def correct_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options if o.correct)

    def option(self, option_id: str) -> QuestionOption | None:
        return next((o for o in self.options if o.id == option_id), None)

    def letter(self, option_id: str) -> str:
        """The letter a participant sees before an option (A, B, C ... by position), or "?" for an unknown id."""
        for i, option in enumerate(self.options):
            if option.id == option_id:
                return string.ascii_uppercase[i] if i < 26 else str(i + 1)
        return "?"

    def letters(self) -> str:
        """ "A, B of C": the letters of all options, for messages."""
        letters = [self.letter(o.id) for o in self.options]
        return ", ".join(letters[:-1]) + " of " + letters[-1]


def questions_of(oefening: Oefening, *, own: bool = False) -> tuple[GroupQuestion, ...]:
    return tuple(GroupQuestion.from_oefening(oefening, v, own=own) for v in oefening.questions)


@dataclass(frozen=True)
class QuestionGroup:
    """The questions of one oefening, as the dashboard offers them."""

    label: str
    questions: tuple[GroupQuestion, ...]


def catalogue(
    oefeningen: Iterable[Oefening], les: int | None = None, own: Iterable[Oefening] = ()
) -> tuple[QuestionGroup, ...]:
    """The questions a trainer can ask: the oefeningen of lesson ``les`` (all lessons when None), then their own.

    Ordered by lesson and oefening id; the trainer's own questions come last, under :data:`OWN_GROUP`.
    """
    chosen = sorted((o for o in oefeningen if les is None or o.les == les), key=lambda o: (o.les, o.id))
    groups = [QuestionGroup(f"Les {o.les}: {o.title}", questions_of(o)) for o in chosen]
    for oefening in own:
        groups.append(QuestionGroup(f"{OWN_GROUP}: {oefening.title}", questions_of(oefening, own=True)))
    return tuple(g for g in groups if g.questions)


# --------------------------------------------------------------------------- the room's tally


@dataclass(frozen=True)
class OptionCount:
    """How many participants chose one option; ``correct`` is None until the trainer reveals the answer."""

    option: QuestionOption
    letter: str
    count: int
    percent: int
    correct: bool | None


@dataclass(frozen=True)
class Tally:
    """The room's answers to one round of a question: a count per option, in the question's order."""

    question: GroupQuestion
    options: tuple[OptionCount, ...]
    total: int
    revealed: bool
    ignored: int = 0
    """Stored answers whose option the question does not have (not counted)."""

    def describe(self) -> str:
        """One Dutch sentence: how many answered and how they spread (the correct one only after the reveal)."""
        if not self.total:
            return "Nog geen antwoorden."
        parts = ", ".join(f"{c.letter} {c.count}" for c in self.options)
        text = f"{count(self.total, 'deelnemer antwoordde', 'deelnemers antwoordden')}: {parts}."
        if self.revealed:
            right = sum(c.count for c in self.options if c.correct)
            text += f" {count(right, 'koos', 'kozen')} een juist antwoord."
        return text


def tally(question: GroupQuestion, chosen: Mapping[str, int], *, revealed: bool) -> Tally:
    """Count per option from ``chosen`` (option id -> number of participants); the correct one only if revealed."""
    known = {o.id for o in question.options}
    total = sum(n for option, n in chosen.items() if option in known)
    counts = tuple(
        OptionCount(
            option=o,
            letter=question.letter(o.id),
            count=int(chosen.get(o.id, 0)),
            percent=round(100 * chosen.get(o.id, 0) / total) if total else 0,
            correct=o.correct if revealed else None,
        )
        for o in question.options
    )
    ignored = sum(n for option, n in chosen.items() if option not in known)
    return Tally(question, counts, total, revealed, ignored)


def option_labels(question: GroupQuestion) -> Sequence[tuple[str, str]]:
    """(letter, text) per option, in order: what a participant's screen and the projector show."""
    return [(question.letter(o.id), o.text) for o in question.options]
