"""The Les 1 widgets without a browser: the zelfscan and the beleidsnotitie builder react to what is entered."""

from __future__ import annotations

import base64
import json
import re

import pytest

from handreiking.apps.beleidsnotitie import CLEAR_LABEL, BeleidsnotitieApp
from handreiking.apps.zelfscan import ZelfscanApp
from handreiking.content import Content


def choose(app: ZelfscanApp, pick: str) -> None:
    """Answer every question with its lowest ('min') or highest ('max') scoring option."""
    for vraag in app.scan.vragen:
        scored = [a for a in vraag.antwoorden if a.score is not None]
        best = (min if pick == "min" else max)(scored, key=lambda a: a.score)
        app.vragen[vraag.id].value = best.id


# --- zelfscan ------------------------------------------------------------------------------


@pytest.fixture
def scan_app(content: Content) -> ZelfscanApp:
    return ZelfscanApp.from_data(content)


def test_zelfscan_starts_without_a_place(scan_app: ZelfscanApp) -> None:
    """Before answering, the result asks for more answers and shows no place."""
    assert scan_app.uitslag.plek is None
    assert scan_app.scan.te_weinig in scan_app.result_html.value.replace("&#x27;", "'")
    assert "Nog niet genoeg" in scan_app.summary()


def test_zelfscan_every_question_has_a_labelled_control(scan_app: ZelfscanApp) -> None:
    """One radio group per question, each with a visible label and no preselected answer."""
    assert list(scan_app.vragen) == [v.id for v in scan_app.scan.vragen]
    for radio in scan_app.vragen.values():
        assert radio.description.startswith("Vraag ")
        assert radio.value is None


@pytest.mark.parametrize(("pick", "plek"), [("min", "Zich afzijdig houden"), ("max", "Actieve ondersteuning")])
def test_zelfscan_answers_move_the_result(scan_app: ZelfscanApp, pick: str, plek: str) -> None:
    """Choosing answers updates the place on the spectrum, the bar's text alternative and the tips."""
    choose(scan_app, pick)
    assert "<strong style" in scan_app.result_html.value
    assert plek in scan_app.result_html.value
    assert re.search(r'aria-label="[^"]*Jouw score: \d+ van 100', scan_app.result_html.value)
    assert "<strong>Stap " in scan_app.tips_html.value
    assert plek.lower() in scan_app.summary()


def test_zelfscan_result_says_it_is_no_judgement(scan_app: ZelfscanApp) -> None:
    """The result panel reminds the user that this is a reflection, not a judgement."""
    choose(scan_app, "max")
    assert "geen oordeel" in scan_app.result_html.value


def test_zelfscan_answer_is_json(scan_app: ZelfscanApp) -> None:
    """The shareable answer holds the choices and the outcome, as JSON."""
    choose(scan_app, "max")
    answer = json.loads(json.dumps(scan_app.shared_answer().as_json()))
    assert answer["plek"] == "actieve-ondersteuning"
    assert answer["score"] == 100
    assert set(answer["antwoorden"]) == set(scan_app.vragen)


def test_zelfscan_reset_clears_the_answers(scan_app: ZelfscanApp) -> None:
    """'Wis mijn antwoorden' empties every question and the result."""
    choose(scan_app, "max")
    scan_app.reset_button.click()
    assert all(r.value is None for r in scan_app.vragen.values())
    assert scan_app.uitslag.plek is None


# --- beleidsnotitie --------------------------------------------------------------------------


@pytest.fixture
def notitie(content: Content) -> BeleidsnotitieApp:
    return BeleidsnotitieApp.from_data(content)


def download_markdown(app: BeleidsnotitieApp) -> str:
    href = re.search(r'href="data:text/markdown;charset=utf-8;base64,([^"]+)"', app.download.value).group(1)
    return base64.b64decode(href).decode("utf-8")


def test_notitie_has_a_labelled_field_per_part(notitie: BeleidsnotitieApp, content: Content) -> None:
    """Seven text areas, in the handreiking's order, each labelled with its number and name."""
    items = content.frameworks["beleidsnotitie"].items
    assert list(notitie.fields) == [i.id for i in items]
    for n, (area, item) in enumerate(zip(notitie.fields.values(), items, strict=True), start=1):
        assert area.description == f"{n}. {item.name}"


def test_notitie_preview_and_download_follow_the_text(notitie: BeleidsnotitieApp) -> None:
    """Typing in a field changes the preview and the downloadable Markdown at once."""
    before = notitie.download.value
    notitie.title_field.value = "Energie in Dijkerveen"
    notitie.fields["criteria"].value = "Reactie binnen zes weken."
    assert "Reactie binnen zes weken." in notitie.preview.value
    assert "Energie in Dijkerveen" in notitie.preview.value
    assert notitie.download.value != before
    assert "Reactie binnen zes weken." in download_markdown(notitie)
    assert notitie.summary() == "1 van de 7 onderdelen ingevuld."


def test_notitie_preview_shows_tags_as_text(notitie: BeleidsnotitieApp) -> None:
    """HTML typed into a field is shown as text in the preview, never run."""
    notitie.fields["waarom"].value = "<script>alert(1)</script><img src=x onerror=alert(1)>"
    assert "<script" not in notitie.preview.value
    assert "<img" not in notitie.preview.value
    assert "&lt;script&gt;" in notitie.preview.value


def test_notitie_counter_warns_when_too_long(notitie: BeleidsnotitieApp) -> None:
    """The counter under a field says when the text is longer than the limit."""
    notitie.fields["budget"].value = "x" * 2500
    assert "Te lang" in notitie.counters["budget"].value
    assert "Te lang" not in notitie.counters["waarom"].value


def test_wis_alles_needs_two_clicks(notitie: BeleidsnotitieApp) -> None:
    """One click on 'Wis alles' only asks for confirmation; the second click empties every field."""
    notitie.title_field.value = "Titel"
    notitie.fields["waarom"].value = "Omdat het kan."
    notitie.clear_button.click()
    assert notitie.fields["waarom"].value == "Omdat het kan."
    assert notitie.confirm_pending
    assert notitie.clear_button.description != CLEAR_LABEL
    notitie.clear_button.click()
    assert notitie.title_field.value == ""
    assert all(area.value == "" for area in notitie.fields.values())
    assert not notitie.confirm_pending
    assert notitie.clear_button.description == CLEAR_LABEL


def test_wis_alles_can_be_cancelled(notitie: BeleidsnotitieApp) -> None:
    """'Niet wissen' after the first click keeps the text and resets the button."""
    notitie.fields["waarom"].value = "Bewaar mij."
    notitie.clear_button.click()
    notitie.cancel_button.click()
    notitie.clear_button.click()
    assert notitie.fields["waarom"].value == "Bewaar mij."


def test_typing_after_the_first_click_cancels_the_wipe(notitie: BeleidsnotitieApp) -> None:
    """Editing a field after the first click withdraws the question, so a later single click does not wipe."""
    notitie.fields["waarom"].value = "Eerste tekst."
    notitie.clear_button.click()
    notitie.fields["budget"].value = "Nieuw."
    assert not notitie.confirm_pending
    notitie.clear_button.click()
    assert notitie.fields["waarom"].value == "Eerste tekst."


def test_notitie_answer_shares_no_free_text(notitie: BeleidsnotitieApp) -> None:
    """The shareable answer says which parts are filled in, never what was written."""
    notitie.fields["waarom"].value = "Geheime tekst"
    answer = notitie.shared_answer().as_json()
    assert answer["ingevuld"] == ["waarom"]
    assert "Geheime tekst" not in json.dumps(answer)
