"""Stored answers through the exports (CSV, HTML and Markdown reports), on SQLite and PostgreSQL.

These exercise handreiking/workshop/export.py on data read back from a real
store: what participants typed must come out escaped whichever database held it.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from handreiking.workshop.export import export_csv, export_csv_bytes, export_markdown, export_report
from handreiking.workshop.store import Store, StoreError

XSS = "<img src=x onerror=alert(1)>"
P1, P2 = "Groene-Uil-42", "Rustige-Vos-17"


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_csv_neutralises_formula_injection(store: Store, tmp_path: Path) -> None:
    """Text starting with = + - @ tab or CR is prefixed with a quote; numbers and plain text stay as they are."""
    code = store.create_session().code
    attacks = {
        "a": '=HYPERLINK("http://x","klik")',
        "b": "+1+cmd|' /C calc'!A0",
        "c": "-2+3",
        "d": "@SUM(A1)",
        "e": "\tverborgen",
        "f": "\r=1",
    }
    store.save_answer(code, P1, "balans", {**attacks, "getal": -3.5, "tekst": 'gewoon, met ; en "quotes"'}, "=1+1")
    target = tmp_path / "uit.csv"
    assert export_csv(store, code, target) == 1
    (row,) = _csv_rows(target.read_bytes())
    for key, value in attacks.items():
        assert row[f"antwoord.{key}"] == "'" + value
    assert row["reflectie"] == "'=1+1"
    assert row["antwoord.getal"] == "-3,5"
    assert row["antwoord.tekst"] == 'gewoon, met ; en "quotes"'
    assert (row["deelnemer"], row["scenario"], row["versie"], row["sessie"]) == (P1, "balans", "1", code)


def test_csv_one_row_per_answer_with_flattened_fields(store: Store) -> None:
    """Each current answer is one row; nested fields become columns; text and binary files both work."""
    code = store.create_session().code
    store.save_answer(code, P1, "balans", {"mix": {"zelf": 40, "samen": 60}, "keuzes": ["a", "b"], "ok": True})
    store.save_answer(code, P1, "balans", {"mix": {"zelf": 50, "samen": 50}, "keuzes": ["c"], "ok": False}, "héél")
    store.save_answer(code, P2, "rollen", {"rol": "regisseur"})
    rows = _csv_rows(export_csv_bytes(store, code))
    assert len(rows) == 2
    first = rows[0]
    assert (first["antwoord.mix.zelf"], first["antwoord.keuzes"], first["antwoord.ok"]) == ("50", "c", "nee")
    assert first["versie"] == "2" and first["reflectie"] == "héél"
    assert rows[1]["antwoord.rol"] == "regisseur" and rows[1]["antwoord.mix.zelf"] == ""
    text_file = io.StringIO(newline="")
    assert export_csv(store, code, text_file) == 2
    assert text_file.getvalue().encode("utf-8") == export_csv_bytes(store, code)


def test_html_report_escapes_participant_text(store: Store) -> None:
    """An HTML tag in a reflection or answer is shown as text in the report, never as markup."""
    code = store.create_session(f"Titel {XSS}").code
    store.save_answer(code, P1, "balans", {"toelichting": XSS, "v": 1}, f"Mijn reflectie {XSS}")
    store.save_answer(code, P2, "balans", {"toelichting": "gewoon", "v": 2}, "regel 1\nregel 2")
    report = export_report(store, code)
    assert XSS not in report and "<img src=x" not in report
    assert "&lt;img src=x onerror=alert(1)&gt;" in report
    assert report.count("&lt;img") == 3  # title, answer cell, reflection
    assert code in report and "Deelnemers:</strong> 2" in report
    assert P1 in report and "Reflecties" in report and "regel 1<br>regel 2" in report
    assert "<script" not in report and "http" not in report.split("<body>")[1]


def test_markdown_report_escapes_participant_text(store: Store) -> None:
    """The Markdown report shows an HTML tag or table pipe as text, not as markup."""
    code = store.create_session().code
    store.save_answer(code, P1, "balans", {"keuze": "a | b"}, f"Kijk {XSS} **vet**")
    report = export_markdown(store, code)
    assert XSS not in report and "<img" not in report
    assert "&lt;img src=x onerror=alert(1)&gt;" in report
    assert "a \\| b" in report and "\\*\\*vet\\*\\*" in report
    assert f"# Verslag workshopsessie {code}" in report


def test_report_embeds_charts_from_the_hook(store: Store) -> None:
    """Charts passed in (as a dict or via aggregate_fn) are embedded as data: URIs, with escaped titles."""
    code = store.create_session().code
    store.save_answer(code, P1, "balans", {"v": 1})
    png = b"\x89PNG\r\n\x1a\nnep"
    seen: list[tuple[str, int]] = []

    def aggregate(scenario: str, rows: list) -> list:
        seen.append((scenario, len(rows)))
        return [("Verdeling <b>", png, "Staafdiagram van de keuzes"), ("Samenvatting", "1 keuze & meer")]

    report = export_report(store, code, aggregate, charts={"balans": [("Uit dict", png)]})
    assert seen == [("balans", 1)]
    assert report.count('src="data:image/png;base64,iVBORw0KGgpuZXA="') == 2
    assert 'alt="Staafdiagram van de keuzes"' in report and "Verdeling &lt;b&gt;" in report
    assert "1 keuze &amp; meer" in report
    markdown = export_markdown(store, code, aggregate)
    assert "](data:image/png;base64,iVBORw0KGgpuZXA=)" in markdown


def test_export_of_unknown_session_is_refused(store: Store) -> None:
    """Exporting a code that does not exist gives a Dutch error instead of an empty file."""
    with pytest.raises(StoreError, match="bestaat niet"):
        export_report(store, "QQQQQQ")
