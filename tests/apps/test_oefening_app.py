"""The oefening widget without a browser: choose, check, read the feedback and the worked answer."""

from __future__ import annotations

import pytest

from handreiking.apps.oefening import OefeningApp
from handreiking.content import Content


@pytest.fixture
def app(content: Content) -> OefeningApp:
    return OefeningApp.from_data("les-1-beleidslagen", content)


def test_check_shows_feedback_and_score(app: OefeningApp) -> None:
    """After 'Controleer' every question shows its verdict and step, and the total is shown."""
    first = app.oefening.questions[0]
    app.choices[first.id].value = next(o.id for o in first.options if o.correct)
    uitkomst = app.check()
    assert uitkomst.goed == 1
    assert "Goed" in app.feedback[first.id].value and f"(Stap {first.stap})" in app.feedback[first.id].value
    for vraag in app.oefening.questions[1:]:
        assert "Nog niet beantwoord" in app.feedback[vraag.id].value
    assert f"1 van de {len(app.oefening.questions)} goed." in app.result.value


def test_button_runs_the_check(app: OefeningApp) -> None:
    """Clicking the button does what ``check`` does."""
    app.check_button.click()
    assert f"0 van de {len(app.oefening.questions)} goed." in app.result.value


def test_worked_answer_names_every_step(app: OefeningApp) -> None:
    """'Toon uitgewerkt antwoord' shows a worked answer per question, with its step."""
    app.show_button.click()
    for n, vraag in enumerate(app.oefening.questions, start=1):
        assert f"Vraag {n} (Stap {vraag.stap})" in app.worked.value


def test_unknown_oefening_lists_the_known_ones(content: Content) -> None:
    """An id that does not exist gives a Dutch message with the ids that do."""
    with pytest.raises(KeyError, match=r"bestaat niet\. Bekend: .*les-1-beleidslagen"):
        OefeningApp.from_data("bestaat-niet", content)
