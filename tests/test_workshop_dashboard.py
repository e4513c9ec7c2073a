"""The trainer dashboard: live counts and charts, reflections shown as text, exports."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import pytest

from handreiking.workshop.dashboard import DashboardApp, qr_svg
from handreiking.workshop.store import open_store

XSS = '<img src=x onerror="alert(1)">'


@pytest.fixture
def store(tmp_path: Path) -> Any:
    s = open_store(tmp_path / "w.sqlite3")
    s.create_session(code="DASH23")
    yield s
    s.close()


def _dashboard(store: Any, tmp_path: Path) -> DashboardApp:
    return DashboardApp(store, "DASH23", "http://127.0.0.1:8866/", autostart=False, export_dir=tmp_path / "exports")


def test_counts_and_charts(store: Any, tmp_path: Path) -> None:
    """The dashboard counts participants and draws both scenarios' charts."""
    store.save_answer("DASH23", "Rode-Vos-12", "balans", {"positie": -0.4, "oordeel": "onderschatten"})
    mix = {"rechtmatig": 40, "presterend": 20, "netwerkend": 20, "responsief": 20}
    store.save_answer("DASH23", "Rode-Vos-13", "rollen", {"mix": mix, "gestapeld": True})
    dash = _dashboard(store, tmp_path)
    assert ">2</span> deelnemers" in dash.count_html.value
    assert "<img" in dash.balans_html.value and "onderschatten 1" in dash.balans_html.value
    assert "<img" in dash.rollen_html.value and 'alt="Gemiddelde rolmix van 1 deelnemers' in dash.rollen_html.value


def test_reflection_markup_is_shown_as_text(store: Any, tmp_path: Path) -> None:
    """A reflection containing an <img onerror> tag is escaped: visible as text, never an element."""
    store.save_answer("DASH23", "Rode-Vos-12", "balans", {"positie": 0.2}, XSS)
    html = _dashboard(store, tmp_path).reflecties_html.value
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert "<img" not in html


def test_refresh_picks_up_new_answers(store: Any, tmp_path: Path) -> None:
    """A refresh shows an answer shared after the dashboard opened; without changes it does not redraw."""
    dash = _dashboard(store, tmp_path)
    assert dash.refresh() is False or dash.summary is not None
    store.save_answer("DASH23", "Rode-Vos-12", "balans", {"positie": 0.5}, "nieuw")
    assert dash.refresh() is True
    assert "nieuw" in dash.reflecties_html.value
    assert dash.refresh() is False


def test_live_refresh_thread(store: Any, tmp_path: Path) -> None:
    """Without the trainer touching it, the dashboard picks up a new answer within seconds."""
    import time

    dash = DashboardApp(store, "DASH23", "", refresh_seconds=0.5, autostart=True)
    try:
        store.save_answer("DASH23", "Rode-Vos-12", "balans", {"positie": 0.5}, "vanzelf")
        deadline = time.monotonic() + 10
        while "vanzelf" not in dash.reflecties_html.value and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "vanzelf" in dash.reflecties_html.value
    finally:
        dash.stop()


def test_exports_offer_downloads_and_files(store: Any, tmp_path: Path) -> None:
    """CSV and HTML report are offered as download and saved in the data folder; the report escapes text."""
    store.save_answer("DASH23", "Rode-Vos-12", "balans", {"positie": 0.2, "oordeel": "in-balans"}, XSS)
    dash = _dashboard(store, tmp_path)
    dash.export_csv()
    assert 'download="workshop-DASH23-' in dash.export_html.value
    dash.export_report()
    payload = re.search(r'href="data:text/html;base64,([^"]+)"', dash.export_html.value)
    assert payload is not None
    report = base64.b64decode(payload.group(1)).decode("utf-8")
    assert "Rode-Vos-12" in report and "<img src=x" not in report
    assert sorted(p.suffix for p in (tmp_path / "exports").iterdir()) == [".csv", ".html"]


def test_qr_code_is_inline_svg() -> None:
    """The QR code for the projector is an inline SVG (nothing fetched)."""
    svg = qr_svg("http://192.168.1.20:8866/")
    assert svg.startswith("<svg") and "http" not in svg.split(">", 1)[0].replace("http://www.w3.org", "")
