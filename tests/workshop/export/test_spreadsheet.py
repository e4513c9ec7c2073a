"""The CSV export: a Dutch header a spreadsheet user understands, one value per cell, formulas neutralised."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from handreiking.apps.share import store_answer
from handreiking.scenarios.room.balans import BalansAntwoord
from handreiking.scenarios.room.rollen import RollenAntwoord
from handreiking.workshop.export import csv_bytes, export_csv, neutralise_cell
from handreiking.workshop.store import Store, StoreError, open_store

P1, P2 = "Groene-Uil-42", "Rustige-Vos-17"
MIX = {"rechtmatig": 40, "presterend": 20, "netwerkend": 20, "responsief": 20}


@pytest.fixture
def store(tmp_path: Path) -> Any:
    s = open_store(tmp_path / "data")
    s.create_session(code="CSV234")
    yield s
    s.close()


def _rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize(
    "attack", ['=HYPERLINK("http://x","klik")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tverborgen", "\r=1"]
)
def test_formula_text_gets_a_quote(store: Store, attack: str) -> None:
    """Text starting with = + - @ tab or CR is prefixed with a quote, in answers and reflections alike."""
    store_answer(store, "CSV234", P1, "balans", BalansAntwoord(casus=attack, positie=-0.5, oordeel="beide"), "=1+1")
    (row,) = _rows(csv_bytes(store, "CSV234"))
    assert row["Balans: Casus"] == "'" + attack and row["Reflectie"] == "'=1+1"
    assert row["Balans: Positie (−1 onderschatten, +1 overvragen)"] == "-0,5"  # a number stays a number


def test_cells_keep_numbers_and_text() -> None:
    """Numbers get a decimal comma, yes/no is ja/nee, plain text with ; and quotes is kept as it is."""
    assert [neutralise_cell(v) for v in (-3.5, 2.0, 7, True, None)] == ["-3,5", "2", "7", "ja", ""]
    assert neutralise_cell('gewoon, met ; en "quotes"') == 'gewoon, met ; en "quotes"'
    assert neutralise_cell(["a", "=b"]) == "a; =b"


def test_header_is_dutch_and_one_row_per_answer(store: Store) -> None:
    """A header row in Dutch (scenario and field label), one row per current answer, other scenarios' cells empty."""
    store_answer(store, "CSV234", P1, "balans", BalansAntwoord(casus="a", positie=0.1, oordeel="in-balans"), None)
    store_answer(store, "CSV234", P1, "balans", BalansAntwoord(casus="b", positie=0.2, oordeel="in-balans"), "héél")
    store_answer(store, "CSV234", P2, "rollen", RollenAntwoord(casus="v", mix=MIX, gestapeld=4), None)
    data = csv_bytes(store, "CSV234")
    header = data.decode("utf-8-sig").splitlines()[0].split(";")
    assert header[:5] == ["Sessie", "Schuilnaam", "App", "Versie", "Bijgewerkt"]
    assert "Rollen: Rol rechtmatig (%)" in header and "Balans: Oordeel" in header
    assert not [h for h in header if "." in h.split(": ")[-1].split(" ")[0]], "no dotted machine keys as header"
    rows = _rows(data)
    assert len(rows) == 2
    first = next(r for r in rows if r["Schuilnaam"] == P1)
    assert (first["Balans: Casus"], first["Versie"], first["Reflectie"]) == ("b", "2", "héél")
    assert first["App"] == "Balans tussen onderschatten en overvragen" and first["Balans: Oordeel"] == "in balans"
    assert first["Rollen: Rol rechtmatig (%)"] == ""
    second = next(r for r in rows if r["Schuilnaam"] == P2)
    assert second["Rollen: Rol rechtmatig (%)"] == "40" and second["Rollen: Aantal gebruikte rollen"] == "4"


def test_unreadable_answers_keep_their_raw_json(store: Store) -> None:
    """An answer of another app version is not guessed into columns: its JSON goes into its own column."""
    store.save_answer("CSV234", P1, "balans", {"positie": "hoog", "x": "=1"})
    (row,) = _rows(csv_bytes(store, "CSV234"))
    assert json.loads(row["Antwoord dat niet gelezen kon worden (JSON)"]) == {"positie": "hoog", "x": "=1"}


def test_text_and_binary_files_get_the_same_bytes(store: Store, tmp_path: Path) -> None:
    """export_csv writes to a path, a binary file or a text file (newline=''), all with the same bytes."""
    store_answer(store, "CSV234", P1, "balans", BalansAntwoord(casus="a", positie=0.1, oordeel="in-balans"), None)
    assert export_csv(store, "CSV234", tmp_path / "uit.csv") == 1
    text_file = io.StringIO(newline="")
    binary = io.BytesIO()
    assert export_csv(store, "CSV234", text_file) == export_csv(store, "CSV234", binary) == 1
    assert (tmp_path / "uit.csv").read_bytes() == text_file.getvalue().encode("utf-8") == binary.getvalue()


def test_unknown_session_is_refused(store: Store) -> None:
    """Exporting a code that does not exist gives a Dutch error instead of an empty file."""
    with pytest.raises(StoreError, match="bestaat niet"):
        csv_bytes(store, "QQQQQQ")
