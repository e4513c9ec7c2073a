"""The rollen vraagstukken and model file validate; a trainer's broken case gets a Dutch error naming the field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from handreiking.content import Content, check_paths
from handreiking.content.loader import DATA_DIR, validate_files, yaml_files
from handreiking.content.rollen import FACTOR_IDS, ROL_IDS

Writer = Callable[[str, str | bytes], Path]
ROLLEN_DIR = DATA_DIR / "scenarios" / "rollen"

GOOD_CASE = """\
kind: rollen-vraagstuk
id: mijn-vraagstuk
title: Zonnepanelen op de sporthal
invented: true
beschrijving: Dit is een verzonnen casus van een trainer. De sportclub wil zonnepanelen op de hal.
inzet: Een lagere energierekening voor de club.
plek: openbare-ruimte
politiek: De raad steunt sportclubs.
ervaring: enige
stijl: Je werkt graag samen met verenigingen.
factoren:
  - factor: vraagstuk
    toelichting: De hal is van de gemeente.
    trek: {rechtmatig: 2, presterend: 1, netwerkend: 2, responsief: 2}
  - factor: politieke-voorkeur
    toelichting: De raad wil de club helpen.
    trek: {rechtmatig: 1, presterend: 1, netwerkend: 2, responsief: 3}
  - factor: organisatie
    toelichting: Er is enige ervaring.
    trek: {rechtmatig: 2, presterend: 2, netwerkend: 2, responsief: 1}
  - factor: persoonlijke-stijl
    toelichting: Jij bent een verbinder.
    trek: {rechtmatig: 0, presterend: 1, netwerkend: 3, responsief: 2}
minimum:
  - rol: rechtmatig
    aandeel: 10
    reden: Het dak is van de gemeente; daar zijn afspraken over nodig.
    stap: "1.2"
start_mix: {rechtmatig: 20, presterend: 20, netwerkend: 30, responsief: 30}
bespreking: Een korte bespreking voor de trainer.
stappen: ["1.1"]
"""


def messages(path: Path) -> list[str]:
    return [str(p) for p in check_paths([path])]


def test_bundled_rollen_files_validate() -> None:
    """The model and every vraagstuk in data/scenarios/rollen validate together with data/."""
    result = validate_files([*yaml_files(ROLLEN_DIR), *yaml_files(DATA_DIR)])
    assert [str(p) for p in result.problems if "rollen" in p.file] == []


def test_bundled_content_has_the_model_and_five_cases(content: Content) -> None:
    """There is one rollen model and at least five vraagstukken, each with a unique id."""
    assert len(content.of_kind("rollen-model")) == 1
    ids = [v.id for v in content.of_kind("rollen-vraagstuk")]
    assert len(ids) >= 5 and len(set(ids)) == len(ids)


def test_every_case_is_marked_invented_and_complete(content: Content) -> None:
    """Each bundled case says it is invented, has a trainer's discussion, four factors and a start mix."""
    for v in content.of_kind("rollen-vraagstuk"):
        assert v.invented and "verzonnen casus" in v.beschrijving.lower()
        assert len(v.bespreking) > 100
        assert [f.factor for f in v.factoren] == list(FACTOR_IDS)
        assert all(set(f.trek) == set(ROL_IDS) for f in v.factoren)
        assert sum(v.start_mix.as_dict().values()) == 100


def test_cases_that_touch_law_say_it_is_not_legal_advice(content: Content) -> None:
    """A minimum share that rests on permits, subsidies or public money carries the 'geen juridisch advies' note."""
    for v in content.of_kind("rollen-vraagstuk"):
        for m in v.minimum:
            if any(w in m.reden.lower() for w in ("vergunning", "subsidie", "aanbesteding", "staatssteun")):
                assert "geen juridisch advies" in m.reden.lower(), v.id


def test_good_trainer_case_passes(write_yaml: Writer) -> None:
    """A trainer's own valid vraagstuk passes together with data/."""
    assert messages(write_yaml("vraagstuk.yaml", GOOD_CASE)) == []


@pytest.mark.parametrize(
    "old, new, field, words",
    [
        ("plek: openbare-ruimte", "plek: buiten", "veld plek", "achter-de-voordeur"),
        ("ervaring: enige", "ervaring: heel veel", "veld ervaring", "weinig"),
        (
            "start_mix: {rechtmatig: 20, presterend: 20, netwerkend: 30, responsief: 30}",
            "start_mix: {rechtmatig: 20, presterend: 20, netwerkend: 30, responsief: 40}",
            "veld start_mix",
            "samen 100",
        ),
        (
            "trek: {rechtmatig: 0, presterend: 1, netwerkend: 3, responsief: 2}",
            "trek: {rechtmatig: 0, presterend: 1, netwerkend: 3, responsief: 5}",
            "veld factoren #4 › trek › responsief",
            "hoogstens 3",
        ),
        (
            "trek: {rechtmatig: 0, presterend: 1, netwerkend: 3, responsief: 2}",
            "trek: {rechtmatig: 0, presterend: 1, netwerkend: 3}",
            "veld factoren #4 › trek:",
            "ontbreekt: responsief",
        ),
        ("  - factor: organisatie", "  - factor: vraagstuk", "veld factoren", "volgorde"),
        ("  - rol: rechtmatig\n", "  - rol: juridisch\n", "veld minimum #1 › rol", "'rechtmatig'"),
        ('    stap: "1.2"', '    stap: "1.9"', "veld minimum #1 › stap", "'1.2'"),
        ("Dit is een verzonnen casus van een trainer. ", "", "veld beschrijving", "verzonnen casus"),
        ("inzet: Een lagere energierekening voor de club.\n", "", "veld inzet", "ontbreekt"),
    ],
)
def test_broken_case_names_the_field_in_dutch(write_yaml: Writer, old: str, new: str, field: str, words: str) -> None:
    """Each kind of mistake in a trainer's vraagstuk is reported once, in Dutch, with the field it is in."""
    assert old in GOOD_CASE
    [msg] = messages(write_yaml("vraagstuk.yaml", GOOD_CASE.replace(old, new, 1)))
    assert "vraagstuk.yaml" in msg and field in msg and words in msg


def test_broken_case_gives_the_line(write_yaml: Writer) -> None:
    """The message points at the line of the wrong value."""
    [msg] = messages(write_yaml("vraagstuk.yaml", GOOD_CASE.replace("plek: openbare-ruimte", "plek: buiten")))
    assert "regel 7" in msg


def test_broken_model_template_names_the_unknown_placeholder(write_yaml: Writer) -> None:
    """A feedback template in a model file that uses an unknown placeholder is reported with the allowed ones."""
    text = (ROLLEN_DIR / "model.yaml").read_text(encoding="utf-8")
    text = text.replace("id: rollen-model", "id: mijn-rollenmodel", 1)
    text = text.replace("Reden: {reden}", "Reden: {waarom}", 1)
    [msg] = messages(write_yaml("model.yaml", text))
    assert "veld minimum › sjabloon" in msg and "{waarom}" in msg and "{reden}" in msg
