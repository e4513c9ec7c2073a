"""The life cycle of a group question, as pure rules: what each trainer action and each answer may do.

A session asks its questions in **rounds**, numbered 1, 2, 3 ... Each round is one question, asked once:

* **open**: the trainer opens a question: a new round starts. Participants see it and may answer;
  each participant has one answer per round and may change it as long as the round is open.
* **closed**: the trainer closes the round: answers are refused (and not stored) from now on. The
  projector still shows the count per option, not which one is correct.
* **revealed**: the trainer reveals the answer: the correct option and the feedback per option appear on
  the projector and on every participant's screen. A round is revealed at most once.

Only the newest round can be open, so "the current question" is simply the newest round. What a second
trainer action does while a round is open (all decided here, the store carries it out in one transaction):

* opening **another** question closes the open round first (without revealing it) and says so;
* opening the **same** question again changes nothing: it is already open;
* revealing an open round closes it and reveals it in one step;
* closing or revealing when there is nothing to close or reveal changes nothing, with a message why.

Asking a question again later (after its round was closed) starts a new round with fresh answers.
Every message is Dutch and says what happened or what to do.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum


class QuestionState(StrEnum):
    """The state of a round (stored as these values)."""

    OPEN = "open"
    CLOSED = "closed"
    REVEALED = "revealed"


STATE_LABELS = {
    QuestionState.OPEN: "open: de deelnemers kunnen antwoorden",
    QuestionState.CLOSED: "gesloten: het antwoord is nog niet getoond",
    QuestionState.REVEALED: "gesloten en het antwoord is getoond",
}


@dataclass(frozen=True)
class RoundStatus:
    """A round as the rules need it: its number, which question (``oefening/vraag``) and its state."""

    number: int
    key: str
    state: QuestionState

    @property
    def is_open(self) -> bool:
        return self.state is QuestionState.OPEN


@dataclass(frozen=True)
class TrainerStep:
    """What a trainer action does: which round to close, whether to open a new one, which round to reveal.

    ``message`` tells the trainer what happened (or why nothing happened).
    """

    message: str
    close: int | None = None
    open: bool = False
    reveal: int | None = None

    @property
    def changes(self) -> bool:
        return self.close is not None or self.open or self.reveal is not None


class QuestionRefused(Exception):
    """An answer (or action) the rules refuse, with the Dutch message for the participant."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


CLOSED_MESSAGE = (
    "De trainer heeft deze vraag gesloten; je antwoord is niet meer meegeteld. "
    "Kijk op het scherm van de trainer voor de uitleg."
)
NO_QUESTION_MESSAGE = "Deze vraag bestaat niet (meer). Wacht op de volgende vraag van de trainer."


def plan_open(current: RoundStatus | None, key: str, title: str = "") -> TrainerStep:
    """Open the question ``key``: a new round. An open round of another question is closed first (not revealed)."""
    name = f"'{title}'" if title else "de vraag"
    start = f"'{title}'" if title else "De vraag"
    if current is not None and current.is_open:
        if current.key == key:
            return TrainerStep(f"Deze vraag staat al open (ronde {current.number}); de deelnemers kunnen antwoorden.")
        return TrainerStep(
            f"Ronde {current.number} is gesloten zonder het antwoord te tonen; {name} staat nu open "
            f"als ronde {current.number + 1}.",
            close=current.number,
            open=True,
        )
    number = 1 if current is None else current.number + 1
    return TrainerStep(f"{start} staat open als ronde {number}.", open=True)


def plan_close(current: RoundStatus | None) -> TrainerStep:
    """Close the open round: from now on answers are refused; the correct option is not shown yet."""
    if current is None or not current.is_open:
        return TrainerStep("Er staat geen vraag open; er is niets gesloten.")
    return TrainerStep(
        f"Ronde {current.number} is gesloten. Toon het antwoord wanneer je de vraag bespreekt.", close=current.number
    )


def plan_reveal(current: RoundStatus | None) -> TrainerStep:
    """Reveal the answer of the newest round; an open round is closed first, in the same step."""
    if current is None:
        return TrainerStep("Er is nog geen vraag gesteld; er is niets te tonen.")
    if current.state is QuestionState.REVEALED:
        return TrainerStep(f"Het antwoord van ronde {current.number} is al getoond.")
    if current.is_open:
        return TrainerStep(
            f"Ronde {current.number} is gesloten en het antwoord is getoond.",
            close=current.number,
            reveal=current.number,
        )
    return TrainerStep(f"Het antwoord van ronde {current.number} is getoond.", reveal=current.number)


def check_answer(round_: RoundStatus | None, option: str, options: Collection[str], letters: str = "") -> None:
    """Raise :class:`QuestionRefused` unless ``option`` may be stored as an answer in ``round_`` (open, known)."""
    if round_ is None:
        raise QuestionRefused(NO_QUESTION_MESSAGE)
    if not round_.is_open:
        raise QuestionRefused(CLOSED_MESSAGE)
    if option not in options:
        choose = f"Kies {letters}." if letters else "Kies een van de antwoorden."
        raise QuestionRefused(f"Dit antwoord hoort niet bij de vraag. {choose}")


@dataclass(frozen=True)
class AnswerOutcome:
    """What storing an answer did: a first answer, a change, or nothing (the same answer again)."""

    created: bool
    changed: bool

    @property
    def message(self) -> str:
        if self.created:
            return "Je antwoord is doorgegeven. Je kunt het nog veranderen tot de trainer de vraag sluit."
        if self.changed:
            return "Je antwoord is veranderd. Alleen je laatste keuze telt."
        return "Dit antwoord had je al gegeven."


def answer_outcome(previous: str | None, option: str) -> AnswerOutcome:
    """A first answer, a changed one, or the same one again (then nothing is written)."""
    if previous is None:
        return AnswerOutcome(created=True, changed=True)
    return AnswerOutcome(created=False, changed=previous != option)
