"""The dashboard's "Server en netwerk" section: the join address of the moment, memory and kernels.

A :class:`~handreiking.apps.dashboard.DashboardView`. Every few seconds (its own background thread: the room's
answers may not change while memory does) it

* works out the join address as it is now (:func:`handreiking.workshop.network.current_join_url`): when the
  laptop got another address (after sleep, on another Wi-Fi) it shows the new address with a new QR code,
  and tells the dashboard, which then shows the new QR code at the top as well;
* asks the participant server for its memory (server and kernels together) and its kernels, preheated and
  in use (``/handreiking/status``, answered in full only to this laptop), and shows the laptop's free memory.
"""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from ..templating import html_environment
from ..workshop.memory import available_memory_mb, gigabytes
from ..workshop.network import STATUS_PATH, check_url, current_join_url, local_base_url
from .polling import Repeater

TIGHT_MB = 1024
"""Below this much free memory the section warns the trainer."""
TIGHT_SHARE = 0.1
"""... or below this share of the laptop's memory."""


@dataclass(frozen=True)
class ServerFigures:
    """What the section shows about the participant server."""

    memory: str
    kernels: dict[str, int]
    tight: bool


def fetch_status(base_url: str, timeout: float = 3.0) -> dict[str, Any]:
    """The participant server's ``/handreiking/status`` (details: this laptop asks); {} when it does not answer."""
    try:
        with urllib.request.urlopen(base_url.rstrip("/") + "/" + STATUS_PATH, timeout=timeout) as response:
            data = json.loads(response.read(65536).decode("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _total_memory_mb() -> int | None:
    try:
        import psutil

        return int(psutil.virtual_memory().total // (1024 * 1024))
    except Exception:
        return None


class ServerStatusView:
    """Join address (with a new QR code when it changed), the server's memory and kernels; refreshes itself."""

    def __init__(
        self,
        join_url: str,
        *,
        status: Callable[[], dict[str, Any]] | None = None,
        free_mb: Callable[[], int | None] = available_memory_mb,
        total_mb: Callable[[], int | None] = _total_memory_mb,
        current_url: Callable[[str], str] = current_join_url,
        refresh_seconds: float = 5.0,
        on_join_url: Callable[[str], None] | None = None,
        autostart: bool = True,
    ) -> None:
        self.served_url = join_url
        """The join address the kernels got (``http://0.0.0.0:PORT/`` when the server listens everywhere)."""
        self._status = status or (lambda: fetch_status(local_base_url(join_url)))
        self._free_mb = free_mb
        self._total_mb = total_mb
        self._current_url = current_url
        self.refresh_seconds = max(1.0, refresh_seconds)
        self.on_join_url = on_join_url
        self.start_url = current_url(join_url)
        self.join_url = self.start_url
        self.figures: ServerFigures | None = None
        self._html = html_environment("handreiking.apps").get_template("server_status.html.j2").module
        self.address_html = widgets.HTML()
        self.server_html = widgets.HTML()
        self.widget = widgets.VBox([widgets.HTML("<h2>Server en netwerk</h2>"), self.address_html, self.server_html])
        self._refresher = Repeater(self.refresh, self.refresh_seconds, self._refresh_failed, name="hr-server-status")
        self._lock = threading.Lock()
        self.refresh()
        if autostart:
            self.start()

    # ---- DashboardView

    def update(self, room: object) -> None:
        """The room changed: refresh too (the section also refreshes on its own)."""
        self.refresh()

    # ---- refresh

    def refresh(self) -> None:
        with self._lock:
            self._refresh_address()
            self._refresh_server()

    def _refresh_address(self) -> None:
        from markupsafe import Markup

        from .dashboard import qr_svg

        url = self._current_url(self.served_url)
        changed = url != self.join_url
        self.join_url = url
        moved = url != self.start_url
        svg = Markup(qr_svg(url, scale=8)) if moved else ""
        self.address_html.value = str(self._html.address(url, check_url(url), self.start_url if moved else "", svg))
        if changed and self.on_join_url is not None:
            self.on_join_url(url)

    def _refresh_server(self) -> None:
        data = self._status()
        free = self._free_mb()
        total = self._total_mb()
        if not data or "geheugen" not in data:
            self.figures = None
            self.server_html.value = str(self._html.server(None, gigabytes(free) if free is not None else ""))
            return
        kernels = {k: int(v) for k, v in dict(data.get("kernels") or {}).items()}
        for key in ("totaal", "klaargezet", "in_gebruik", "starten"):
            kernels.setdefault(key, 0)
        tight = free is not None and (free < TIGHT_MB or (total is not None and free < total * TIGHT_SHARE))
        self.figures = ServerFigures(gigabytes(float(data["geheugen"].get("totaal_mb", 0))), kernels, tight)
        self.server_html.value = str(self._html.server(self.figures, gigabytes(free) if free is not None else ""))

    # ---- background refresh

    def start(self) -> None:
        self._refresher.start()

    def stop(self) -> None:
        self._refresher.stop()

    def _refresh_failed(self, exc: Exception) -> None:  # keep refreshing; say what went wrong
        self.server_html.value = str(self._html.server(None, "")) + f"<!-- {type(exc).__name__} -->"
