"""The democratische-bril app (Les 7): controls change the feedback; the answer is plain JSON."""

from __future__ import annotations

import json

import pytest

from handreiking.apps.bril import BrilApp
from handreiking.content import Content
from handreiking.content.bril import BRIL_VRAGEN


@pytest.fixture
def app(content: Content) -> BrilApp:
    return BrilApp.from_data(content)


def test_app_starts_without_a_judgement(app: BrilApp) -> None:
    """At the start nothing is judged and no consideration of the case is shown yet."""
    assert app.uitkomst.beoordeeld == 0
    assert all(radio.value is None for radio in app.oordelen.values())
    for o in app.casus.overwegingen:
        assert o.overweging not in app.vragen_html.value
    assert "nog geen oordeel" in app.summary().lower()


def test_judging_all_is_well_shows_the_cases_concerns(app: BrilApp) -> None:
    """'In orde' on every question: the feedback flags each concern of the case with its consideration."""
    for radio in app.oordelen.values():
        radio.value = "in-orde"
    assert app.uitkomst.gemist == app.casus.zorgpunten
    for vraag in app.casus.zorgpunten:
        assert app.casus.overweging(vraag).overweging in app.vragen_html.value
    assert "Je ziet minder zorg" in app.vragen_html.value
    assert "Stap 7.2" in app.vragen_html.value


def test_choosing_a_measure_changes_the_feedback(app: BrilApp) -> None:
    """Ticking a measure lists it under 'Jouw maatregelen' and covers the concerns it addresses."""
    for radio in app.oordelen.values():
        radio.value = "zorg"
    before = app.uitkomst.gedekt
    maatregel = app.model.maatregel("besluiten-openbaar")
    app.maatregelen["besluiten-openbaar"].value = True
    assert maatregel.naam in app.maatregelen_html.value
    assert set(app.uitkomst.gedekt) - set(before) == {v for v in maatregel.helpt_bij if v in app.casus.zorgpunten}


def test_involving_the_council_changes_the_council_note(app: BrilApp) -> None:
    """The council note names Stap 7.1 and changes when 'de gemeenteraad vroeg betrekken' is ticked."""
    before = app.raad_html.value
    app.maatregelen[app.model.raad.maatregel].value = True
    assert "Stap 7.1" in app.raad_html.value and app.raad_html.value != before
    assert app.model.raad.gekozen in app.raad_html.value


def test_switching_case_starts_afresh(app: BrilApp) -> None:
    """Choosing another case clears the judgements and measures and shows the new case's facts."""
    app.oordelen["transparant"].value = "zorg"
    app.maatregelen["financiele-toets"].value = True
    other = list(app.casussen)[1]
    app.casus_select.value = other
    assert app.uitkomst.casus == other
    assert app.uitkomst.beoordeeld == 0 and app.uitkomst.maatregelen == ()
    assert app.casussen[other].feiten[0] in app.casus_html.value


def test_reset_clears_everything(app: BrilApp) -> None:
    """'Begin opnieuw' clears all judgements and measures."""
    app.oordelen["zuinig"].value = "twijfel"
    app.maatregelen["draagvlak-peilen"].value = True
    app.reset_button.click()
    assert app.uitkomst.beoordeeld == 0 and not app.gekozen_maatregelen()


def test_answer_is_json_and_matches_the_controls(app: BrilApp) -> None:
    """answer() survives a JSON round trip and holds the case, the judgements, the measures and the counts."""
    app.casus_select.value = "garantie-energiecooperatie"
    app.oordelen["zuinig"].value = "zorg"
    app.oordelen["draagvlak"].value = "zorg"
    app.maatregelen["financiele-toets"].value = True
    answer = json.loads(json.dumps(app.shared_answer().as_json()))
    assert answer["casus"] == "garantie-energiecooperatie"
    assert answer["oordelen"]["zuinig"] == "zorg" and set(answer["oordelen"]) == set(BRIL_VRAGEN)
    assert answer["maatregelen"] == ["financiele-toets"]
    assert (answer["beoordeeld"], answer["gelijk"], answer["strenger"]) == (2, 1, 1)
    assert "zuinig" not in answer["open_zorgpunten"]


def test_summary_is_one_dutch_line(app: BrilApp) -> None:
    """summary() is one line that names the case and the number of matching judgements."""
    app.oordelen["transparant"].value = "zorg"
    line = app.summary()
    assert "\n" not in line and app.casus.title in line and "oordelen gelijk" in line


def test_every_control_has_a_visible_label(app: BrilApp) -> None:
    """Each judgement and measure control carries its own Dutch label."""
    assert app.casus_select.description == "Casus"
    assert [r.description for r in app.oordelen.values()] == [v.kort for v in app.model.vragen]
    assert all(box.description for box in app.maatregelen.values())
