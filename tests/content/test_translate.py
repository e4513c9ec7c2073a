"""Pydantic's errors in Dutch: what was expected, what was found, and where in the file."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import Field, ValidationError

from handreiking.content.models import Model
from handreiking.content.translate import dutch_message, error_path


class Onderdeel(Model):
    naam: str
    punten: int = Field(ge=0)


class Kader(Model):
    titel: str
    onderdelen: list[Onderdeel]


def errors(data: dict[str, Any]) -> list[dict[str, Any]]:
    with pytest.raises(ValidationError) as info:
        Kader.model_validate(data)
    return info.value.errors(include_url=False)


def test_unknown_field_suggests_the_close_one() -> None:
    """A misspelt field is named, with the field that was probably meant and the allowed ones."""
    [err] = errors({"titel": "x", "onderdelen": [{"naam": "a", "punten": 1, "punte": 2}]})
    message = dutch_message(err, Kader)
    assert message == "onbekend veld 'punte'. Bedoelde je 'punten'? Toegestaan: naam, punten."


def test_wrong_type_says_expected_and_found() -> None:
    """A list where a number belongs: expected a whole number, found a list of two."""
    [err] = errors({"titel": "x", "onderdelen": [{"naam": "a", "punten": [1, 2]}]})
    assert dutch_message(err, Kader) == "verwacht een geheel getal, gevonden een lijst met 2 element(en)."


def test_bound_names_the_limit() -> None:
    """A value below its minimum names the minimum and the value found."""
    [err] = errors({"titel": "x", "onderdelen": [{"naam": "a", "punten": -1}]})
    assert dutch_message(err, Kader) == "verwacht een waarde van minstens 0, gevonden het getal -1."


def test_error_path_points_at_the_field_in_the_file() -> None:
    """The location keeps the keys and list positions that exist in the file, plus the missing field's name."""
    data = {"titel": "x", "onderdelen": [{"naam": "a", "punten": 1}, {"punten": 2}]}
    [err] = errors(data)
    assert dutch_message(err, Kader) == "dit verplichte veld ontbreekt."
    assert error_path(err["loc"], data) == ("onderdelen", 1, "naam")
