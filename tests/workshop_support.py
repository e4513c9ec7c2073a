"""Helpers for the workshop tests and ``benchmarks/workshop_join.py`` (not a test module).

A participant without a browser: fetch an app page over HTTP (keeping the cookies), then talk to its kernel
over the same websocket the page's JavaScript uses, as the widget manager does (ask for the widget states,
click a button, set a value). Every server these helpers start listens on 127.0.0.1 and is stopped by the
code that started it.
"""

from __future__ import annotations

import json
import re
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests
import websocket

ROOT = Path(__file__).resolve().parents[1]
APPS_DIR = ROOT / "notebooks" / "apps"

_CONFIG_RE = re.compile(r'<script id="jupyter-config-data" type="application/json">\s*(\{.*?\})\s*</script>', re.S)


def wait_until(condition: Callable[[], Any], timeout: float = 30, interval: float = 0.1) -> Any:
    """Poll ``condition`` until it returns something truthy (returned) or ``timeout`` seconds pass (then the last
    value). For conditions nobody can be notified of, such as a process appearing or ending."""
    deadline = time.monotonic() + timeout
    value = condition()
    while not value and time.monotonic() < deadline:
        time.sleep(interval)
        value = condition()
    return value


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def kernel_id_of(page_html: str) -> str:
    """The kernel id Voila put in the page's configuration."""
    match = _CONFIG_RE.search(page_html)
    if not match:
        raise AssertionError("geen jupyter-config-data in de pagina")
    return str(json.loads(match.group(1))["kernelId"])


def make_apps_dir(target: Path, names: tuple[str, ...] = ("rollen",)) -> Path:
    """A folder with copies of some participant apps (so a test does not depend on every app existing)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        (target / f"{name}.ipynb").write_bytes((APPS_DIR / f"{name}.ipynb").read_bytes())
    return target


@contextmanager
def running_workshop(
    root: Path, title: str, apps: tuple[str, ...] = ("rollen",), *, dashboard: bool = True, **settings: Any
) -> Iterator[Any]:
    """Start a workshop on 127.0.0.1 for a test: some apps in ``root/apps``, data in ``root/data``, free ports, a new
    session called ``title``; ``settings`` are the rest of its :class:`WorkshopSettings`. Stopped on leaving."""
    from handreiking.workshop.config import WorkshopSettings
    from handreiking.workshop.server import open_session, start_servers

    config = WorkshopSettings(
        apps_dir=make_apps_dir(root / "apps", apps),
        data_dir=root / "data",
        address="127.0.0.1",
        port=free_port(),
        dashboard_port=free_port(),
        **settings,
    )
    with start_servers(config, open_session(config, None, title), dashboard=dashboard) as running:
        yield running


class KernelSocket:
    """The page's kernel websocket (JSON protocol), enough to act as the widget manager."""

    def __init__(self, base_url: str, kernel_id: str, cookies: dict[str, str] | None = None, timeout: float = 30):
        ws_url = base_url.replace("http://", "ws://").rstrip("/") + f"/api/kernels/{kernel_id}/channels"
        cookie = "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())
        self.session_id = uuid.uuid4().hex
        self.ws = websocket.create_connection(ws_url, cookie=cookie or None, timeout=timeout)
        self.received: list[dict[str, Any]] = []

    def close(self) -> None:
        self.ws.close()

    def __enter__(self) -> KernelSocket:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(self, channel: str, msg_type: str, content: dict[str, Any], metadata: dict[str, Any] | None = None) -> str:
        msg_id = uuid.uuid4().hex
        msg = {
            "header": {
                "msg_id": msg_id,
                "msg_type": msg_type,
                "username": "",
                "session": self.session_id,
                "date": "",
                "version": "5.3",
            },
            "parent_header": {},
            "metadata": metadata or {},
            "content": content,
            "channel": channel,
            "buffers": [],
        }
        self.ws.send(json.dumps(msg))
        return msg_id

    def recv(self, timeout: float) -> dict[str, Any] | None:
        self.ws.settimeout(timeout)
        try:
            raw = self.ws.recv()
        except websocket.WebSocketTimeoutException:
            return None
        if isinstance(raw, bytes):  # binary frames carry buffers; the JSON part is enough here
            return None
        msg = json.loads(raw)
        self.received.append(msg)
        return msg

    def wait_for(self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 30) -> dict[str, Any] | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg = self.recv(max(0.05, deadline - time.monotonic()))
            if msg is not None and predicate(msg):
                return msg
        return None

    def widget_states(self, timeout: float = 60) -> dict[str, Any]:
        """Ask the kernel for every widget's state, as Voila's widget manager does on page load."""
        comm_id = uuid.uuid4().hex
        self.send(
            "shell",
            "comm_open",
            {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}},
            metadata={"version": "1.0.0"},
        )
        self.send("shell", "comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}})
        reply = self.wait_for(
            lambda m: (
                m.get("msg_type") == "comm_msg"
                and m["content"].get("comm_id") == comm_id
                and m["content"].get("data", {}).get("method") == "update_states"
            ),
            timeout,
        )
        if reply is None:
            raise TimeoutError("geen widget-states van de kernel")
        return dict(reply["content"]["data"]["states"])

    def click(self, model_id: str) -> None:
        self.send(
            "shell", "comm_msg", {"comm_id": model_id, "data": {"method": "custom", "content": {"event": "click"}}}
        )

    def set_value(self, model_id: str, value: Any) -> None:
        self.send(
            "shell",
            "comm_msg",
            {"comm_id": model_id, "data": {"method": "update", "state": {"value": value}, "buffer_paths": []}},
        )

    def wait_for_update(self, model_id: str, needle: str, timeout: float = 30) -> str | None:
        """Wait until widget ``model_id`` gets a ``value`` containing ``needle``; returns that value."""
        msg = self.wait_for(
            lambda m: (
                m.get("msg_type") == "comm_msg"
                and m["content"].get("comm_id") == model_id
                and needle in str(m["content"].get("data", {}).get("state", {}).get("value", ""))
            ),
            timeout,
        )
        return None if msg is None else str(msg["content"]["data"]["state"]["value"])


def find_model(states: dict[str, Any], model_name: str, **state: Any) -> str:
    """The id of the first widget of this model class whose state has these values."""
    for model_id, entry in states.items():
        if entry.get("model_name") != model_name:
            continue
        if all(entry.get("state", {}).get(k) == v for k, v in state.items()):
            return model_id
    raise KeyError(f"geen {model_name} met {state}")


def open_app(base_url: str, app: str, http: requests.Session | None = None, timeout: float = 120) -> tuple[Any, str]:
    """GET an app page as a participant; returns (the session with its cookies, the kernel id)."""
    http = http or requests.Session()
    response = http.get(f"{base_url.rstrip('/')}/voila/render/{app}.ipynb", timeout=timeout)
    response.raise_for_status()
    return http, kernel_id_of(response.text)


def cookie_pseudonym(store_target: str, session: str, cookie: str | None) -> str | None:
    """The pseudonym in a participant's signed cookie, checked with the session's secret from the store."""
    from handreiking.workshop.gate import PseudonymSigner
    from handreiking.workshop.store import open_store

    with open_store(store_target) as store:
        secret = store.session_secret(session)
    return PseudonymSigner(secret, session).verify(cookie)


def read_vmrss_kb(pid: int) -> int | None:
    """Resident memory of a process in kB (from /proc, no psutil)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def kernel_pids(server_pid: int) -> list[int]:
    """Kernel processes (ipykernel) whose parent is ``server_pid`` (read from /proc)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
            ppid = int(next(line.split()[1] for line in text.splitlines() if line.startswith("PPid:")))
            if ppid != server_pid:
                continue
            cmdline = (status.parent / "cmdline").read_bytes().decode(errors="replace")
        except (OSError, StopIteration, ValueError):
            continue
        if "ipykernel" in cmdline:
            found.append(int(status.parent.name))
    return found


SESSION_LINE = re.compile(r"Sessiecode: ([A-Z0-9]+)")


class Launcher:
    """``handreiking workshop`` as a trainer starts it, as a subprocess on 127.0.0.1 and free ports.

    For the life-cycle tests and ``benchmarks/soak.py``. Its output goes to ``folder/launcher.log``; it runs in
    its own session, so a signal reaches only the process it is sent to. :meth:`cleanup` ends whatever of its
    process tree still runs (a test that sends a signal checks the tree first, then calls it anyway).
    """

    def __init__(
        self,
        folder: Path,
        apps: tuple[str, ...] = ("rollen",),
        *extra: str,
        port: int | None = None,
        dashboard_port: int | None = None,
        data_dir: Path | None = None,
    ) -> None:
        import subprocess
        import sys

        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.apps_dir = make_apps_dir(folder / "apps", apps)
        self.data_dir = data_dir or folder / "data"
        self.port = port or free_port()
        self.dashboard_port = dashboard_port or free_port()
        self.log_path = folder / "launcher.log"
        argv = [
            str(Path(sys.executable).with_name("handreiking")),
            "workshop",
            "--adres",
            "127.0.0.1",
            "--poort",
            str(self.port),
            "--dashboard-poort",
            str(self.dashboard_port),
            "--apps",
            str(self.apps_dir),
            "--opslag",
            str(self.data_dir),
            *extra,
        ]
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        self._tree: set[int] = set()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def dashboard_url(self) -> str:
        return f"http://127.0.0.1:{self.dashboard_port}"

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    @property
    def session(self) -> str:
        match = SESSION_LINE.search(self.output())
        return match.group(1) if match else ""

    def status(self, base: str | None = None) -> dict[str, Any]:
        """``/handreiking/status`` of the participant server (or ``base``); {} when it does not answer."""
        try:
            r = requests.get(f"{base or self.base_url}/handreiking/status", timeout=5)
            return dict(r.json()) if r.status_code == 200 else {}
        except (requests.RequestException, ValueError):
            return {}

    def wait_ready(self, timeout: float = 180, preheated: int = 1) -> bool:
        """Until the banner is printed, both servers answer and ``preheated`` kernels wait in the pool."""

        def ready() -> bool:
            if self.proc.poll() is not None:
                raise RuntimeError(f"de workshop stopte bij het starten:\n{self.output()[-3000:]}")
            if "Workshop gestart" not in self.output() or not self.status(self.dashboard_url):
                return False
            return int(self.status().get("kernels", {}).get("klaargezet", 0)) >= preheated

        return bool(wait_until(ready, timeout=timeout, interval=0.5))

    def tree(self) -> list[int]:
        """The launcher and every process below it now (also remembered for :meth:`cleanup`)."""
        from handreiking.workshop.lifecycle import process_tree

        found = process_tree(self.proc.pid)
        self._tree.update(found)
        return found

    def cleanup(self) -> None:
        """End the launcher (SIGTERM), then kill whatever of its tree still runs; never anything else."""
        import signal
        import subprocess

        from handreiking.workshop.lifecycle import alive, kill_all, wait_gone

        if self.proc.poll() is None:
            self.tree()
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        left = alive(self._tree)
        if left:
            kill_all(left)
            wait_gone(left, 5)
