"""The two Voila processes of a workshop: start them, wait until they listen, stop them with their kernels.

Each server runs ``python -m handreiking.workshop.voila_app CONFIG.json --launcher PID`` in its own process
group, with the workshop's settings in its environment (:func:`handreiking.workshop.config.kernel_env`) and
a private runtime folder; its output goes to a log file in the data folder. Its standard input is a pipe
from this process: when this process ends in any way, the server sees the pipe close and stops
(:mod:`handreiking.workshop.lifecycle`, which also covers the kernels).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .checks import check_port
from .config import (
    WorkshopSettings,
    dashboard_config,
    dashboard_url,
    join_url,
    kernel_env,
    participant_config,
    write_lean_kernelspec,
)
from .errors import WorkshopError
from .lifecycle import process_tree, stop_tree
from .ports import busy_port_message

START_TIMEOUT = 90.0
"""Seconds to wait for a server to listen before giving up."""
STOP_TIMEOUT = 9.0
"""Seconds the servers get to stop with their kernels; whatever still runs then is killed."""


def _wait_listening(address: str, port: int, proc: subprocess.Popen, timeout: float) -> bool:
    host = "127.0.0.1" if address in ("0.0.0.0", "") else address
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def _log_tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@dataclass
class WorkshopServers:
    """The running participant and dashboard servers of one session."""

    settings: WorkshopSettings
    session: str
    runtime_dir: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    logs: dict[str, Path] = field(default_factory=dict)

    @property
    def join_url(self) -> str:
        return join_url(self.settings)

    @property
    def dashboard_url(self) -> str:
        return dashboard_url(self.settings)

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Stop both servers (SIGTERM: Voila shuts its kernels down); kill whatever of them runs after ``timeout``.

        Every process of the servers' trees (their kernels too) is noted first, so none is left behind,
        not even a kernel that lost its server. Then the runtime folder is removed.
        """
        tree = [pid for proc in self.processes.values() if proc.poll() is None for pid in process_tree(proc.pid)]
        for proc in self.processes.values():
            if proc.poll() is None:
                with contextlib.suppress(OSError):
                    proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for proc in self.processes.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(max(0.1, deadline - time.monotonic()))
        stop_tree(tree, deadline)
        for proc in self.processes.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(5)  # collect the exit status (no zombie)
            if proc.stdin is not None:
                with contextlib.suppress(OSError):
                    proc.stdin.close()
        shutil.rmtree(self.runtime_dir, ignore_errors=True)

    def __enter__(self) -> WorkshopServers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_servers(
    settings: WorkshopSettings,
    session: str,
    *,
    dashboard: bool = True,
    log_dir: Path | None = None,
    timeout: float = START_TIMEOUT,
) -> WorkshopServers:
    """Start the participant server (and the dashboard); return once they listen."""
    runtime_dir = Path(tempfile.mkdtemp(prefix="hr-"))  # 0700; short path: ipc socket names stay < 108 bytes
    log_dir = log_dir or settings.data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    servers = WorkshopServers(settings, session, runtime_dir)
    env = {
        **os.environ,
        **kernel_env(settings, session),
        "JUPYTER_RUNTIME_DIR": str(runtime_dir / "runtime"),
        "PYTHONUNBUFFERED": "1",
        "MPLBACKEND": "agg",
        "JUPYTER_PATH": os.pathsep.join(
            p for p in (str(write_lean_kernelspec(runtime_dir)), os.environ.get("JUPYTER_PATH", "")) if p
        ),
    }
    plan: list[tuple[str, dict[str, Any], str, int, str]] = [
        ("deelnemers", participant_config(settings, runtime_dir), settings.address, settings.port, "--poort")
    ]
    if dashboard:
        plan.append(
            (
                "dashboard",
                dashboard_config(settings, runtime_dir),
                settings.dashboard_address,
                settings.dashboard_port,
                "--dashboard-poort",
            )
        )
    try:
        for name, config, address, port, option in plan:
            check_port(address, port, option)
            config_path = runtime_dir / f"{name}.json"
            config_path.write_text(json.dumps(config, indent=1), encoding="utf-8")
            log_path = log_dir / f"{session}-{name}.log"
            servers.logs[name] = log_path
            with log_path.open("ab") as log:
                servers.processes[name] = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "handreiking.workshop.voila_app",
                        str(config_path),
                        "--launcher",
                        str(os.getpid()),
                    ],
                    env=env,
                    stdin=subprocess.PIPE,  # closes when we end, however we end: the server then stops
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # Ctrl+C and a closed terminal reach us only; we stop the servers
                )
        for name, _config, address, port, option in plan:
            proc = servers.processes[name]
            if not _wait_listening(address, port, proc, timeout):
                tail = _log_tail(servers.logs[name])
                if "already in use" in tail or "Address already in use" in tail:
                    raise WorkshopError(busy_port_message(address, port, option))
                raise WorkshopError(
                    f"De {name}server startte niet (zie {servers.logs[name]}). Laatste regels:\n{tail}", exit_code=1
                )
    except BaseException:
        servers.stop(timeout=10)
        raise
    return servers
