"""The zelfscan app without a browser (Les 1, Stap 1.1): it reacts to the answers given."""

from __future__ import annotations

import json
import re

import pytest

from handreiking.apps.zelfscan import ZelfscanApp
from handreiking.content import Content


def choose(app: ZelfscanApp, pick: str) -> None:
    """Answer every question with its lowest ('min') or highest ('max') scoring option."""
    for vraag in app.scan.vragen:
        scored = [a for a in vraag.antwoorden if a.score is not None]
        best = (min if pick == "min" else max)(scored, key=lambda a: a.score)
        app.vragen[vraag.id].value = best.id


@pytest.fixture
def scan_app(content: Content) -> ZelfscanApp:
    return ZelfscanApp.from_data(content)


def test_zelfscan_starts_without_a_place(scan_app: ZelfscanApp) -> None:
    """Before answering, the result asks for more answers and shows no place."""
    assert scan_app.uitkomst.plek is None
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
    assert scan_app.uitkomst.plek is None
