"""The trainer dashboard: the room's answers, live, with the join QR code and the exports.

Runs in its own Voila process (``handreiking/workshop/notebooks/dashboard.ipynb``), which the participant
server cannot reach. It is GIVEN the store (a :class:`RoomStore`, or a function that opens one) and the
session; :meth:`DashboardApp.from_workshop` takes them from the workshop the kernel runs in. A background
thread re-reads the answers every few seconds; charts are redrawn only when an answer changed.

Every scenario registered in :mod:`handreiking.scenarios.room` gets a section (the pinned ones always,
the others once they have answers), with the room chart and a Dutch sentence about the room. The HTML
comes from ``templates/dashboard.html.j2``, autoescaped: whatever a participant wrote is shown as text.
"""

from __future__ import annotations

import base64
import hashlib
import threading
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import ipywidgets as widgets

from ..scenarios.room import Room, room_of, room_scenarios
from ..scenarios.room.room import Row
from ..templating import html_environment
from .base import APP_CSS
from .polling import Repeater

PINNED = ("balans", "rollen")
"""Scenarios the dashboard always shows; every other registered scenario appears once it has answers."""


class DashboardView(Protocol):
    """Something more to show on the projector (a debrief view, a group question): a widget, redrawn with
    every change in the room. Pass views to :class:`DashboardApp`; they appear below the scenario charts,
    or above them when the view has ``position = "top"``. A view that also has a ``poll()`` method is polled on
    every refresh (for what the answers do not show)."""

    widget: widgets.Widget

    def update(self, room: Room) -> None: ...


class RoomStore(Protocol):
    """What the dashboard reads from (the workshop's store has these methods)."""

    def answers(self, session: str) -> Sequence[Row]: ...

    def get_session(self, code: str) -> Any: ...


def _fragments() -> Any:
    return html_environment("handreiking.apps").get_template("dashboard.html.j2").module


def qr_svg(url: str, scale: int = 12) -> str:
    """The join address as an inline SVG QR code (large, for the projector)."""
    import segno

    return segno.make(url, error="m").svg_inline(scale=scale, dark="#000000", light="#ffffff", title=url)


def _fingerprint(rows: Sequence[Any]) -> str:
    h = hashlib.sha256()
    for r in rows:
        h.update(f"{r.participant}|{r.scenario}|{r.revision}|{r.updated_at.isoformat()}\n".encode())
    return h.hexdigest()


def _problem_text(exc: Exception) -> str:
    return str(getattr(exc, "message", "") or exc)


class DashboardApp(widgets.VBox):
    """Participant count, the room per scenario, reflections, QR code and exports; refreshes itself."""

    def __init__(
        self,
        store: RoomStore | Callable[[], RoomStore],
        session: str,
        join_url: str = "",
        *,
        refresh_seconds: float = 3.0,
        export_dir: Path | None = None,
        pinned: Sequence[str] = PINNED,
        views: Sequence[DashboardView] = (),
        autostart: bool = True,
    ) -> None:
        from markupsafe import Markup

        self._store_or_factory = store
        self._store: RoomStore | None = store if hasattr(store, "answers") else None  # type: ignore[assignment]
        self.session = session
        self.join_url = join_url
        self.refresh_seconds = max(0.5, refresh_seconds)
        self.export_dir = export_dir
        self.room: Room | None = None
        self._fingerprint = ""
        self._lock = threading.Lock()
        self._refresher = Repeater(self.refresh, self.refresh_seconds, self._refresh_failed, name="hr-dashboard")
        self._html = _fragments()
        self.scenarios = room_scenarios()
        self.titles = {s.id: s.title for s in self.scenarios}
        self.pinned = tuple(pinned)
        self.views = tuple(views)

        self.title_html = widgets.HTML(str(self._html.title(Markup(APP_CSS), session)))
        self.qr_html = widgets.HTML(str(self._html.qr(Markup(qr_svg(join_url)) if join_url else "", join_url)))
        self.qr_toggle = widgets.ToggleButton(
            value=True, description="QR-code tonen", tooltip="Toon of verberg de QR-code voor de groep"
        )
        self.qr_toggle.observe(self._toggle_qr, names="value")
        self.count_html = widgets.HTML()
        self.status_html = widgets.HTML()
        self.scenario_html: dict[str, widgets.HTML] = {}
        self._sections: dict[str, widgets.VBox] = {}
        self.charts = widgets.HBox([])
        self.charts.add_class("hr-columns")
        self.reflecties_html = widgets.HTML()
        self.csv_button = widgets.Button(description="Exporteer CSV", icon="", tooltip="Alle antwoorden als CSV")
        self.report_button = widgets.Button(description="Exporteer verslag (HTML)", tooltip="Leesbaar verslag")
        self.export_html = widgets.HTML()
        self.csv_button.on_click(self.export_csv)
        self.report_button.on_click(self.export_report)
        for scenario_id in self.pinned:
            self._section(scenario_id)

        top = widgets.HBox([self.qr_html, widgets.VBox([self.count_html, self.qr_toggle, self.status_html])])
        top.add_class("hr-columns")
        above = [view.widget for view in self.views if getattr(view, "position", "") == "top"]
        below = [view.widget for view in self.views if getattr(view, "position", "") != "top"]
        super().__init__(
            [
                self.title_html,
                top,
                *above,
                self.charts,
                *below,
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
    def from_workshop(cls) -> DashboardApp:
        """The dashboard of the workshop this kernel runs in (session, store, join address from the workshop)."""
        from ..workshop.kernel import kernel_workshop
        from ..workshop.settings import data_folder
        from .server_status import ServerStatusView
        from .throttle_view import ThrottleView

        workshop = kernel_workshop()
        if workshop is None:
            raise RuntimeError("Het dashboard hoort bij een workshop: start het met 'handreiking workshop'.")
        from .debrief import workshop_views

        folder = data_folder(workshop.settings.opslag)
        settings = workshop.settings
        server = ServerStatusView(settings.deelnemers_url, refresh_seconds=max(5.0, settings.verversen))
        dashboard = cls(
            workshop.store,
            workshop.session,
            server.join_url,
            refresh_seconds=workshop.settings.verversen,
            export_dir=folder / "exports" if folder is not None else None,
            views=(server, ThrottleView(workshop.store, workshop.session), *workshop_views(workshop)),
        )
        server.on_join_url = dashboard.set_join_url
        return dashboard

    def set_join_url(self, url: str) -> None:
        """Show a new join address (the laptop's address changed) and its QR code at the top."""
        from markupsafe import Markup

        self.join_url = url
        self.qr_html.value = str(self._html.qr(Markup(qr_svg(url)) if url else "", url))

    # ---- data

    def store(self) -> RoomStore:
        if self._store is None:
            factory = self._store_or_factory
            assert callable(factory)
            self._store = factory()  # type: ignore[assignment]
        assert self._store is not None
        return self._store

    def _section(self, scenario_id: str) -> widgets.HTML:
        """The HTML widget of a scenario's section, adding the section when it is not shown yet."""
        if scenario_id not in self.scenario_html:
            scenario = next(s for s in self.scenarios if s.id == scenario_id)
            body = widgets.HTML()
            box = widgets.VBox([widgets.HTML(str(self._html.heading(scenario))), body])
            box.add_class("hr-col")
            self.scenario_html[scenario_id] = body
            self._sections[scenario_id] = box
            order = [s.id for s in self.scenarios if s.id in self._sections]
            self.charts.children = tuple(self._sections[s] for s in order)
        return self.scenario_html[scenario_id]

    def _toggle_qr(self, change: dict[str, Any]) -> None:
        self.qr_html.layout.display = None if change["new"] else "none"

    def refresh(self, *_: Any) -> bool:
        """Re-read the answers; redraw when something changed. Returns True when it redrew."""
        with self._lock:
            try:
                rows = self.store().answers(self.session)
            except Exception as exc:
                self.status_html.value = str(
                    self._html.problem(
                        f"Kan de antwoorden nu niet lezen: {_problem_text(exc)} Het dashboard probeert het zo opnieuw."
                    )
                )
                return False
            now = datetime.now().strftime("%H:%M:%S")
            self.status_html.value = str(self._html.status(now, f"{self.refresh_seconds:g}"))
            self._poll_views()
            fingerprint = _fingerprint(rows)
            if fingerprint == self._fingerprint and self.room is not None:
                return False
            self._fingerprint = fingerprint
            self.room = room = room_of(rows, self.scenarios)
            self._render(room)
            return True

    def _render(self, room: Room) -> None:
        from markupsafe import Markup

        from ..plots.room import room_chart_html

        self.count_html.value = str(self._html.counts(room, self.titles))
        for part in room.scenarios:
            scenario_id = part.scenario.id
            if scenario_id not in self.pinned and not (part.count or part.skipped):
                continue
            chart = part.chart()
            chart_html = Markup(room_chart_html(chart)) if chart is not None else ""
            self._section(scenario_id).value = str(self._html.scenario(part, chart_html))
        self.reflecties_html.value = str(self._html.reflecties(room.reflecties[:50], self.titles))
        for view in self.views:
            view.update(room)

    def _poll_views(self) -> None:
        for view in self.views:
            poll = getattr(view, "poll", None)
            if callable(poll):
                try:
                    poll()
                except Exception as exc:  # one view's problem must not stop the refresh of the rest
                    self.status_html.value = str(self._html.problem(f"Verversen mislukt: {_problem_text(exc)}"))

    # ---- live refresh

    def start(self) -> None:
        """Refresh every ``refresh_seconds`` in a background thread until :meth:`stop`."""
        self._refresher.start()

    def _refresh_failed(self, exc: Exception) -> None:
        self.status_html.value = str(self._html.problem(f"Verversen mislukt: {exc}"))

    def stop(self) -> None:
        self._refresher.stop()
        for view in self.views:  # views with a poll of their own (the group questions) stop too
            stop = getattr(view, "stop", None)
            if callable(stop):
                stop()

    # ---- exports (the same files as ``handreiking sessie export``)

    def _save(self, data: bytes, filename: str) -> tuple[Path | None, str]:
        """Also keep the file in the data folder: (its path, or None; a problem to report, or "")."""
        if self.export_dir is None:
            return None, ""
        try:
            self.export_dir.mkdir(parents=True, exist_ok=True)
            path = self.export_dir / filename
            path.write_bytes(data)
        except OSError as exc:
            return None, str(exc.strerror or exc)
        return path, ""

    def _offer(self, data: bytes, filename: str, mime: str) -> None:
        uri = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
        path, problem = self._save(data, filename)
        self.export_html.value = str(self._html.download(uri, filename, str(path) if path else "", problem))

    def _stamp(self) -> str:
        return time.strftime("%Y%m%d-%H%M")

    def export_csv(self, *_: Any) -> None:
        from ..workshop.export import csv_bytes, question_answer_count, questions_csv_bytes

        try:
            data = csv_bytes(self.store(), self.session)  # type: ignore[arg-type]
            questions = (
                questions_csv_bytes(self.store(), self.session)
                if question_answer_count(self.store(), self.session)
                else b""
            )
        except Exception as exc:
            self.export_html.value = str(self._html.problem(f"Export lukte niet: {_problem_text(exc)}"))
            return
        self._offer(data, f"workshop-{self.session}-{self._stamp()}.csv", "text/csv")
        if questions:  # the answers to the group questions: a second file
            first = self.export_html.value
            self._offer(questions, f"workshop-{self.session}-{self._stamp()}-groepsvragen.csv", "text/csv")
            self.export_html.value = first + self.export_html.value

    def export_report(self, *_: Any) -> None:
        from ..workshop.export import report_html

        try:
            data = report_html(self.store(), self.session).encode("utf-8")  # type: ignore[arg-type]
        except Exception as exc:
            self.export_html.value = str(self._html.problem(f"Export lukte niet: {_problem_text(exc)}"))
            return
        self._offer(data, f"workshop-{self.session}-{self._stamp()}.html", "text/html")
