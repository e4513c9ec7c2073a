"""The life cycle of a group question as pure rules (handreiking/scenarios/room/question_flow.py)."""

from __future__ import annotations

import pytest

from handreiking.scenarios.room.question_flow import (
    CLOSED_MESSAGE,
    NO_QUESTION_MESSAGE,
    QuestionRefused,
    QuestionState,
    RoundStatus,
    answer_outcome,
    check_answer,
    plan_close,
    plan_open,
    plan_reveal,
)

OPEN = QuestionState.OPEN
CLOSED = QuestionState.CLOSED
REVEALED = QuestionState.REVEALED


def test_the_first_question_opens_round_one() -> None:
    step = plan_open(None, "les-6-balans/v1", "Welke valkuil?")
    assert (step.open, step.close, step.reveal) == (True, None, None)
    assert "ronde 1" in step.message


def test_after_a_closed_round_the_next_question_gets_the_next_number() -> None:
    step = plan_open(RoundStatus(3, "les-6-balans/v1", REVEALED), "les-6-balans/v2")
    assert step.open and step.close is None
    assert "ronde 4" in step.message


def test_opening_another_question_while_one_is_open_closes_the_first_without_revealing() -> None:
    step = plan_open(RoundStatus(2, "les-6-balans/v1", OPEN), "les-6-balans/v2", "Tweede vraag")
    assert (step.open, step.close, step.reveal) == (True, 2, None)
    assert "Ronde 2 is gesloten zonder het antwoord te tonen" in step.message
    assert "ronde 3" in step.message


def test_opening_the_same_open_question_again_changes_nothing() -> None:
    step = plan_open(RoundStatus(2, "les-6-balans/v1", OPEN), "les-6-balans/v1")
    assert not step.changes
    assert "staat al open" in step.message


def test_asking_a_closed_question_again_starts_a_fresh_round() -> None:
    step = plan_open(RoundStatus(2, "les-6-balans/v1", CLOSED), "les-6-balans/v1")
    assert step.open and step.close is None and "ronde 3" in step.message


def test_close_only_closes_an_open_round() -> None:
    assert plan_close(RoundStatus(1, "x/v1", OPEN)).close == 1
    for current in (None, RoundStatus(1, "x/v1", CLOSED), RoundStatus(1, "x/v1", REVEALED)):
        step = plan_close(current)
        assert not step.changes and "geen vraag open" in step.message


def test_reveal_closes_an_open_round_and_reveals_it_in_one_step() -> None:
    step = plan_reveal(RoundStatus(4, "x/v1", OPEN))
    assert (step.close, step.reveal, step.open) == (4, 4, False)
    assert "gesloten en het antwoord is getoond" in step.message


def test_reveal_of_a_closed_round_and_of_nothing() -> None:
    assert plan_reveal(RoundStatus(4, "x/v1", CLOSED)).reveal == 4
    again = plan_reveal(RoundStatus(4, "x/v1", REVEALED))
    assert not again.changes and "al getoond" in again.message
    nothing = plan_reveal(None)
    assert not nothing.changes and "nog geen vraag" in nothing.message


def test_an_answer_in_an_open_round_with_a_known_option_passes() -> None:
    check_answer(RoundStatus(1, "x/v1", OPEN), "b", ("a", "b", "c"))


@pytest.mark.parametrize("state", [CLOSED, REVEALED])
def test_an_answer_after_closing_is_refused_in_dutch(state: QuestionState) -> None:
    with pytest.raises(QuestionRefused) as refused:
        check_answer(RoundStatus(1, "x/v1", state), "b", ("a", "b", "c"))
    assert refused.value.message == CLOSED_MESSAGE
    assert "gesloten" in refused.value.message and "niet meer meegeteld" in refused.value.message


def test_an_answer_to_no_round_or_an_unknown_option_is_refused() -> None:
    with pytest.raises(QuestionRefused) as missing:
        check_answer(None, "a", ("a", "b"))
    assert missing.value.message == NO_QUESTION_MESSAGE
    with pytest.raises(QuestionRefused) as unknown:
        check_answer(RoundStatus(1, "x/v1", OPEN), "z", ("a", "b"), "A of B")
    assert "Kies A of B." in unknown.value.message


def test_answer_outcomes_first_change_and_same() -> None:
    first = answer_outcome(None, "a")
    assert first.created and first.changed and "doorgegeven" in first.message
    change = answer_outcome("a", "b")
    assert not change.created and change.changed and "veranderd" in change.message
    same = answer_outcome("b", "b")
    assert not same.created and not same.changed and "al gegeven" in same.message
