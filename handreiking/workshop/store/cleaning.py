"""Input checks before anything is written: session code, pseudonym, scenario key, answer, reflectie, title.

Every check either returns the value as it will be stored or raises a
:class:`StoreError` whose Dutch message says what is wrong and what to do.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from handreiking.workshop.pseudonym import is_pseudonym

from .errors import StoreError

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Session code characters: upper case letters and digits without the look-alikes 0/O and 1/I."""
CODE_LENGTH = 6
SCENARIO_PATTERN = re.compile(r"^[a-z0-9-]{1,40}$")
MAX_ANSWER_BYTES = 8 * 1024
MAX_REFLECTIE_CHARS = 500
MAX_TITLE_CHARS = 120
MAX_SCHEMA_VERSION = 1000

_CODE_PATTERN = re.compile(f"^[{CODE_ALPHABET}]{{4,12}}$")
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def normalise_code(code: str) -> str:
    """Session code as stored: stripped and upper case (participants may type it in lower case)."""
    return str(code).strip().upper()


def check_code(code: str) -> str:
    """A session code a trainer chose: normalised, 4 to 12 characters from :data:`CODE_ALPHABET`."""
    code = normalise_code(code)
    if _CODE_PATTERN.fullmatch(code) is None:
        raise StoreError(
            f"Ongeldige sessiecode {code!r}: gebruik 4 tot 12 hoofdletters en cijfers, "
            "zonder 0, O, 1 en I (die lijken te veel op elkaar)."
        )
    return code


def clean_reflectie(text: str | None, what: str = "De reflectie") -> str | None:
    """Strip, remove control and bidi-override characters (keep line breaks); None when empty."""
    if text is None:
        return None
    if not isinstance(text, str):
        raise StoreError(f"{what} moet tekst zijn.")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = [
        ch for ch in text if ch == "\n" or (unicodedata.category(ch) not in ("Cc", "Cs") and ch not in _BIDI_CONTROLS)
    ]
    cleaned = "".join(kept).strip()
    return cleaned or None


def check_reflectie(text: str | None) -> str | None:
    """A participant's reflectie as stored: cleaned, at most :data:`MAX_REFLECTIE_CHARS` characters."""
    cleaned = clean_reflectie(text)
    if cleaned is not None and len(cleaned) > MAX_REFLECTIE_CHARS:
        extra = len(cleaned) - MAX_REFLECTIE_CHARS
        teken = "teken" if extra == 1 else "tekens"
        raise StoreError(
            f"Je reflectie is {len(cleaned)} tekens lang; dat is {extra} {teken} te veel "
            f"(maximaal {MAX_REFLECTIE_CHARS}). Maak hem wat korter."
        )
    return cleaned


def check_title(title: str | None) -> str:
    """A session title as stored: cleaned, on one line, at most :data:`MAX_TITLE_CHARS` characters."""
    cleaned = (clean_reflectie(title, "De titel") or "").replace("\n", " ")
    if len(cleaned) > MAX_TITLE_CHARS:
        raise StoreError(f"De titel is te lang ({len(cleaned)} tekens; maximaal {MAX_TITLE_CHARS}).")
    return cleaned


def encode_answer(answer: object) -> str:
    """The answer as stored: compact JSON of a dict with only text, numbers, lists and ja/nee values."""
    if not isinstance(answer, dict):
        raise StoreError("Het antwoord moet een woordenboek (dict) met gegevens zijn.")
    try:
        encoded = json.dumps(answer, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        raise StoreError(
            f"Het antwoord kan niet worden opgeslagen: het bevat iets anders dan tekst, getallen, "
            f"lijsten of ja/nee-waarden ({exc})."
        ) from exc
    size = len(encoded.encode("utf-8"))
    if size > MAX_ANSWER_BYTES:
        raise StoreError(f"Het antwoord is te groot om te delen ({size} bytes; maximaal {MAX_ANSWER_BYTES} bytes).")
    return encoded


def same_answer(stored: str, encoded: str) -> bool:
    """True when two stored answers hold the same data (key order does not count; 1, 1.0 and true differ)."""
    if stored == encoded:
        return True
    if len(stored) != len(encoded):  # compact JSON with its keys in another order has the same length
        return False
    return _canonical(json.loads(stored)) == _canonical(json.loads(encoded))


def check_participant(participant: object) -> str:
    """A participant as stored: a pseudonym such as ``Groene-Uil-42``, never a name."""
    if not is_pseudonym(participant):
        raise StoreError(
            "De deelnemer moet een pseudoniem zijn zoals 'Groene-Uil-42' (bijvoeglijk naamwoord, dier, getal); "
            "namen of andere persoonsgegevens worden niet opgeslagen."
        )
    return str(participant)


def check_scenario(scenario: object) -> str:
    """A scenario key: 1 to 40 lower-case letters, digits or hyphens."""
    if not isinstance(scenario, str) or SCENARIO_PATTERN.fullmatch(scenario) is None:
        raise StoreError(
            f"Onbekende scenariosleutel {scenario!r}: gebruik 1 tot 40 kleine letters, cijfers of streepjes."
        )
    return scenario


def check_schema_version(version: object) -> int:
    """The version of an answer's structure: a whole number from 1 to :data:`MAX_SCHEMA_VERSION`."""
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= MAX_SCHEMA_VERSION:
        raise StoreError(
            f"Ongeldige versie van het antwoordformaat ({version!r}): gebruik een geheel getal van 1 "
            f"tot en met {MAX_SCHEMA_VERSION}."
        )
    return version


def _canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
