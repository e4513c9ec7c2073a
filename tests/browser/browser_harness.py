"""Start and stop Voila servers and Chromium pages for the browser tests and ``benchmarks/apps.py``.

Not a test module: plain helpers shared by ``tests/browser/conftest.py`` and the benchmark script (which
puts this folder on ``sys.path``). Every server listens on 127.0.0.1 only, on a free port, and is stopped
(terminate, then kill after a timeout) by the code that started it.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handreiking.handouts.browser import CHROMIUM, CHROMIUM_ARGS, chromium  # noqa: F401 (one place for our Chromium)

ROOT = Path(__file__).resolve().parents[2]
APPS_DIR = ROOT / "notebooks" / "apps"
HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE / "artifacts"
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
VOILA = Path(sys.executable).with_name("voila")


PROJECTOR = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}

WORKSHOP_MODULE = "handreiking.workshop.server"


def discover_apps() -> list[str]:
    """The participant apps: every notebook in notebooks/apps/, by name without ``.ipynb``."""
    return sorted(p.stem for p in APPS_DIR.glob("*.ipynb") if not p.name.startswith("."))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def workshop_available() -> bool:
    """True once the workshop server module exists (it is written alongside these tests)."""
    try:
        return importlib.util.find_spec(WORKSHOP_MODULE) is not None
    except ModuleNotFoundError:
        return False


@dataclass
class ServerSpec:
    """How to start one kind of server, and where it serves an app."""

    name: str
    argv: list[str]
    port: int
    render_path: str = "/voila/render/{app}.ipynb"
    ready_path: str = "/"
    lang: str = "nl"
    """The ``<html lang>`` this server's template sets (our template: ``nl``; Voila's own lab template: ``en``)."""
    env: dict[str, str] = field(default_factory=dict)
    cwd: Path = ROOT
    """Where the server starts: from the repository root, Voila reads the repository's voila.json."""

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def app_url(self, app: str) -> str:
        return self.base_url + self.render_path.format(app=app)


class TemplateMissing(RuntimeError):
    """The repository's voila.json names a template that this environment does not have."""


def plain_voila(
    notebook_dir: Path = APPS_DIR,
    *,
    port: int | None = None,
    preheat: bool = False,
    pool_size: int = 1,
    extra: list[str] | None = None,
    repo_config: bool = True,
) -> ServerSpec:
    """Standalone ``voila <dir>`` on a local address, without tracebacks.

    ``repo_config=True``: started from the repository root, so it reads the repository's voila.json (our named
    template "handreiking" and only the widget extensions), as Binder and a ``voila`` from the repository do.
    ``repo_config=False``: Voila's own defaults (lab template, every extension), started from the notebook folder.
    """
    if repo_config:
        from handreiking.workshop.voila_template import is_installed

        if not is_installed():
            raise TemplateMissing(
                "het Voila-sjabloon 'handreiking' ontbreekt in deze omgeving: "
                "draai `make install` of `python -m handreiking.workshop.voila_template`"
            )
    port = port or free_port()
    argv = [
        str(VOILA),
        str(notebook_dir),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--show_tracebacks=False",
    ]
    if preheat:
        argv += ["--preheat_kernel=True", f"--pool_size={pool_size}"]
    return ServerSpec(
        name="voila-preheat" if preheat else "voila",
        argv=argv + (extra or []),
        port=port,
        lang="nl" if repo_config else "en",
        cwd=ROOT if repo_config else notebook_dir,
    )


def workshop_spec(port: int | None = None) -> ServerSpec:
    """Where the workshop server (handreiking.workshop.server) serves the apps; start it with :func:`start_workshop`."""
    return ServerSpec(name="workshop", argv=[], port=port or free_port(), lang="nl")


class Server:
    """A running server process; stop() terminates it (SIGTERM) and kills its process group on timeout."""

    def __init__(self, spec: ServerSpec, log_path: Path, startup_timeout: float = 90.0) -> None:
        self.spec = spec
        self.log_path = log_path
        log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = log_path.open("wb")
        env = {**os.environ, **spec.env}
        self.proc = subprocess.Popen(  # the server and its kernels get their own process group
            spec.argv,
            cwd=spec.cwd,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
        try:
            self._wait_ready(startup_timeout)
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        url = self.spec.base_url + self.spec.ready_path
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                code = self.proc.returncode
                raise RuntimeError(f"{self.spec.name} stopped at start (exit {code}): {self.log_tail()}")
            with contextlib.suppress(OSError, urllib.error.URLError):
                with urllib.request.urlopen(url, timeout=5) as resp:
                    if resp.status < 500:
                        return
            time.sleep(0.25)
        raise TimeoutError(f"{self.spec.name} did not answer on {url} within {timeout:.0f} s: {self.log_tail()}")

    def log_tail(self, chars: int = 3000) -> str:
        self._log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]

    @property
    def pid(self) -> int:
        return int(self.proc.pid)

    def kernel_pids(self) -> list[int]:
        """Process ids of the kernels this server started."""
        return kernel_pids(self.pid)

    def stop(self, timeout: float = 15.0) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        # kernels left behind in our own process group (never anything else)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self._log.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class WorkshopServer:
    """The workshop's participant server, started with the workshop's own settings (no dashboard)."""

    def __init__(
        self,
        data_dir: Path,
        *,
        deelnemers: int = 2,
        port: int | None = None,
        apps_dir: Path = APPS_DIR,
        **overrides: Any,
    ) -> None:
        from handreiking.workshop.config import WorkshopSettings
        from handreiking.workshop.server import open_session, start_servers

        self.spec = workshop_spec(port)
        settings = WorkshopSettings(
            apps_dir=apps_dir,
            data_dir=data_dir,
            address="127.0.0.1",
            port=self.spec.port,
            deelnemers=deelnemers,
            **overrides,
        )
        self.settings = settings
        session = open_session(settings, None, "browsertest")
        self.session = session
        """The session's code (the store the apps write to: ``settings.store_target``)."""
        self.servers = start_servers(settings, session, dashboard=False, log_dir=data_dir / "logs")
        self.log_path = self.servers.logs["deelnemers"]

    @property
    def pid(self) -> int:
        return int(self.servers.processes["deelnemers"].pid)

    def kernel_pids(self) -> list[int]:
        return kernel_pids(self.pid)

    def log_tail(self, chars: int = 3000) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]

    def stop(self) -> None:
        self.servers.stop()

    def __enter__(self) -> WorkshopServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def kernel_pids(server_pid: int) -> list[int]:
    """Process ids of the kernels a server started (its children running ipykernel)."""
    import psutil

    try:
        children = psutil.Process(server_pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    pids = []
    for child in children:
        with contextlib.suppress(psutil.Error):
            if any("ipykernel" in part for part in child.cmdline()):
                pids.append(child.pid)
    return pids


def wait_quiet(server_pid: int, kernels: int, timeout: float = 300.0, idle_cpu: float = 0.15) -> bool:
    """Wait until a server has ``kernels`` kernels and they are idle (preheated pool filled); True if so."""
    import psutil

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = kernel_pids(server_pid)
        if len(pids) >= kernels:
            procs = [psutil.Process(p) for p in pids]
            try:
                before = sum(sum(p.cpu_times()[:2]) for p in procs)
                time.sleep(2.0)
                after = sum(sum(p.cpu_times()[:2]) for p in procs)
            except psutil.Error:
                continue
            if (after - before) / 2.0 < idle_cpu and len(kernel_pids(server_pid)) >= kernels:
                return True
        else:
            time.sleep(1.0)
    return False


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (VmRSS from /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


# --- page helpers ---------------------------------------------------------------------------------------

READY_JS = """() => {
  const failure = document.getElementById('hr-failure');
  if (failure && !failure.hidden && failure.offsetParent !== null) return 'failed';
  if ((document.body && document.body.innerText || '').includes('There was an error when executing cell')) {
    return 'failed';
  }
  const loading = document.getElementById('loading');
  if (loading && loading.offsetParent !== null) return false;
  const w = document.querySelectorAll('.jupyter-widgets');
  return w.length > 0 && [...w].some(e => e.getBoundingClientRect().height > 0) ? 'ready' : false;
}"""
"""'ready' once Voila's spinner is gone and a widget is rendered with a size; 'failed' when the page says the
app did not start (the workshop template's failure box, or Voila's own cell error text)."""


class AppDidNotStart(AssertionError):
    """The page reports that the app's notebook failed."""


@dataclass
class PageLog:
    """What a page did besides rendering: console errors, uncaught errors and requests to other hosts."""

    base_url: str
    console_errors: list[tuple[str, str]] = field(default_factory=list)
    """(text, url of the script or resource it came from)"""
    page_errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    bytes_downloaded: int = 0


@dataclass
class LoadedApp:
    """An app opened once in its own page and shared by the tests that only look (render, axe, layout)."""

    name: str
    server: ServerSpec
    page: Any
    log: PageLog
    seconds: float


def watch_page(page: Any, base_url: str, *, block_external: bool = True, count_bytes: bool = False) -> PageLog:
    """Record console errors, page errors and requests to other hosts; block those requests (no network here)."""
    log = PageLog(base_url)

    def on_console(msg: Any) -> None:
        if msg.type == "error":
            log.console_errors.append((msg.text, (msg.location or {}).get("url", "")))

    page.on("console", on_console)
    page.on("pageerror", lambda exc: log.page_errors.append(str(exc)))

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith(base_url) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            log.external.append(url)
            if block_external:
                route.abort()
            else:
                route.continue_()

    page.route("**/*", route)
    if count_bytes:

        def on_finished(request: Any) -> None:
            with contextlib.suppress(Exception):
                sizes = request.sizes()
                log.bytes_downloaded += int(sizes["responseBodySize"]) + int(sizes["responseHeadersSize"])

        page.on("requestfinished", on_finished)
    return log


KERNEL_ID_JS = """() => {
  const el = document.getElementById('jupyter-config-data');
  try { return el ? JSON.parse(el.textContent).kernelId || null : null; } catch (e) { return null; }
}"""


def shutdown_kernel(base_url: str, kernel_id: str) -> bool:
    """Ask the server to shut a page's kernel down (plain Voila leaves it running when the tab closes)."""
    token = "hr-test-xsrf"
    req = urllib.request.Request(
        f"{base_url}/api/kernels/{kernel_id}",
        method="DELETE",
        headers={"X-XSRFToken": token, "Cookie": f"_xsrf={token}"},
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status in (200, 204)
    except (OSError, urllib.error.URLError):
        return False


def close_page_kernel(page: Any) -> None:
    """Shut down the kernel of the app open in ``page`` (if any)."""
    from urllib.parse import urlsplit

    with contextlib.suppress(Exception):
        kernel_id = page.evaluate(KERNEL_ID_JS)
        if kernel_id:
            parts = urlsplit(page.url)
            shutdown_kernel(f"{parts.scheme}://{parts.netloc}", kernel_id)


def open_app(page: Any, url: str, timeout_ms: float = 90_000) -> float:
    """Go to an app and wait until it is usable; returns the seconds that took."""
    start = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=timeout_ms)
    state = page.wait_for_function(READY_JS, timeout=timeout_ms, polling=50).json_value()
    elapsed = time.perf_counter() - start
    if state == "failed":
        text = str(page.evaluate("() => document.body.innerText"))[:600]
        raise AppDidNotStart(f"{url}: the app did not start: {text}")
    return elapsed


def run_axe(page: Any) -> list[dict[str, Any]]:
    """Inject axe-core and return its violations (WCAG 2.x A/AA and best practices)."""
    if not AXE_JS.exists():
        raise FileNotFoundError(f"{AXE_JS} ontbreekt: installeer axe-core met `npm ci --prefix tests/browser`")
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async () => await axe.run(document, {
             resultTypes: ['violations'],
             runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}
           })"""
    )
    return list(result["violations"])
