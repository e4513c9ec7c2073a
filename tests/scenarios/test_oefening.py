"""Grading an oefening: one verdict per question, each with its feedback and the step it rests on."""

from __future__ import annotations

import typing

import pytest

from handreiking.content import Content
from handreiking.content.models import Vindplaats
from handreiking.content.oefening import Oefening
from handreiking.scenarios.oefening import evaluate, evaluate_question


def oefeningen(content: Content) -> list[Oefening]:
    return content.of_kind("oefening")


def right(oefening: Oefening) -> dict[str, str | None]:
    return {v.id: next(o.id for o in v.options if o.correct) for v in oefening.questions}


def wrong(oefening: Oefening) -> dict[str, str | None]:
    return {v.id: next(o.id for o in v.options if not o.correct) for v in oefening.questions}


def test_all_right_scores_every_question(content: Content) -> None:
    """Choosing a correct option everywhere gives 'Goed' on every question and a full score."""
    for oefening in oefeningen(content):
        uitkomst = evaluate(oefening, right(oefening))
        assert uitkomst.oefening == oefening.id
        assert uitkomst.goed == uitkomst.totaal == len(oefening.questions)
        assert {v.label for v in uitkomst.vragen} == {"Goed"}


def test_wrong_choices_get_their_own_feedback(content: Content) -> None:
    """A wrong option scores nothing and shows the feedback written for that option."""
    oefening = oefeningen(content)[0]
    antwoorden = wrong(oefening)
    uitkomst = evaluate(oefening, antwoorden)
    assert uitkomst.goed == 0
    for vraag, v in zip(oefening.questions, uitkomst.vragen, strict=True):
        optie = next(o for o in vraag.options if o.id == antwoorden[vraag.id])
        assert (v.vraag, v.gekozen, v.juist, v.feedback, v.label) == (
            vraag.id,
            optie.id,
            False,
            optie.feedback,
            "Nog niet goed",
        )


@pytest.mark.parametrize("gekozen", [None, "bestaat-niet"])
def test_missing_or_unknown_choice_counts_as_not_answered(content: Content, gekozen: str | None) -> None:
    """No choice, or one that is not an option of the question, asks for an answer first."""
    vraag = oefeningen(content)[0].questions[0]
    v = evaluate_question(vraag, gekozen)
    assert (v.gekozen, v.juist, v.label, v.feedback) == (None, False, "Nog niet beantwoord", "Kies eerst een antwoord.")


def test_every_verdict_names_its_step(content: Content) -> None:
    """Each verdict carries the step of its question, one of the fourteen steps."""
    for oefening in oefeningen(content):
        for vraag, v in zip(oefening.questions, evaluate(oefening, {}).vragen, strict=True):
            assert v.stap == vraag.stap and v.stap in typing.get_args(Vindplaats)


def test_questions_keep_the_oefening_order(content: Content) -> None:
    """Verdicts come in the order of the questions, whatever order the answers were given in."""
    oefening = max(oefeningen(content), key=lambda o: len(o.questions))
    antwoorden = dict(reversed(list(right(oefening).items())))
    assert [v.vraag for v in evaluate(oefening, antwoorden).vragen] == [q.id for q in oefening.questions]
