"""The balans app: controls drive the model, the rendered output follows, answers are shareable."""

from __future__ import annotations

import json

import pytest

from handreiking.apps.balans import BalansApp
from handreiking.content.balans import VORMEN, Aanpak


@pytest.fixture
def app() -> BalansApp:
    return BalansApp.from_data()


def set_approach(app: BalansApp, aanpak) -> None:
    for vorm in VORMEN:
        app.sliders[vorm].value = aanpak.level(vorm)
    for key in ("rapportage", "vergaderingen", "procedures"):
        app.asks[key].value = getattr(aanpak, key)
    app.pen.value = aanpak.pen
    app.procesbegeleider.value = aanpak.procesbegeleider


def test_app_starts_with_the_first_case_and_its_start_approach(app: BalansApp) -> None:
    """On start the first case is shown with its description and its starting approach."""
    casus = app.casus
    assert app.aanpak == casus.start_aanpak
    assert casus.summary[:40] in app.casus_info.value
    assert app.uitkomst is not None


def test_every_control_has_a_visible_label(app: BalansApp) -> None:
    """Sliders, pen choice, checkbox and case selector all carry a Dutch label."""
    controls = [app.casus_select, *app.sliders.values(), *app.asks.values(), app.pen, app.procesbegeleider]
    assert all(c.description for c in controls)
    assert app.reset_button.description == "Begin opnieuw"


def test_setting_the_good_approach_via_controls_shows_in_balans(app: BalansApp) -> None:
    """Moving the controls to the case's good approach updates the model result and the text."""
    set_approach(app, app.casus.goed_aanpak)
    assert app.uitkomst.oordeel == "in-balans"
    assert "In balans" in app.verdict_html.value
    assert "hr-hoog" not in app.valkuilen_html.value
    assert "Stap 6.1" in app.feedback_html.value


def test_taking_the_pen_shows_overnemen_high_on_the_onderschatten_side(app: BalansApp) -> None:
    """For a self-steering case, the pen with the gemeente shows overnemen high, and the verdict onderschat."""
    app.casus_select.value = "zonnedak-energiecooperatie"
    set_approach(app, app.casus.goed_aanpak)
    figure_before = app.balance_html.value
    app.pen.value = "gemeente"
    assert app.uitkomst.valkuil("overnemen").niveau == "hoog"
    assert app.uitkomst.oordeel == "onderschatten"
    assert "Onderschat:" in app.verdict_html.value
    assert 'hr-badge hr-hoog">hoog' in app.valkuilen_html.value
    overnemen = next(li for li in app.valkuilen_html.value.split("<li>") if "Overnemen van het initiatief" in li)
    assert "trekt naar onderschatten" in overnemen
    assert "<strong>Onderschatten</strong> (Stap 6.1): Valkuil" in app.feedback_html.value
    assert app.balance_html.value != figure_before
    assert 'aria-label="Balans van onderschatten' in app.balance_html.value


def test_leaving_a_needy_group_alone_shows_overvragen(app: BalansApp) -> None:
    """No support and the pen left to a group that asks for help: the app says overvraagd, too little support high."""
    app.casus_select.value = "buurtwarmte-vlinderbuurt"
    set_approach(app, Aanpak())
    assert app.uitkomst.oordeel == "overvragen"
    assert "Overvraagd:" in app.verdict_html.value
    steun = next(li for li in app.valkuilen_html.value.split("<li>") if "Te weinig steun" in li)
    assert 'hr-badge hr-hoog">hoog' in steun and "trekt naar overvragen" in steun


def test_beide_shows_both_pulls_not_a_quiet_middle(app: BalansApp) -> None:
    """The CPO case starts 'beide': the text names both sides and the picture has a pointer on each side."""
    app.casus_select.value = "cpo-groep"
    u = app.uitkomst
    assert u.oordeel == "beide" and abs(u.positie) < 0.3
    assert "twee kanten" in app.verdict_html.value
    assert f"trek naar onderschatten {u.onderschatten:.2f}" in app.verdict_html.value
    assert f"trek naar overvragen {u.overvragen:.2f}" in app.verdict_html.value
    assert "aan elke kant een" in app.balance_html.value
    assert "<strong>Onderschatten én overvragen</strong> (Stap 6.1)" in app.feedback_html.value


def test_the_axis_ends_are_explained_as_the_training_reads_them(app: BalansApp) -> None:
    """Under the picture the app says what each end means, that it is this training's reading, and the source."""
    text = app.axis_html.value
    assert "Links (−1) onderschat" in text and "Rechts (+1) overvraagt" in text
    assert "deze training" in text and "Oude Vrielink en Wijdeven" in text


def test_every_feedback_item_shows_its_step(app: BalansApp) -> None:
    """Each feedback line in the app names the step of the handreiking it rests on."""
    for casus_id in app.casussen:
        app.casus_select.value = casus_id
        items = app.feedback_html.value.split("<li>")[1:]
        assert len(items) == len(app.uitkomst.feedback) > 0
        for item, fb in zip(items, app.uitkomst.feedback, strict=True):
            assert f"(Stap {fb.stap})" in item


def test_raising_procedures_changes_the_play_out(app: BalansApp) -> None:
    """More procedures lower the energy after a year, and the chart is redrawn."""
    set_approach(app, app.casus.goed_aanpak)
    energy, chart = app.records[-1]["energie"], app.play_out_html.value
    app.asks["procedures"].value = 3
    assert app.records[-1]["energie"] < energy
    assert app.play_out_html.value != chart
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in app.play_out_html.value


def test_changing_the_case_resets_the_approach(app: BalansApp) -> None:
    """Choosing another case applies that case's starting approach and shows its description."""
    app.sliders["aanvullen"].value = 3
    app.casus_select.value = "cpo-groep"
    assert app.aanpak == app.casus.start_aanpak
    assert "CPO" in app.casus_info.value


def test_begin_opnieuw_restores_the_start_approach(app: BalansApp) -> None:
    """The 'Begin opnieuw' button puts the controls back to the case's start."""
    set_approach(app, app.casus.goed_aanpak)
    app.reset_button.click()
    assert app.aanpak == app.casus.start_aanpak


def test_answer_is_json_and_reflects_the_controls(app: BalansApp) -> None:
    """answer() is plain JSON with the chosen case, the controls and the outcome."""
    app.sliders["institutioneel-verbinden"].value = 3
    app.pen.value = "samen"
    answer = json.loads(json.dumps(app.answer()))
    assert answer["casus"] == app.casus.id
    assert answer["aanpak"]["ondersteuning"]["institutioneel-verbinden"] == 3
    assert answer["aanpak"]["pen"] == "samen"
    assert answer["oordeel"] == app.uitkomst.oordeel
    assert answer["positie"] == app.uitkomst.positie
    assert (answer["onderschatten"], answer["overvragen"]) == (app.uitkomst.onderschatten, app.uitkomst.overvragen)
    assert set(answer["valkuilen"]) == {"overvragen", "overnemen", "overspoelen"}
    assert answer["te_weinig_steun"]["niveau"] in {"laag", "midden", "hoog"}
    assert app.casus.title in app.summary()
