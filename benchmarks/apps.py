"""How fast and how heavy are the participant apps? Prints figures; not a test.

Run from the repository root (Chromium at /usr/bin/chromium, nothing else on the ports it picks)::

    .venv/bin/python benchmarks/apps.py            # overzicht, balans, rollen; 10 and 30 joins (about 17 min)
    .venv/bin/python benchmarks/apps.py --quick    # balans only; 10 joins; fewer runs (about 3.5 min)
    .venv/bin/python benchmarks/apps.py --first-screen --apps all   # only the fresh-page loads and bytes
    .venv/bin/python benchmarks/apps.py --apps all --json /tmp/bench.json
    .venv/bin/python benchmarks/apps.py --room 60  # 60 join the session page at once (about 12 min)

For every app, and for a reference notebook with one ipywidgets slider under plain ``voila`` defaults
(benchmarks/reference/slider.ipynb), it measures:

* server side (plain HTTP and the kernel websocket, no browser): M participants joining at once
  (M = 10, 30): the time until the page *and* the widget state (``request_states`` on the widget control
  comm) are delivered, p50/p95/max, failures; then the resident memory (VmRSS) of each kernel and in total;
* browser side (Chromium): the time until the app is usable in a fresh page (sequential runs, at least 5,
  min/median/max): its first control is on the screen *and answers* (a key press on it changes its value, so
  the page's start-up work no longer blocks it); the bytes the page downloads, the hosts other than ours it
  asks for, and the time from a control change (keyboard) until the page has stopped changing (p50/p95);
* a mixed run: 30 join at once, 27 as plain requests and 3 as real browser pages.

``--room N`` (a room on one laptop, issue 12): N participants join the session page
(``notebooks/apps/sessie.ipynb``, one kernel per participant for all the session's apps) of the session with the
most apps (Les 1) at once, on the workshop server set up for a room of N (all apps in its folder, the session
page preheated for everyone, every other app one kernel): the time until page and widget state are there
(p50/p95/max, failures); then all N open the session's first app at the same moment (a tap on its menu button,
until the kernel shows it: no target, but what the trainer sees when saying "open the app now"); the total
memory of the server and every kernel (psutil over its process tree) at its peak, once everyone opened an
app, and after the refills (the room is in: at most the room and a reserve of kernels, see
``handreiking.workshop.config.room_kernels``). The browser side as above, on the session page (the repaint
after opening rollen from its menu), and its bytes against Voila's default page of the same notebook. The
reference in the same run: plain Voila with its defaults, N joining the bare slider notebook at once.

Setups: ``voila`` = plain standalone Voila with Voila's own defaults (lab template, every extension; started
outside the repository, so without its voila.json), as is the reference;
``workshop`` = the workshop server with its own settings (handreiking.workshop.config; preheated pool sized
to the room) serving only the app under test. Each setup gets its own server on 127.0.0.1, stopped at the
end. Every app figure is also printed as a ratio to the reference. Timings on a shared 2-core machine are
noisy: repeat a run before drawing conclusions.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import json
import re
import shutil
import ssl
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import browser_harness as h  # noqa: E402

REFERENCE_DIR = ROOT / "benchmarks" / "reference"
DEFAULT_APPS = ("overzicht", "balans", "rollen")

TARGETS = {
    "join_p95_s": 2.0,
    "mixed_browser_s": 5.0,
    "usable_ratio": 0.5,
    "kernel_mb": 80.0,
    "repaint_p95_ms": 150.0,
    "room_total_mb": 7 * 1024.0,
}
MIN_FRESH_LOADS = 5
"""The first-screen target is a median of at least this many fresh loads."""

USABLE_JS = """() => {
  const loading = document.getElementById('loading');
  if (loading && loading.offsetParent !== null) return false;
  const failure = document.getElementById('hr-failure');
  if (failure && !failure.hidden && failure.offsetParent !== null) return 'failed';
  const controls = [...document.querySelectorAll(
    '.jupyter-widgets select, .jupyter-widgets [role=slider], .jupyter-widgets button, .jupyter-widgets input')];
  return controls.some(e => e.getBoundingClientRect().height > 0) ? 'ready' : false;
}"""
"""Visible: Voila's spinner is gone and a control (select, slider, button, input) is on the screen."""

ANSWER_JS = """() => {
  const all = [...document.querySelectorAll('.jupyter-widgets [role=slider], .jupyter-widgets select')]
    .filter(e => e.getBoundingClientRect().height > 0);
  const control = all[0];
  if (!control) return null;
  control.setAttribute('data-hr-first', '1');
  control.focus();
  const value = () => control.tagName === 'SELECT'
    ? String(control.selectedIndex) : control.getAttribute('aria-valuenow');
  const start = value();
  const atEnd = control.tagName === 'SELECT'
    ? control.selectedIndex === control.options.length - 1
    : control.getAttribute('aria-valuenow') === control.getAttribute('aria-valuemax');
  window.__hrAnswered = () => value() !== start;
  return control.tagName === 'SELECT' ? (atEnd ? 'ArrowUp' : 'ArrowDown') : (atEnd ? 'ArrowLeft' : 'ArrowRight');
}"""
"""Focus the first slider or list and say which key changes it; ``window.__hrAnswered()`` tells when it did."""

OBSERVE_JS = """(sel) => {
  const control = document.querySelector(sel);
  const own = control.closest('.lm-Widget') || control;
  window.__hr = {key: null, changes: []};
  control.addEventListener('keydown', () => { window.__hr.key = performance.now(); }, true);
  new MutationObserver((list) => {
    for (const m of list) {
      if (!own.contains(m.target)) { window.__hr.changes.push(performance.now()); }
    }
  }).observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
  return true;
}"""
"""Record the time of a key press on the control and of every change elsewhere in the page."""


# --------------------------------------------------------------------------- small helpers


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def fmt(value: float | None, unit: str = "", digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}{unit}"


def ratio(value: float | None, ref: float | None) -> str:
    if value is None or not ref:
        return "n/a"
    return f"{value / ref:.2f}x"


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- server side


@dataclass
class Join:
    seconds: float | None
    error: str | None = None
    kernel_id: str | None = None


KERNEL_WS_PROTOCOL = "v1.kernel.websocket.jupyter.org"
"""The kernel websocket protocol browsers speak (@jupyterlab/services, in Voila's front end and in ours): the
server passes the kernel's messages through as they are. A client without it gets the legacy protocol, for which
the server decodes and encodes every message again (a cost no real participant causes)."""


def _msg(session: str, msg_type: str, content: dict[str, Any], meta: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "header": {
            "msg_id": uuid.uuid4().hex,
            "username": "benchmark",
            "session": session,
            "msg_type": msg_type,
            "version": "5.3",
            "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        },
        "parent_header": {},
        "metadata": meta or {},
        "content": content,
    }


class KernelSocket:
    """A participant's kernel websocket, in the protocol a browser negotiates (:data:`KERNEL_WS_PROTOCOL`)."""

    def __init__(self, ws: Any, session: str) -> None:
        self.ws = ws
        self.session = session

    async def send(self, msg_type: str, content: dict[str, Any], meta: dict[str, Any] | None = None) -> None:
        from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1

        msg = _msg(self.session, msg_type, content, meta)
        await self.ws.send(serialize_msg_to_ws_v1(msg, "shell", pack=lambda part: json.dumps(part).encode("utf-8")))

    async def recv(self, deadline: float) -> dict[str, Any]:
        """The next message (its ``msg_type`` and ``content``), before ``deadline`` (time.monotonic)."""
        from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1

        frame = await asyncio.wait_for(self.ws.recv(), max(0.1, deadline - time.monotonic()))
        _channel, parts = deserialize_msg_from_ws_v1(frame)
        return {"msg_type": json.loads(parts[0])["msg_type"], "content": json.loads(parts[3])}


@contextlib.asynccontextmanager
async def kernel_socket(base_url: str, kernel_id: str, timeout: float) -> AsyncIterator[KernelSocket]:
    from websockets.asyncio.client import connect

    session = uuid.uuid4().hex
    ws_url = base_url.replace("http://", "ws://") + f"/api/kernels/{kernel_id}/channels?session_id={session}"
    async with connect(ws_url, max_size=None, open_timeout=timeout, subprotocols=[KERNEL_WS_PROTOCOL]) as ws:
        if ws.subprotocol != KERNEL_WS_PROTOCOL:
            raise RuntimeError(f"the server does not speak {KERNEL_WS_PROTOCOL}")
        yield KernelSocket(ws, session)


async def request_states(kernel: KernelSocket, timeout: float) -> dict[str, Any]:
    """All widget states, asked on the widget control comm as the page's widget manager does."""
    comm_id = uuid.uuid4().hex
    # ipywidgets 8 refuses a control comm without the protocol version in the metadata
    opening = {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}}
    await kernel.send("comm_open", opening, {"version": "1.0.0"})
    await kernel.send("comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}})
    deadline = time.monotonic() + timeout
    while True:
        msg = await kernel.recv(deadline)
        data = msg["content"].get("data", {})
        if msg["msg_type"] == "comm_msg" and data.get("method") == "update_states":
            return dict(data.get("states", {}))


@functools.cache
def client_tls() -> ssl.SSLContext:
    """One TLS context for every simulated participant's HTTP client (each keeps its own cookies).

    A new ``httpx.AsyncClient`` otherwise loads the certificate store again: about 20 ms of this process's CPU per
    participant, 1.3 s for 60 joining at once, spent on the same two cores as the server it measures (real phones
    bring their own CPU). The pages are plain HTTP on 127.0.0.1; the context is never used for a handshake.
    """
    return ssl.create_default_context()


async def fetch_widget_state(base_url: str, kernel_id: str, timeout: float) -> int:
    """Ask the kernel for all widget states, as the page's widget manager does; returns the number of models."""
    async with kernel_socket(base_url, kernel_id, timeout) as kernel:
        return len(await request_states(kernel, timeout))


async def join(base_url: str, url: str, timeout: float) -> Join:
    """One participant: GET the app page, then fetch the widget state over the kernel websocket."""
    import httpx

    start = time.perf_counter()
    kernel_id = None
    try:
        async with httpx.AsyncClient(timeout=timeout, verify=client_tls()) as client:
            resp = await client.get(url)
        if resp.status_code != 200:
            return Join(None, f"HTTP {resp.status_code}")
        found = re.search(r'"kernelId": "([0-9a-f-]+)"', resp.text)
        if not found:
            return Join(None, "no kernel id in the page")
        kernel_id = found.group(1)
        states = await fetch_widget_state(base_url, kernel_id, timeout)
        if states == 0:
            return Join(None, "empty widget state", kernel_id)
        return Join(time.perf_counter() - start, None, kernel_id)
    except Exception as exc:  # a failed join is a figure, not a crash
        return Join(None, f"{type(exc).__name__}: {exc}"[:160], kernel_id)


def summarize_joins(joins: list[Join]) -> dict[str, Any]:
    ok = [j.seconds for j in joins if j.seconds is not None]
    errors = sorted({j.error for j in joins if j.error})
    return {
        "n": len(joins),
        "p50_s": pct(ok, 0.5),
        "p95_s": pct(ok, 0.95),
        "max_s": max(ok) if ok else None,
        "failures": len(joins) - len(ok),
        "errors": errors[:3],
    }


def memory(server: Any) -> dict[str, Any]:
    pids = server.kernel_pids()
    per_kernel = [h.rss_mb(p) for p in pids]
    return {
        "kernels": len(per_kernel),
        "kernel_median_mb": pct(per_kernel, 0.5),
        "kernel_max_mb": max(per_kernel) if per_kernel else None,
        "total_mb": sum(per_kernel) + h.rss_mb(server.pid),
    }


def shutdown(spec: h.ServerSpec, kernel_ids: list[str | None]) -> None:
    for kid in kernel_ids:
        if kid:
            h.shutdown_kernel(spec.base_url, kid)


# --------------------------------------------------------------------------- browser side


@dataclass
class PageRun:
    seconds: float | None
    bytes: int = 0
    external: list[str] = field(default_factory=list)
    error: str | None = None


async def fresh_page(browser: Any, spec: h.ServerSpec, app: str, keep: bool = False) -> tuple[PageRun, Any]:
    """Open the app in a fresh context; time until usable, bytes downloaded, other hosts asked."""
    context = await browser.new_context(viewport=dict(h.PROJECTOR))
    page = await context.new_page()
    cdp = await context.new_cdp_session(page)
    await cdp.send("Network.enable")
    run = PageRun(None)

    def finished(event: dict[str, Any]) -> None:
        run.bytes += int(event.get("encodedDataLength", 0))

    cdp.on("Network.loadingFinished", finished)
    page.on(
        "request",
        lambda r: run.external.append(r.url) if not r.url.startswith((spec.base_url, "data:", "blob:")) else None,
    )
    start = time.perf_counter()
    try:
        await page.goto(spec.app_url(app), wait_until="commit", timeout=180_000)
        handle = await page.wait_for_function(USABLE_JS, timeout=180_000, polling=20)
        state = await handle.json_value()
        if state == "failed":
            run.error = "the page says the app did not start"
        else:
            key = await page.evaluate(ANSWER_JS)
            if key:  # the first control must also answer a key press (apps with only buttons: visible is enough)
                await page.keyboard.press(key)
                await page.wait_for_function("() => window.__hrAnswered()", timeout=60_000, polling=20)
            run.seconds = time.perf_counter() - start
        try:
            await page.wait_for_load_state("networkidle", timeout=15_000)
        except Exception:
            pass
        await asyncio.sleep(0.3)
    except Exception as exc:
        run.error = f"{type(exc).__name__}: {exc}"[:160]
    if keep:
        return run, page
    await close(page)
    return run, None


async def close(page: Any) -> None:
    try:
        kernel_id = await page.evaluate(h.KERNEL_ID_JS)
        if kernel_id:
            base = re.match(r"^(https?://[^/]+)", page.url)
            if base:
                await asyncio.to_thread(h.shutdown_kernel, base.group(1), kernel_id)
    except Exception:
        pass
    await page.context.close()


async def repaint(page: Any, samples: int) -> list[float]:
    """Change the app's first slider (else its first list) with the keyboard; ms until the page settles."""
    selector = None
    for candidate in (".jupyter-widgets [role=slider]", ".jupyter-widgets select"):
        if await page.locator(candidate).count():
            selector = candidate
            break
    if selector is None:
        return []
    control = page.locator(selector).first
    await page.evaluate(OBSERVE_JS, selector)
    if selector.endswith("select"):
        at_start = await control.evaluate("e => e.selectedIndex === 0")
        keys = ("ArrowDown", "ArrowUp") if at_start else ("ArrowUp", "ArrowDown")
    else:
        at_max = await control.evaluate("e => e.getAttribute('aria-valuenow') === e.getAttribute('aria-valuemax')")
        keys = ("ArrowLeft", "ArrowRight") if at_max else ("ArrowRight", "ArrowLeft")
    times: list[float] = []
    for i in range(samples):
        await page.evaluate("() => { window.__hr.key = null; window.__hr.changes = []; }")
        await control.focus()
        await page.keyboard.press(keys[i % 2])
        deadline = time.monotonic() + 10
        result = None
        while time.monotonic() < deadline:
            await asyncio.sleep(0.03)
            result = await page.evaluate(
                "() => { const r = window.__hr; const now = performance.now();"
                " if (r.key === null || !r.changes.length) return null;"
                " const last = r.changes[r.changes.length - 1];"
                " return now - last > 400 ? last - r.key : null; }"
            )
            if result is not None:
                break
        if result is not None:
            times.append(float(result))
        elif not times and i >= 1:
            break  # nothing outside the control changes (the reference slider has no output)
    return times


async def browser_side(browser: Any, spec: h.ServerSpec, app: str, runs: int, samples: int) -> dict[str, Any]:
    results = []
    for _ in range(runs):
        run, _page = await fresh_page(browser, spec, app)
        results.append(run)
    run, page = await fresh_page(browser, spec, app, keep=True)
    times = await repaint(page, samples) if page is not None and run.seconds is not None else []
    if page is not None:
        await close(page)
    return load_summary(results, times)


def load_summary(results: list[Any], times: list[float]) -> dict[str, Any]:
    """Fresh-page loads (usable after, failures, bytes, other hosts) and repaint times, as the report reads them."""
    ok = [r.seconds for r in results if r.seconds is not None]
    return {
        "runs": len(results),
        "usable_min_s": min(ok) if ok else None,
        "usable_median_s": pct(ok, 0.5),
        "usable_max_s": max(ok) if ok else None,
        "failures": len(results) - len(ok),
        "bytes": int(statistics.median([r.bytes for r in results])) if results else None,
        "external": sorted({re.sub(r"^(https?://[^/]+).*", r"\1", u) for r in results for u in r.external}),
        "repaint_p50_ms": pct(times, 0.5),
        "repaint_p95_ms": pct(times, 0.95),
        "repaint_samples": len(times),
    }


# --------------------------------------------------------------------------- setups


async def bounded(join_: Any, timeout: float, failed: Any) -> Any:
    """A participant who gets no answer at all within ``timeout`` s counts as a failure (a page that a dead kernel
    keeps half-sent never times out by itself)."""
    try:
        return await asyncio.wait_for(join_, timeout)
    except TimeoutError:
        return failed


async def burst(spec: h.ServerSpec, app: str, m: int, timeout: float = 300.0) -> tuple[dict[str, Any], list[Join]]:
    url = spec.app_url(app)
    failed = Join(None, f"no answer within {timeout:.0f} s")
    joins = await asyncio.gather(*(bounded(join(spec.base_url, url, timeout), timeout + 5, failed) for _ in range(m)))
    return summarize_joins(list(joins)), list(joins)


async def measure_plain(
    browser: Any, name: str, notebook_dir: Path, app: str, sizes: list[int], runs: int, samples: int, work: Path
) -> dict[str, Any]:
    """Plain standalone Voila (defaults + the repository's settings)."""
    out: dict[str, Any] = {"setup": name, "app": app}
    spec = h.plain_voila(notebook_dir, repo_config=False)
    with h.Server(spec, work / f"{name}-{app}.log") as server:
        log(f"{name}/{app}: browser side")
        out["browser"] = await browser_side(browser, spec, app, runs, samples)
        for m in sizes:
            log(f"{name}/{app}: {m} joins at once")
            summary, joins = await burst(spec, app, m)
            summary["memory"] = memory(server)
            out[f"join_{m}"] = summary
            await asyncio.to_thread(shutdown, spec, [j.kernel_id for j in joins])
            await asyncio.sleep(2)
    return out


async def measure_workshop(
    browser: Any, app: str, sizes: list[int], mixed: int, runs: int, samples: int, work: Path
) -> dict[str, Any]:
    """The workshop server with its own settings, pool sized to the largest burst, serving only this app."""
    out: dict[str, Any] = {"setup": "workshop", "app": app}
    apps_dir = work / f"apps-{app}"
    apps_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(h.APPS_DIR / f"{app}.ipynb", apps_dir / f"{app}.ipynb")
    room = max([*sizes, mixed, runs + 1])
    data_dir = work / f"data-{app}"
    start = time.perf_counter()
    with h.WorkshopServer(data_dir, deelnemers=room, apps_dir=apps_dir) as server:
        spec = server.spec
        log(f"workshop/{app}: waiting for {room} preheated kernels")
        warm = await asyncio.to_thread(h.wait_quiet, server.pid, room, 600.0)
        out["preheat_s"] = time.perf_counter() - start
        out["preheat_complete"] = warm
        out["idle_memory"] = memory(server)
        log(f"workshop/{app}: browser side")
        out["browser"] = await browser_side(browser, spec, app, runs, samples)
        for m in [*sizes, *(["mixed"] if mixed else [])]:
            await asyncio.to_thread(h.wait_quiet, server.pid, room, 600.0)  # the pool is full again
            if m == "mixed":
                log(f"workshop/{app}: mixed run ({mixed - 3} plain + 3 browsers)")
                plain = [join(spec.base_url, spec.app_url(app), 300.0) for _ in range(mixed - 3)]
                pages = [fresh_page(browser, spec, app) for _ in range(3)]
                results = await asyncio.gather(*plain, *pages)
                joins = [r for r in results if isinstance(r, Join)]
                runs_ = [r[0] for r in results if isinstance(r, tuple)]
                ok = [r.seconds for r in runs_ if r.seconds is not None]
                out["mixed"] = {
                    "plain": summarize_joins(joins),
                    "browser_s": ok,
                    "browser_failures": len(runs_) - len(ok),
                    "browser_max_s": max(ok) if ok else None,
                }
            else:
                log(f"workshop/{app}: {m} joins at once")
                summary, joins = await burst(spec, app, int(m))
                summary["memory"] = memory(server)
                out[f"join_{m}"] = summary
            await asyncio.to_thread(shutdown, spec, [j.kernel_id for j in joins])
    return out


# --------------------------------------------------------------------------- a room on one laptop (--room N)


SESSION_PAGE = "sessie"
REPAINT_APP = "rollen"
"""The app the browser opens from the session page's menu to time a repaint (its sliders redraw its figure)."""


def busiest_session() -> tuple[str, list[str]]:
    """The session plan that uses the most apps (Les 1): its id and its apps, in order of first use."""
    from handreiking.content import bundled_content

    plan = max(bundled_content().of_kind("sessieplan"), key=lambda p: len(p.apps))
    return plan.id, list(plan.apps)


def menu_label(app: str) -> str:
    """The text of an app's button in the session page's menu."""
    from handreiking.apps.session import CATALOG

    entry = CATALOG[app]
    return f"{entry.title} ({entry.where})"


def tree_mb(pid: int) -> float:
    """Resident memory of a server and every process below it (its kernels), in MB."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0
    for proc in procs:
        try:
            total += proc.memory_info().rss
        except psutil.Error:
            continue
    return total / 2**20


class PeakMemory:
    """Samples a server's process tree every half second while running; keeps the peak (MB)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            self.peak = max(self.peak, await asyncio.to_thread(tree_mb, self.pid))
            await asyncio.sleep(0.5)

    def __enter__(self) -> PeakMemory:
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()


@dataclass
class Participant:
    """One participant of the room: joined (page + widget state), then opened an app from the menu."""

    join_s: float | None = None
    open_s: float | None = None
    error: str | None = None
    kernel_id: str | None = None


async def room_participant(
    base_url: str, url: str, label: str, everyone_in: asyncio.Event, arrived: list[int], n: int, timeout: float
) -> Participant:
    """Join the session page like the page does; once the whole room is in, tap the menu button ``label`` and
    wait until the kernel shows that app (the button is marked open)."""
    import httpx

    out = Participant()
    start = time.perf_counter()
    counted = False

    def arrive() -> None:
        nonlocal counted
        if not counted:
            counted = True
            arrived[0] += 1
            if arrived[0] >= n:
                everyone_in.set()

    try:
        try:
            async with httpx.AsyncClient(timeout=timeout, verify=client_tls()) as client:
                resp = await client.get(url)
            if resp.status_code != 200:
                out.error = f"HTTP {resp.status_code}"
                return out
            found = re.search(r'"kernelId": "([0-9a-f-]+)"', resp.text)
            if not found:
                out.error = "no kernel id in the page"
                return out
            out.kernel_id = found.group(1)
            async with kernel_socket(base_url, out.kernel_id, timeout) as kernel:
                states = await request_states(kernel, timeout)
                out.join_s = time.perf_counter() - start
                button = next(
                    (
                        mid
                        for mid, st in states.items()
                        if st.get("model_name") == "ButtonModel" and st.get("state", {}).get("description") == label
                    ),
                    None,
                )
                if button is None:
                    out.error = f"no menu button {label!r}"
                    return out
                arrive()
                await asyncio.wait_for(everyone_in.wait(), timeout)
                tapped = time.perf_counter()
                click = {"comm_id": button, "data": {"method": "custom", "content": {"event": "click"}}}
                await kernel.send("comm_msg", click)
                deadline = time.monotonic() + timeout
                while True:
                    msg = await kernel.recv(deadline)
                    content = msg.get("content", {})
                    data = content.get("data", {})
                    if (
                        msg.get("msg_type") == "comm_msg"
                        and content.get("comm_id") == button
                        and str(data.get("state", {}).get("description", "")).startswith("✓")
                    ):
                        out.open_s = time.perf_counter() - tapped
                        return out
        except Exception as exc:  # a failed participant is a figure, not a crash
            out.error = out.error or f"{type(exc).__name__}: {exc}"[:160]
            return out
    finally:
        arrive()  # a participant who did not get in does not hold the others up


async def open_from_menu(page: Any, app: str) -> float:
    """Tap an app's button in the session page's menu; seconds until its first slider (or list) is on screen."""
    start = time.perf_counter()
    await page.get_by_role("button", name=menu_label(app)).click()
    await page.wait_for_function(
        """() => [...document.querySelectorAll('.hr-session-stage [role=slider], .hr-session-stage select')]
             .some(e => e.getBoundingClientRect().height > 0)""",
        timeout=120_000,
        polling=20,
    )
    return time.perf_counter() - start


async def room_browser_side(browser: Any, spec: h.ServerSpec, runs: int, samples: int) -> dict[str, Any]:
    """Fresh loads of the session page (usable: its menu on screen and answering), then rollen opened from the
    menu in one more page and its repaints timed."""
    results = [(await fresh_page(browser, spec, SESSION_PAGE))[0] for _ in range(runs)]
    run, page = await fresh_page(browser, spec, SESSION_PAGE, keep=True)
    times: list[float] = []
    opened = None
    if page is not None and run.seconds is not None:
        try:
            opened = await open_from_menu(page, REPAINT_APP)
            times = await repaint(page, samples)
        finally:
            await close(page)
    elif page is not None:
        await close(page)
    return {**load_summary(results, times), "open_app_s": opened}


async def measure_room_reference(browser: Any, n: int, runs: int, samples: int, work: Path) -> dict[str, Any]:
    """Plain Voila with its defaults: the bare slider's page in the browser, then N join it at once."""
    out: dict[str, Any] = {"setup": "reference", "app": "slider"}
    spec = h.plain_voila(REFERENCE_DIR, repo_config=False)
    with h.Server(spec, work / "reference-room.log") as server:
        log("reference/slider: browser side")
        out["browser"] = await browser_side(browser, spec, "slider", runs, samples)
        log(f"reference/slider: {n} joins at once")
        with PeakMemory(server.pid) as peak:
            summary, joins = await burst(spec, "slider", n, timeout=120.0)
        summary["memory"] = memory(server)
        summary["memory"]["tree_mb"] = tree_mb(server.pid)
        summary["memory"]["peak_mb"] = peak.peak
        out[f"join_{n}"] = summary
        await asyncio.to_thread(shutdown, spec, [j.kernel_id for j in joins])
    return out


async def measure_room(browser: Any, n: int, runs: int, samples: int, work: Path) -> dict[str, Any]:
    """The workshop server for a room of N with the session of the most apps: N join its session page at once."""
    plan, session_apps = busiest_session()
    out: dict[str, Any] = {"setup": "workshop", "app": SESSION_PAGE, "plan": plan, "session_apps": session_apps}
    apps_dir = work / "apps-room"
    shutil.copytree(h.APPS_DIR, apps_dir, ignore=shutil.ignore_patterns(".*"))
    others = len([p for p in apps_dir.glob("*.ipynb") if p.stem != SESSION_PAGE])
    start = time.perf_counter()
    with h.WorkshopServer(
        work / "data-room", deelnemers=n, apps_dir=apps_dir, focus_apps=tuple(session_apps)
    ) as server:
        spec = server.spec
        kernels = n + others
        log(
            f"workshop/{SESSION_PAGE}: waiting for {kernels} preheated kernels ({n} session pages, {others} other apps)"
        )
        out["preheat_complete"] = await asyncio.to_thread(h.wait_quiet, server.pid, kernels, 900.0)
        out["preheat_s"] = time.perf_counter() - start
        out["idle_memory"] = memory(server)
        out["idle_memory"]["tree_mb"] = tree_mb(server.pid)
        log(f"workshop/{SESSION_PAGE}: browser side")
        out["browser"] = await room_browser_side(browser, spec, runs, samples)
        await asyncio.to_thread(h.wait_quiet, server.pid, kernels, 900.0)  # the pool is full again
        first = session_apps[0]
        log(f"workshop/{SESSION_PAGE}: {n} join at once, then all open {first}")
        everyone_in, arrived = asyncio.Event(), [0]
        url = spec.app_url(SESSION_PAGE)
        with PeakMemory(server.pid) as peak:
            late = Participant(error="no answer within 600 s")
            label = menu_label(first)
            people = await asyncio.gather(
                *(
                    bounded(room_participant(spec.base_url, url, label, everyone_in, arrived, n, 300.0), 600.0, late)
                    for _ in range(n)
                )
            )
            in_use = tree_mb(server.pid)
        joins = [Join(p.join_s, p.error if p.join_s is None else None, p.kernel_id) for p in people]
        summary = summarize_joins(joins)
        opened = [p.open_s for p in people if p.open_s is not None]
        summary["open_app"] = {
            "app": first,
            "p50_s": pct(opened, 0.5),
            "p95_s": pct(opened, 0.95),
            "max_s": max(opened) if opened else None,
            "failures": len(people) - len(opened),
            "errors": sorted({p.error for p in people if p.error})[:3],
        }
        summary["memory"] = memory(server)
        summary["memory"]["in_use_mb"] = in_use
        summary["memory"]["peak_mb"] = peak.peak
        from handreiking.workshop.config import room_kernels

        settled = others + min(room_kernels(n), 2 * n)  # the room in use, the reserve ready, one per other app
        log(f"workshop/{SESSION_PAGE}: waiting until the refills are done ({settled} kernels)")
        summary["memory"]["settled_complete"] = await asyncio.to_thread(h.wait_quiet, server.pid, settled, 600.0)
        summary["memory"]["settled_mb"] = tree_mb(server.pid)
        summary["memory"]["settled_kernels"] = len(server.kernel_pids())
        out[f"join_{n}"] = summary
        await asyncio.to_thread(shutdown, spec, [p.kernel_id for p in people])
    return out


def first_screen_check(
    what: str, browser: dict[str, Any], reference: dict[str, Any], unit: str
) -> tuple[str, bool | None, str]:
    """The first-screen target: ``what`` usable at most :data:`TARGETS` ``usable_ratio`` times the reference's
    median, over at least :data:`MIN_FRESH_LOADS` fresh loads. (label, MET/MISSED/None when not measured, detail)."""
    med, ref_med = browser.get("usable_median_s"), reference.get("usable_median_s")
    loads = (browser.get("runs") or 0) - (browser.get("failures") or 0)
    return (
        f"{what} usable (first control visible and answering) at <= {TARGETS['usable_ratio']}x the"
        f" bare slider under plain Voila (median of >= {MIN_FRESH_LOADS} loads)",
        None if med is None or not ref_med else (med <= TARGETS["usable_ratio"] * ref_med and loads >= MIN_FRESH_LOADS),
        f"{fmt(med, unit)} vs {fmt(ref_med, unit)} ({ratio(med, ref_med)}, {loads} loads)",
    )


def room_report(results: list[dict[str, Any]], n: int) -> list[str]:
    ref = next(r for r in results if r["setup"] == "reference")
    plain = next(r for r in results if r["setup"] == "voila")
    room = next(r for r in results if r["setup"] == "workshop")
    j, rj = room.get(f"join_{n}", {}), ref.get(f"join_{n}", {})
    mem, rmem = j.get("memory", {}), rj.get("memory", {})
    b, rb, pb = room.get("browser", {}), ref.get("browser", {}), plain.get("browser", {})
    opened = j.get("open_app", {})
    lines = [
        f"== A room of {n} on one laptop: the session page ({room['plan']}: {', '.join(room['session_apps'])})",
        f"{'setup/page':28} {'join p50/p95/max (s)':22} {'fail':>4} {'kernel MB med/max':>18} {'total MB':>9}"
        f" {'peak MB':>8}",
    ]
    for r, jj in ((ref, rj), (room, j)):
        m = jj.get("memory", {})
        lines.append(
            f"{r['setup'] + '/' + r['app']:28}"
            f" {fmt(jj.get('p50_s')) + '/' + fmt(jj.get('p95_s')) + '/' + fmt(jj.get('max_s')):22}"
            f" {jj.get('failures', 'n/a'):>4}"
            f" {fmt(m.get('kernel_median_mb'), digits=0) + '/' + fmt(m.get('kernel_max_mb'), digits=0):>18}"
            f" {fmt(m.get('in_use_mb', m.get('tree_mb')), digits=0):>9} {fmt(m.get('peak_mb'), digits=0):>8}"
            + (f"  errors: {jj['errors']}" if jj.get("errors") else "")
        )
    idle = room.get("idle_memory", {})
    lines += [
        f"workshop: {idle.get('kernels')} kernels preheated after {fmt(room.get('preheat_s'), ' s', 0)}"
        f" (complete: {room.get('preheat_complete')}), server + pool {fmt(idle.get('tree_mb'), ' MB', 0)}",
        f"workshop: then all {n} opened {opened.get('app')} at the same moment: p50/p95/max"
        f" {fmt(opened.get('p50_s'))}/{fmt(opened.get('p95_s'))}/{fmt(opened.get('max_s'))} s,"
        f" fail {opened.get('failures')}" + (f" ({opened['errors']})" if opened.get("errors") else ""),
        f"workshop: memory with the room in and an app open {fmt(mem.get('in_use_mb'), ' MB', 0)}, peak"
        f" {fmt(mem.get('peak_mb'), ' MB', 0)}, after the refills {fmt(mem.get('settled_mb'), ' MB', 0)}"
        f" ({mem.get('settled_kernels')} kernels); plain Voila with {n} bare sliders:"
        f" {fmt(rmem.get('tree_mb'), ' MB', 0)} (peak {fmt(rmem.get('peak_mb'), ' MB', 0)})",
        f"browser: session page usable after {fmt(b.get('usable_median_s'))} s (median of {b.get('runs')}; bare"
        f" slider {fmt(rb.get('usable_median_s'))} s, {ratio(b.get('usable_median_s'), rb.get('usable_median_s'))});"
        f" {REPAINT_APP} opened from the menu in {fmt(b.get('open_app_s'))} s;"
        f" repaint p50/p95 {fmt(b.get('repaint_p50_ms'), digits=0)}/{fmt(b.get('repaint_p95_ms'), digits=0)} ms",
        "",
        "== Targets (issue 12, with the reference in the same run)",
    ]
    total = max(v for v in (mem.get("peak_mb"), mem.get("settled_mb"), mem.get("in_use_mb")) if v is not None)
    rp, wb, vb = b.get("repaint_p95_ms"), b.get("bytes"), pb.get("bytes")
    checks = [
        (
            f"{n} join the session page at once: all served, p95 <= {TARGETS['join_p95_s']:.0f} s, 0 failures",
            j.get("failures") == 0 and j.get("p95_s") is not None and j["p95_s"] <= TARGETS["join_p95_s"],
            f"p95 {fmt(j.get('p95_s'))} s, fail {j.get('failures')};"
            f" plain Voila, {n} on the bare slider: p95 {fmt(rj.get('p95_s'))} s, fail {rj.get('failures')}"
            f" ({ratio(j.get('p95_s'), rj.get('p95_s'))})",
        ),
        (
            f"total server memory (server + all kernels) <= {TARGETS['room_total_mb'] / 1024:.0f} GB",
            total <= TARGETS["room_total_mb"],
            f"highest {total:.0f} MB (peak, with an app open, after the refills);"
            f" plain Voila {fmt(rmem.get('tree_mb'), ' MB', 0)} ({ratio(total, rmem.get('tree_mb'))})",
        ),
        first_screen_check("fresh session page", b, rb, unit=" s"),
        (
            f"control change -> new figure p95 <= {TARGETS['repaint_p95_ms']:.0f} ms ({REPAINT_APP}, session page)",
            None if rp is None else rp <= TARGETS["repaint_p95_ms"],
            f"{fmt(rp, ' ms', 0)} ({b.get('repaint_samples')} changes)",
        ),
        (
            "page lighter than Voila's default page of the same notebook, nothing from another host",
            wb is not None and vb is not None and wb < vb and not b.get("external"),
            f"{wb} vs {vb} bytes ({ratio(wb, vb)}); other hosts: {b.get('external') or '-'}",
        ),
    ]
    for label, met, detail in checks:
        lines.append(f"{'n/a' if met is None else ('MET' if met else 'MISSED'):7} {label}: {detail}")
    return lines


# --------------------------------------------------------------------------- report


def report(results: list[dict[str, Any]], sizes: list[int], mixed: int) -> list[str]:
    lines: list[str] = []
    ref = next((r for r in results if r["setup"] == "reference"), None)

    def get(r: dict[str, Any] | None, *path: str) -> Any:
        for key in path:
            if r is None:
                return None
            r = r.get(key) if isinstance(r, dict) else None
        return r

    lines.append("== Browser side (fresh page, Chromium; one page at a time)")
    lines.append(
        f"{'setup/app':28} {'usable min/med/max (s)':24} {'x ref':>6} {'bytes':>10} {'x ref':>6}"
        f" {'repaint p50/p95 (ms)':>21}  other hosts"
    )
    for r in results:
        b = r.get("browser", {})
        usable = f"{fmt(b.get('usable_min_s'))}/{fmt(b.get('usable_median_s'))}/{fmt(b.get('usable_max_s'))}"
        rep = f"{fmt(b.get('repaint_p50_ms'), digits=0)}/{fmt(b.get('repaint_p95_ms'), digits=0)}"
        usable_x = ratio(b.get("usable_median_s"), get(ref, "browser", "usable_median_s"))
        lines.append(
            f"{r['setup'] + '/' + r['app']:28} {usable:24} {usable_x:>6}"
            f" {b.get('bytes') or 0:>10} {ratio(b.get('bytes'), get(ref, 'browser', 'bytes')):>6} {rep:>21}"
            f"  {', '.join(b.get('external', [])) or '-'}"
        )
    lines.append("")
    lines.append("== Server side (M join at once: page + widget state, no browser)")
    lines.append(
        f"{'setup/app':28} {'M':>3} {'p50 (s)':>8} {'p95 (s)':>8} {'max (s)':>8} {'x ref p95':>9} {'fail':>4}"
        f" {'kernel MB med/max':>18} {'x ref':>6} {'total MB':>9}"
    )
    for r in results:
        for m in sizes:
            j = r.get(f"join_{m}")
            if not j:
                continue
            mem = j.get("memory", {})
            lines.append(
                f"{r['setup'] + '/' + r['app']:28} {m:>3} {fmt(j['p50_s']):>8} {fmt(j['p95_s']):>8}"
                f" {fmt(j['max_s']):>8}"
                f" {ratio(j['p95_s'], get(ref, f'join_{m}', 'p95_s')):>9} {j['failures']:>4}"
                f" {fmt(mem.get('kernel_median_mb'), digits=0) + '/' + fmt(mem.get('kernel_max_mb'), digits=0):>18}"
                f" {ratio(mem.get('kernel_median_mb'), get(ref, f'join_{m}', 'memory', 'kernel_median_mb')):>6}"
                f" {fmt(mem.get('total_mb'), digits=0):>9}" + (f"  errors: {j['errors']}" if j["errors"] else "")
            )
    for r in results:
        if r["setup"] == "workshop":
            idle = r.get("idle_memory", {})
            lines.append(
                f"workshop/{r['app']}: {idle.get('kernels')} preheated kernels ready after"
                f" {fmt(r.get('preheat_s'), 's', 0)}"
                f" (complete: {r.get('preheat_complete')}), idle kernel {fmt(idle.get('kernel_median_mb'), ' MB', 0)},"
                f" server + pool {fmt(idle.get('total_mb'), ' MB', 0)}"
            )
            mx = r.get("mixed")
            if mx:
                lines.append(
                    f"workshop/{r['app']}: mixed run {mixed} at once: plain p95 {fmt(mx['plain']['p95_s'], 's')}"
                    f" (fail {mx['plain']['failures']}); browsers usable after"
                    f" {', '.join(fmt(s, 's') for s in mx['browser_s']) or 'n/a'} (fail {mx['browser_failures']})"
                )
    lines.append("")
    lines.append("== Targets (workshop settings)")
    for r in results:
        if r["setup"] != "workshop":
            continue
        app = r["app"]
        plain = next((p for p in results if p["setup"] == "voila" and p["app"] == app), None)
        checks: list[tuple[str, bool | None, str]] = []
        big = max(sizes) if sizes else 0
        j = r.get(f"join_{big}", {})
        ok = j.get("failures") == 0 and j.get("p95_s") is not None and j["p95_s"] < TARGETS["join_p95_s"]
        checks.append(
            (
                f"{big} join at once, all served, p95 < 2 s",
                ok,
                f"p95 {fmt(j.get('p95_s'), 's')}, fail {j.get('failures')}",
            )
        )
        mx = r.get("mixed", {})
        mmax = mx.get("browser_max_s")
        checks.append(
            (
                "mixed run: browsers usable within 5 s",
                mmax is not None and mx.get("browser_failures") == 0 and mmax < TARGETS["mixed_browser_s"],
                f"max {fmt(mmax, 's')}",
            )
        )
        checks.append(first_screen_check("fresh page", get(r, "browser") or {}, get(ref, "browser") or {}, unit="s"))
        kmax = get(r, f"join_{big}", "memory", "kernel_max_mb")
        limit = TARGETS["kernel_mb"]
        checks.append(
            (
                f"a participant's kernel at most {limit:.0f} MB",
                kmax is not None and kmax <= limit,
                f"{fmt(kmax, ' MB', 0)}",
            )
        )
        rp = get(r, "browser", "repaint_p95_ms")
        checks.append(
            ("control change repaints within 150 ms (p95)", None if rp is None else rp <= 150, f"{fmt(rp, ' ms', 0)}")
        )
        wb, pb = get(r, "browser", "bytes"), get(plain, "browser", "bytes")
        ext = get(r, "browser", "external")
        checks.append(
            (
                "page downloads less than Voila's default template, nothing from another host",
                wb is not None and pb is not None and wb < pb and not ext,
                f"{wb} vs {pb} bytes; other hosts: {ext or '-'}",
            )
        )
        if not sizes:  # --first-screen: no joins, no mixed run, no kernel memory measured
            checks = [c for c in checks if c[0].startswith(("fresh page", "control change", "page downloads"))]
        for label, met, detail in checks:
            verdict = "n/a" if met is None else ("MET" if met else "MISSED")
            lines.append(f"{app:12} {verdict:7} {label}: {detail}")
    return lines


async def main_async(args: argparse.Namespace) -> int:
    from playwright.async_api import async_playwright

    if not h.CHROMIUM.exists():
        print(f"Chromium ontbreekt ({h.CHROMIUM}); installeer met: apt-get install -y chromium", file=sys.stderr)
        return 2
    apps = h.discover_apps() if args.apps == "all" else [a for a in args.apps.split(",") if a]
    if args.quick and args.apps == ",".join(DEFAULT_APPS):
        apps = ["balans"]
    sizes = [] if args.first_screen else [10] if args.quick else [10, 30]
    mixed = 0 if args.first_screen else 10 if args.quick else 30
    runs = MIN_FRESH_LOADS if args.quick else MIN_FRESH_LOADS + 2
    samples = 10 if args.quick else 20
    workshop = h.workshop_available() and not args.no_workshop
    started = time.perf_counter()
    results: list[dict[str, Any]] = []
    work = Path(tempfile.mkdtemp(prefix="hr-bench-"))
    if args.room:
        try:
            async with async_playwright() as pw:
                browser = await pw.chromium.launch(executable_path=str(h.CHROMIUM), args=h.CHROMIUM_ARGS)
                try:
                    results.append(await measure_room_reference(browser, args.room, runs, samples, work))
                    log(f"voila/{SESSION_PAGE}: Voila's default page of the session page")
                    results.append(await measure_plain(browser, "voila", h.APPS_DIR, SESSION_PAGE, [], runs, 0, work))
                    results.append(await measure_room(browser, args.room, runs, samples, work))
                finally:
                    await browser.close()
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print("\n".join(room_report(results, args.room)))
        print(
            f"\n(total {time.perf_counter() - started:.0f} s; 2-core machine shared with other work: timings are noisy)"
        )
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
        return 0
    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=str(h.CHROMIUM), args=h.CHROMIUM_ARGS)
            try:
                ref = await measure_plain(browser, "reference", REFERENCE_DIR, "slider", sizes, runs, samples, work)
                results.append(ref)
                for app in apps:
                    results.append(await measure_plain(browser, "voila", h.APPS_DIR, app, sizes, runs, samples, work))
                    if workshop:
                        results.append(await measure_workshop(browser, app, sizes, mixed, runs, samples, work))
            finally:
                await browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = report(results, sizes, mixed)
    print("\n".join(lines))
    print(
        f"\n(total {time.perf_counter() - started:.0f} s; 2-core machine shared with other work: timings are noisy;"
        f" workshop setup {'measured' if workshop else 'NOT measured (handreiking.workshop.server missing)'})"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="balans only, 10 joins, fewer runs (about 3.5 min)")
    parser.add_argument("--apps", default=",".join(DEFAULT_APPS), help="comma-separated app names, or 'all'")
    parser.add_argument("--no-workshop", action="store_true", help="skip the workshop server setup")
    parser.add_argument(
        "--first-screen", action="store_true", help="only the fresh-page loads, bytes and repaints (no joins)"
    )
    parser.add_argument(
        "--room", type=int, default=0, metavar="N", help="N participants join the session page at once (issue 12: 60)"
    )
    parser.add_argument("--json", default="", help="also write the raw figures to this file")
    return asyncio.run(main_async(parser.parse_args(argv)))


if __name__ == "__main__":
    raise SystemExit(main())
