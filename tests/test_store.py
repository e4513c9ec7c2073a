"""The workshop answer store: sessions, answers, history, validation (SQLite here; PostgreSQL reuses them).

The exports are tested in tests/workshop/export/.

Every test that takes the ``store`` fixture is also run against a real
PostgreSQL server by tests/test_store_postgres.py, so keep those tests
backend-neutral.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from handreiking.workshop.pseudonym import new_pseudonym
from handreiking.workshop.store import (
    CODE_ALPHABET,
    MAX_REFLECTIE_CHARS,
    SCHEMA_VERSION,
    Store,
    StoreError,
    default_data_dir,
    open_store,
)

XSS = "<img src=x onerror=alert(1)>"
P1, P2, P3 = "Groene-Uil-42", "Rustige-Vos-17", "Dappere-Egel-88"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A fresh SQLite store in a temp folder."""
    s = open_store(tmp_path / "data")
    yield s
    s.close()


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


def test_migrations_are_safe_to_rerun(store: Store) -> None:
    """Opening the same database again (and migrating twice) keeps the data and the schema version."""
    code = store.create_session("blijft").code
    store.save_answer(code, P1, "balans", {"v": 1})
    assert store.schema_version() == SCHEMA_VERSION
    assert store.migrate() == []
    again = open_store(store.url)
    try:
        assert again.migrate() == []
        assert again.schema_version() == SCHEMA_VERSION
        assert again.get_session(code).answers == 1
    finally:
        again.close()


# --------------------------------------------------------------------------- SQLite specifics


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    """The file uses WAL, foreign keys and the configured busy timeout, and passes the integrity check."""
    s = open_store(f"sqlite:///{tmp_path}/w.sqlite3", busy_timeout_ms=1234)
    try:
        conn = s._conn()
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 1234
        assert s.integrity_check() == "ok"
        assert s.path == (tmp_path / "w.sqlite3").resolve()
    finally:
        s.close()


def test_default_location_is_the_data_dir_outside_the_project(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without arguments the store lives in HANDREIKING_DATA_DIR (or ~/.local/share/handreiking)."""
    monkeypatch.delenv("HANDREIKING_STORE", raising=False)
    monkeypatch.setenv("HANDREIKING_DATA_DIR", str(tmp_path / "gegevens"))
    s = open_store()
    try:
        assert s.path == (tmp_path / "gegevens" / "workshop.sqlite3").resolve()
    finally:
        s.close()
    monkeypatch.delenv("HANDREIKING_DATA_DIR")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert default_data_dir() == tmp_path / ".local" / "share" / "handreiking"


def test_unwritable_folder_gives_dutch_error_naming_it(tmp_path: Path) -> None:
    """A data folder that cannot be created or written is reported in Dutch, with the folder's path."""
    blocker = tmp_path / "een-bestand"
    blocker.write_text("geen map")
    folder = blocker / "data"
    with pytest.raises(StoreError) as info:
        open_store(folder / "workshop.sqlite3")
    assert "niet beschrijfbaar" in info.value.message and str(folder) in info.value.message
    assert info.value.retryable is False


def test_unknown_url_scheme_is_refused(tmp_path: Path) -> None:
    """A database address of an unknown kind is refused with a Dutch hint."""
    with pytest.raises(StoreError, match="Onbekend soort database-adres"):
        open_store("mysql://localhost/db")


def test_threads_get_their_own_connection(tmp_path: Path) -> None:
    """Eight threads sharing one Store can all write at once; no connection is shared between threads."""
    s = open_store(tmp_path, busy_timeout_ms=20000)
    code = s.create_session().code
    names = sorted({new_pseudonym() for _ in range(40)})[:8]
    errors: list[BaseException] = []
    connections: set[int] = set()

    def work(name: str) -> None:
        try:
            connections.add(id(s._conn()))
            for scenario in ("balans", "rollen", "mix"):
                s.save_answer(code, name, scenario, {"wie": name})
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(connections) == len(names)
    assert len(s.answers(code)) == 3 * len(names)
    s.close()


def test_foreign_keys_block_orphan_answers(tmp_path: Path) -> None:
    """The schema itself refuses an answer for a session that does not exist (defence in depth)."""
    s = open_store(tmp_path)
    s.close()
    conn = sqlite3.connect(tmp_path / "workshop.sqlite3")
    conn.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO answers VALUES ('NOPE22', ?, 'balans', '{}', NULL, 1, 'x', 'x')",
            (P1,),
        )
    conn.close()
