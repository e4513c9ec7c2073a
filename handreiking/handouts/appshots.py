"""Screenshots of the apps as they open (their starting state), taken in Chromium from a real Voila server.

An app is an ipywidgets view: it needs a kernel and does not render in a static page. A hand-out shows the
app as it opens instead. That picture is taken here, honestly: plain Voila serves ``notebooks/apps/`` on
127.0.0.1 and a free port, Chromium opens each app once (loading nothing from another host), waits until the
app is drawn and its images are loaded, and photographs it. The server and its kernels stop afterwards.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .browser import local_only
from .catalog import HandoutError, app_title

VIEWPORT = {"width": 960, "height": 900}
"""CSS pixels: the apps' two columns side by side, and scaled to A4 text width still readable."""
MAX_HEIGHT = 1300
"""A taller app is shown from the top down to this height (the caption then says so)."""
START_TIMEOUT = 90.0
APP_TIMEOUT_MS = 120_000

READY_JS = """() => {
  const body = document.body ? document.body.innerText : '';
  if (body.includes('There was an error when executing cell') || document.querySelector('.jp-OutputArea-error')) {
    return 'failed';
  }
  const loading = document.getElementById('loading');
  if (loading && loading.offsetParent !== null) return false;
  const app = document.querySelector('.hr-app');
  if (!app || app.getBoundingClientRect().height === 0) return false;
  const images = [...document.images];
  return images.every(img => img.complete) ? 'ready' : false;
}"""
"""'ready' once Voila's spinner is gone, the app is drawn and every image in it is loaded; 'failed' on an error."""

HEADINGS_JS = """(maxHeight) => {
  const app = document.querySelector('.hr-app');
  const top = app.getBoundingClientRect().top;
  return [...app.querySelectorAll('h1, h2, h3')]
    .filter(h => h.offsetParent !== null && h.getBoundingClientRect().top - top < maxHeight)
    .map(h => h.innerText.trim()).filter(Boolean);
}"""


@dataclass(frozen=True)
class AppShot:
    """One app, photographed as it opens."""

    app: str
    title: str
    png: bytes
    headings: tuple[str, ...]
    """The headings visible in the picture (the first is the app's title): the basis of its text alternative."""
    clipped: bool
    """True when the app is taller than the picture (the picture shows its top part)."""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def voila_server(apps_dir: Path, log_path: Path) -> Iterator[str]:
    """Plain Voila serving ``apps_dir`` on 127.0.0.1 (yields its base URL); stopped with its kernels afterwards."""
    port = _free_port()
    argv = [
        sys.executable,
        "-m",
        "voila",
        str(apps_dir),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--show_tracebacks=False",
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANDREIKING_")}
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_ready(proc, base, log_path)
            yield base
        finally:
            _stop(proc)


def _wait_ready(proc: subprocess.Popen, base: str, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise HandoutError(f"Voila stopte meteen (zie {log_path}); controleer of voila geïnstalleerd is.")
        with contextlib.suppress(OSError, urllib.error.URLError):
            with urllib.request.urlopen(base + "/", timeout=5) as resp:
                if resp.status < 500:
                    return
        time.sleep(0.25)
    raise HandoutError(f"Voila antwoordde niet binnen {START_TIMEOUT:.0f} seconden (zie {log_path}).")


def _stop(proc: subprocess.Popen, timeout: float = 15.0) -> None:
    """SIGTERM to the server; then SIGKILL to its own process group (the server and its kernels, nothing else)."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(5)


def shoot(page: Any) -> tuple[bytes, tuple[str, ...], bool]:
    """Photograph the app open in ``page`` once it is drawn: (PNG, visible headings, clipped?)."""
    state = page.wait_for_function(READY_JS, timeout=APP_TIMEOUT_MS, polling=100).json_value()
    if state == "failed":
        text = str(page.evaluate("() => document.body.innerText"))[:300]
        raise HandoutError(f"De app op {page.url} start niet: {text}")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    box = page.locator(".hr-app").first.bounding_box()
    height = min(box["height"], MAX_HEIGHT)
    scroll = page.evaluate("() => [window.scrollX, window.scrollY]")
    clip = {"x": box["x"] + scroll[0], "y": box["y"] + scroll[1], "width": box["width"], "height": height}
    png = page.screenshot(clip=clip, full_page=True, animations="disabled", caret="hide")
    headings = tuple(page.evaluate(HEADINGS_JS, height))
    return png, headings, box["height"] > MAX_HEIGHT


def take_app_shots(browser: Any, apps: Iterable[str], apps_dir: Path, log_dir: Path) -> dict[str, AppShot]:
    """Every app in ``apps`` (names of ``notebooks/apps/<name>.ipynb``), photographed once.

    All apps are requested at once (Voila starts their kernels side by side), then photographed one by one.
    """
    wanted = sorted(set(apps))
    missing = [a for a in wanted if not (apps_dir / f"{a}.ipynb").is_file()]
    if missing:
        raise HandoutError(f"Deze apps ontbreken in {apps_dir}: {', '.join(missing)}.")
    if not wanted:
        return {}
    shots: dict[str, AppShot] = {}
    with voila_server(apps_dir, log_dir / "voila.log") as base:
        context = browser.new_context(viewport=dict(VIEWPORT), locale="nl-NL", device_scale_factor=1.5)
        try:
            pages = {}
            for app in wanted:
                page = context.new_page()
                local_only(page, (base,))
                page.goto(f"{base}/voila/render/{app}.ipynb", wait_until="commit", timeout=APP_TIMEOUT_MS)
                pages[app] = page
            for app, page in pages.items():
                png, headings, clipped = shoot(page)
                shots[app] = AppShot(app, app_title(apps_dir, app), png, headings, clipped)
        finally:
            context.close()
    return shots
