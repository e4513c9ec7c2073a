"""Export a workshop session: CSV for a spreadsheet, and a readable report (HTML or Markdown).

Only pseudonyms are stored, so only pseudonyms are exported. Every piece of
participant text is treated as hostile:

- CSV: a text cell that a spreadsheet could read as a formula (starting with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading
  single quote, so it is shown as text. UTF-8 with BOM, so Excel shows
  accents correctly; ``;`` as separator, as Dutch Excel expects.
- HTML and Markdown: all participant text is HTML-escaped (and, in Markdown,
  its markup characters too), so a reflection like ``<img onerror=...>`` is
  shown, never run. The HTML report is one self-contained file (no external
  links, scripts or fonts); charts come in as PNG bytes and are embedded as
  ``data:`` URIs.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from handreiking.workshop.store import AnswerRow, SessionInfo, Store, StoreError, normalise_code, to_local

ReportItem = tuple[str, bytes] | tuple[str, bytes, str] | tuple[str, str]
"""A report addition: (title, png_bytes), (title, png_bytes, alt_text) or (title, plain_text)."""
AggregateFn = Callable[[str, list[AnswerRow]], Iterable[ReportItem]]
"""Called per scenario with its answers; returns charts or text to put above the answers table."""

FIXED_COLUMNS = ("sessie", "deelnemer", "scenario", "versie", "bijgewerkt")
REFLECTIE_COLUMN = "reflectie"
ANSWER_PREFIX = "antwoord."
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
PRIVACY_NOTE = "Dit verslag bevat alleen pseudoniemen; er zijn geen namen of andere persoonsgegevens opgeslagen."


# --------------------------------------------------------------------------- shared helpers


def _session_or_error(store: Store, session: str) -> SessionInfo:
    info = store.get_session(session)
    if info is None:
        raise StoreError(f"De sessie {normalise_code(session)} bestaat niet.")
    return info


def flatten_answer(answer: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested dicts become ``a.b`` keys; lists of plain values become ``"x; y"``, other lists JSON text."""
    flat: dict[str, Any] = {}
    for key, value in answer.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten_answer(value, f"{name}."))
        elif isinstance(value, list | tuple):
            if all(isinstance(item, str | int | float | bool) or item is None for item in value):
                flat[name] = "; ".join(_plain(item) for item in value)
            else:
                flat[name] = json.dumps(value, ensure_ascii=False)
        else:
            flat[name] = value
    return flat


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return str(value).replace(".", ",")  # Dutch decimal comma
    return str(value)


def _answer_columns(rows: Sequence[AnswerRow]) -> list[str]:
    columns: dict[str, None] = {}
    for row in rows:
        for key in flatten_answer(row.answer):
            columns.setdefault(key, None)
    return list(columns)


_MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


def _when(moment: datetime) -> str:
    """Date and time in Dutch time, sortable (for tables and CSV)."""
    return to_local(moment).strftime("%Y-%m-%d %H:%M")


def dutch_date(moment: datetime) -> str:
    """E.g. "26 november 2026, 14:05" (Dutch time)."""
    local = to_local(moment)
    return f"{local.day} {_MONTHS[local.month - 1]} {local.year}, {local:%H:%M}"


# --------------------------------------------------------------------------- CSV


def neutralise_cell(value: Any) -> str:
    """Text for one CSV cell; text that a spreadsheet could run as a formula gets a leading single quote.

    Numbers (int/float) produced by the apps are written as numbers; every string is checked.
    """
    if isinstance(value, bool) or value is None:
        return _plain(value)
    if isinstance(value, int | float):
        return _plain(value)
    text = str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def _build_csv(store: Store, session: str, delimiter: str) -> tuple[str, int]:
    _session_or_error(store, session)
    rows = store.answers(session)
    answer_columns = _answer_columns(rows)
    header = [*FIXED_COLUMNS, *(ANSWER_PREFIX + c for c in answer_columns), REFLECTIE_COLUMN]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise_cell(h) for h in header])
    for row in rows:
        flat = flatten_answer(row.answer)
        cells: list[Any] = [row.session, row.participant, row.scenario, row.revision, _when(row.updated_at)]
        cells += [flat.get(c) for c in answer_columns]
        cells.append(row.reflectie)
        writer.writerow([neutralise_cell(c) for c in cells])
    return "\ufeff" + buffer.getvalue(), len(rows)


def csv_text(store: Store, session: str, *, delimiter: str = ";") -> str:
    """The CSV export as text, starting with a BOM (one row per current answer)."""
    return _build_csv(store, session, delimiter)[0]


def export_csv_bytes(store: Store, session: str, *, delimiter: str = ";") -> bytes:
    """The CSV export as UTF-8 bytes with BOM (for a download button)."""
    return csv_text(store, session, delimiter=delimiter).encode("utf-8")


def export_csv(store: Store, session: str, path_or_file: str | Path | IO[Any], *, delimiter: str = ";") -> int:
    """Write the session's answers as CSV (UTF-8 with BOM, ``;``-separated); returns the number of answer rows.

    ``path_or_file``: a path, or an open file (text or binary). A text file should be opened with
    ``newline=""`` (as for the csv module).
    """
    text, count = _build_csv(store, session, delimiter)
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


# --------------------------------------------------------------------------- HTML report

_REPORT_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a;
       max-width: 1100px; margin: 2em auto; padding: 0 1em; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 2px solid #1f4e99; padding-bottom: 0.15em; }
h3 { font-size: 1.05em; }
table { border-collapse: collapse; margin: 0.6em 0 1em; font-size: 0.95em; }
th, td { border: 1px solid #bfbfbf; padding: 0.3em 0.55em; text-align: left; vertical-align: top; }
th { background: #eef2f8; }
.meta { color: #444; }
.note { color: #595959; font-size: 0.92em; }
blockquote { margin: 0.4em 0 0.8em; padding: 0.2em 0.8em; border-left: 4px solid #1f4e99; background: #f6f8fb; }
figure { margin: 0.8em 0; }
figure img { max-width: 100%; height: auto; }
"""


def _esc(value: Any) -> str:
    return html.escape(_plain(value), quote=True)


def _esc_multiline(text: str) -> str:
    return "<br>".join(html.escape(line, quote=True) for line in text.split("\n"))


def _collect_items(
    scenario: str,
    rows: list[AnswerRow],
    aggregate_fn: AggregateFn | None,
    charts: Mapping[str, Sequence[ReportItem]] | None,
) -> list[ReportItem]:
    items: list[ReportItem] = []
    if charts and scenario in charts:
        items.extend(charts[scenario])
    if aggregate_fn is not None:
        items.extend(aggregate_fn(scenario, rows))
    return items


def _item_html(item: ReportItem) -> str:
    title = item[0]
    content = item[1]
    if isinstance(content, bytes | bytearray):
        alt = item[2] if len(item) > 2 else title  # type: ignore[misc]
        uri = "data:image/png;base64," + base64.b64encode(bytes(content)).decode("ascii")
        return (
            f'<figure><img src="{uri}" alt="{html.escape(str(alt), quote=True)}">'
            f"<figcaption>{html.escape(str(title))}</figcaption></figure>"
        )
    return f"<h3>{html.escape(str(title))}</h3><p>{_esc_multiline(str(content))}</p>"


def _group(rows: Sequence[AnswerRow]) -> dict[str, list[AnswerRow]]:
    grouped: dict[str, list[AnswerRow]] = {}
    for row in rows:
        grouped.setdefault(row.scenario, []).append(row)
    return grouped


def export_report(
    store: Store,
    session: str,
    aggregate_fn: AggregateFn | None = None,
    *,
    charts: Mapping[str, Sequence[ReportItem]] | None = None,
    scenario_titles: Mapping[str, str] | None = None,
) -> str:
    """A self-contained HTML report of the session: counts, and per scenario the answers and reflections.

    ``charts`` (scenario -> [(title, png_bytes[, alt])]) and/or ``aggregate_fn(scenario, rows)`` add charts or
    text per scenario; ``scenario_titles`` gives readable headings for scenario keys.
    """
    info = _session_or_error(store, session)
    rows = store.answers(info.code)
    titles = scenario_titles or {}
    heading = f"Verslag workshopsessie {info.code}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="nl">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(heading)}</title>",
        f"<style>{_REPORT_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{html.escape(heading)}</h1>",
    ]
    if info.title:
        parts.append(f'<p class="meta"><strong>Titel:</strong> {html.escape(info.title)}</p>')
    parts.append(
        '<p class="meta">'
        f"<strong>Sessiecode:</strong> {html.escape(info.code)} · "
        f"<strong>Datum:</strong> {html.escape(dutch_date(info.created_at))} · "
        f"<strong>Deelnemers:</strong> {info.participants} · "
        f"<strong>Antwoorden:</strong> {info.answers}"
        "</p>"
    )
    parts.append(f'<p class="note">{html.escape(PRIVACY_NOTE)} Verslag gemaakt op {dutch_date(datetime.now(UTC))}.</p>')
    if not rows:
        parts.append("<p>Er zijn in deze sessie nog geen antwoorden gedeeld.</p>")
    for scenario, group in _group(rows).items():
        label = titles.get(scenario, scenario)
        parts.append(f'<section aria-labelledby="sc-{_esc(scenario)}">')
        parts.append(f'<h2 id="sc-{_esc(scenario)}">{html.escape(label)}</h2>')
        parts.append(f'<p class="meta">{len(group)} antwoord{"en" if len(group) != 1 else ""}</p>')
        for item in _collect_items(scenario, group, aggregate_fn, charts):
            parts.append(_item_html(item))
        columns = _answer_columns(group)
        parts.append("<table>")
        parts.append(f"<caption>Antwoorden voor {html.escape(label)}</caption>")
        head = "".join(f'<th scope="col">{_esc(c)}</th>' for c in ["Deelnemer", *columns, "Versie", "Bijgewerkt"])
        parts.append(f"<thead><tr>{head}</tr></thead><tbody>")
        for row in group:
            flat = flatten_answer(row.answer)
            cells = [f'<th scope="row">{_esc(row.participant)}</th>']
            cells += [f"<td>{_esc(flat.get(c))}</td>" for c in columns]
            cells += [f"<td>{row.revision}</td>", f"<td>{_esc(_when(row.updated_at))}</td>"]
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</tbody></table>")
        reflections = [row for row in group if row.reflectie]
        if reflections:
            parts.append("<h3>Reflecties</h3>")
            for row in reflections:
                parts.append(
                    f"<blockquote><p>{_esc_multiline(row.reflectie or '')}</p>"
                    f"<footer>— {_esc(row.participant)}</footer></blockquote>"
                )
        parts.append("</section>")
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


# --------------------------------------------------------------------------- Markdown report

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~>])")
"""Markdown markup characters to escape (text always follows a prefix such as "| " or "> ", so "-", "." and
"+" cannot start a list; "<" and "&" are HTML-escaped before this)."""


def md_escape(value: Any) -> str:
    """Participant text safe for Markdown: HTML-escaped, markup characters backslash-escaped, one line."""
    text = html.escape(_plain(value), quote=True)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return " ".join(text.split())


def export_markdown(
    store: Store,
    session: str,
    aggregate_fn: AggregateFn | None = None,
    *,
    charts: Mapping[str, Sequence[ReportItem]] | None = None,
    scenario_titles: Mapping[str, str] | None = None,
) -> str:
    """The same report as Markdown (charts embedded as data: URI images)."""
    info = _session_or_error(store, session)
    rows = store.answers(info.code)
    titles = scenario_titles or {}
    lines = [f"# Verslag workshopsessie {info.code}", ""]
    if info.title:
        lines += [f"**Titel:** {md_escape(info.title)}", ""]
    lines += [
        f"- **Sessiecode:** {info.code}",
        f"- **Datum:** {dutch_date(info.created_at)}",
        f"- **Deelnemers:** {info.participants}",
        f"- **Antwoorden:** {info.answers}",
        "",
        f"_{PRIVACY_NOTE}_",
        "",
    ]
    if not rows:
        lines += ["Er zijn in deze sessie nog geen antwoorden gedeeld.", ""]
    for scenario, group in _group(rows).items():
        lines += [f"## {md_escape(titles.get(scenario, scenario))}", ""]
        for item in _collect_items(scenario, group, aggregate_fn, charts):
            title, content = item[0], item[1]
            if isinstance(content, bytes | bytearray):
                alt = item[2] if len(item) > 2 else title  # type: ignore[misc]
                uri = "data:image/png;base64," + base64.b64encode(bytes(content)).decode("ascii")
                lines += [f"![{md_escape(alt)}]({uri})", "", f"_{md_escape(title)}_", ""]
            else:
                lines += [f"### {md_escape(title)}", "", md_escape(content), ""]
        columns = _answer_columns(group)
        header = ["Deelnemer", *columns, "Versie", "Bijgewerkt"]
        lines.append("| " + " | ".join(md_escape(h) for h in header) + " |")
        lines.append("|" + "---|" * len(header))
        for row in group:
            flat = flatten_answer(row.answer)
            cells = [row.participant, *(flat.get(c) for c in columns), row.revision, _when(row.updated_at)]
            lines.append("| " + " | ".join(md_escape(c) for c in cells) + " |")
        lines.append("")
        reflections = [row for row in group if row.reflectie]
        if reflections:
            lines += ["### Reflecties", ""]
            for row in reflections:
                lines += [f"> {md_escape(row.reflectie)}", ">", f"> — {md_escape(row.participant)}", ""]
    return "\n".join(lines)
