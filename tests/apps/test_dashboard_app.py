"""The trainer dashboard: live counts and charts per scenario, reflections shown as text, exports."""

from __future__ import annotations

import base64
import re
import threading
from pathlib import Path
from typing import Any

import pytest

from handreiking.apps.dashboard import DashboardApp, qr_svg
from handreiking.apps.share import store_answer
from handreiking.scenarios.room.balans import BalansAntwoord
from handreiking.scenarios.room.rollen import RollenAntwoord
from handreiking.scenarios.room.zelfscan import ZelfscanAntwoord
from handreiking.workshop.store import open_store

XSS = '<img src=x onerror="alert(1)">'
MIX = {"rechtmatig": 40, "presterend": 20, "netwerkend": 20, "responsief": 20}


def balans(positie: float = -0.4, oordeel: str = "onderschatten") -> BalansAntwoord:
    return BalansAntwoord(casus="cpo-groep", positie=positie, oordeel=oordeel)


@pytest.fixture
def store(tmp_path: Path) -> Any:
    s = open_store(tmp_path / "w.sqlite3")
    s.create_session(code="DASH23")
    yield s
    s.close()


def share(store: Any, participant: str, answer: Any, reflectie: str | None = None) -> None:
    scenario = {BalansAntwoord: "balans", RollenAntwoord: "rollen", ZelfscanAntwoord: "zelfscan"}[type(answer)]
    store_answer(store, "DASH23", participant, scenario, answer, reflectie)


def _dashboard(store: Any, tmp_path: Path) -> DashboardApp:
    return DashboardApp(store, "DASH23", "http://127.0.0.1:8866/", autostart=False, export_dir=tmp_path / "exports")


def test_counts_and_charts(store: Any, tmp_path: Path) -> None:
    """The dashboard counts participants and draws both headline scenarios' charts."""
    share(store, "Rode-Vos-12", balans())
    share(store, "Rode-Vos-13", RollenAntwoord(casus="x", mix=MIX, gestapeld=4))
    dash = _dashboard(store, tmp_path)
    assert ">2</span> deelnemers deelden iets" in dash.count_html.value
    assert "<img" in dash.scenario_html["balans"].value and "onderschatten 1" in dash.scenario_html["balans"].value
    rollen = dash.scenario_html["rollen"].value
    assert "<img" in rollen and 'alt="Gemiddelde rolmix van 1 deelnemer:' in rollen


def test_one_participant_is_singular(store: Any, tmp_path: Path) -> None:
    """One participant: "1 deelnemer deelde iets", "1 antwoord" (Dutch plural agreement)."""
    share(store, "Rode-Vos-12", balans())
    dash = _dashboard(store, tmp_path)
    assert ">1</span> deelnemer deelde iets" in dash.count_html.value
    assert "1 antwoord;" in dash.scenario_html["balans"].value


def test_stacked_mixes_are_counted_from_the_number_of_roles(store: Any, tmp_path: Path) -> None:
    """gestapeld is the number of roles used: 2 or more is a stacked mix, 1 is not (the old bug counted 0)."""
    share(store, "Rode-Vos-11", RollenAntwoord(casus="x", mix=MIX, gestapeld=4))
    share(store, "Rode-Vos-12", RollenAntwoord(casus="x", mix=MIX, gestapeld=2))
    share(store, "Rode-Vos-13", RollenAntwoord(casus="x", mix={**MIX, "rechtmatig": 100}, gestapeld=1))
    assert "3 antwoorden; 2 keer een gestapelde mix." in _dashboard(store, tmp_path).scenario_html["rollen"].value


def test_other_scenarios_appear_once_they_have_answers(store: Any, tmp_path: Path) -> None:
    """Balans and rollen are always shown; another registered scenario gets a section with its first answer."""
    dash = _dashboard(store, tmp_path)
    assert set(dash.scenario_html) == {"balans", "rollen"}
    assert "Nog geen antwoorden" in dash.scenario_html["balans"].value
    share(store, "Rode-Vos-12", ZelfscanAntwoord(antwoorden={}, score=60, plek="ruimte-bieden", beantwoord=5))
    dash.refresh()
    assert "zelfscan" in dash.scenario_html and "<img" in dash.scenario_html["zelfscan"].value
    headings = [box.children[0].value for box in dash.charts.children]
    assert [h.split("(")[0] for h in headings] == [
        "<h2>Balans tussen onderschatten en overvragen ",
        "<h2>Rollen kiezen en stapelen ",
        "<h2>Hoe open is jouw gemeente? ",
    ]


def test_unreadable_answers_are_counted_not_guessed(store: Any, tmp_path: Path) -> None:
    """An answer of another app version is not summed up; the dashboard says how many it skipped."""
    store.save_answer("DASH23", "Rode-Vos-12", "balans", {"positie": "hoog"})
    store.save_answer("DASH23", "Rode-Vos-13", "rollen", {"mix": MIX, "gestapeld": True, "casus": "x"})
    dash = _dashboard(store, tmp_path)
    assert "1 antwoord van een andere versie van de app kon niet worden gelezen" in dash.scenario_html["balans"].value
    assert "kon niet worden gelezen" in dash.scenario_html["rollen"].value
    assert "gestapelde mix" not in dash.scenario_html["rollen"].value


def test_reflection_markup_is_shown_as_text(store: Any, tmp_path: Path) -> None:
    """A reflection containing an <img onerror> tag is escaped: visible as text, never an element."""
    share(store, "Rode-Vos-12", balans(0.2, "in-balans"), XSS)
    html = _dashboard(store, tmp_path).reflecties_html.value
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html
    assert "<img" not in html and "Balans tussen onderschatten en overvragen" in html


def test_refresh_redraws_only_after_a_change(store: Any, tmp_path: Path) -> None:
    """A refresh shows an answer shared after the dashboard opened; without changes it does not redraw."""
    dash = _dashboard(store, tmp_path)
    assert dash.refresh() is False
    share(store, "Rode-Vos-12", balans(0.5, "in-balans"), "nieuw")
    assert dash.refresh() is True
    assert "nieuw" in dash.reflecties_html.value
    assert dash.refresh() is False


def test_live_refresh_thread(store: Any, tmp_path: Path) -> None:
    """Without the trainer touching it, the dashboard picks up a new answer by itself."""
    dash = DashboardApp(store, "DASH23", "", refresh_seconds=0.5, autostart=True)
    shown = threading.Event()
    dash.reflecties_html.observe(lambda change: "vanzelf" in change["new"] and shown.set(), names="value")
    try:
        share(store, "Rode-Vos-12", balans(0.5, "in-balans"), "vanzelf")
        assert shown.wait(30), dash.status_html.value
    finally:
        dash.stop()


def test_store_problem_is_shown_in_dutch(tmp_path: Path) -> None:
    """When the store cannot be read, the dashboard says so (and keeps trying) instead of failing."""

    class Broken:
        def answers(self, session: str) -> Any:
            from handreiking.workshop.store import StoreError

            raise StoreError("De database is even bezet.", retryable=True)

        def get_session(self, code: str) -> Any:
            return None

    dash = DashboardApp(Broken(), "DASH23", autostart=False)
    assert "Kan de antwoorden nu niet lezen: De database is even bezet." in dash.status_html.value


def test_exports_offer_downloads_and_files(store: Any, tmp_path: Path) -> None:
    """CSV and HTML report are offered as download and saved in the data folder; the report escapes text."""
    share(store, "Rode-Vos-12", balans(0.2, "in-balans"), XSS)
    dash = _dashboard(store, tmp_path)
    dash.export_csv()
    assert 'download="workshop-DASH23-' in dash.export_html.value and "Ook opgeslagen als" in dash.export_html.value
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


def test_extra_views_are_shown_and_follow_the_room(store: Any, tmp_path: Path) -> None:
    """A view given to the dashboard (e.g. a debrief) sits below the charts and is redrawn with the room."""
    import ipywidgets as widgets

    class Count:
        def __init__(self) -> None:
            self.widget = widgets.HTML()

        def update(self, room: Any) -> None:
            self.widget.value = f"<p>{room.answers} in de zaal</p>"

    view = Count()
    dash = DashboardApp(store, "DASH23", autostart=False, views=[view])
    assert view.widget in dash.children and view.widget.value == "<p>0 in de zaal</p>"
    share(store, "Rode-Vos-12", balans())
    dash.refresh()
    assert view.widget.value == "<p>1 in de zaal</p>"
