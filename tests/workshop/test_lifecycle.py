"""The workshop lives exactly as long as its launcher: however ``handreiking workshop`` ends, nothing stays behind.

Each test starts the real command (``handreiking workshop`` as a subprocess on 127.0.0.1 and free ports) with a
participant whose app is open, a preheated kernel and the trainer's dashboard open, sends the launcher one
signal, and waits (at most the 10 seconds the issue allows) until no process of the launcher's tree is left
and both ports are free. SIGHUP is what a closed terminal window sends; SIGKILL is what an out-of-memory kill
does, and no code of the launcher runs then.
"""

from __future__ import annotations

import os
import signal
import socket
import time
from pathlib import Path

import pytest
import requests
from workshop_support import KernelSocket, Launcher, cookie_pseudonym, find_model, kernel_id_of, wait_until

from handreiking.workshop.lifecycle import alive, process_tree
from handreiking.workshop.store import open_store

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="POSIX signals")]

DEADLINE = 10.0
"""Seconds the issue allows between the signal and the last process gone."""


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _listeners(*ports: int) -> list[str]:
    """Who holds these ports (process id and command line), for the failure message."""
    import psutil

    found = []
    for conn in psutil.net_connections(kind="tcp"):
        if conn.laddr and conn.laddr.port in ports and conn.status == psutil.CONN_LISTEN:
            try:
                cmd = " ".join(psutil.Process(conn.pid).cmdline())[:200] if conn.pid else "?"
            except psutil.Error:
                cmd = "?"
            found.append(f"{conn.laddr.port}: pid {conn.pid} {cmd}")
    return found


def _kernels(pids: list[int]) -> list[int]:
    import psutil

    found = []
    for pid in pids:
        try:
            if any("ipykernel" in part for part in psutil.Process(pid).cmdline()):
                found.append(pid)
        except psutil.Error:
            continue
    return found


def _share(launcher: Launcher, reflectie: str) -> requests.Session:
    """Open the rollen app as a participant and share; returns the participant's session (cookies)."""
    http = requests.Session()
    page = http.get(f"{launcher.base_url}/voila/render/rollen.ipynb", timeout=120)
    page.raise_for_status()
    with KernelSocket(launcher.base_url, kernel_id_of(page.text), http.cookies.get_dict()) as ks:
        states = ks.widget_states()
        ks.set_value(find_model(states, "TextareaModel"), reflectie)
        ks.click(find_model(states, "ButtonModel", description="Deel met de groep"))
        msg = ks.wait_for(lambda m: m.get("msg_type") == "comm_msg" and "Gedeeld" in str(m), timeout=60)
    assert msg is not None, "the share was not acknowledged"
    return http


def _running_workshop(tmp_path: Path) -> Launcher:
    """A workshop with a preheated kernel, a participant's open page and the dashboard open."""
    launcher = Launcher(tmp_path, ("rollen",), "--deelnemers", "1", "--app", "rollen")
    try:
        assert launcher.wait_ready(), launcher.output()[-3000:]
        page = requests.get(f"{launcher.base_url}/voila/render/rollen.ipynb", timeout=120)
        assert page.status_code == 200
        dashboard = requests.get(launcher.dashboard_url + "/", timeout=120)
        assert dashboard.status_code == 200
        assert wait_until(lambda: len(_kernels(launcher.tree())) >= 3, timeout=120), launcher.tree()
    except BaseException:
        launcher.cleanup()
        raise
    return launcher


@pytest.mark.parametrize("sig", ["SIGHUP", "SIGTERM", "SIGINT", "SIGKILL"])
def test_signal_to_launcher_ends_servers_and_kernels(tmp_path: Path, sig: str) -> None:
    """After the signal no process of the workshop remains and both ports are free, within 10 seconds."""
    launcher = _running_workshop(tmp_path)
    try:
        tree = launcher.tree()
        assert len(tree) >= 6 and len(_kernels(tree)) >= 3  # launcher, 2 servers, pool + page + dashboard kernels
        os.kill(launcher.proc.pid, getattr(signal, sig))
        started = time.monotonic()
        gone = wait_until(lambda: not alive(tree), timeout=DEADLINE, interval=0.1)
        assert gone, f"still running after {sig}: {alive(tree)}\n{launcher.output()[-2000:]}"
        left = max(0.5, DEADLINE - (time.monotonic() - started))
        free = wait_until(
            lambda: _port_free(launcher.port) and _port_free(launcher.dashboard_port), timeout=left, interval=0.1
        )
        assert free, f"ports still taken after {sig}: {_listeners(launcher.port, launcher.dashboard_port)}"
    finally:
        launcher.cleanup()


def test_closed_terminal_then_resume_keeps_answers(tmp_path: Path) -> None:
    """Close the terminal (SIGHUP) after a share, start again with --sessie: same session, the answer is there."""
    first = _running_workshop(tmp_path / "eerste")
    try:
        http = _share(first, "voor het sluiten")
        session = first.session
        tree = first.tree()
        os.kill(first.proc.pid, signal.SIGHUP)
        assert wait_until(lambda: not alive(tree), timeout=DEADLINE, interval=0.1), alive(tree)
        assert f"--sessie {session}" in first.output()  # the launcher says how to resume
    finally:
        first.cleanup()
    second = Launcher(
        tmp_path / "tweede",
        ("rollen",),
        "--deelnemers",
        "1",
        "--app",
        "rollen",
        "--sessie",
        session,
        data_dir=first.data_dir,
        port=first.port,
        dashboard_port=first.dashboard_port,
    )
    try:
        assert second.wait_ready(), second.output()[-3000:]
        assert second.session == session
        pseudonym = cookie_pseudonym(str(first.data_dir), session, http.cookies["hr_deelnemer"])
        with open_store(str(first.data_dir)) as store:
            mine = [r for r in store.answers(session) if r.participant == pseudonym]
        assert [r.reflectie for r in mine] == ["voor het sluiten"]
    finally:
        second.cleanup()


def test_kernel_follows_its_server_when_the_server_is_killed(tmp_path: Path) -> None:
    """A server killed outright (no shutdown of its kernels) takes its kernels with it."""
    launcher = _running_workshop(tmp_path)
    try:
        server = launcher.status()["pid"]
        kernels = _kernels(process_tree(server))
        assert kernels
        os.kill(server, signal.SIGKILL)
        assert wait_until(lambda: not alive(kernels), timeout=DEADLINE, interval=0.1), alive(kernels)
    finally:
        launcher.cleanup()
