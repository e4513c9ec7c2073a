"""Voila as the workshop runs it: our template, a landing page, a pseudonym cookie, calmer kernel refills.

Run as ``python -m handreiking.workshop.voila_app CONFIG.json`` by :mod:`handreiking.workshop.server`
(one process for the participants, one for the trainer dashboard). What differs from plain ``voila``:

* our template folder comes first, so every page is Dutch (``lang="nl"``), loads nothing from another
  host, and tells the participant when the app does not start (with a retry button);
* the participant server has no directory listing and no contents API: ``/`` is a small Dutch page
  that links to the apps, and only ``/voila/render/<app>.ipynb`` starts a kernel;
* the landing page and each app page read the participant's pseudonym from a signed cookie, or hand out
  a new one at a bounded pace (:mod:`.gate`: random, nothing personal, signed with the session's secret),
  and hand it to the kernel in a request header that the client cannot set itself;
* each app page sets the ``_xsrf`` cookie, so the shutdown beacon Voila sends when the tab closes is
  accepted and the kernel is freed (plain Voila leaves it running: the beacon is refused);
* refills of the preheated pool start at most ``fill_concurrency`` kernels at a time, after
  ``fill_delay``, so a burst of joins is not slowed down by the refill behind it; a notebook has at most
  ``room_kernels`` kernels in use and ready together (the room and a small reserve): once the room is in,
  a refill waits until somebody leaves or asks for a kernel (Voila would preheat a second room's worth);
* the access log leaves out the client's IP address;
* static files are cached by the browser (see :mod:`handreiking.workshop.static_cache`).
* ``/handreiking/status`` says which workshop server this is, ``/verbinding`` is a check page for
  participants (:mod:`handreiking.workshop.status`);
* the server ends with the launcher, however the launcher ends (:mod:`handreiking.workshop.lifecycle`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

import tornado.web
from jupyter_core.utils import run_sync
from jupyter_server.base.handlers import JupyterHandler
from traitlets import Float, Integer
from traitlets.config import Config
from voila import app as voila_app_module
from voila.app import Voila
from voila.exporter import VoilaExporter
from voila.tornado.handler import TornadoVoilaHandler
from voila.voila_kernel_manager import voila_kernel_manager_factory

from ..templating import render
from .config import PARTICIPANT_COOKIE, PARTICIPANT_HEADER, SESSION_NOTEBOOK, TEMPLATE_DIR
from .gate import COOKIE_DAYS, DEFAULT_BURST, DEFAULT_PER_MINUTE, Admission, ParticipantGate
from .lifecycle import add_stop_deadline, follow_launcher
from .static_cache import StaticCache
from .status import status_handlers
from .template_cache import share_compiled_templates

GATE_SETTING = "handreiking_gate"
"""The tornado setting that holds the participant server's :class:`~handreiking.workshop.gate.ParticipantGate`."""


def _workshop_kernel_manager_factory(base_class: Any, preheat_kernel: bool, default_pool_size: int, **kwargs: Any):
    """Voila's pooled kernel manager, with refills that take turns instead of all starting at once, and no
    second pool once the room is in."""
    cls = voila_kernel_manager_factory(base_class, preheat_kernel, default_pool_size, **kwargs)
    if not preheat_kernel:
        return cls

    class WorkshopKernelManager(cls):  # type: ignore[misc, valid-type]
        fill_concurrency = Integer(
            1, config=True, help="How many pool kernels may start (and run their notebook) at the same time."
        )
        room_kernels = Integer(
            0,
            config=True,
            help=(
                "At most this many kernels per notebook, in use and ready together, once participants join: a refill "
                "beyond it waits until somebody leaves or asks for a kernel (0: no bound, as Voila does)."
            ),
        )

        def __init__(self, **kw: Any) -> None:
            self._fill_gate: asyncio.Semaphore | None = None
            self._startup_gate: asyncio.Semaphore | None = None
            self._serving = False
            self._claimed: set[asyncio.Future[Any]] = set()
            self._room_ids: dict[str, set[str]] = {}
            self._room_starting: dict[str, int] = {}
            self._room_full_logged: set[str] = set()
            self._changed: asyncio.Event | None = None
            super().__init__(**kw)

        async def get_rendered_notebook(self, notebook_name: str, *args: Any, **kw: Any) -> Any:
            self._serving = True  # from now on refills take turns (fill_concurrency)
            pool = self._pools.get(notebook_name) or []
            if pool and not pool[0].done():
                self._claimed.add(pool[0])  # a participant waits for this kernel: it skips the queue
                self._notify()
            return await super().get_rendered_notebook(notebook_name, *args, **kw)

        async def shutdown_kernel(self, kernel_id: str, *args: Any, **kw: Any) -> Any:
            try:
                return await super().shutdown_kernel(kernel_id, *args, **kw)
            finally:
                for ids in self._room_ids.values():
                    ids.discard(kernel_id)
                self._notify()  # a place in the room came free

        def _gate(self) -> asyncio.Semaphore:
            if not self._serving:  # the first fill, before anyone joined: use the machine's cores
                if self._startup_gate is None:
                    self._startup_gate = asyncio.Semaphore(max(1, os.cpu_count() or 1))
                return self._startup_gate
            if self._fill_gate is None:
                self._fill_gate = asyncio.Semaphore(max(1, self.fill_concurrency))
            return self._fill_gate

        def _notify(self) -> None:
            """Wake the refills that wait for their turn (a claim, a free place, a finished start)."""
            if self._changed is not None:
                self._changed.set()
            self._changed = asyncio.Event()

        async def _wait_for_change(self, timeout: float = 1.0) -> None:
            if self._changed is None:
                self._changed = asyncio.Event()
            try:
                await asyncio.wait_for(self._changed.wait(), timeout)
            except TimeoutError:
                pass  # look again anyway (a kernel that ended by itself is noticed this way)

        def _room_full(self, notebook_path: str) -> bool:
            """True when this notebook has ``room_kernels`` kernels (in use, ready or starting)."""
            if not self._serving or self.room_kernels <= 0:
                return False
            ids = self._room_ids.setdefault(notebook_path, set())
            ids &= set(self.list_kernel_ids())  # forget kernels that ended
            full = len(ids) + self._room_starting.get(notebook_path, 0) >= self.room_kernels
            if full and notebook_path not in self._room_full_logged:
                self._room_full_logged.add(notebook_path)
                self.log.info(
                    "De zaal is binnen: %d kernels voor %s; de volgende start als iemand weggaat of er een vraagt.",
                    len(ids),
                    notebook_path,
                )
            elif not full:
                self._room_full_logged.discard(notebook_path)
            return full

        async def _start(self, notebook_path: str, **kw: Any) -> Any:
            self._room_starting[notebook_path] = self._room_starting.get(notebook_path, 0) + 1
            try:
                content = await super()._initialize(notebook_path, None, **kw)
            finally:
                self._room_starting[notebook_path] -= 1
            self._room_ids.setdefault(notebook_path, set()).add(content["kernel_id"])
            return content

        async def _initialize(self, notebook_path: str, kernel_id: str | None = None, **kw: Any) -> Any:
            if kernel_id is not None:  # a restart: not a pool refill
                return await super()._initialize(notebook_path, kernel_id, **kw)
            me = asyncio.current_task()
            while True:
                if me in self._claimed:  # somebody waits for this very kernel: start now, outside the queue
                    self._claimed.discard(me)
                    return await self._start(notebook_path, **kw)
                gate = self._gate()
                if not gate.locked() and not self._room_full(notebook_path):
                    break
                await self._wait_for_change()
            try:
                async with gate:
                    content = await self._start(notebook_path, **kw)
                    # Hold the turn until the notebook has run, so the next kernel does not compete for the CPU.
                    await asyncio.wait({content["task"]}, timeout=180)
            finally:
                self._notify()  # the next refill's turn
            return content

    return WorkshopKernelManager


voila_app_module.voila_kernel_manager_factory = _workshop_kernel_manager_factory


def _access_log(handler: tornado.web.RequestHandler) -> None:
    """Log status, method, path and time; never the client's address."""
    status = handler.get_status()
    level = logging.INFO if status < 400 else logging.WARNING
    ms = 1000.0 * handler.request.request_time()
    logging.getLogger("tornado.access").log(
        level, "%d %s %s %.0fms", status, handler.request.method, handler.request.path, ms
    )


async def participant_pseudonym(handler: tornado.web.RequestHandler) -> str | None:
    """The pseudonym in the participant's signed cookie, or a new one; None after answering a refusal.

    The same rule for the landing page and every app page (:meth:`ParticipantGate.admit`): a missing,
    tampered or foreign cookie gets a fresh pseudonym, never the claimed one. The signed cookie is set on the
    response (valid for two days after the last visit). When no new pseudonym can be handed out now (too
    many newcomers at once, or the session is full) the handler has answered with a Dutch page.
    """
    gate: ParticipantGate = handler.settings[GATE_SETTING]
    cookie = handler.get_cookie(PARTICIPANT_COOKIE)
    admission = gate.known(cookie)
    if admission is None:  # handing out a new one writes to the store: off the event loop
        admission = await asyncio.get_running_loop().run_in_executor(None, gate.admit, cookie)
    if admission.pseudonym is None or admission.cookie is None:
        _refuse(handler, admission)
        return None
    handler.set_cookie(
        PARTICIPANT_COOKIE, admission.cookie, expires_days=COOKIE_DAYS, httponly=True, samesite="Lax", path="/"
    )
    return admission.pseudonym


def _refuse(handler: tornado.web.RequestHandler, admission: Admission) -> None:
    handler.set_status(admission.status)
    handler.set_header("Cache-Control", "no-store")
    if admission.retry_after:
        handler.set_header("Retry-After", str(admission.retry_after))
    handler.finish(render("handreiking.workshop", "refused.html.j2", message=admission.message))


def participant_gate(log: logging.Logger, burst: int, per_minute: float) -> ParticipantGate:
    """The gate of the participant server: the session's kept secret, pseudonyms recorded in the store.

    Outside a workshop (no session in the environment) the secret lives only as long as this process.
    """
    from .settings import workshop_settings

    settings = workshop_settings()
    if not settings.in_workshop:
        return ParticipantGate.for_session("", None, burst=burst, per_minute=per_minute, log=log)
    from .store import open_store

    store = open_store(settings.opslag)
    secret = store.session_secret(settings.sessie)
    return ParticipantGate.for_session(
        settings.sessie,
        secret,
        lambda: store.issue_pseudonym(settings.sessie),
        burst=burst,
        per_minute=per_minute,
        log=log,
    )


class XsrfVoilaHandler(TornadoVoilaHandler):
    """Voila's page handler, plus the ``_xsrf`` cookie.

    Voila's page sends ``POST /voila/api/shutdown/<kernel>`` with the ``_xsrf`` cookie's value when the tab
    closes, but Voila's page handler never sets that cookie, so the request is refused (403) and the kernel
    keeps running. Setting the cookie here makes the shutdown work.
    """

    async def prepare(self, *args: Any, **kwargs: Any) -> None:
        await super().prepare(*args, **kwargs)
        _ = self.xsrf_token  # sets the _xsrf cookie


class ParticipantAppHandler(XsrfVoilaHandler):
    """The page handler of the participant server: the ``_xsrf`` cookie and the pseudonym."""

    async def prepare(self, *args: Any, **kwargs: Any) -> None:
        await super().prepare(*args, **kwargs)
        if self._finished:
            return
        # The kernel learns who this is only from this header; whatever the client sent is replaced.
        pseudonym = await participant_pseudonym(self)
        if pseudonym is None:  # refused (and answered): no kernel for this request
            return
        self.request.headers[PARTICIPANT_HEADER] = pseudonym


def app_titles(apps_dir: Path) -> list[tuple[str, str]]:
    """(file name, title) of each participant app, in a stable order (overzicht first)."""
    found = []
    for path in sorted(apps_dir.glob("*.ipynb")):
        try:
            meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
        except (OSError, ValueError):
            continue
        title = str(meta.get("title") or path.stem.replace("_", " ").capitalize())
        found.append((path.name, title))
    found.sort(key=lambda item: (item[0] != "overzicht.ipynb", item[0]))
    return found


def landing_links(apps_dir: Path, base_url: str) -> tuple[tuple[str, str] | None, list[tuple[str, str]]]:
    """The landing page's links, (address, title): the session page first (None when the folder has none),
    then every other app on its own page (for an app outside the session, and as on Binder)."""
    links = [(name, (f"{base_url}voila/render/{name}", title)) for name, title in app_titles(apps_dir)]
    session = next((link for name, link in links if name == SESSION_NOTEBOOK), None)
    return session, [link for name, link in links if name != SESSION_NOTEBOOK]


class LandingHandler(JupyterHandler):
    """``/``: a Dutch page that leads to the session page, then lists the other apps (``templates/landing.html.j2``).
    Starts no kernel, lists nothing else."""

    def initialize(self, apps_dir: str, base_url: str) -> None:
        self.apps_dir = Path(apps_dir)
        self.voila_base = base_url

    @tornado.web.authenticated
    async def get(self) -> None:
        pseudonym = await participant_pseudonym(self)
        if pseudonym is None:
            return
        session, apps = landing_links(self.apps_dir, self.voila_base)
        self.set_header("Cache-Control", "no-store")
        self.finish(render("handreiking.workshop", "landing.html.j2", session=session, apps=apps, pseudonym=pseudonym))


class WorkshopVoila(Voila):
    """Voila with our template in front and, for a folder of apps, only the routes participants need."""

    join_burst = Integer(DEFAULT_BURST, config=True, help="New pseudonyms handed out at once (a room joining).")
    joins_per_minute = Float(DEFAULT_PER_MINUTE, config=True, help="New pseudonyms per minute after the burst.")

    def setup_template_dirs(self) -> None:
        super().setup_template_dirs()
        self.template_paths = [str(TEMPLATE_DIR), *self.template_paths]
        self.static_paths = [str(TEMPLATE_DIR / "static"), *self.static_paths]  # the page's own front end

    def init_settings(self) -> dict:
        # before super(): Voila hands the page-config hook to the kernel manager it builds there
        self.static_cache = StaticCache(self.static_paths, self.server_url or self.base_url)
        self.voila_configuration.page_config_hook = self.static_cache.page_config_hook(
            self.voila_configuration.page_config_hook
        )
        settings = super().init_settings()
        settings["log_function"] = _access_log
        # Tornado installs its gzip transform only when the Application is created with this setting;
        # Voila applies ``tornado_settings`` after that, too late for it.
        settings["compress_response"] = bool(self.tornado_settings.get("compress_response"))
        if not self.notebook_path:  # the participant server: signed pseudonyms (the dashboard hands out none)
            settings[GATE_SETTING] = participant_gate(self.log, self.join_burst, self.joins_per_minute)
        return settings

    def stop(self) -> None:
        """Voila's stop, tolerant of a kernel that disappears while all are shut down (it raised a 404)."""
        try:
            super().stop()
        except Exception as exc:  # a kernel ended on its own during shutdown_all; stop the rest one by one
            self.log.warning("Kernels stoppen: %s", exc)
            for kernel_id in list(self.kernel_manager.list_kernel_ids()):
                try:
                    run_sync(self.kernel_manager.shutdown_kernel)(kernel_id, now=True)
                except Exception:
                    pass

    def init_handlers(self) -> list:
        handlers = self.static_cache.handlers(super().init_handlers())
        if self.notebook_path:  # the dashboard: one notebook, nothing else to hide
            own = [(s[0], XsrfVoilaHandler, *s[2:]) if s[1] is TornadoVoilaHandler else s for s in handlers]
            return [*status_handlers(self.server_url, "dashboard"), *own]
        kept = []
        for spec in handlers:
            pattern, handler = spec[0], spec[1]
            if pattern.rstrip("/") in ("", self.server_url.rstrip("/")) or "/voila/tree" in pattern:
                continue  # no directory listing
            if "/voila/api/contents" in pattern:
                continue  # no contents API: it would hand out the notebooks' source
            if handler is TornadoVoilaHandler:
                spec = (pattern, ParticipantAppHandler, *spec[2:])
            kept.append(spec)
        landing = (self.server_url, LandingHandler, {"apps_dir": self.root_dir, "base_url": self.base_url})
        return [landing, *status_handlers(self.server_url, "deelnemers"), *kept]


def main(argv: list[str] | None = None) -> None:
    """Start one workshop Voila server from a JSON configuration file written by the launcher.

    ``CONFIG.json --launcher PID``: the server ends when the launcher with this process id ends (its
    standard input is then the launcher's pipe, see :mod:`handreiking.workshop.lifecycle`).
    """
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) >= 3 and argv[1] == "--launcher":
        follow_launcher(int(argv[2]))
    config = Config(json.loads(Path(argv[0]).read_text(encoding="utf-8")))
    voila = config.get("Voila", {})
    os.environ["VOILA_APP_IP"] = "127.0.0.1" if voila.get("ip") in (None, "", "0.0.0.0") else str(voila["ip"])
    share_compiled_templates(VoilaExporter)  # Voila builds a Jinja environment per page: compile templates once
    app = WorkshopVoila(config=config)
    app.initialize([])  # installs Voila's SIGTERM handler (stop the loop, shut the kernels down) ...
    add_stop_deadline()  # ... which may take this long at most
    app.start()


if __name__ == "__main__":
    main()
