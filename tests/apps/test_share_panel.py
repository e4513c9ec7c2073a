"""The "Deel met de groep" panel: save, update on a second click, failures shown and retryable, escaping,
a summary that follows the app's own answer (no lag), the panel only where a workshop gives one, and a
steady pace of writes (clicks within the window merged, the last one wins, counted for the trainer)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest
from clock_support import ManualClock

from handreiking.apps.base import ScenarioApp, Sharing
from handreiking.apps.share import MAX_REFLECTIE_CHARS, PRIVACY_WARNING, Pacing, SharePanel
from handreiking.scenarios.room.balans import BalansAntwoord
from handreiking.workshop import store as store_module
from handreiking.workshop.kernel import kernel_workshop
from handreiking.workshop.store import StoreError, open_store
from handreiking.workshop.throttle import SAVE_INTERVAL


class DemoApp(ScenarioApp):
    """A minimal balans-shaped app: one slider; its refresh is what the base class follows."""

    scenario = "balans"
    title = "Demo"

    def __init__(self, sharing: Sharing | None = None) -> None:
        self.slider = widgets.IntSlider(value=3, description="Steun")
        self.positie = 0.3
        super().__init__([self.slider], sharing=sharing)
        self.slider.observe(self.refresh, names="value")
        self.refresh()

    def refresh(self, *_: Any) -> None:
        self.positie = self.slider.value / 10

    def answer(self) -> BalansAntwoord:
        return BalansAntwoord(casus="demo", positie=self.positie, oordeel="in-balans")

    def summary(self) -> str:
        return f"Steun <b>{self.slider.value}</b>"


class FlakyStore:
    """Fails the first ``failures`` saves, then delegates to a real store."""

    def __init__(self, store: Any, failures: int) -> None:
        self.store = store
        self.failures = failures

    def save_answer(self, *args: Any, **kwargs: Any) -> Any:
        if self.failures:
            self.failures -= 1
            raise StoreError("De database is even bezet.", retryable=True)
        return self.store.save_answer(*args, **kwargs)


@pytest.fixture
def store(tmp_path: Path) -> Any:
    s = open_store(tmp_path / "w.sqlite3")
    s.create_session(code="TEST23")
    yield s
    s.close()


class CountingStore:
    """Counts the saves that reach the store."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.saves = 0

    def save_answer(self, *args: Any, **kwargs: Any) -> Any:
        self.saves += 1
        return self.store.save_answer(*args, **kwargs)

    def record_throttled(self, *args: Any) -> None:
        self.store.record_throttled(*args)


def _app(store: Any, clock: ManualClock | None = None) -> DemoApp:
    pacing = Pacing(clock=clock, schedule=clock.schedule) if clock is not None else None
    return DemoApp(Sharing("TEST23", store, participant="Groene-Uil-42", pacing=pacing))


def _panel(app: DemoApp) -> SharePanel:
    assert isinstance(app.share_panel, SharePanel)
    return app.share_panel


def test_share_saves_the_typed_answer(store: Any) -> None:
    """A click stores the app's typed answer as JSON under the pseudonym, with the reflection."""
    panel = _panel(_app(store))
    panel.reflectie.value = "Meer ruimte laten."
    panel.share()
    rows = store.answers("TEST23")
    assert [(r.participant, r.scenario, r.answer, r.reflectie) for r in rows] == [
        (
            "Groene-Uil-42",
            "balans",
            BalansAntwoord(casus="demo", positie=0.3, oordeel="in-balans").as_json(),
            "Meer ruimte laten.",
        )
    ]
    assert "Gedeeld met de groep" in panel.status.value


def test_second_click_updates_and_says_so(store: Any) -> None:
    """Sharing again (after the pacing window) replaces the earlier answer (no duplicate) and says so."""
    clock = ManualClock()
    app = _app(store, clock)
    _panel(app).share()
    app.slider.value = 8
    clock.advance(SAVE_INTERVAL)
    _panel(app).share()
    rows = store.answers("TEST23")
    assert len(rows) == 1 and rows[0].answer["positie"] == 0.8 and rows[0].revision == 2
    assert "Bijgewerkt om" in _panel(app).status.value and "versie 2" in _panel(app).status.value


def test_sharing_the_same_answer_again_stores_nothing_and_says_so(store: Any) -> None:
    """The same answer again: no new version, and the participant reads that nothing new was stored."""
    clock = ManualClock()
    counting = CountingStore(store)
    panel = _panel(DemoApp(Sharing("TEST23", counting, participant="Groene-Uil-42", pacing=_pacing(clock))))
    panel.share()
    clock.advance(1)
    panel.share()  # within the window: recognised in the kernel, the store is not even asked
    assert counting.saves == 1 and "Al gedeeld" in panel.status.value and "niets nieuws" in panel.status.value
    clock.advance(SAVE_INTERVAL)
    panel.share()  # later: the store recognises it
    assert counting.saves == 2 and "Al gedeeld" in panel.status.value and "versie 1" in panel.status.value
    assert [r.revision for r in store.answers("TEST23")] == [1] and store.history("TEST23") == []


def test_a_click_within_the_window_is_saved_when_it_ends(store: Any) -> None:
    """A second change within the window waits, says when it will be saved, and is saved then (last one wins)."""
    clock = ManualClock()
    app = _app(store, clock)
    panel = _panel(app)
    panel.share()
    for value in (5, 9):
        app.slider.value = value
        clock.advance(1)
        panel.share()
        assert "wordt om" in panel.status.value and "je laatste keuze telt" in panel.status.value
    assert store.answers("TEST23")[0].answer["positie"] == 0.3
    clock.advance(SAVE_INTERVAL)
    (row,) = store.answers("TEST23")
    assert (row.answer["positie"], row.revision) == (0.9, 2)
    assert "Bijgewerkt om" in panel.status.value and "versie 2" in panel.status.value
    assert [(t.participant, t.clicks) for t in store.throttled("TEST23")] == [("Groene-Uil-42", 2)]


def test_a_flood_of_clicks_stores_a_handful_of_versions(store: Any) -> None:
    """300 shares in 9 seconds, half of them changes: a few versions, the last state, one count per participant."""
    clock = ManualClock()
    counting = CountingStore(store)
    app = DemoApp(Sharing("TEST23", counting, participant="Groene-Uil-42", pacing=_pacing(clock)))
    for i in range(300):
        if i % 2:
            app.slider.value = i % 10
        _panel(app).share()
        clock.advance(0.03)
    clock.advance(SAVE_INTERVAL)
    (row,) = store.answers("TEST23")
    assert row.revision <= 3 and counting.saves <= 3
    assert row.answer["positie"] == app.slider.value / 10
    ((who, clicks),) = [(t.participant, t.clicks) for t in store.throttled("TEST23")]
    assert who == "Groene-Uil-42" and 200 < clicks < 300


def _pacing(clock: ManualClock) -> Pacing:
    return Pacing(clock=clock, schedule=clock.schedule)


def test_failure_is_shown_and_retry_works(store: Any) -> None:
    """A failed save says so in Dutch, keeps button and text, and a second click succeeds."""
    panel = _panel(DemoApp(Sharing("TEST23", FlakyStore(store, failures=1), participant="Groene-Uil-42")))
    panel.reflectie.value = "Mijn tekst"
    panel.share()
    assert "Delen lukte niet" in panel.status.value and "Probeer het zo opnieuw" in panel.status.value
    assert panel.button.disabled is False and panel.reflectie.value == "Mijn tekst"
    assert store.answers("TEST23") == []
    panel.share()
    assert store.answers("TEST23")[0].reflectie == "Mijn tekst"


def test_unknown_session_is_explained(store: Any) -> None:
    """Sharing into a session that does not exist gives the store's Dutch message."""
    panel = _panel(DemoApp(Sharing("NOPE23", store, participant="Groene-Uil-42")))
    panel.share()
    assert "Delen lukte niet" in panel.status.value and "bestaat niet" in panel.status.value


def test_store_opened_on_first_share(store: Any) -> None:
    """A panel given a function that opens the store calls it when the participant shares, not before."""
    opened: list[int] = []

    def open_once() -> Any:
        opened.append(1)
        return store

    panel = _panel(DemoApp(Sharing("TEST23", open_once, participant="Groene-Uil-42")))
    assert opened == []
    panel.share()
    assert opened == [1] and len(store.answers("TEST23")) == 1


def test_reflection_length_is_limited(store: Any) -> None:
    """Text beyond 500 characters is cut off, and the participant is told."""
    panel = _panel(_app(store))
    panel.reflectie.value = "x" * (MAX_REFLECTIE_CHARS + 40)
    assert len(panel.reflectie.value) == MAX_REFLECTIE_CHARS
    assert "ingekort" in panel.status.value
    panel.share()
    assert len(store.answers("TEST23")[0].reflectie) == MAX_REFLECTIE_CHARS


def test_panel_limit_is_the_stores() -> None:
    """The panel cuts reflections at the length the store accepts (two constants, one number)."""
    assert MAX_REFLECTIE_CHARS == store_module.MAX_REFLECTIE_CHARS


def test_summary_and_pseudonym_are_escaped(store: Any) -> None:
    """What the app and the participant wrote is shown as text, never as HTML."""
    panel = _panel(_app(store))
    assert "&lt;b&gt;3&lt;/b&gt;" in panel.summary_html.value and "<b>" not in panel.summary_html.value
    assert "Groene-Uil-42" in panel.pseudonym_html.value


def test_summary_follows_the_apps_answer_without_lag(store: Any) -> None:
    """After each change the summary shows the state after that change (it follows current_answer)."""
    app = _app(store)
    for value in (9, 4, 6):
        app.slider.value = value
        assert f"&lt;b&gt;{value}&lt;/b&gt;" in _panel(app).summary_html.value
        assert app.current_answer == BalansAntwoord(casus="demo", positie=value / 10, oordeel="in-balans")


def test_privacy_warning_is_shown(store: Any) -> None:
    """The panel warns not to write personal data."""
    assert PRIVACY_WARNING in _panel(_app(store)).warning.value.replace("&#x27;", "'")
    assert "gegevens" in PRIVACY_WARNING


def test_panel_appears_only_in_workshop_mode(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Outside a workshop the app has no share panel; in a workshop kernel it has one, last."""
    monkeypatch.delenv("HANDREIKING_SESSIE", raising=False)
    kernel_workshop.cache_clear()
    assert DemoApp(sharing=_from_workshop()).share_panel is None
    monkeypatch.setenv("HANDREIKING_SESSIE", "TEST23")
    monkeypatch.setenv("HANDREIKING_OPSLAG", str(tmp_path / "w.sqlite3"))
    monkeypatch.setenv("HTTP_X_HANDREIKING_DEELNEMER", "Rode-Vos-12")
    kernel_workshop.cache_clear()
    try:
        app = DemoApp(sharing=_from_workshop())
        assert isinstance(app.share_panel, SharePanel) and app.children[-1] is app.share_panel
        assert app.share_panel.session == "TEST23"
    finally:
        kernel_workshop.cache_clear()


def _from_workshop() -> Any:
    from handreiking.apps.base import FROM_WORKSHOP

    return FROM_WORKSHOP


def test_an_app_without_a_typed_answer_shares_nothing() -> None:
    """A scenario the room does not know gets no panel, even in a workshop."""

    class Loose(DemoApp):
        scenario = "bestaat-niet"

    assert Loose.shared_type() is None
    with pytest.raises(TypeError):
        Loose().shared_answer()
