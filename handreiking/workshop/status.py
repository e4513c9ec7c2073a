"""Two small routes on the workshop servers: who is listening here, and "your connection works".

* ``/handreiking/status`` (both servers) answers with a little JSON that says "this is a workshop of
  handreiking" and which server it is, so a launcher that finds its port taken can tell an earlier
  workshop from another program (:mod:`.ports`). A request from this same laptop also gets the session
  code, the process id, the number of kernels (preheated, in use) and the memory of the server with its
  kernels: the dashboard shows those (:mod:`handreiking.apps.server_status`), the soak benchmark reads them.
  Nobody else gets these details.
* ``/verbinding`` (participant server) is the check page a participant opens when an app does not load:
  if it appears, the phone reaches the laptop; its script then tries the live connection (a websocket, as
  the apps use) through ``/handreiking/echo`` and says whether that works too. It starts no kernel.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import os
import time
from datetime import datetime
from typing import Any

import tornado.web
import tornado.websocket
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join

from ..templating import render
from .network import CHECK_PATH, STATUS_PATH
from .settings import workshop_settings

PROGRAM = "handreiking"
"""What ``/handreiking/status`` calls the program (the launcher's probe looks for it)."""
ECHO_PATH = "handreiking/echo"
MEMORY_CACHE_SECONDS = 2.0
"""A burst of status requests measures the processes once."""


def is_local_request(request: tornado.httputil.HTTPServerRequest) -> bool:
    """True when the request comes from this laptop itself (loopback, or the server's own address)."""
    remote = request.remote_ip or ""
    try:
        if ipaddress.ip_address(remote).is_loopback:
            return True
    except ValueError:
        return False
    try:
        local = request.connection.stream.socket.getsockname()[0]  # type: ignore[union-attr]
    except (AttributeError, OSError, IndexError):
        return False
    return remote == local


def kernel_counts(kernel_manager: Any) -> dict[str, int]:
    """All kernels of a server, the preheated ones waiting in Voila's pools, and those of open pages."""
    ids = set(kernel_manager.list_kernel_ids())
    preheated: set[str] = set()
    starting = 0
    for pool in getattr(kernel_manager, "_pools", {}).values():
        for item in pool:
            if not item.done():
                starting += 1
            elif not item.cancelled() and item.exception() is None:
                kernel_id = item.result().get("kernel_id")
                if kernel_id in ids:
                    preheated.add(kernel_id)
    return {
        "totaal": len(ids),
        "klaargezet": len(preheated),
        "in_gebruik": len(ids - preheated),
        "starten": starting,
    }


class StatusHandler(tornado.web.RequestHandler):
    """``GET /handreiking/status``: identity for everyone, details for this laptop only."""

    _memory: tuple[float, dict[str, Any]] = (0.0, {})

    def initialize(self, role: str) -> None:
        self.role = role

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Type", "application/json; charset=utf-8")

    async def get(self) -> None:
        body: dict[str, Any] = {"programma": PROGRAM, "onderdeel": "workshop", "rol": self.role}
        if is_local_request(self.request):
            body["sessie"] = workshop_settings().sessie
            body["pid"] = os.getpid()
            kernel_manager = self.settings.get("kernel_manager")
            if kernel_manager is not None:
                body["kernels"] = kernel_counts(kernel_manager)
            body["geheugen"] = await self._measure()
        self.finish(json.dumps(body))

    @classmethod
    async def _measure(cls) -> dict[str, Any]:
        stamp, cached = cls._memory
        if cached and time.monotonic() - stamp < MEMORY_CACHE_SECONDS:
            return cached
        from .memory import tree_memory

        found = await asyncio.get_running_loop().run_in_executor(None, tree_memory)
        cached = {
            "totaal_mb": round(found.total_mb, 1),
            "server_mb": round(found.server_mb, 1),
            "processen": found.processes,
            "maat": found.measure,
        }
        cls._memory = (time.monotonic(), cached)
        return cached


class CheckPageHandler(JupyterHandler):
    """``GET /verbinding``: a Dutch page that says the connection works (and tests the live connection)."""

    def initialize(self, base_url: str) -> None:
        self.voila_base = base_url

    @tornado.web.authenticated
    def get(self) -> None:
        self.set_header("Cache-Control", "no-store")
        now = datetime.now().strftime("%H:%M:%S")
        self.finish(
            render(
                "handreiking.workshop",
                "verbinding.html.j2",
                apps_url=self.voila_base,
                echo_path=url_path_join(self.voila_base, ECHO_PATH),
                checked_at=now,
            )
        )


class EchoHandler(tornado.websocket.WebSocketHandler):
    """``/handreiking/echo``: sends back one short message, so the check page can test a websocket."""

    def on_message(self, message: str | bytes) -> None:
        self.write_message(message[:64])
        self.close()


def status_handlers(server_url: str, role: str) -> list[tuple[Any, ...]]:
    """The routes of this module for one server (``role``: "deelnemers" or "dashboard")."""
    routes: list[tuple[Any, ...]] = [(url_path_join(server_url, STATUS_PATH), StatusHandler, {"role": role})]
    if role == "deelnemers":
        routes += [
            (url_path_join(server_url, CHECK_PATH), CheckPageHandler, {"base_url": server_url}),
            (url_path_join(server_url, ECHO_PATH), EchoHandler),
        ]
    return routes
