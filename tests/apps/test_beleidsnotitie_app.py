"""The beleidsnotitie builder without a browser (Les 1, Stap 1.2): preview, download and wiping follow the text."""

from __future__ import annotations

import base64
import json
import re

import pytest

from handreiking.apps.beleidsnotitie import CLEAR_LABEL, BeleidsnotitieApp
from handreiking.content import Content


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
