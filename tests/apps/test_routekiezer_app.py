"""The route-kiezer app without a browser: answers move the result; the notice and the sources are always shown."""

from __future__ import annotations

import json

import pytest

from handreiking.apps.routekiezer import RoutekiezerApp
from handreiking.content import Content

NOTICE = "Dit is geen juridisch advies; overleg met je inkoop- of juridisch adviseur."


@pytest.fixture
def app(content: Content) -> RoutekiezerApp:
    return RoutekiezerApp.from_data(content)


def answer(app: RoutekiezerApp, antwoorden: dict[str, str]) -> None:
    for vraag_id, antwoord_id in antwoorden.items():
        app.vragen[vraag_id].value = antwoord_id


def test_every_question_has_a_labelled_control(app: RoutekiezerApp) -> None:
    """One radio group per question, labelled 'Vraag n', nothing preselected."""
    assert list(app.vragen) == [v.id for v in app.kiezer.vragen]
    for n, radio in enumerate(app.vragen.values(), start=1):
        assert radio.description == f"Vraag {n}"
        assert radio.value is None


def test_starts_by_asking_for_answers(app: RoutekiezerApp) -> None:
    """Before answering: no route, the request to answer, and already the notice."""
    assert app.uitkomst.beste == ()
    assert "Beantwoord minstens" in app.result_html.value
    assert "Nog niet genoeg" in app.summary()
    assert NOTICE in app.disclaimer_html.value


@pytest.mark.parametrize(
    ("antwoorden", "route_naam"),
    [
        ({"omvang": "klein", "aanbesteding": "nee"}, "Route 1"),
        ({"omvang": "groot", "samenwerking": "intensief"}, "Route 2"),
        ({"doelgroep": "personeel", "samenwerking": "afgebakend"}, "Route 3"),
        ({"omvang": "middel", "aanbesteding": "ja", "lokale-kennis": "essentieel"}, "Route 4"),
        ({"aanbesteding": "ja", "ervaring": "geen", "lokale-kennis": "nee"}, "Route 5"),
    ],
)
def test_setting_controls_changes_the_result_to_the_expected_route(
    app: RoutekiezerApp, antwoorden: dict[str, str], route_naam: str
) -> None:
    """Choosing answers puts the expected route first in the result panel, with Stap 3.3 and the source."""
    before = app.result_html.value
    answer(app, antwoorden)
    html = app.result_html.value
    assert html != before
    assert app.uitkomst.beste[0].route.naam.startswith(route_naam)
    assert f"<h3>{route_naam}:" in html.split('class="hr-route"')[1]
    assert "Stap 3.3; bron: <a href=" in html
    assert "Handreiking Burgerinitiatieven &amp; het aanbestedingsrecht" in html
    assert route_naam in app.summary()


def test_notice_stays_after_answering(app: RoutekiezerApp) -> None:
    """The not-legal-advice notice is shown whatever the answers, and the summary repeats it."""
    answer(app, {"omvang": "klein", "aanbesteding": "nee"})
    assert NOTICE in app.disclaimer_html.value
    assert "geen juridisch advies" in app.summary()


def test_remarks_show_with_their_step(app: RoutekiezerApp) -> None:
    """The subsidy answer shows its remark, naming Stap 3.3."""
    answer(app, {"verplichting": "subsidie"})
    assert "<strong>Stap 3.3:</strong>" in app.result_html.value
    assert "subsidie" in app.result_html.value


def test_answer_is_json_serialisable(app: RoutekiezerApp) -> None:
    """The shareable answer holds the choices, the best routes and the points, as JSON."""
    answer(app, {"omvang": "middel", "aanbesteding": "ja", "lokale-kennis": "essentieel"})
    shared = json.loads(json.dumps(app.shared_answer().as_json()))
    assert shared["beste"][0] == "route-4"
    assert set(shared["antwoorden"]) == set(app.vragen)
    assert set(shared["punten"]) == {r.id for r in app.kiezer.routes}
    assert shared["beantwoord"] == 3


def test_reset_clears_the_answers(app: RoutekiezerApp) -> None:
    """'Wis mijn antwoorden' empties every question and the result."""
    answer(app, {"omvang": "klein", "aanbesteding": "nee"})
    app.reset_button.click()
    assert all(r.value is None for r in app.vragen.values())
    assert app.uitkomst.beste == ()


def test_ranking_lists_every_route(app: RoutekiezerApp) -> None:
    """The 'Alle routes' table lists all five routes with their points."""
    answer(app, {"omvang": "klein", "aanbesteding": "nee"})
    for route in app.kiezer.routes:
        assert route.naam.split(":")[0] in app.ranking_html.value
