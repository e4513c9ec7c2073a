"""The rollen app without a browser: set the sliders and the case, check the mix, the pictures and the feedback."""

from __future__ import annotations

import json

import ipywidgets as widgets
import pytest

from handreiking.apps.rollen import RollenApp
from handreiking.content import Content
from handreiking.content.rollen import ROL_IDS


@pytest.fixture
def app(content: Content) -> RollenApp:
    return RollenApp.from_data(content)


def test_app_starts_with_the_first_case_and_its_start_mix(app: RollenApp, content: Content) -> None:
    """On opening, the first vraagstuk is shown with its own start mix on the sliders."""
    first = content.of_kind("rollen-vraagstuk")[0]
    assert app.casus_select.value == first.id
    assert app.mix == first.start_mix.as_dict()
    assert first.title in app.casus_html.value


@pytest.mark.parametrize("rol", ROL_IDS)
@pytest.mark.parametrize("value", [0, 7, 60, 100])
def test_moving_a_slider_keeps_the_mix_at_100(app: RollenApp, rol: str, value: int) -> None:
    """Moving any slider leaves that slider where it was put and the four together at exactly 100."""
    app.sliders[rol].value = value
    assert app.sliders[rol].value == value
    assert sum(s.value for s in app.sliders.values()) == 100
    assert app.uitkomst is not None and app.uitkomst.mix == app.mix


def test_several_moves_in_a_row_stay_consistent(app: RollenApp) -> None:
    """A sequence of moves never breaks the sum, and the model result follows the sliders."""
    for rol, value in [("responsief", 80), ("rechtmatig", 30), ("presterend", 0), ("netwerkend", 45)]:
        app.sliders[rol].value = value
        assert sum(app.mix.values()) == 100 and app.uitkomst is not None
        assert app.uitkomst.mix == app.mix
    assert app.mix["netwerkend"] == 45


def test_slider_change_updates_chart_table_and_feedback(app: RollenApp) -> None:
    """Changing the mix redraws the mix chart, the fit table and the feedback."""
    before = (app.mix_html.value, app.tabel_html.value, app.feedback_html.value)
    app.sliders["rechtmatig"].value = 100
    after = (app.mix_html.value, app.tabel_html.value, app.feedback_html.value)
    assert all(a != b for a, b in zip(before, after, strict=True))
    assert "Alles op één rol" in app.feedback_html.value


def test_factor_chart_follows_the_case(app: RollenApp, content: Content) -> None:
    """What the factors ask depends on the case: the chart changes with the case, not with the mix."""
    first = app.factoren_html.value
    app.sliders["rechtmatig"].value = 90
    assert app.factoren_html.value == first
    app.casus_select.value = content.of_kind("rollen-vraagstuk")[1].id
    assert app.factoren_html.value != first


def test_charts_have_dutch_text_alternatives(app: RollenApp) -> None:
    """Both charts are images (SVG, role="img") with a Dutch text alternative that carries the numbers."""
    app.sliders["responsief"].value = 40
    assert 'role="img" aria-label="Staafdiagram van jouw mix' in app.mix_html.value
    assert f"Responsief {app.mix['responsief']}%" in app.mix_html.value
    assert 'role="img" aria-label="Gestapelde staven per factor. Het vraagstuk vraagt' in app.factoren_html.value


def test_pull_table_shows_every_factor(app: RollenApp) -> None:
    """The table beside the chart lists each factor with its fit."""
    assert app.uitkomst is not None
    for f in app.uitkomst.factoren:
        assert f.naam in app.tabel_html.value and f"{f.fit}%" in app.tabel_html.value


def test_case_change_applies_that_case_start_mix(app: RollenApp, content: Content) -> None:
    """Choosing another vraagstuk shows its text and puts its own start mix on the sliders."""
    app.sliders["responsief"].value = 90
    other = content.of_kind("rollen-vraagstuk")[1]
    app.casus_select.value = other.id
    assert app.mix == other.start_mix.as_dict()
    assert other.title in app.casus_html.value and other.bespreking[:40] in app.bespreking_html.value
    assert app.uitkomst is not None and app.uitkomst.vraagstuk == other.id


def test_reset_button_restores_the_start_mix(app: RollenApp) -> None:
    """'Terug naar de startmix' puts the case's start mix back."""
    start = app.vraagstuk.start_mix.as_dict()
    app.sliders["presterend"].value = 70
    app.reset_button.click()
    assert app.mix == start


def test_windpark_all_responsief_shows_the_minimum_tension(app: RollenApp) -> None:
    """In the windpark case, 100% responsief shows the tension that names rechtmatig and the permit."""
    app.casus_select.value = "windpark-lokaal-eigendom"
    app.sliders["responsief"].value = 100
    html = app.feedback_html.value
    assert "Een rol die je hier niet kunt missen" in html and "rechtmatig 0%" in html and "vergunning" in html


def test_answer_is_json_with_case_mix_and_fit(app: RollenApp) -> None:
    """answer() holds the case id, the mix and the fit numbers, and survives a JSON round trip."""
    app.sliders["netwerkend"].value = 50
    answer = app.shared_answer().as_json()
    assert json.loads(json.dumps(answer)) == answer
    assert answer["casus"] == app.casus_select.value and answer["mix"] == app.mix
    assert sum(answer["mix"].values()) == 100
    assert set(answer["fit"]) == {"vraagstuk", "politieke-voorkeur", "organisatie", "persoonlijke-stijl"}
    assert answer["totaal"] == app.uitkomst.fit  # type: ignore[union-attr]


def test_summary_is_one_dutch_line(app: RollenApp) -> None:
    """summary() is one line that names the case, the four shares and the total fit."""
    line = app.summary()
    assert "\n" not in line and app.vraagstuk.title in line and "totale aansluiting" in line
    for rol in ROL_IDS:
        assert f"{rol} {app.mix[rol]}%" in line


def test_every_control_has_a_visible_label(app: RollenApp) -> None:
    """The case menu and all four sliders carry a Dutch label; the button has text."""
    assert app.casus_select.description == "Vraagstuk"
    for rol, slider in app.sliders.items():
        assert isinstance(slider, widgets.IntSlider)
        assert slider.description.lower().startswith(rol) and slider.style.description_width == "initial"
    assert app.reset_button.description


def test_layout_wraps_on_a_phone(app: RollenApp) -> None:
    """The two columns use the wrapping column classes, and the app has the shared styling class."""
    columns = [w for w in app.children if "hr-columns" in getattr(w, "_dom_classes", ())]
    assert len(columns) == 1 and all("hr-col" in c._dom_classes for c in columns[0].children)
    assert "hr-app" in app._dom_classes


def test_case_text_is_escaped(content: Content) -> None:
    """Text from a (trainer's) case file is escaped before it is shown."""
    from handreiking.content.rollen import rollen_model, rollen_vraagstukken

    case = rollen_vraagstukken(content)[0].model_copy(update={"title": "<script>x</script>"})
    app = RollenApp(rollen_model(content), [case])
    assert "<script>" not in app.casus_html.value and "&lt;script&gt;" in app.casus_html.value
