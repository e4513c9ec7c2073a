"""Group questions in the store (handreiking/workshop/store/questions.py), on SQLite and PostgreSQL.

The life cycle end to end through real transactions: open, answer, change, close, reveal; a second trainer
action while a round is open; an answer after closing refused with a Dutch message and not stored.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from handreiking.content import bundled_content
from handreiking.scenarios.room.question_flow import CLOSED_MESSAGE, QuestionState
from handreiking.scenarios.room.questions import GroupQuestion, questions_of
from handreiking.workshop.store import Store, StoreError
from handreiking.workshop.store.questions import AnswerRefused, GroupQuestions
from handreiking.workshop.store.schema import question_answers, questions

P1, P2, P3 = "Groene-Uil-42", "Rustige-Vos-17", "Snelle-Das-18"


def _oefening_questions() -> tuple[GroupQuestion, ...]:
    oefening = next(o for o in bundled_content().of_kind("oefening") if o.id == "les-6-balans")
    return questions_of(oefening)


@pytest.fixture
def setup(store: Store) -> tuple[Store, GroupQuestions, str]:
    code = store.create_session("Groepsvragen").code
    return store, GroupQuestions(store), code


def _stored_answers(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(question_answers)).scalar() or 0)


def test_open_answer_change_close_reveal(setup: tuple[Store, GroupQuestions, str]) -> None:
    _, desk, code = setup
    first = _oefening_questions()[0]
    assert desk.latest(code) is None
    opened = desk.open(code, first)
    assert opened.current is not None and opened.current.number == 1 and opened.current.is_open
    assert opened.current.question == first
    status = desk.latest(code)
    assert (status.number, status.key, status.state) == (1, first.key, QuestionState.OPEN)

    right = first.correct_ids[0]
    wrong = next(o for o in first.option_ids if o not in first.correct_ids)
    assert desk.answer(code, 1, P1, wrong).outcome.created
    assert desk.answer(code, 1, P2, right).outcome.created
    changed = desk.answer(code, 1, P1, right)
    assert changed.outcome.changed and not changed.outcome.created and changed.changes == 1
    same = desk.answer(code, 1, P1, right)
    assert not same.outcome.changed and "al gegeven" in same.message
    assert desk.counts(code, 1) == {right: 2}
    assert desk.my_answer(code, 1, P1) == right and desk.my_answer(code, 1, P3) is None

    closed = desk.close(code)
    assert closed.current.state is QuestionState.CLOSED and closed.current.closed_at is not None
    revealed = desk.reveal(code)
    assert revealed.current.revealed and revealed.current.revealed_at is not None
    assert "getoond" in revealed.message
    assert desk.counts(code, 1) == {right: 2}


def test_an_answer_after_closing_is_refused_and_not_stored(setup: tuple[Store, GroupQuestions, str]) -> None:
    store, desk, code = setup
    first = _oefening_questions()[0]
    desk.open(code, first)
    desk.answer(code, 1, P1, first.option_ids[0])
    desk.close(code)
    before = _stored_answers(store)
    with pytest.raises(AnswerRefused) as refused:
        desk.answer(code, 1, P2, first.option_ids[1])
    assert refused.value.message == CLOSED_MESSAGE
    with pytest.raises(AnswerRefused):  # a change after closing is refused too
        desk.answer(code, 1, P1, first.option_ids[1])
    assert _stored_answers(store) == before
    assert desk.counts(code, 1) == {first.option_ids[0]: 1}
    desk.reveal(code)
    with pytest.raises(AnswerRefused):
        desk.answer(code, 1, P3, first.option_ids[0])
    assert _stored_answers(store) == before


def test_opening_another_question_closes_the_open_one(setup: tuple[Store, GroupQuestions, str]) -> None:
    _, desk, code = setup
    first, second = _oefening_questions()[:2]
    desk.open(code, first)
    desk.answer(code, 1, P1, first.option_ids[0])
    result = desk.open(code, second)
    assert result.step.close == 1 and result.step.open
    assert "Ronde 1 is gesloten zonder het antwoord te tonen" in result.message
    rounds = desk.rounds(code)
    assert [(r.number, r.key, r.state) for r in rounds] == [
        (1, first.key, QuestionState.CLOSED),
        (2, second.key, QuestionState.OPEN),
    ]
    with pytest.raises(AnswerRefused):  # a page still showing round 1
        desk.answer(code, 1, P2, first.option_ids[0])
    assert desk.answer(code, 2, P2, second.option_ids[0]).outcome.created


def test_second_actions_that_change_nothing(setup: tuple[Store, GroupQuestions, str]) -> None:
    _, desk, code = setup
    first = _oefening_questions()[0]
    assert "geen vraag open" in desk.close(code).message
    assert "nog geen vraag" in desk.reveal(code).message
    desk.open(code, first)
    again = desk.open(code, first)
    assert not again.step.changes and "staat al open" in again.message
    assert len(desk.rounds(code)) == 1
    desk.reveal(code)
    assert "al getoond" in desk.reveal(code).message
    assert "geen vraag open" in desk.close(code).message
    asked_again = desk.open(code, first)
    assert asked_again.current.number == 2 and asked_again.current.is_open
    assert desk.counts(code, 2) == {}


def test_refused_answers_unknown_round_option_or_person(setup: tuple[Store, GroupQuestions, str]) -> None:
    store, desk, code = setup
    first = _oefening_questions()[0]
    with pytest.raises(AnswerRefused):
        desk.answer(code, 1, P1, "a")
    desk.open(code, first)
    with pytest.raises(AnswerRefused) as unknown:
        desk.answer(code, 1, P1, "zz")
    assert "Kies A, B of C." in unknown.value.message
    with pytest.raises(StoreError):
        desk.answer(code, 1, "Jan Jansen", first.option_ids[0])
    assert _stored_answers(store) == 0


def test_a_closed_session_takes_no_answers_and_no_actions(setup: tuple[Store, GroupQuestions, str]) -> None:
    store, desk, code = setup
    first = _oefening_questions()[0]
    desk.open(code, first)
    store.close_session(code)
    with pytest.raises(StoreError):
        desk.answer(code, 1, P1, first.option_ids[0])
    with pytest.raises(StoreError):
        desk.open(code, first)


def test_deleting_the_session_removes_its_rounds_and_answers(setup: tuple[Store, GroupQuestions, str]) -> None:
    store, desk, code = setup
    first = _oefening_questions()[0]
    other = store.create_session("blijft").code
    for session in (code, other):
        desk.open(session, first)
        desk.answer(session, 1, P1, first.option_ids[0])
    store.delete_session(code)
    assert desk.rounds(code) == [] and desk.answers(code) == []
    assert len(desk.answers(other)) == 1
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(questions)).scalar() == 1


def test_answers_racing_the_close_are_either_counted_or_refused(setup: tuple[Store, GroupQuestions, str]) -> None:
    """Twelve participants answer while the trainer closes: every accepted answer is stored, no refused one is."""
    _, desk, code = setup
    first = _oefening_questions()[0]
    desk.open(code, first)
    accepted: list[str] = []
    refused: list[str] = []
    start = threading.Barrier(13)

    def participant(n: int) -> None:
        name = f"Rode-Vos-{n + 10}"
        start.wait()
        try:
            desk.answer(code, 1, name, first.option_ids[n % len(first.option_ids)])
        except AnswerRefused:
            refused.append(name)
        else:
            accepted.append(name)

    threads = [threading.Thread(target=participant, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    start.wait()
    desk.close(code)
    for t in threads:
        t.join()
    stored = {x.participant for x in desk.answers(code)}
    assert stored == set(accepted)
    assert len(accepted) + len(refused) == 12
