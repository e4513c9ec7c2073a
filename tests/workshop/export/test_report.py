"""The session report: one model, rendered to HTML and Markdown; titles and Dutch labels, charts, reflections,
plurals; participant text escaped in both; readable printed on A4."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from handreiking.apps.share import store_answer
from handreiking.scenarios.room.balans import BalansAntwoord
from handreiking.scenarios.room.rollen import RollenAntwoord
from handreiking.workshop.export import (
    Paragraph,
    Section,
    build_report,
    render_html,
    render_markdown,
    report_html,
    report_markdown,
    write_report,
)
from handreiking.workshop.export.model import SECTION_BUILDERS
from handreiking.workshop.store import Store, StoreError, open_store

XSS = "<img src=x onerror=alert(1)>"
P1, P2 = "Groene-Uil-42", "Rustige-Vos-17"
MIX = {"rechtmatig": 40, "presterend": 20, "netwerkend": 20, "responsief": 20}


@pytest.fixture
def store(tmp_path: Path) -> Any:
    s = open_store(tmp_path / "data")
    s.create_session(f"Titel {XSS}", code="RAP234")
    yield s
    s.close()


def _balans(store: Store, who: str, reflectie: str | None = None, casus: str = "cpo-groep") -> None:
    answer = BalansAntwoord(casus=casus, positie=-0.25, oordeel="onderschatten")
    store_answer(store, "RAP234", who, "balans", answer, reflectie)


def test_html_report_escapes_participant_text(store: Store) -> None:
    """An HTML tag in a title, answer or reflection is shown as text in the report, never as markup."""
    _balans(store, P1, f"Mijn reflectie {XSS}", casus=XSS)
    _balans(store, P2, "regel 1\nregel 2")
    report = report_html(store, "RAP234")
    assert XSS not in report and "<img src=x" not in report
    assert report.count("&lt;img src=x onerror=alert(1)&gt;") == 3  # title, answer cell, reflection
    assert "RAP234" in report and "<strong>Deelnemers:</strong> 2" in report
    assert P1 in report and "<h3>Reflecties</h3>" in report and "regel 1\nregel 2" in report
    assert "<script" not in report and "http" not in report.split("<body>")[1]


def test_markdown_report_escapes_participant_text(store: Store) -> None:
    """The Markdown report shows an HTML tag, a table pipe or emphasis as text, not as markup."""
    _balans(store, P1, f"Kijk {XSS} **vet**", casus="a | b")
    report = report_markdown(store, "RAP234")
    assert XSS not in report and "<img" not in report
    assert "&lt;img src=x onerror=alert(1)&gt;" in report
    assert "a \\| b" in report and "\\*\\*vet\\*\\*" in report
    assert report.startswith("# Verslag workshopsessie RAP234")


def test_titles_and_dutch_labels_not_ids(store: Store) -> None:
    """Sections carry the scenario's title and step; table headers are Dutch labels, never dotted keys."""
    _balans(store, P1)
    store_answer(store, "RAP234", P2, "rollen", RollenAntwoord(casus="v", mix=MIX, gestapeld=4), None)
    report = report_html(store, "RAP234")
    assert '<h2 id="sectie-1">Balans tussen onderschatten en overvragen (Les 6, Stap 6.1)</h2>' in report
    assert "Rollen kiezen en stapelen (Les 1, Stap 1.1)" in report
    headers = re.findall(r'<th scope="col">([^<]*)</th>', report)
    assert "Positie (−1 onderschatten, +1 overvragen)" in headers and "Rol rechtmatig (%)" in headers
    assert not [h for h in headers if re.search(r"\w\.\w", h)], headers


def test_charts_and_room_sentences_with_plurals(store: Store) -> None:
    """Each scenario with answers gets its room chart (PNG with a text alternative) and a sentence in Dutch."""
    _balans(store, P1)
    html = report_html(store, "RAP234")
    assert html.count('src="data:image/png;base64,') == 2  # the room chart, and the debrief chart of its one case
    assert 'alt="1 antwoord op de as van onderschatten naar overvragen' in html
    assert "<p>1 antwoord; mediaan -0.25." in html
    markdown = report_markdown(store, "RAP234")
    assert "](data:image/png;base64," in markdown and "_Waar de groep uitkomt_" in markdown


def test_html_and_markdown_render_the_same_model(store: Store) -> None:
    """Both documents come from one report model: the same sections, tables and quotes."""
    _balans(store, P1, "Eigen woorden")
    report = build_report(store, "RAP234", charts=False)
    html, markdown = render_html(report), render_markdown(report)
    for section in report.sections:
        assert section.title in html and section.title in markdown
    assert "Eigen woorden" in html and "> Eigen woorden" in markdown


def test_dashboard_and_cli_write_the_same_document(store: Store, tmp_path: Path) -> None:
    """write_report (the CLI) writes what report_html (the dashboard's button) returns, up to the time made."""
    _balans(store, P1)
    written = write_report(store, "RAP234", tmp_path / "verslag.html").read_text(encoding="utf-8")
    strip = re.compile(r"Verslag gemaakt op [^.]*\.")
    assert strip.sub("", written) == strip.sub("", report_html(store, "RAP234"))
    assert write_report(store, "RAP234", tmp_path / "verslag.md").read_text(encoding="utf-8").startswith("# ")


def test_print_layout_is_a4(store: Store) -> None:
    """The HTML report sets an A4 page and keeps figures, quotes and table rows whole when printed."""
    html = report_html(store, "RAP234")
    assert "@page { size: A4;" in html and "break-inside: avoid" in html
    assert "Er zijn in deze sessie nog geen antwoorden gedeeld." in html


def test_a_section_builder_extends_the_report(store: Store) -> None:
    """Another kind of section (group questions, a debrief view) is one builder more; the templates render it."""

    def groepsvragen(data: Any) -> list[Section]:
        return [Section("vragen", "Vragen van de trainer", (Paragraph("3 deelnemers <antwoordden>."),))]

    report = build_report(store, "RAP234", builders=(*SECTION_BUILDERS, groepsvragen))
    html = render_html(report)
    assert "Vragen van de trainer" in html and "3 deelnemers &lt;antwoordden&gt;." in html


def test_report_of_unknown_session_is_refused(store: Store) -> None:
    """Exporting a code that does not exist gives a Dutch error instead of an empty file."""
    with pytest.raises(StoreError, match="bestaat niet"):
        report_html(store, "QQQQQQ")
