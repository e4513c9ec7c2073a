"""Participant pseudonyms: random, friendly, and never a name or address."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from handreiking.workshop.pseudonym import ADJECTIVES, ANIMALS, is_pseudonym, new_pseudonym


def test_new_pseudonyms_have_the_format_and_vary() -> None:
    """Each pseudonym is Adjectief-Dier-NN from the word lists, and 200 draws give many different ones."""
    drawn = [new_pseudonym() for _ in range(200)]
    for name in drawn:
        adjective, animal, number = name.split("-")
        assert adjective in ADJECTIVES and animal in ANIMALS and 10 <= int(number) <= 99
        assert is_pseudonym(name)
    assert len(set(drawn)) > 150


def test_names_and_addresses_are_not_pseudonyms() -> None:
    """Real names, e-mail addresses, markup and near misses are rejected."""
    for bad in [
        "Jan Jansen",
        "jan@gemeente.nl",
        "Groene-Uil",
        "groene-uil-42",
        "Groene-Uil-4",
        "Groene-Uil-420",
        "<b>-Uil-42",
        "Groene-Uil-42\n",
        "",
        None,
        42,
    ]:
        assert not is_pseudonym(bad)


@given(st.text(max_size=40))
def test_anything_accepted_is_safe_text(text: str) -> None:
    """Whatever passes the check contains only letters, two hyphens and digits (safe in HTML, CSV and SQL)."""
    if is_pseudonym(text):
        assert text.count("-") == 2 and text.replace("-", "").isascii() and text.replace("-", "").isalnum()
