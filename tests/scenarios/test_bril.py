"""The democratische bril (Les 7, Stap 7.2): data, comparison with the case, measures, steps, broken files."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import loader_problems

from handreiking.content import DATA_DIR, STAP_IDS, Content
from handreiking.content.bril import BRIL_VRAGEN, BrilCasus, BrilModel, bril_casussen, bril_model
from handreiking.scenarios.bril import casus_markdown, compare, evaluate, explain_model

BRIL_DIR = DATA_DIR / "scenarios" / "bril"
CASE_FILES = sorted((BRIL_DIR / "casussen").glob("*.yaml"))
CASE_IDS = [yaml.safe_load(p.read_text(encoding="utf-8"))["id"] for p in CASE_FILES]


@pytest.fixture(scope="module")
def model(content: Content) -> BrilModel:
    return bril_model(content)


@pytest.fixture(scope="module")
def casussen(content: Content) -> dict[str, BrilCasus]:
    return {c.id: c for c in bril_casussen(content)}


def all_judged(niveau: str) -> dict[str, str | None]:
    return dict.fromkeys(BRIL_VRAGEN, niveau)


# --- data ---------------------------------------------------------------------------


def test_there_are_three_cases() -> None:
    """Les 7 has at least three bril cases."""
    assert len(CASE_FILES) >= 3


@pytest.mark.parametrize("path", [*CASE_FILES, BRIL_DIR / "model.yaml"], ids=lambda p: p.name)
def test_file_validates(path: Path) -> None:
    """Each bril file validates cleanly with the loader (schema, own checks, references)."""
    assert loader_problems(path) == []


def test_model_asks_the_six_questions_of_the_framework(model: BrilModel, content: Content) -> None:
    """The model's questions are exactly the items of the democratische-bril framework, in order."""
    items = [i.id for i in content.frameworks["democratische-bril"].items]
    assert [v.id for v in model.vragen] == items == list(BRIL_VRAGEN)


def test_invented_cases_say_so(casussen: dict[str, BrilCasus]) -> None:
    """Every case is invented and its summary says 'verzonnen casus'."""
    assert all(c.invented and "verzonnen casus" in c.summary.lower() for c in casussen.values())


def test_every_case_has_a_concern_and_something_in_order(casussen: dict[str, BrilCasus]) -> None:
    """Each case has concerns to find and at least one question where it sees no problem (so 'stricter' can happen)."""
    for casus in casussen.values():
        assert casus.zorgpunten
        assert len(casus.zorgpunten) < len(BRIL_VRAGEN)


# --- comparison -----------------------------------------------------------------------


@pytest.mark.parametrize("casus_id", CASE_IDS)
def test_saying_all_is_well_flags_the_cases_known_concerns(
    model: BrilModel, casussen: dict[str, BrilCasus], casus_id: str
) -> None:
    """'In orde' everywhere: every question where the case sees doubt or concern is flagged, with its consideration."""
    casus = casussen[casus_id]
    uitkomst = evaluate(model, casus, all_judged("in-orde"))
    assert uitkomst.gemist == casus.zorgpunten
    for v in uitkomst.vragen:
        if v.vraag in casus.zorgpunten:
            assert v.vergelijking == "milder"
            assert casus.overweging(v.vraag).overweging in v.tekst
        else:
            assert v.vergelijking == "gelijk"


@pytest.mark.parametrize("casus_id", CASE_IDS)
def test_the_cases_own_judgement_matches_everywhere(
    model: BrilModel, casussen: dict[str, BrilCasus], casus_id: str
) -> None:
    """Answering as the case does gives 'gelijk' on all six questions and nothing missed."""
    casus = casussen[casus_id]
    uitkomst = evaluate(model, casus, {o.vraag: o.niveau for o in casus.overwegingen})
    assert uitkomst.count("gelijk") == 6 and uitkomst.gemist == ()


def test_too_much_concern_is_stricter_and_explains_why(model: BrilModel, casussen: dict[str, BrilCasus]) -> None:
    """'Zorg' where the case sees none is 'strenger', and the feedback gives the case's reason."""
    casus = next(iter(casussen.values()))
    rustig = next(v for v in BRIL_VRAGEN if v not in casus.zorgpunten)
    uitkomst = evaluate(model, casus, {rustig: "zorg"})
    feedback = next(v for v in uitkomst.vragen if v.vraag == rustig)
    assert feedback.vergelijking == "strenger"
    assert casus.overweging(rustig).overweging in feedback.tekst


def test_compare_orders_by_weight(model: BrilModel) -> None:
    """Less concern than the case is milder, more is stricter, none given is open."""
    assert compare(model, "in-orde", "zorg") == "milder"
    assert compare(model, "zorg", "twijfel") == "strenger"
    assert compare(model, "twijfel", "twijfel") == "gelijk"
    assert compare(model, None, "zorg") == "open"


def test_nothing_answered_reveals_no_consideration(model: BrilModel, casussen: dict[str, BrilCasus]) -> None:
    """Before a judgement the feedback asks the question and does not give away the case's view."""
    casus = next(iter(casussen.values()))
    uitkomst = evaluate(model, casus, {})
    assert uitkomst.beoordeeld == 0
    for v in uitkomst.vragen:
        assert v.vergelijking == "open"
        assert casus.overweging(v.vraag).overweging not in v.tekst


def test_unknown_ids_are_ignored(model: BrilModel, casussen: dict[str, BrilCasus]) -> None:
    """An unknown scale value or measure counts as not given."""
    casus = next(iter(casussen.values()))
    uitkomst = evaluate(model, casus, {"transparant": "misschien", "onzin": "zorg"}, ["bestaat-niet"])
    assert uitkomst.beoordeeld == 0 and uitkomst.maatregelen == ()


# --- measures and the council -------------------------------------------------------


@pytest.mark.parametrize("casus_id", CASE_IDS)
def test_measures_cover_the_concerns_they_address(
    model: BrilModel, casussen: dict[str, BrilCasus], casus_id: str
) -> None:
    """A concern is covered exactly when a chosen measure addresses it; otherwise the feedback suggests measures."""
    casus = casussen[casus_id]
    gekozen = ["besluiten-openbaar", "financiele-toets"]
    uitkomst = evaluate(model, casus, all_judged("twijfel"), gekozen)
    for v in uitkomst.vragen:
        helpen = [m for m in gekozen if v.vraag in model.maatregel(m).helpt_bij]
        if v.zorgpunt:
            assert list(v.maatregelen) == helpen
            if not helpen:
                assert v.suggesties and all(v.vraag in model.maatregel(s).helpt_bij for s in v.suggesties)
        else:
            assert v.maatregelen == () and v.suggesties == ()


def test_all_helpful_measures_cover_every_concern(model: BrilModel, casussen: dict[str, BrilCasus]) -> None:
    """With every helpful measure chosen no concern is left open, in any case."""
    alle = [m.id for m in model.maatregelen if m.valkuil is None]
    for casus in casussen.values():
        assert evaluate(model, casus, all_judged("zorg"), alle).open_zorgpunten == ()


def test_taking_over_is_named_as_a_pitfall(model: BrilModel, casussen: dict[str, BrilCasus]) -> None:
    """Choosing 'de gemeente neemt het proces over' covers nothing and gets its warning."""
    casus = next(iter(casussen.values()))
    uitkomst = evaluate(model, casus, {}, ["gemeente-neemt-over"])
    fb = uitkomst.maatregel_feedback[0]
    assert fb.helpt_bij == () and fb.tekst == model.maatregel("gemeente-neemt-over").valkuil
    assert uitkomst.gedekt == ()


def test_the_council_note_names_step_7_1(model: BrilModel, casussen: dict[str, BrilCasus]) -> None:
    """Every case gets a note on the gemeenteraad (Stap 7.1) that changes when the council is involved."""
    for casus in casussen.values():
        zonder = evaluate(model, casus, {})
        met = evaluate(model, casus, {}, [model.raad.maatregel])
        assert zonder.raad.stap == met.raad.stap == "7.1"
        assert casus.raad in zonder.raad.tekst and zonder.raad.tekst != met.raad.tekst


# --- properties ---------------------------------------------------------------------


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_answers_give_feedback_that_names_a_step(
    model: BrilModel, casussen: dict[str, BrilCasus], data: st.DataObject
) -> None:
    """Whatever is answered: six question items, every feedback item names a step 1.1-7.2, the same result twice."""
    casus = data.draw(st.sampled_from(list(casussen.values())), label="casus")
    oordelen = {v: data.draw(st.sampled_from([None, "in-orde", "twijfel", "zorg"]), label=v) for v in BRIL_VRAGEN}
    maatregelen = data.draw(st.lists(st.sampled_from([m.id for m in model.maatregelen]), unique=True), label="m")
    uitkomst = evaluate(model, casus, oordelen, maatregelen)
    assert len(uitkomst.vragen) == 6
    assert all(item.stap in STAP_IDS for item in uitkomst.feedback_items())
    assert uitkomst.raad.stap == "7.1"
    assert all(v.stap == "7.2" for v in uitkomst.vragen)
    assert evaluate(model, casus, dict(oordelen), list(maatregelen)) == uitkomst
    assert set(uitkomst.gedekt) | set(uitkomst.open_zorgpunten) == set(casus.zorgpunten)


def test_explanation_is_written_from_the_data(model: BrilModel, casussen: dict[str, BrilCasus]) -> None:
    """'Hoe werkt dit model?' names every question, every measure and what the model leaves out."""
    text = explain_model(model)
    assert all(v.vraag in text for v in model.vragen)
    assert all(m.naam in text for m in model.maatregelen)
    assert all(item in text for item in model.laat_weg)
    assert "geen juridisch advies" in text
    for casus in casussen.values():
        assert all(o.overweging in casus_markdown(casus, model) for o in casus.overwegingen)


# --- broken files -------------------------------------------------------------------


def broken_copy(tmp_path: Path, change: dict) -> Path:
    data = yaml.safe_load(CASE_FILES[0].read_text(encoding="utf-8"))
    data.update(change)
    data["id"] = "kapotte-casus"
    path = tmp_path / "kapotte-casus.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_missing_question_in_a_case_is_named_in_dutch(tmp_path: Path) -> None:
    """A case without a consideration for 'draagvlak' is refused, naming the field and the question."""
    data = yaml.safe_load(CASE_FILES[0].read_text(encoding="utf-8"))
    overwegingen = [o for o in data["overwegingen"] if o["vraag"] != "draagvlak"]
    overwegingen.append(dict(overwegingen[0]))  # still six, but one twice
    messages = loader_problems(broken_copy(tmp_path, {"overwegingen": overwegingen}))
    assert any(m.startswith("overwegingen") and "draagvlak" in m and "ontbreekt" in m for m in messages), messages
    assert any("twee keer" in m for m in messages), messages


def test_unknown_level_is_named(tmp_path: Path) -> None:
    """A level that is not on the scale ('paniek') is refused at its place in the file."""
    data = yaml.safe_load(CASE_FILES[0].read_text(encoding="utf-8"))
    data["overwegingen"][1]["niveau"] = "paniek"
    messages = loader_problems(broken_copy(tmp_path, {"overwegingen": data["overwegingen"]}))
    assert any(m.startswith("overwegingen #2 › niveau") and "in-orde" in m for m in messages), messages


def test_invented_case_must_say_so(tmp_path: Path) -> None:
    """An invented case whose summary does not say 'verzonnen casus' gets a Dutch message on 'summary'."""
    messages = loader_problems(broken_copy(tmp_path, {"summary": "Een groep buren verdeelt geld."}))
    assert any(m.startswith("summary") and "verzonnen casus" in m for m in messages), messages


def test_misspelt_field_is_named(tmp_path: Path) -> None:
    """A misspelt field ('kanttekeningen') is refused with the name of the field."""
    messages = loader_problems(broken_copy(tmp_path, {"kanttekeningen": "x"}))
    assert any("kanttekeningen" in m and "onbekend veld" in m for m in messages), messages
