"""The trainer's extra dashboard views: the group question desk, the spotlight and the debrief per case."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from handreiking.apps.dashboard import DashboardApp
from handreiking.apps.debrief import BalansDebriefView, RollenDebriefView, SpotlightView
from handreiking.apps.question_desk import QuestionDeskView
from handreiking.apps.share import store_answer
from handreiking.content import bundled_content
from handreiking.content.rollen import rollen_vraagstukken
from handreiking.scenarios.balans import evaluate
from handreiking.scenarios.room.balans import BalansAntwoord
from handreiking.scenarios.room.questions import catalogue
from handreiking.scenarios.room.rollen import RollenAntwoord
from handreiking.workshop.store import open_store
from handreiking.workshop.store.questions import GroupQuestions

CODE = "ZAAL45"
XSS = '<img src=x onerror="window.__hr=1">'
FORMULA = '=HYPERLINK("http://voorbeeld.invalid","klik")'


@pytest.fixture
def store(tmp_path: Path) -> Any:
    s = open_store(tmp_path / "w.sqlite3")
    s.create_session("Views", code=CODE)
    yield s
    s.close()


@pytest.fixture
def desk_view(store: Any) -> QuestionDeskView:
    groups = catalogue(bundled_content().of_kind("oefening"), les=6)
    view = QuestionDeskView(GroupQuestions(store), CODE, groups, autostart=False)
    yield view
    view.stop()


def test_the_lesson_offers_its_oefeningen(desk_view: QuestionDeskView) -> None:
    labels = [label for label, _ in desk_view.group_select.options]
    assert labels and all(label.startswith("Les 6: ") for label in labels)
    assert desk_view.question_select.options[0][0].startswith("Vraag 1: ")
    assert desk_view.selected.prompt[:30] in desk_view.preview_html.value
    assert "juist" not in desk_view.preview_html.value  # the projector does not give the answer away


def test_open_count_close_reveal_on_the_projector(store: Any, desk_view: QuestionDeskView) -> None:
    question = desk_view.selected
    desk = GroupQuestions(store)
    desk_view.open_button.click()
    assert "staat open als ronde 1" in desk_view.message_html.value
    assert "Ronde 1: open" in desk_view.live_html.value and not desk_view.close_button.disabled
    right = question.correct_ids[0]
    wrong = next(o for o in question.option_ids if o != right)
    for who, option in (("Groene-Uil-42", right), ("Rustige-Vos-17", wrong), ("Snelle-Das-18", right)):
        desk.answer(CODE, 1, who, option)
    desk_view.refresh()
    live = desk_view.live_html.value
    assert '<span class="hr-q-count">3</span> antwoorden' in live
    assert desk_view.tally.total == 3 and {c.option.id: c.count for c in desk_view.tally.options}[right] == 2
    assert "✓ juist" not in live and all(c.correct is None for c in desk_view.tally.options)  # not revealed yet
    assert "juist" not in live.split("<svg")[1].split("</svg>")[0]

    desk_view.close_button.click()
    assert "Ronde 1 is gesloten" in desk_view.message_html.value and desk_view.close_button.disabled
    assert "✓ juist" not in desk_view.live_html.value
    desk_view.reveal_button.click()
    live = desk_view.live_html.value
    assert "✓ juist" in live and question.worked_answer[:30] in live
    for option in question.options:
        assert option.feedback[:30] in live
    assert desk_view.reveal_button.disabled


def test_a_second_question_while_one_is_open_closes_the_first(store: Any, desk_view: QuestionDeskView) -> None:
    desk_view.open_button.click()
    desk_view.question_select.value = 1
    desk_view.open_button.click()
    assert "Ronde 1 is gesloten zonder het antwoord te tonen" in desk_view.message_html.value
    assert "Ronde 2: open" in desk_view.live_html.value
    desk_view.open_button.click()
    assert "staat al open" in desk_view.message_html.value
    desk_view.question_select.value = 0
    assert "al gesteld in ronde 1" in desk_view.preview_html.value


def test_a_failing_store_gives_a_dutch_message(store: Any, desk_view: QuestionDeskView) -> None:
    store.close_session(CODE)
    desk_view.open_button.click()
    assert "Dat lukte niet" in desk_view.message_html.value and "gesloten" in desk_view.message_html.value


def test_spotlight_shows_one_reflection_large_without_the_pseudonym(store: Any) -> None:
    answer = BalansAntwoord(casus="cpo-groep", positie=-0.4, oordeel="onderschatten")
    store_answer(store, CODE, "Groene-Uil-42", "balans", answer, f"Mijn punt {XSS} en {FORMULA}")
    spotlight = SpotlightView()
    dash = DashboardApp(store, CODE, autostart=False, views=[spotlight])
    assert "Groene-Uil-42" not in str(spotlight.select.options) and "Groene-Uil-42" not in str(spotlight.select.value)
    spotlight.show_button.click()
    html = spotlight.quote_html.value
    assert "<img" not in html and "&lt;img src=x onerror=&#34;window.__hr=1&#34;&gt;" in html
    assert "Groene-Uil-42" not in html and "hr-spotlight-quote" in html
    assert dash.children.index(spotlight.widget) < dash.children.index(dash.charts)  # above the charts
    spotlight.hide_button.click()
    assert "geen reflectie in de spotlight" in spotlight.quote_html.value


def test_balans_debrief_per_case_next_to_the_well_judged_approach(store: Any) -> None:
    content = bundled_content()
    model = content.of_kind("balans-model")[0]
    casus = next(c for c in content.of_kind("balans-casus") if c.id == "cpo-groep")
    start = evaluate(model, casus, casus.start_aanpak)
    assert start.oordeel == "beide"
    store_answer(
        store,
        CODE,
        "Groene-Uil-42",
        "balans",
        BalansAntwoord(casus=casus.id, positie=start.positie, oordeel="beide"),
        None,
    )
    store_answer(
        store, CODE, "Rustige-Vos-17", "balans", BalansAntwoord(casus=casus.id, positie=0.8, oordeel="overvragen"), None
    )
    view = BalansDebriefView()
    DashboardApp(store, CODE, autostart=False, views=[view])
    (case,) = view.cases
    assert case.beide == (start.positie,) and case.posities == (0.8,)
    assert case.goed_positie == evaluate(model, casus, casus.goed_aanpak).positie
    html = view.widget.value
    assert casus.title in html and "<svg" in html and "passende aanpak" in html
    assert "uit balans aan twee kanten" in html


def test_rollen_debrief_per_vraagstuk(store: Any) -> None:
    vraagstuk = rollen_vraagstukken(bundled_content())[0]
    mix = {"rechtmatig": 10, "presterend": 20, "netwerkend": 30, "responsief": 40}
    store_answer(
        store,
        CODE,
        "Groene-Uil-42",
        "rollen",
        RollenAntwoord(casus=vraagstuk.id, mix=mix, gestapeld=4, totaal=70),
        None,
    )
    view = RollenDebriefView()
    DashboardApp(store, CODE, autostart=False, views=[view])
    (item,) = view.items
    assert [r.mean for r in item.rollen] == [10, 20, 30, 40]
    html = view.widget.value
    assert vraagstuk.title in html and "Factoren samen" in html and "<svg" in html
    assert "1 deelnemer;" in html


def test_a_trainers_own_question_is_text_on_the_projector(store: Any) -> None:
    from handreiking.scenarios.room.questions import GroupQuestion, QuestionGroup, QuestionOption

    hostile = GroupQuestion(
        oefening="eigen",
        oefening_title=f"Eigen {XSS}",
        les=6,
        vraag="v1",
        prompt=f"Vraag {XSS}",
        stap="6.1",
        options=(
            QuestionOption(id="a", text=FORMULA, correct=True, feedback=f"{XSS} (Stap 6.1)"),
            QuestionOption(id="b", text=XSS, feedback="Nee (Stap 6.1)"),
        ),
        worked_answer=XSS,
        own=True,
    )
    view = QuestionDeskView(GroupQuestions(store), CODE, [QuestionGroup("Eigen vragen", (hostile,))], autostart=False)
    assert "<img" not in view.preview_html.value and "&lt;img" in view.preview_html.value
    view.open_button.click()
    view.reveal_button.click()
    html = view.live_html.value + view.message_html.value
    assert "<img" not in html and "&lt;img src=x" in html and FORMULA.replace('"', "&#34;") in html
    view.stop()
