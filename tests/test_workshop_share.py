"""The "Deel met de groep" panel: save, update on a second click, failures shown and retryable, escaping."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest

from handreiking.apps.base import ScenarioApp
from handreiking.workshop.share import PRIVACY_WARNING, SharePanel
from handreiking.workshop.store import MAX_REFLECTIE_CHARS, StoreError, open_store


class DemoApp(ScenarioApp):
    scenario = "balans"
    title = "Demo"

    def __init__(self) -> None:
        self.slider = widgets.IntSlider(value=3, description="Steun")
        super().__init__([self.slider])

    def refresh(self, *_: Any) -> None:
        pass

    def answer(self) -> dict[str, Any]:
        return {"positie": self.slider.value / 10, "oordeel": "in-balans"}

    def summary(self) -> str:
        return f"Steun <b>{self.slider.value}</b>"


class FlakyStore:
    """Fails the first ``failures`` saves, then delegates to a real store."""

    def __init__(self, store: Any, failures: int) -> None:
        self.store = store
        self.failures = failures

    def save_answer(self, *args: Any) -> Any:
        if self.failures:
            self.failures -= 1
            raise StoreError("De database is even bezet.", retryable=True)
        return self.store.save_answer(*args)


@pytest.fixture
def store(tmp_path: Path) -> Any:
    s = open_store(tmp_path / "w.sqlite3")
    s.create_session(code="TEST23")
    yield s
    s.close()


def _panel(store: Any, app: DemoApp | None = None) -> SharePanel:
    return SharePanel(app or DemoApp(), session="TEST23", store=store, participant="Groene-Uil-42")


def test_share_saves_the_answer(store: Any) -> None:
    """A click stores the app's answer under the pseudonym, with the reflection."""
    panel = _panel(store)
    panel.reflectie.value = "Meer ruimte laten."
    panel.share()
    rows = store.answers("TEST23")
    assert [(r.participant, r.scenario, r.answer["positie"], r.reflectie) for r in rows] == [
        ("Groene-Uil-42", "balans", 0.3, "Meer ruimte laten.")
    ]
    assert "Gedeeld met de groep" in panel.status.value


def test_second_click_updates_and_says_so(store: Any) -> None:
    """Sharing again replaces the earlier answer (no duplicate) and tells the participant."""
    app = DemoApp()
    panel = _panel(store, app)
    panel.share()
    app.slider.value = 8
    panel.share()
    rows = store.answers("TEST23")
    assert len(rows) == 1 and rows[0].answer["positie"] == 0.8 and rows[0].revision == 2
    assert "Bijgewerkt" in panel.status.value and "versie 2" in panel.status.value


def test_failure_is_shown_and_retry_works(store: Any) -> None:
    """A failed save says so in Dutch, keeps button and text, and a second click succeeds."""
    panel = _panel(FlakyStore(store, failures=1))
    panel.reflectie.value = "Mijn tekst"
    panel.share()
    assert "Delen lukte niet" in panel.status.value and "Probeer het zo opnieuw" in panel.status.value
    assert panel.button.disabled is False and panel.reflectie.value == "Mijn tekst"
    assert store.answers("TEST23") == []
    panel.share()
    assert store.answers("TEST23")[0].reflectie == "Mijn tekst"


def test_unknown_session_is_explained(store: Any) -> None:
    """Sharing into a session that does not exist gives the store's Dutch message."""
    panel = SharePanel(DemoApp(), session="NOPE23", store=store, participant="Groene-Uil-42")
    panel.share()
    assert "Delen lukte niet" in panel.status.value and "bestaat niet" in panel.status.value


def test_reflection_length_is_limited(store: Any) -> None:
    """Text beyond 500 characters is cut off, and the participant is told."""
    panel = _panel(store)
    panel.reflectie.value = "x" * (MAX_REFLECTIE_CHARS + 40)
    assert len(panel.reflectie.value) == MAX_REFLECTIE_CHARS
    assert "ingekort" in panel.status.value
    panel.share()
    assert len(store.answers("TEST23")[0].reflectie) == MAX_REFLECTIE_CHARS


def test_summary_and_pseudonym_are_escaped(store: Any) -> None:
    """What the app and the participant wrote is shown as text, never as HTML."""
    panel = _panel(store)
    panel.update_summary()
    assert "&lt;b&gt;3&lt;/b&gt;" in panel.summary_html.value and "<b>" not in panel.summary_html.value
    assert "Groene-Uil-42" in panel.pseudonym_html.value


def test_summary_follows_the_controls(store: Any) -> None:
    """Changing a control of the app updates what will be shared."""
    app = DemoApp()
    panel = _panel(store, app)
    app.slider.value = 9
    assert "9" in panel.summary_html.value


def test_privacy_warning_is_shown(store: Any) -> None:
    """The panel warns not to write personal data."""
    assert PRIVACY_WARNING in _panel(store).warning.value.replace("&#x27;", "'")
    assert "gegevens" in PRIVACY_WARNING


def test_panel_appears_only_in_workshop_mode(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Outside a workshop the app has no share panel; with HANDREIKING_SESSION it has one, last."""
    monkeypatch.delenv("HANDREIKING_SESSION", raising=False)
    assert DemoApp().share_panel is None
    monkeypatch.setenv("HANDREIKING_SESSION", "TEST23")
    monkeypatch.setenv("HANDREIKING_STORE", str(tmp_path / "w.sqlite3"))
    monkeypatch.setenv("HTTP_X_HANDREIKING_DEELNEMER", "Rode-Vos-12")
    app = DemoApp()
    assert isinstance(app.share_panel, SharePanel) and app.children[-1] is app.share_panel
