"""The trainer dashboard: the room's answers, live, with the join QR code and the exports.

Runs in its own Voila process (``handreiking/workshop/notebooks/dashboard.ipynb``), which the participant
server cannot reach. A background thread re-reads the store every few seconds; charts are redrawn only when
an answer changed. Everything a participant wrote is escaped before it is shown.
"""

from __future__ import annotations

import base64
import hashlib
import os
import threading
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from ..apps.base import APP_CSS, esc
from .aggregate import RoomSummary, room_summary
from .config import ENV_JOIN_URL, ENV_REFRESH, ENV_SESSION, ENV_STORE
from .store import AnswerRow, Store, StoreError

SCENARIO_TITLES = {
    "balans": "Balans tussen onderschatten en overvragen (Les 6, Stap 6.1)",
    "rollen": "Rollen kiezen en stapelen (Les 1, Stap 1.1)",
}

DASHBOARD_CSS = """
<style>
.hr-dash .hr-qr svg { width: 100%; height: auto; max-width: 420px; display: block; }
.hr-dash .hr-url { font-size: 1.6em; font-weight: 700; word-break: break-all; }
.hr-dash .hr-count { font-size: 2.4em; font-weight: 700; line-height: 1.1; }
.hr-dash table { border-collapse: collapse; width: 100%; }
.hr-dash th, .hr-dash td { text-align: left; vertical-align: top; padding: 0.3em 0.6em; border-bottom: 1px solid #ddd; }
.hr-dash td.hr-text { white-space: pre-wrap; }
</style>
"""


def qr_svg(url: str, scale: int = 12) -> str:
    """The join address as an inline SVG QR code (large, for the projector)."""
    import segno

    return segno.make(url, error="m").svg_inline(scale=scale, dark="#000000", light="#ffffff", title=url)


def _fingerprint(rows: Sequence[AnswerRow]) -> str:
    h = hashlib.sha256()
    for r in rows:
        h.update(f"{r.participant}|{r.scenario}|{r.revision}|{r.updated_at.isoformat()}\n".encode())
    return h.hexdigest()


def reflecties_html(summary: RoomSummary, limit: int = 50) -> str:
    """The shared reflections as an HTML table; every participant text escaped."""
    items = summary.reflecties[:limit]
    if not items:
        return '<p class="hr-note">Nog geen reflecties gedeeld.</p>'
    rows = "".join(
        f"<tr><td>{esc(r.updated_at.astimezone().strftime('%H:%M'))}</td><td>{esc(r.participant)}</td>"
        f'<td>{esc(r.scenario)}</td><td class="hr-text">{esc(r.text)}</td></tr>'
        for r in items
    )
    return (
        "<table><thead><tr><th>Tijd</th><th>Schuilnaam</th><th>App</th><th>Reflectie</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _download_link(data: bytes, filename: str, mime: str, label: str) -> str:
    payload = base64.b64encode(data).decode("ascii")
    return f'<a download="{esc(filename)}" href="data:{mime};base64,{payload}">{esc(label)}</a>'


def report_charts(summary: RoomSummary) -> dict[str, list[tuple[str, bytes, str]]]:
    """PNG charts per scenario for the HTML report."""
    from ..plots.render import figure_to_png
    from ..plots.workshop import balans_room_alt, balans_room_figure, rollen_room_alt, rollen_room_figure

    charts: dict[str, list[tuple[str, bytes, str]]] = {}
    if summary.balans.count:
        charts["balans"] = [
            (
                "Waar de groep uitkomt",
                figure_to_png(balans_room_figure(summary.balans)),
                balans_room_alt(summary.balans),
            )
        ]
    if summary.rollen.count:
        charts["rollen"] = [
            (
                "De rolmix van de groep",
                figure_to_png(rollen_room_figure(summary.rollen)),
                rollen_room_alt(summary.rollen),
            )
        ]
    return charts


class DashboardApp(widgets.VBox):
    """Participant count, aggregated answers per scenario, reflections, QR code and exports; refreshes itself."""

    def __init__(
        self,
        store: Store | Callable[[], Store],
        session: str,
        join_url: str = "",
        *,
        refresh_seconds: float = 3.0,
        export_dir: Path | None = None,
        autostart: bool = True,
    ) -> None:
        self._store_or_factory = store
        self._store: Store | None = store if isinstance(store, Store) else None
        self.session = session
        self.join_url = join_url
        self.refresh_seconds = max(0.5, refresh_seconds)
        self.export_dir = export_dir
        self.summary: RoomSummary | None = None
        self._fingerprint = ""
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

        self.title_html = widgets.HTML(APP_CSS + DASHBOARD_CSS + f"<h1>Dashboard trainer: sessie {esc(session)}</h1>")
        self.qr_html = widgets.HTML(self._qr_block())
        self.qr_toggle = widgets.ToggleButton(
            value=True, description="QR-code tonen", tooltip="Toon of verberg de QR-code voor de groep"
        )
        self.qr_toggle.observe(self._toggle_qr, names="value")
        self.count_html = widgets.HTML()
        self.status_html = widgets.HTML()
        self.balans_html = widgets.HTML()
        self.rollen_html = widgets.HTML()
        self.reflecties_html = widgets.HTML()
        self.csv_button = widgets.Button(description="Exporteer CSV", icon="", tooltip="Alle antwoorden als CSV")
        self.report_button = widgets.Button(description="Exporteer verslag (HTML)", tooltip="Leesbaar verslag")
        self.export_html = widgets.HTML()
        self.csv_button.on_click(self.export_csv)
        self.report_button.on_click(self.export_report)

        top = widgets.HBox([self.qr_html, widgets.VBox([self.count_html, self.qr_toggle, self.status_html])])
        top.add_class("hr-columns")
        charts = widgets.HBox(
            [
                widgets.VBox([widgets.HTML(f"<h2>{esc(SCENARIO_TITLES['balans'])}</h2>"), self.balans_html]),
                widgets.VBox([widgets.HTML(f"<h2>{esc(SCENARIO_TITLES['rollen'])}</h2>"), self.rollen_html]),
            ]
        )
        charts.add_class("hr-columns")
        for box in charts.children:
            box.add_class("hr-col")
        super().__init__(
            [
                self.title_html,
                top,
                charts,
                widgets.HTML("<h2>Reflecties</h2>"),
                self.reflecties_html,
                widgets.HTML("<h2>Exporteren</h2>"),
                widgets.HBox([self.csv_button, self.report_button]),
                self.export_html,
            ]
        )
        self.add_class("hr-app")
        self.add_class("hr-dash")
        self.refresh()
        if autostart:
            self.start()

    @classmethod
    def from_env(cls) -> DashboardApp:
        """The dashboard of the running workshop (session, store and join address from the environment)."""
        from .store import open_store

        session = os.environ.get(ENV_SESSION, "")
        store_url = os.environ.get(ENV_STORE) or None
        refresh = float(os.environ.get(ENV_REFRESH, "3") or 3)
        export_dir = None
        if store_url and "://" not in store_url:
            export_dir = Path(store_url).expanduser().parent / "exports"
        return cls(
            lambda: open_store(store_url),
            session,
            os.environ.get(ENV_JOIN_URL, ""),
            refresh_seconds=refresh,
            export_dir=export_dir,
        )

    # ---- data

    def store(self) -> Store:
        if self._store is None:
            factory = self._store_or_factory
            assert callable(factory)
            self._store = factory()
        return self._store

    def _qr_block(self) -> str:
        if not self.join_url:
            return ""
        return (
            f'<div class="hr-qr">{qr_svg(self.join_url)}</div>'
            f'<p>Doe mee: <span class="hr-url">{esc(self.join_url)}</span></p>'
        )

    def _toggle_qr(self, change: dict[str, Any]) -> None:
        self.qr_html.layout.display = None if change["new"] else "none"

    def refresh(self, *_: Any) -> bool:
        """Re-read the answers; redraw when something changed. Returns True when it redrew."""
        with self._lock:
            try:
                rows = self.store().answers(self.session)
            except StoreError as exc:
                self.status_html.value = (
                    f'<p style="color:#b3261e">Kan de antwoorden nu niet lezen: {esc(exc.message)} '
                    "Het dashboard probeert het zo opnieuw.</p>"
                )
                return False
            now = datetime.now().strftime("%H:%M:%S")
            self.status_html.value = (
                f'<p class="hr-note">Bijgewerkt om {now}; ververst elke {self.refresh_seconds:g} s.</p>'
            )
            fingerprint = _fingerprint(rows)
            if fingerprint == self._fingerprint and self.summary is not None:
                return False
            self._fingerprint = fingerprint
            self.summary = summary = room_summary(rows)
            self._render(summary)
            return True

    def _render(self, summary: RoomSummary) -> None:
        from ..plots.render import figure_html
        from ..plots.workshop import balans_room_alt, balans_room_figure, rollen_room_alt, rollen_room_figure

        per = ", ".join(f"{esc(k)}: {v}" for k, v in summary.answers_per_scenario.items()) or "nog geen antwoorden"
        self.count_html.value = (
            f'<p><span class="hr-count">{summary.participants}</span> deelnemers deelden iets</p><p>{per}</p>'
        )
        b = summary.balans
        if b.count:
            verdicts = ", ".join(f"{esc(k)} {v}" for k, v in b.oordelen.items())
            self.balans_html.value = (
                figure_html(balans_room_figure(b), alt=balans_room_alt(b))
                + f"<p>{b.count} antwoorden; mediaan {b.median:+.2f}. {verdicts}.</p>"
            )
        else:
            self.balans_html.value = '<p class="hr-note">Nog geen antwoorden.</p>'
        r = summary.rollen
        if r.count:
            self.rollen_html.value = (
                figure_html(rollen_room_figure(r), alt=rollen_room_alt(r))
                + f"<p>{r.count} antwoorden; {r.stacked} keer een gestapelde mix.</p>"
            )
        else:
            self.rollen_html.value = '<p class="hr-note">Nog geen antwoorden.</p>'
        self.reflecties_html.value = reflecties_html(summary)

    # ---- live refresh

    def start(self) -> None:
        """Refresh every ``refresh_seconds`` in a background thread until :meth:`stop`."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()

        def loop() -> None:
            while not self._stop.wait(self.refresh_seconds):
                try:
                    self.refresh()
                except Exception as exc:
                    self.status_html.value = f'<p style="color:#b3261e">Verversen mislukt: {esc(exc)}</p>'

        self._thread = threading.Thread(target=loop, name="hr-dashboard", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    # ---- exports

    def _save(self, data: bytes, filename: str) -> str:
        if self.export_dir is None:
            return ""
        try:
            self.export_dir.mkdir(parents=True, exist_ok=True)
            path = self.export_dir / filename
            path.write_bytes(data)
        except OSError as exc:
            return f" Opslaan in de datamap lukte niet ({esc(exc.strerror or exc)})."
        return f" Ook opgeslagen als <code>{esc(path)}</code>."

    def _stamp(self) -> str:
        return time.strftime("%Y%m%d-%H%M")

    def export_csv(self, *_: Any) -> None:
        from .export import export_csv_bytes

        try:
            data = export_csv_bytes(self.store(), self.session)
        except StoreError as exc:
            self.export_html.value = f'<p style="color:#b3261e">Export lukte niet: {esc(exc.message)}</p>'
            return
        name = f"workshop-{self.session}-{self._stamp()}.csv"
        self.export_html.value = (
            f"<p>{_download_link(data, name, 'text/csv', 'Download ' + name)}.{self._save(data, name)}</p>"
        )

    def export_report(self, *_: Any) -> None:
        from .export import export_report

        try:
            rows = self.store().answers(self.session)
            text = export_report(
                self.store(), self.session, charts=report_charts(room_summary(rows)), scenario_titles=SCENARIO_TITLES
            )
        except StoreError as exc:
            self.export_html.value = f'<p style="color:#b3261e">Export lukte niet: {esc(exc.message)}</p>'
            return
        data = text.encode("utf-8")
        name = f"workshop-{self.session}-{self._stamp()}.html"
        self.export_html.value = (
            f"<p>{_download_link(data, name, 'text/html', 'Download ' + name)}.{self._save(data, name)}</p>"
        )
