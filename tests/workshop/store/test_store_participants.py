"""Who takes part in a session (handreiking/workshop/store/participants.py): the signing secret, pseudonyms
handed out, throttle counts, and the bounds that keep a session's store from growing without end."""

from __future__ import annotations

import itertools

import pytest

from handreiking.workshop.store import (
    MAX_PARTICIPANTS_PER_SESSION,
    MAX_SCENARIOS_PER_PARTICIPANT,
    Store,
    StoreError,
)
from handreiking.workshop.store import participants as participants_module


def test_the_secret_is_made_once_and_kept(store: Store) -> None:
    """The same session always gives the same secret (also from another store object); sessions differ."""
    a = store.create_session("een").code
    b = store.create_session("twee").code
    secret = store.session_secret(a)
    assert len(secret) >= 40 and store.session_secret(a.lower()) == secret
    assert store.session_secret(b) != secret
    from handreiking.workshop.store import open_store

    with open_store(store.url) as again:
        assert again.session_secret(a) == secret


def test_no_secret_for_an_unknown_session(store: Store) -> None:
    with pytest.raises(StoreError, match="bestaat niet"):
        store.session_secret("NOPE22")


def test_pseudonyms_are_unique_per_session_and_recorded(store: Store) -> None:
    code = store.create_session().code
    offered = iter(["Groene-Uil-42", "Groene-Uil-42", "Groene-Uil-42", "Rode-Vos-17"])
    first = store.issue_pseudonym(code, make=lambda: next(offered))
    second = store.issue_pseudonym(code, make=lambda: next(offered))
    assert (first, second) == ("Groene-Uil-42", "Rode-Vos-17")  # the taken one is skipped
    assert store.pseudonym_count(code) == 2


def test_pseudonyms_per_session_are_bounded(store: Store) -> None:
    code = store.create_session().code
    numbers = itertools.count(10)
    make = lambda: f"Groene-Uil-{next(numbers)}"  # noqa: E731
    for _ in range(3):
        store.issue_pseudonym(code, make=make, limit=3)
    with pytest.raises(StoreError, match="al 3 schuilnamen"):
        store.issue_pseudonym(code, make=make, limit=3)
    assert store.pseudonym_count(code) == 3


def test_no_free_pseudonym_is_a_retryable_error(store: Store) -> None:
    code = store.create_session().code
    store.issue_pseudonym(code, make=lambda: "Groene-Uil-42")
    with pytest.raises(StoreError) as caught:
        store.issue_pseudonym(code, make=lambda: "Groene-Uil-42")
    assert caught.value.retryable


def test_throttle_counts_are_one_number_per_participant(store: Store) -> None:
    code = store.create_session().code
    store.issue_pseudonym(code, make=lambda: "Groene-Uil-42")
    for clicks in (3, 57, 0):
        store.record_throttled(code, "Groene-Uil-42", clicks)
    store.record_throttled(code, "Rode-Vos-17", 1)  # not handed out here (a test, an old kernel): counted too
    records = {r.participant: r for r in store.throttled(code)}
    assert {p: r.clicks for p, r in records.items()} == {"Groene-Uil-42": 60, "Rode-Vos-17": 1}
    assert all(r.last_at is not None for r in records.values())
    assert store.pseudonym_count(code) == 2


def test_throttle_counts_need_a_pseudonym(store: Store) -> None:
    code = store.create_session().code
    with pytest.raises(StoreError, match="pseudoniem"):
        store.record_throttled(code, "Jan Jansen", 1)


def test_scenario_keys_per_participant_are_bounded(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(participants_module, "MAX_SCENARIOS_PER_PARTICIPANT", 3)
    code = store.create_session().code
    for n in range(3):
        store.save_answer(code, "Groene-Uil-42", f"app-{n}", {"v": 1})
    with pytest.raises(StoreError, match="3 verschillende apps"):
        store.save_answer(code, "Groene-Uil-42", "app-3", {"v": 1})
    assert store.save_answer(code, "Groene-Uil-42", "app-0", {"v": 2}).revision == 2  # updating still works
    assert MAX_SCENARIOS_PER_PARTICIPANT >= 32


def test_participants_per_session_are_bounded(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(participants_module, "MAX_PARTICIPANTS_PER_SESSION", 2)
    code = store.create_session().code
    store.save_answer(code, "Groene-Uil-42", "balans", {"v": 1})
    store.save_answer(code, "Rode-Vos-17", "balans", {"v": 1})
    with pytest.raises(StoreError, match="2 deelnemers"):
        store.save_answer(code, "Blauwe-Das-33", "balans", {"v": 1})
    store.save_answer(code, "Rode-Vos-17", "rollen", {"v": 1})  # someone already in: a new app is fine
    assert store.get_session(code).participants == 2
    assert MAX_PARTICIPANTS_PER_SESSION >= 100


def test_deleting_a_session_removes_its_secret_and_pseudonyms(store: Store) -> None:
    code = store.create_session().code
    secret = store.session_secret(code)
    store.issue_pseudonym(code)
    store.record_throttled(code, "Groene-Uil-42", 2)
    store.delete_session(code)
    assert store.pseudonym_count(code) == 0 and store.throttled(code) == []
    again = store.create_session(code=code).code
    assert store.session_secret(again) != secret  # a new session under the old code: old cookies are foreign
