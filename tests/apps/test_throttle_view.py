"""The dashboard's view of throttled participants (handreiking/apps/throttle_view.py), and its polling."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from handreiking.apps.dashboard import DashboardApp
from handreiking.apps.throttle_view import SHOWN, ThrottleView, throttle_html
from handreiking.workshop.store import ThrottleRecord, open_store


@pytest.fixture
def store(tmp_path: Path) -> Any:
    s = open_store(tmp_path / "w.sqlite3")
    s.create_session(code="DASH23")
    yield s
    s.close()


def test_nobody_throttled_says_so() -> None:
    assert "Niemand deelde vaker dan eens per 5 seconden" in throttle_html([])


def test_counts_per_participant_with_the_right_plural() -> None:
    html = throttle_html([ThrottleRecord("Groene-Uil-42", 57, None), ThrottleRecord("Rode-Vos-17", 1, None)])
    assert "Groene-Uil-42: 57 klikken samengevoegd" in html and "Rode-Vos-17: 1 klik samengevoegd" in html


def test_a_long_list_is_cut_short() -> None:
    records = [ThrottleRecord(f"Groene-Uil-{n}", 2, None) for n in range(10, 10 + SHOWN + 3)]
    html = throttle_html(records)
    assert html.count("<li>") == SHOWN and "En nog 3 deelnemers." in html


def test_names_are_escaped() -> None:
    assert "<b>" not in throttle_html([ThrottleRecord("<b>x</b>", 3, None)])


def test_the_dashboard_polls_the_view_on_every_refresh(store: Any) -> None:
    """Merged clicks need not change any answer: the view is read on every refresh, not only on a change."""
    view = ThrottleView(store, "DASH23")
    dash = DashboardApp(store, "DASH23", "", views=(view,), autostart=False)
    assert view.widget in dash.children and "Niemand" in view.widget.value
    store.record_throttled("DASH23", "Groene-Uil-42", 12)
    assert dash.refresh() is False  # no answer changed
    assert "Groene-Uil-42: 12 klikken" in view.widget.value


def test_a_failing_view_does_not_stop_the_refresh(store: Any) -> None:
    class Broken:
        def throttled(self, code: str) -> list[Any]:
            raise RuntimeError("kapot")

    view = ThrottleView(Broken(), "DASH23")
    dash = DashboardApp(store, "DASH23", "", views=(view,), autostart=False)
    dash.refresh()
    assert "Verversen mislukt" in dash.status_html.value and "kapot" in dash.status_html.value


def test_the_workshop_dashboard_has_the_view(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, store: Any) -> None:
    from handreiking.workshop.kernel import kernel_workshop

    monkeypatch.setenv("HANDREIKING_SESSIE", "DASH23")
    monkeypatch.setenv("HANDREIKING_OPSLAG", str(tmp_path / "w.sqlite3"))
    kernel_workshop.cache_clear()
    try:
        dash = DashboardApp.from_workshop()
        dash.stop()
        assert any(isinstance(v, ThrottleView) for v in dash.views)
    finally:
        kernel_workshop.cache_clear()
