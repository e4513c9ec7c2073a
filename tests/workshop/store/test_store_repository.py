"""The Store (handreiking/workshop/store/repository.py): sessions, answers, history and its bound, input checks.

Every test that takes the ``store`` fixture runs on SQLite and on a real
PostgreSQL server (see conftest.py), so keep them backend-neutral.
"""

from __future__ import annotations

import pytest

from handreiking.workshop.store import (
    CODE_ALPHABET,
    MAX_HISTORY_VERSIONS,
    MAX_REFLECTIE_CHARS,
    Store,
    StoreError,
)

P1, P2, P3 = "Groene-Uil-42", "Rustige-Vos-17", "Dappere-Egel-88"


# --------------------------------------------------------------------------- sessions


def test_create_get_and_list_sessions(store: Store) -> None:
    """A new session can be found by its code (any case) and is listed with its counts."""
    a = store.create_session("Ochtendgroep")
    b = store.create_session()
    assert store.get_session(a.code).title == "Ochtendgroep"
    assert store.get_session(a.code.lower()).code == a.code
    assert store.get_session("ZZZZZZ") is None
    store.save_answer(a.code, P1, "balans", {"keuze": "x"})
    store.save_answer(a.code, P1, "rollen", {"keuze": "y"})
    store.save_answer(a.code, P2, "balans", {"keuze": "z"})
    listed = {s.code: s for s in store.list_sessions()}
    assert set(listed) == {a.code, b.code}
    assert (listed[a.code].participants, listed[a.code].answers) == (2, 3)
    assert (listed[b.code].participants, listed[b.code].answers) == (0, 0)


def test_session_codes_are_short_and_unambiguous(store: Store) -> None:
    """Random codes are 6 upper-case characters without 0, O, 1 or I, and all different."""
    codes = [store.create_session().code for _ in range(40)]
    assert len(set(codes)) == 40
    for code in codes:
        assert len(code) == 6 and set(code) <= set(CODE_ALPHABET)
        assert not set(code) & set("0O1I")


def test_given_code_is_used_and_duplicates_refused(store: Store) -> None:
    """A trainer can pick a code; the same code twice or an ambiguous code is refused in Dutch."""
    assert store.create_session("eigen", code="wkst42").code == "WKST42"
    with pytest.raises(StoreError, match="bestaat al"):
        store.create_session(code="WKST42")
    with pytest.raises(StoreError, match="zonder 0, O, 1 en I"):
        store.create_session(code="OI0101")


def test_delete_session_removes_all_answers_and_history(store: Store) -> None:
    """Deleting a session removes its answers and old versions, reports the count, and leaves others alone."""
    doomed = store.create_session("weg").code
    kept = store.create_session("blijft").code
    for p in (P1, P2, P3):
        store.save_answer(doomed, p, "balans", {"v": 1})
        store.save_answer(doomed, p, "balans", {"v": 2}, "tweede versie")
    store.save_answer(kept, P1, "balans", {"v": 1})
    store.save_answer(kept, P1, "balans", {"v": 2})
    assert len(store.history(doomed)) == 3
    assert store.delete_session(doomed.lower()) == 3
    assert store.get_session(doomed) is None
    assert store.answers(doomed) == [] and store.history(doomed) == []
    assert len(store.answers(kept)) == 1 and len(store.history(kept)) == 1
    assert store.delete_session(doomed) == 0


def test_closed_session_refuses_new_answers(store: Store) -> None:
    """After closing, answers stay readable but new ones are refused with a Dutch message."""
    code = store.create_session().code
    store.save_answer(code, P1, "balans", {"v": 1})
    assert store.close_session(code)
    assert store.get_session(code).closed
    with pytest.raises(StoreError, match="gesloten"):
        store.save_answer(code, P2, "balans", {"v": 1})
    assert len(store.answers(code)) == 1


# --------------------------------------------------------------------------- answers


def test_resubmit_updates_and_keeps_history(store: Store) -> None:
    """A second submit replaces the answer (no duplicate row) and the first version is kept in the history."""
    code = store.create_session().code
    first = store.save_answer(code, P1, "balans", {"mix": "veel zelf doen"}, "eerste gedachte")
    second = store.save_answer(code, P1, "balans", {"mix": "samen"}, "toch anders")
    third = store.save_answer(code, P1, "balans", {"mix": "overnemen"})
    assert (first.created, first.revision) == (True, 1)
    assert (second.created, second.revision) == (False, 2)
    assert third.updated and third.revision == 3
    assert "bijgewerkt" in second.message and "gedeeld" in first.message
    rows = store.answers(code)
    assert len(rows) == 1
    assert rows[0].answer == {"mix": "overnemen"} and rows[0].revision == 3 and rows[0].reflectie is None
    old = store.history(code, participant=P1, scenario="balans")
    assert [(h.revision, h.answer, h.reflectie) for h in old] == [
        (1, {"mix": "veel zelf doen"}, "eerste gedachte"),
        (2, {"mix": "samen"}, "toch anders"),
    ]


def test_answers_per_scenario_and_participant_count(store: Store) -> None:
    """Answers can be read per scenario; the participant count counts people, not answers."""
    code = store.create_session().code
    store.save_answer(code, P1, "balans", {"v": 1})
    store.save_answer(code, P1, "rollen", {"v": 2})
    store.save_answer(code, P2, "balans", {"v": 3, "genest": {"a": [1, 2]}})
    assert store.participant_count(code) == 2
    assert [r.participant for r in store.answers(code, "balans")] == [P1, P2]
    assert [r.scenario for r in store.answers(code, "rollen")] == ["rollen"]
    assert store.answers(code, "balans")[1].answer == {"v": 3, "genest": {"a": [1, 2]}}
    assert store.scenarios(code) == ["balans", "rollen"]


def test_unknown_session_is_refused_in_dutch(store: Store) -> None:
    """Saving into a session that does not exist gives a Dutch, non-retryable error."""
    with pytest.raises(StoreError, match="bestaat niet") as info:
        store.save_answer("ABCDEF", P1, "balans", {"v": 1})
    assert info.value.retryable is False


@pytest.mark.parametrize(
    ("participant", "scenario", "answer", "fragment"),
    [
        ("Jan Jansen", "balans", {"v": 1}, "pseudoniem"),
        ("jan@gemeente.nl", "balans", {"v": 1}, "pseudoniem"),
        (P1, "Balans!", {"v": 1}, "scenariosleutel"),
        (P1, "x" * 41, {"v": 1}, "scenariosleutel"),
        (P1, "balans", ["geen", "dict"], "woordenboek"),
        (P1, "balans", {"v": object()}, "kan niet worden opgeslagen"),
        (P1, "balans", {"v": float("nan")}, "kan niet worden opgeslagen"),
        (P1, "balans", {"tekst": "x" * 9000}, "te groot"),
    ],
)
def test_invalid_input_is_refused_in_dutch(
    store: Store, participant: str, scenario: str, answer: object, fragment: str
) -> None:
    """Wrong participant, scenario or answer: nothing is stored and the Dutch message says what is wrong."""
    code = store.create_session().code
    with pytest.raises(StoreError, match=fragment):
        store.save_answer(code, participant, scenario, answer)  # type: ignore[arg-type]
    assert store.answers(code) == []


def test_long_reflectie_says_how_many_characters_too_many(store: Store) -> None:
    """A reflection over 500 characters is refused with the exact excess; exactly 500 is fine."""
    code = store.create_session().code
    with pytest.raises(StoreError) as info:
        store.save_answer(code, P1, "balans", {"v": 1}, "a" * (MAX_REFLECTIE_CHARS + 23))
    assert "23 tekens te veel" in str(info.value) and "500" in str(info.value)
    with pytest.raises(StoreError, match="1 teken te veel"):
        store.save_answer(code, P1, "balans", {"v": 1}, "b" * (MAX_REFLECTIE_CHARS + 1))
    assert store.save_answer(code, P1, "balans", {"v": 1}, "  " + "c" * MAX_REFLECTIE_CHARS + "  \n").created


def test_reflectie_is_stripped_and_control_characters_removed(store: Store) -> None:
    """Control and bidi characters disappear, line breaks stay, and blank text counts as no reflection."""
    code = store.create_session().code
    store.save_answer(code, P1, "balans", {"v": 1}, "  Eerst\x00 dit\x1b[31m\r\nen\u202e dan dat \t ")
    assert store.answers(code)[0].reflectie == "Eerst dit[31m\nen dan dat"
    store.save_answer(code, P2, "balans", {"v": 1}, " \x07 \n ")
    assert store.answers(code, "balans")[1].reflectie is None


# --------------------------------------------------------------------------- resubmits (issue 14)


def test_identical_resubmit_stores_nothing(store: Store) -> None:
    """Sharing the same answer and reflectie again adds no version and no history row, and says so."""
    code = store.create_session().code
    first = store.save_answer(code, P1, "balans", {"mix": "samen", "stappen": [1, 2]}, "eerste gedachte")
    for _ in range(50):
        again = store.save_answer(code, P1, "balans", {"stappen": [1, 2], "mix": "samen"}, "  eerste gedachte \n")
        assert (again.created, again.changed, again.updated, again.revision) == (False, False, False, 1)
        assert again.updated_at == first.updated_at
    assert "niets veranderd" in again.message
    (row,) = store.answers(code)
    assert (row.revision, row.updated_at) == (1, first.updated_at)
    assert store.history(code) == []


@pytest.mark.parametrize(
    ("answer", "reflectie"),
    [
        ({"mix": "samen", "stappen": [2, 1]}, "eerste gedachte"),  # list order counts
        ({"mix": "samen", "stappen": [1, 2.0]}, "eerste gedachte"),  # 2 and 2.0 are different answers
        ({"mix": "samen", "stappen": [1, True]}, "eerste gedachte"),
        ({"mix": "samen", "stappen": [1, 2]}, "andere gedachte"),
        ({"mix": "samen", "stappen": [1, 2]}, None),
    ],
)
def test_any_real_change_is_a_new_version(store: Store, answer: dict, reflectie: str | None) -> None:
    """A change in the answer's data or in the reflectie is stored as the next version."""
    code = store.create_session().code
    store.save_answer(code, P1, "balans", {"mix": "samen", "stappen": [1, 2]}, "eerste gedachte")
    result = store.save_answer(code, P1, "balans", answer, reflectie)
    assert (result.changed, result.updated, result.revision) == (True, True, 2)
    assert [h.revision for h in store.history(code)] == [1]
    assert store.answers(code)[0].answer == answer


def test_history_keeps_a_bounded_number_of_versions(store: Store) -> None:
    """After many changes only the newest MAX_HISTORY_VERSIONS earlier versions stay; other keys keep theirs."""
    code = store.create_session().code
    total = MAX_HISTORY_VERSIONS + 15
    for n in range(1, total + 1):
        assert store.save_answer(code, P1, "balans", {"n": n}).revision == n
    store.save_answer(code, P1, "rollen", {"n": 1})
    store.save_answer(code, P1, "rollen", {"n": 2})
    store.save_answer(code, P2, "balans", {"n": 1})
    store.save_answer(code, P2, "balans", {"n": 2})
    kept = store.history(code, participant=P1, scenario="balans")
    assert [h.revision for h in kept] == list(range(total - MAX_HISTORY_VERSIONS, total))
    assert [h.answer["n"] for h in kept] == list(range(total - MAX_HISTORY_VERSIONS, total))
    assert [h.revision for h in store.history(code, participant=P1, scenario="rollen")] == [1]
    assert [h.revision for h in store.history(code, participant=P2)] == [1]
    current = next(row for row in store.answers(code, "balans") if row.participant == P1)
    assert (current.revision, current.answer) == (total, {"n": total})


def test_answer_schema_version_is_stored_and_returned(store: Store) -> None:
    """The answer's structure version goes in and comes back out; a new version alone is a change."""
    code = store.create_session().code
    store.save_answer(code, P1, "balans", {"v": 1})
    assert store.answers(code)[0].schema_version == 1
    result = store.save_answer(code, P1, "balans", {"v": 1}, schema_version=2)
    assert (result.changed, result.revision) == (True, 2)
    assert store.answers(code)[0].schema_version == 2
    assert [(h.revision, h.schema_version) for h in store.history(code)] == [(1, 1)]
    assert not store.save_answer(code, P1, "balans", {"v": 1}, schema_version=2).changed


@pytest.mark.parametrize("version", [0, -1, 1001, "2", 1.0, True, None])
def test_invalid_answer_schema_version_is_refused(store: Store, version: object) -> None:
    """A structure version that is not a whole number from 1 to 1000 is refused in Dutch and nothing is stored."""
    code = store.create_session().code
    with pytest.raises(StoreError, match="versie van het antwoordformaat"):
        store.save_answer(code, P1, "balans", {"v": 1}, schema_version=version)  # type: ignore[arg-type]
    assert store.answers(code) == []
