"""The participant's 'Vraag van de trainer' panel and page (handreiking/apps/question.py), on a real store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from handreiking.apps.question import OUTSIDE_WORKSHOP, WAITING, QuestionLink, QuestionPanel, VraagApp
from handreiking.content import bundled_content
from handreiking.scenarios.room.question_flow import CLOSED_MESSAGE
from handreiking.scenarios.room.questions import GroupQuestion, QuestionOption, questions_of
from handreiking.workshop.store import open_store
from handreiking.workshop.store.questions import GroupQuestions

PEOPLE = ("Groene-Uil-42", "Rustige-Vos-17", "Snelle-Das-18")
XSS = '<img src=x onerror="alert(1)">'


@pytest.fixture
def room(tmp_path: Path) -> Any:
    store = open_store(tmp_path / "w.sqlite3")
    code = store.create_session("Vragen").code
    desk = GroupQuestions(store)
    panels = [QuestionPanel(QuestionLink(code, desk, participant=p), autostart=False) for p in PEOPLE]
    yield store, desk, code, panels
    store.close()


def _question() -> GroupQuestion:
    oefening = next(o for o in bundled_content().of_kind("oefening") if o.id == "les-6-balans")
    return questions_of(oefening)[0]


def _poll(panels: list[QuestionPanel]) -> None:
    for panel in panels:
        panel.check()


def test_hidden_in_an_app_until_the_trainer_opens_a_question(room: Any) -> None:
    _, desk, code, panels = room
    _poll(panels)
    assert all(p.layout.display == "none" for p in panels)
    question = _question()
    desk.open(code, question)
    _poll(panels)
    for panel in panels:
        assert panel.layout.display is None
        assert question.prompt[:40] in panel.prompt_html.value
        assert [b.description for b in panel.buttons.values()] == [
            f"{question.letter(o.id)}. {o.text}" for o in question.options
        ]
        assert not any(b.disabled for b in panel.buttons.values())


def test_answer_change_close_and_reveal_on_every_screen(room: Any) -> None:
    _, desk, code, panels = room
    question = _question()
    desk.open(code, question)
    _poll(panels)
    right = question.correct_ids[0]
    wrong = next(o for o in question.option_ids if o != right)
    panels[0].buttons[wrong].click()
    panels[1].buttons[right].click()
    panels[0].buttons[right].click()  # changes the answer
    assert "veranderd" in panels[0].status_html.value
    assert panels[0].buttons[right].button_style == "primary" and panels[0].buttons[wrong].button_style == ""
    assert panels[0].buttons[right].description.startswith("✓ ")
    assert desk.counts(code, 1) == {right: 2}

    desk.close(code)
    _poll(panels)
    for panel in panels:
        assert all(b.disabled for b in panel.buttons.values())
        assert "De trainer heeft de vraag gesloten" in panel.status_html.value
    assert f"Jouw antwoord: {question.letter(right)}." in panels[0].status_html.value
    assert "niet beantwoord" in panels[2].status_html.value

    desk.reveal(code)
    _poll(panels)
    for panel in panels:
        html = panel.reveal_html.value
        for option in question.options:
            assert option.feedback[:40] in html
        assert "✓ juist" in html and question.worked_answer[:30] in html
        assert panel.options_box.layout.display == "none"
    assert "Je koos een juist antwoord" in panels[0].reveal_html.value
    assert "niet beantwoord" in panels[2].reveal_html.value


def test_an_answer_after_closing_is_refused_with_the_dutch_message_and_not_stored(room: Any) -> None:
    """A page that still shows the open question (the close has not reached it yet) taps an answer."""
    _, desk, code, panels = room
    question = _question()
    desk.open(code, question)
    _poll(panels)
    desk.close(code)  # panel 2 has not polled since
    panels[2].buttons[question.option_ids[0]].click()
    assert CLOSED_MESSAGE in panels[2].status_html.value
    assert 'role="alert"' in panels[2].status_html.value
    assert all(b.disabled for b in panels[2].buttons.values())  # and it shows the close at once
    assert desk.counts(code, 1) == {}


def test_a_new_question_replaces_the_old_one_and_a_reload_shows_your_answer(room: Any) -> None:
    _, desk, code, panels = room
    oefening = next(o for o in bundled_content().of_kind("oefening") if o.id == "les-6-balans")
    first, second = questions_of(oefening)[:2]
    desk.open(code, first)
    _poll(panels)
    panels[0].buttons[first.option_ids[1]].click()
    reloaded = QuestionPanel(QuestionLink(code, desk, participant=PEOPLE[0]), autostart=False)
    reloaded.check()
    assert reloaded.mine == first.option_ids[1]
    assert reloaded.buttons[first.option_ids[1]].button_style == "primary"
    desk.open(code, second)
    _poll(panels)
    assert second.prompt[:40] in panels[0].prompt_html.value and panels[0].mine is None
    assert "Ronde 2" in panels[0].prompt_html.value


def test_a_revealed_question_can_be_hidden_until_the_next_one(room: Any) -> None:
    _, desk, code, panels = room
    oefening = next(o for o in bundled_content().of_kind("oefening") if o.id == "les-6-balans")
    first, second = questions_of(oefening)[:2]
    desk.open(code, first)
    desk.reveal(code)
    panel = panels[0]
    panel.check()
    assert panel.hide_button.layout.display is None
    panel.hide_button.click()
    assert panel.layout.display == "none"
    desk.open(code, second)
    panel.check()
    assert panel.layout.display is None


def test_a_trainers_own_question_is_shown_as_text(room: Any) -> None:
    _, desk, code, panels = room
    question = GroupQuestion(
        oefening="eigen",
        oefening_title=f"Eigen {XSS}",
        les=6,
        vraag="v1",
        prompt=f"Wat vind je van {XSS}?",
        stap="6.1",
        options=(
            QuestionOption(id="a", text=f"Optie {XSS}", correct=True, feedback=f"Feedback {XSS} (Stap 6.1)"),
            QuestionOption(id="b", text='=HYPERLINK("http://x")', feedback="Nee (Stap 6.1)"),
        ),
        worked_answer=f"Uitleg {XSS}",
        own=True,
    )
    desk.open(code, question)
    desk.reveal(code)
    panels[0].check()
    html = panels[0].prompt_html.value + panels[0].reveal_html.value
    assert "<img" not in html and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_the_vraag_page_waits_and_outside_a_workshop_explains(room: Any) -> None:
    _, desk, code, _ = room
    page = VraagApp(QuestionLink(code, desk, participant=PEOPLE[0]), autostart=False)
    assert page.panel is not None
    page.panel.check()
    assert WAITING in page.panel.prompt_html.value and page.panel.layout.display is None
    assert PEOPLE[0] in page.pseudonym_html.value
    desk.open(code, _question())
    page.panel.check()
    assert len(page.panel.buttons) == 3
    outside = VraagApp(None)
    assert outside.panel is None and OUTSIDE_WORKSHOP in outside.children[1].value


def test_the_poll_starts_only_once_the_page_took_the_kernel(room: Any) -> None:
    """A preheated kernel waits for its pseudonym (the page) before it polls the store."""
    _, desk, code, _ = room

    class Identity:
        def __init__(self) -> None:
            self.listeners: list[Any] = []

        def start(self) -> None:
            pass

        def on_ready(self, listener: Any) -> None:
            self.listeners.append(listener)

        def get(self, timeout: float = 0) -> str | None:
            return PEOPLE[0] if not self.listeners else None

    identity = Identity()
    panel = QuestionPanel(QuestionLink(code, desk, identity=identity), interval=0.2)
    try:
        assert not panel.poller.running
        for listener in identity.listeners:
            listener(PEOPLE[0])
        assert panel.poller.running
    finally:
        panel.close()
    assert panel.poller._stop.is_set()
