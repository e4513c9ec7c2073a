"""Input checks before anything is written (handreiking/workshop/store/cleaning.py)."""

from __future__ import annotations

import pytest

from handreiking.workshop.store import MAX_ANSWER_BYTES, StoreError, clean_reflectie, normalise_code
from handreiking.workshop.store.cleaning import (
    check_code,
    check_participant,
    check_schema_version,
    check_title,
    encode_answer,
    same_answer,
)


def test_session_codes_are_normalised_and_checked() -> None:
    """Codes are stored stripped and in capitals; a chosen code avoids look-alike characters."""
    assert normalise_code("  wrk234 ") == "WRK234"
    assert check_code("wkst42") == "WKST42"
    for bad in ("ABC", "A" * 13, "WRK-23", "OI0101"):
        with pytest.raises(StoreError, match="Ongeldige sessiecode"):
            check_code(bad)


def test_clean_reflectie_keeps_text_and_line_breaks_only() -> None:
    """Control and bidi characters go, Windows line breaks become plain ones, blank text becomes None."""
    assert clean_reflectie("a\r\nb\rc\u202ed\x00") == "a\nb\ncd"
    assert clean_reflectie(" \t\n ") is None and clean_reflectie(None) is None
    with pytest.raises(StoreError, match="De reflectie moet tekst zijn"):
        clean_reflectie(42)  # type: ignore[arg-type]


def test_titles_fit_on_one_line() -> None:
    """A session title loses its line breaks and may not be longer than 120 characters."""
    assert check_title("Ochtend\ngroep 3") == "Ochtend groep 3"
    with pytest.raises(StoreError, match="te lang"):
        check_title("x" * 121)


def test_encoded_answers_are_compact_json_within_the_size_limit() -> None:
    """Answers are stored as compact JSON (non-ASCII kept), and refused when too large."""
    assert encode_answer({"keuze": "héél", "n": [1, 2]}) == '{"keuze":"héél","n":[1,2]}'
    limit = MAX_ANSWER_BYTES - len('{"t":""}')
    assert len(encode_answer({"t": "x" * limit})) == MAX_ANSWER_BYTES
    with pytest.raises(StoreError, match="te groot"):
        encode_answer({"t": "x" * (limit + 1)})


def test_same_answer_ignores_key_order_only() -> None:
    """Two answers are the same when only their key order differs; other differences count."""
    stored = encode_answer({"a": 1, "b": {"c": [1, 2]}})
    assert same_answer(stored, encode_answer({"b": {"c": [1, 2]}, "a": 1}))
    for other in ({"a": 1.0, "b": {"c": [1, 2]}}, {"a": True, "b": {"c": [1, 2]}}, {"a": 1, "b": {"c": [2, 1]}}):
        assert not same_answer(stored, encode_answer(other))


def test_participant_must_be_a_pseudonym() -> None:
    """Only the Bijvoeglijk-Dier-getal format is stored; names and e-mail addresses are refused."""
    assert check_participant("Groene-Uil-42") == "Groene-Uil-42"
    for bad in ("Jan Jansen", "jan@gemeente.nl", "", None):
        with pytest.raises(StoreError, match="pseudoniem"):
            check_participant(bad)


@pytest.mark.parametrize(("value", "ok"), [(1, True), (1000, True), (0, False), (1001, False), (True, False)])
def test_schema_version_is_a_whole_number_in_range(value: object, ok: bool) -> None:
    """The answer structure version is a whole number from 1 to 1000 (True is not a number here)."""
    if ok:
        assert check_schema_version(value) == value
    else:
        with pytest.raises(StoreError, match="antwoordformaat"):
            check_schema_version(value)
