"""The session's answers as CSV for a spreadsheet: one row per current answer, a Dutch header row.

Columns: session, pseudonym, app (its title), version, time, then per scenario in the room one column per
answer field (header "Balans: Positie ..."; the values as the app shares them, numbers as numbers), the
reflection, and the raw JSON of any answer the room could not read (another app version), so nothing is
lost and nothing is guessed.

Every piece of participant text is treated as hostile: a text cell that a spreadsheet could read as a
formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading single quote,
so it is shown as text. UTF-8 with BOM, so Excel shows accents correctly; ``;`` as separator and a decimal
comma, as Dutch Excel expects.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from ...content import dutch
from ...scenarios.room import Column, RoomScenario, flatten, room_scenarios
from ..store import StoreError, normalise_code
from .model import ReportStore

FIXED_HEADER = ("Sessie", "Schuilnaam", "App", "Versie", "Bijgewerkt")
REFLECTIE_HEADER = "Reflectie"
RAW_HEADER = "Antwoord dat niet gelezen kon worden (JSON)"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutralise_cell(value: Any) -> str:
    """Text for one CSV cell; text that a spreadsheet could run as a formula gets a leading single quote.

    Numbers (int/float) are written as numbers (decimal comma); every string is checked.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return str(value).replace(".", ",")
    if isinstance(value, list | tuple):
        value = "; ".join(v if isinstance(v, str) else neutralise_cell(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _scenario_columns(rows: Sequence[Any], scenarios: Sequence[RoomScenario[Any, Any]]) -> list[tuple[str, Column]]:
    """(scenario id, column) for every field of every scenario that has readable answers."""
    found: list[tuple[str, Column]] = []
    for scenario in scenarios:
        answers = [
            typed
            for row in rows
            if row.scenario == scenario.id
            and (typed := scenario.read(row.answer, getattr(row, "schema_version", None))) is not None
        ]
        found += [(scenario.id, c) for c in scenario.columns(answers)]
    return found


def _build(store: ReportStore, session: str, delimiter: str) -> tuple[str, int]:
    info = store.get_session(session)
    if info is None:
        raise StoreError(f"De sessie {normalise_code(session)} bestaat niet.")
    rows = store.answers(info.code)
    scenarios = {s.id: s for s in room_scenarios()}
    columns = _scenario_columns(rows, list(scenarios.values()))
    parsed = []
    for row in rows:
        scenario = scenarios.get(row.scenario)
        typed = scenario.read(row.answer, getattr(row, "schema_version", None)) if scenario else None
        parsed.append((row, scenario, typed))
    raw_needed = any(typed is None for _, _, typed in parsed)
    header = [
        *FIXED_HEADER,
        *(f"{scenarios[sid].id.capitalize()}: {c.label}" for sid, c in columns),
        REFLECTIE_HEADER,
        *([RAW_HEADER] if raw_needed else []),
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise_cell(h) for h in header])
    for row, scenario, typed in parsed:
        flat = flatten(typed.as_json()) if typed is not None else {}
        cells: list[Any] = [
            row.session or info.code,
            row.participant,
            scenario.title if scenario else row.scenario,
            row.revision,
            dutch.stamp(row.updated_at),
        ]
        cells += [c.value(flat) if sid == row.scenario else None for sid, c in columns]
        cells.append(row.reflectie)
        if raw_needed:
            cells.append(json.dumps(row.answer, ensure_ascii=False, sort_keys=True) if typed is None else None)
        writer.writerow([neutralise_cell(c) for c in cells])
    return "\ufeff" + buffer.getvalue(), len(rows)


def csv_text(store: ReportStore, session: str, *, delimiter: str = ";") -> str:
    """The CSV export as text, starting with a BOM (one row per current answer)."""
    return _build(store, session, delimiter)[0]


def csv_bytes(store: ReportStore, session: str, *, delimiter: str = ";") -> bytes:
    """The CSV export as UTF-8 bytes with BOM (for a download button)."""
    return csv_text(store, session, delimiter=delimiter).encode("utf-8")


def export_csv(store: ReportStore, session: str, path_or_file: str | Path | IO[Any], *, delimiter: str = ";") -> int:
    """Write the session's answers as CSV (UTF-8 with BOM, ``;``-separated); returns the number of answer rows.

    ``path_or_file``: a path, or an open file (text or binary). A text file should be opened with
    ``newline=""`` (as for the csv module).
    """
    text, count = _build(store, session, delimiter)
    if isinstance(path_or_file, str | Path):
        Path(path_or_file).write_bytes(text.encode("utf-8"))
    elif _is_binary(path_or_file):
        path_or_file.write(text.encode("utf-8"))
    else:
        path_or_file.write(text)
    return count


def _is_binary(handle: IO[Any]) -> bool:
    if isinstance(handle, io.TextIOBase):
        return False
    if isinstance(handle, io.BufferedIOBase | io.RawIOBase):
        return True
    return "b" in str(getattr(handle, "mode", ""))
