"""Random, friendly pseudonyms for workshop participants ("Groene-Uil-42").

A participant never types a name: the app gives them a pseudonym made of a
Dutch adjective, an animal and a two-digit number. The words are short and
harmless; every animal is a *de*-word, so the adjective always takes the -e
ending. :func:`is_pseudonym` checks the format only (not the word lists), so
an answer stored under an older list stays valid when the lists change.
"""

from __future__ import annotations

import re
import secrets

ADJECTIVES: tuple[str, ...] = (
    "Blauwe",
    "Bonte",
    "Dappere",
    "Frisse",
    "Gele",
    "Gouden",
    "Groene",
    "Handige",
    "Heldere",
    "Kalme",
    "Lichte",
    "Moedige",
    "Nieuwsgierige",
    "Paarse",
    "Rode",
    "Rustige",
    "Slimme",
    "Snelle",
    "Sterke",
    "Stille",
    "Trouwe",
    "Vlotte",
    "Vriendelijke",
    "Vrolijke",
    "Warme",
    "Wijze",
    "Zachte",
    "Zilveren",
    "Zonnige",
)
"""Adjectives in the -e form (all animals below are de-words)."""

ANIMALS: tuple[str, ...] = (
    "Bever",
    "Bij",
    "Das",
    "Eend",
    "Egel",
    "Ekster",
    "Forel",
    "Gans",
    "Geit",
    "Haas",
    "Havik",
    "Hommel",
    "Kever",
    "Kikker",
    "Kraai",
    "Libel",
    "Lynx",
    "Merel",
    "Mier",
    "Mol",
    "Mus",
    "Otter",
    "Ree",
    "Reiger",
    "Specht",
    "Uil",
    "Valk",
    "Vink",
    "Vlinder",
    "Vos",
    "Zalm",
    "Zwaan",
)
"""Animals; every one is a de-word ("de uil")."""

PSEUDONYM_PATTERN = re.compile(r"^[A-Z][a-z]{1,19}-[A-Z][a-z]{1,19}-[1-9][0-9]$")
"""Adjective-Animal-NN: two capitalised words of 2..20 letters and a number 10..99."""


def new_pseudonym() -> str:
    """Return a random pseudonym such as ``"Groene-Uil-42"`` (cryptographically random choice)."""
    adjective = secrets.choice(ADJECTIVES)
    animal = secrets.choice(ANIMALS)
    number = 10 + secrets.randbelow(90)
    return f"{adjective}-{animal}-{number}"


def is_pseudonym(s: object) -> bool:
    """True when ``s`` has the pseudonym format (``Adjectief-Dier-NN``); anything else is rejected."""
    return isinstance(s, str) and PSEUDONYM_PATTERN.fullmatch(s) is not None
