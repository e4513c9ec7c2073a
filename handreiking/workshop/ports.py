"""A port that is already taken: who holds it, and what the trainer should do (in Dutch, without a traceback).

The most common case is an earlier workshop that is still running (an older version of this package left
its servers behind when the terminal was closed). The launcher asks the port for ``/handreiking/status``
(:mod:`.status`): a workshop of this package answers with its role, session and process id. An older one
without that route is recognised by its Dutch 404 page; a Jupyter or Voila server by Tornado's name in the
``Server`` header. Where the operating system tells, the process that listens is named too.
"""

from __future__ import annotations

import contextlib
import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from .network import STATUS_PATH, WILDCARDS

PROBE_TIMEOUT = 2.0
OUR_404_MARKER = "Dit adres bestaat niet in deze workshop"
"""Text of the workshop's 404 page (templates/participant/404.html): an older workshop has no status route."""


@dataclass(frozen=True)
class PortHolder:
    """What listens on a port, as far as we can tell."""

    kind: str
    """"workshop" (ours, answers /handreiking/status), "oude-workshop" (ours, older), "jupyter", "ander"
    (answers HTTP, not ours), or "onbekend" (does not answer HTTP)."""
    role: str = ""
    session: str = ""
    pid: int | None = None
    process: str = ""


def _probe_host(address: str) -> str:
    host = "127.0.0.1" if address in WILDCARDS else address
    return f"[{host}]" if ":" in host else host


def _listening_process(port: int) -> tuple[int | None, str]:
    """(pid, name) of the process that listens on ``port``, where the system tells us (often only our own)."""
    try:
        import psutil

        for conn in psutil.net_connections(kind="tcp"):
            if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port == port and conn.pid:
                with contextlib.suppress(psutil.Error):
                    return conn.pid, psutil.Process(conn.pid).name()
                return conn.pid, ""
    except Exception:  # AccessDenied on macOS without admin rights, or no psutil
        pass
    return None, ""


def probe(address: str, port: int, timeout: float = PROBE_TIMEOUT) -> PortHolder:
    """Ask whatever listens on ``address:port`` who it is."""
    pid, name = _listening_process(port)
    url = f"http://{_probe_host(address)}:{port}/{STATUS_PATH}"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            body = response.read(4096).decode("utf-8", errors="replace")
            server = response.headers.get("Server", "")
    except urllib.error.HTTPError as exc:
        text = exc.read(65536).decode("utf-8", errors="replace") if exc.fp else ""
        server = exc.headers.get("Server", "") if exc.headers else ""
        if OUR_404_MARKER in text:
            return PortHolder("oude-workshop", pid=pid, process=name)
        return PortHolder("jupyter" if "tornado" in server.lower() else "ander", pid=pid, process=name)
    except (OSError, ValueError):
        return PortHolder("onbekend", pid=pid, process=name)
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if isinstance(data, dict) and data.get("programma") == "handreiking":
        found_pid = data.get("pid") if isinstance(data.get("pid"), int) else pid
        return PortHolder(
            "workshop", str(data.get("rol", "")), str(data.get("sessie", "")), found_pid, name or "python"
        )
    return PortHolder("jupyter" if "tornado" in server.lower() else "ander", pid=pid, process=name)


def _stop_hint(pid: int | None) -> str:
    if pid is None:
        return "Sluit het terminalvenster waarin hij draait (of stop hem met Ctrl+C daar)"
    return (
        f"Sluit het terminalvenster waarin hij draait, of stop proces {pid} "
        f"(Linux en macOS: kill {pid}; Windows: Taakbeheer)"
    )


def busy_port_message(address: str, port: int, option: str = "--poort", holder: PortHolder | None = None) -> str:
    """The Dutch message for a port that is taken: which port, by what, and what to do."""
    holder = holder or probe(address, port)
    where = f"Poort {port} op {address}"
    who = f" (proces {holder.pid}{', ' + holder.process if holder.process else ''})" if holder.pid else ""
    other = f"Of kies een andere poort met {option} N."
    if holder.kind == "workshop":
        role = {"deelnemers": "de apps voor de deelnemers", "dashboard": "het dashboard"}.get(holder.role, "een server")
        session = f" van sessie {holder.session}" if holder.session else ""
        resume = f" met --sessie {holder.session}" if holder.session else ""
        return (
            f"{where} is al in gebruik door een eerdere workshop van handreiking die nog draait: "
            f"{role}{session}{who}. {_stop_hint(holder.pid)} en start daarna opnieuw{resume}; "
            f"de antwoorden blijven bewaard. {other}"
        )
    if holder.kind == "oude-workshop":
        return (
            f"{where} is al in gebruik door wat lijkt op een eerdere workshop van handreiking (een oudere "
            f"versie){who}. {_stop_hint(holder.pid)} en start daarna opnieuw, met --sessie CODE om verder te gaan "
            f"met dezelfde sessie ('handreiking sessie lijst' toont de codes). {other}"
        )
    if holder.kind == "jupyter":
        return (
            f"{where} is al in gebruik door een Jupyter- of Voila-server{who}, niet door een workshop van "
            f"handreiking. Stop die server of kies een andere poort met {option} N."
        )
    return (
        f"{where} is al in gebruik door een ander programma{who}, niet door een workshop van handreiking. "
        f"Stop dat programma of kies een andere poort met {option} N."
    )
