"""The balans cases and model file validate; a broken case gets a Dutch error that names the field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from support import loader_problems

from handreiking.content import DATA_DIR
from handreiking.content.loader import validate_files, yaml_files

BALANS_DIR = DATA_DIR / "scenarios" / "balans"
CASE_FILES = sorted((BALANS_DIR / "casussen").glob("*.yaml"))


def test_there_are_at_least_four_cases() -> None:
    """Les 6 needs at least four cases."""
    assert len(CASE_FILES) >= 4


@pytest.mark.parametrize("path", [*CASE_FILES, BALANS_DIR / "model.yaml"], ids=lambda p: p.name)
def test_file_validates(path: Path) -> None:
    """Each balans file validates cleanly with the loader (schema, own checks, references)."""
    assert loader_problems(path) == []


def test_cases_load_as_balans_casus() -> None:
    """The loader gives every case file as kind balans-casus, and invented cases say so."""
    result = validate_files(yaml_files(BALANS_DIR / "casussen"))
    models = [m for _, m in result.models]
    assert len(models) == len(CASE_FILES)
    for casus in models:
        assert casus.kind == "balans-casus"
        if casus.invented:
            assert "verzonnen casus" in casus.summary.lower()


def broken_copy(tmp_path: Path, change: dict) -> Path:
    data = yaml.safe_load(CASE_FILES[0].read_text(encoding="utf-8"))
    data.update(change)
    data["id"] = "kapotte-casus"
    path = tmp_path / "kapotte-casus.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_negative_hours_give_a_dutch_error_naming_the_field(tmp_path: Path) -> None:
    """Hours -5 are refused in Dutch, naming uren_per_week."""
    messages = loader_problems(broken_copy(tmp_path, {"uren_per_week": -5}))
    assert any(m.startswith("uren_per_week") and "minstens 0" in m for m in messages), messages


def test_unknown_field_gives_a_dutch_error_with_a_hint(tmp_path: Path) -> None:
    """A misspelt field is named, with the field that was probably meant."""
    messages = loader_problems(broken_copy(tmp_path, {"zelfsturen": 2}))
    assert any("onbekend veld 'zelfsturen'" in m and "zelfsturing" in m for m in messages), messages


def test_level_out_of_range_in_an_approach_is_named(tmp_path: Path) -> None:
    """A support level above 3 inside goed_aanpak is refused with its path."""
    data = yaml.safe_load(CASE_FILES[0].read_text(encoding="utf-8"))
    messages = loader_problems(broken_copy(tmp_path, {"goed_aanpak": {**data["goed_aanpak"], "rapportage": 7}}))
    assert any(m.startswith("goed_aanpak") and "rapportage" in m and "hoogstens 3" in m for m in messages), messages


def test_unknown_support_form_is_named(tmp_path: Path) -> None:
    """A support form that is not one of the four of Stap 6.1 is refused."""
    messages = loader_problems(broken_copy(tmp_path, {"start_aanpak": {"ondersteuning": {"ontzorgen": 2}}}))
    assert any("ondersteuning" in m and "aanvullen" in m for m in messages), messages


def test_invented_case_must_say_so(tmp_path: Path) -> None:
    """An invented case whose text does not say 'verzonnen casus' is refused."""
    messages = loader_problems(broken_copy(tmp_path, {"summary": "Een groep buren wil een warmtenet."}))
    assert any(m.startswith("summary") and "verzonnen casus" in m for m in messages), messages
