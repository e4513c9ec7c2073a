"""How long the workshop's processes live: exactly as long as the launcher (``handreiking workshop``).

A trainer may stop the workshop with Ctrl+C, close the terminal window (SIGHUP), or the launcher may be
ended by ``kill`` (SIGTERM), ``kill -9``, an out-of-memory kill or a crash (SIGKILL: no code of ours runs).
In every case both servers and every kernel must end within seconds, or they hold the ports and the memory
of the trainer's laptop. Three layers, each enough on its own for the case it covers:

1. **The launcher stops its servers** on SIGINT, SIGTERM and SIGHUP (:mod:`.server`): SIGTERM to each
   server, wait, then SIGKILL for every process of the tree that is still there (:func:`stop_tree`).
2. **Each server follows the launcher** (:func:`follow_launcher`, called first thing in
   :mod:`.voila_app`): on Linux the kernel sends the server SIGTERM when the launcher dies, however it
   dies (``PR_SET_PDEATHSIG``); on every system the server's standard input is a pipe from the launcher,
   and a thread that reads it sees end-of-file the moment the launcher is gone (the operating system
   closes the pipe even after SIGKILL) and stops the server. A server that got SIGTERM lets Voila shut
   its kernels down, but is ended after :data:`STOP_DEADLINE` seconds whatever happens.
3. **Each kernel follows its server** (:func:`follow_parent`, run by the workshop's kernel start code in
   :data:`handreiking.workshop.config.LEAN_KERNEL_CODE`): on Linux ``PR_SET_PDEATHSIG`` (SIGKILL);
   everywhere ipykernel's own parent poller (``JPY_PARENT_PID``), which ends the kernel within about a
   second once its parent is gone (on Windows through the parent's process handle).

What holds where: on Linux all three layers. On macOS there is no ``PR_SET_PDEATHSIG``: the pipe watchdog
stops the servers and ipykernel's poller the kernels (both within about a second). On Windows there are no
POSIX signals: Ctrl+C and closing the console window reach the launcher (layer 1); after a hard kill the
pipe watchdog ends the servers and ipykernel's Windows poller their kernels.

This module is imported by every workshop kernel before it starts, so it imports nothing heavy at the top.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable

STOP_DEADLINE = 7.0
"""Seconds a server may take to stop after SIGTERM before it ends itself (its kernels follow it)."""

PR_SET_PDEATHSIG = 1
"""``prctl`` option (linux/prctl.h): the signal this process gets when its parent ends."""


def set_parent_death_signal(sig: int) -> bool:
    """Ask Linux to send ``sig`` to this process when its parent ends. False where that is not possible.

    The setting belongs to the thread that created this process in the parent; the workshop starts its
    servers and kernels from the main thread (tornado's event loop), which lives as long as the process.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def parent_gone(expected_parent: int) -> bool:
    """True when this process's parent is no longer ``expected_parent`` (it ended before we could follow it)."""
    return bool(expected_parent) and os.getppid() != expected_parent


def follow_parent(sig: int = getattr(signal, "SIGKILL", signal.SIGTERM)) -> None:
    """For a kernel: end with ``sig`` when the server that started it ends (Linux; elsewhere ipykernel's poller).

    The server is named by ``JPY_PARENT_PID``, the variable jupyter_client sets for ipykernel's own parent
    poller. If the server already ended before this line ran, the kernel leaves at once.
    """
    try:
        parent = int(os.environ.get("JPY_PARENT_PID") or 0)
    except ValueError:
        parent = 0
    set_parent_death_signal(sig)
    if parent_gone(parent):
        os._exit(1)


def stop_after(seconds: float, code: int = 0) -> threading.Timer:
    """End this process after ``seconds`` unless it ended before (a daemon timer; it never delays an exit)."""
    timer = threading.Timer(seconds, os._exit, args=(code,))
    timer.daemon = True
    timer.start()
    return timer


def add_stop_deadline(seconds: float = STOP_DEADLINE) -> None:
    """Wrap the current SIGTERM handler: run it, and end the process ``seconds`` later if it is still there."""
    previous = signal.getsignal(signal.SIGTERM)
    started = threading.Event()

    def handler(signum: int, frame: object) -> None:
        if not started.is_set():
            started.set()
            stop_after(seconds)
        if callable(previous):
            previous(signum, frame)
        elif previous in (signal.SIG_DFL, None):
            os._exit(128 + signum)

    signal.signal(signal.SIGTERM, handler)


def _stop_self() -> None:
    """Stop this server as SIGTERM would (POSIX); where there are no signals, end it (its kernels follow)."""
    if hasattr(signal, "SIGHUP"):  # a POSIX system: the SIGTERM handler stops Voila in order
        os.kill(os.getpid(), signal.SIGTERM)
        stop_after(STOP_DEADLINE + 1)
    else:
        os._exit(0)


def watch_pipe(fd: int, on_end: Callable[[], None]) -> threading.Thread:
    """Read file descriptor ``fd`` (the launcher's pipe) in a daemon thread; call ``on_end`` at end-of-file.

    It reads the descriptor itself, not ``sys.stdin``: a daemon thread blocked inside a buffered reader makes
    the interpreter abort when the server exits normally.
    """

    def run() -> None:
        with contextlib.suppress(OSError):
            while os.read(fd, 1024):
                pass
        on_end()

    thread = threading.Thread(target=run, name="hr-launcher-watch", daemon=True)
    thread.start()
    return thread


def follow_launcher(launcher_pid: int) -> None:
    """For a server: stop when the launcher ``launcher_pid`` ends, however it ends (see the module's text).

    Call this before anything else; the server's standard input must be the launcher's pipe.
    """
    set_parent_death_signal(signal.SIGTERM)
    if parent_gone(launcher_pid):
        os._exit(1)
    watch_pipe(sys.stdin.fileno(), _stop_self)


# ---------------------------------------------------------------------------------------------- the launcher


def process_tree(pid: int) -> list[int]:
    """``pid`` and every process below it (children, grandchildren), as far as they can be seen now."""
    import psutil

    try:
        root = psutil.Process(pid)
        return [pid, *(p.pid for p in root.children(recursive=True))]
    except psutil.Error:
        return []


def alive(pids: Iterable[int]) -> list[int]:
    """The processes of ``pids`` that still run (a zombie waiting for its parent counts as ended)."""
    import psutil

    running = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                running.append(pid)
        except psutil.Error:
            continue
    return running


def wait_gone(pids: Iterable[int], timeout: float) -> list[int]:
    """Wait until none of ``pids`` runs or ``timeout`` passes; returns those still running."""
    import psutil

    procs = []
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            procs.append(psutil.Process(pid))
    _, still = psutil.wait_procs(procs, timeout=max(0.0, timeout))
    return alive(p.pid for p in still)


def kill_all(pids: Iterable[int]) -> None:
    """SIGKILL (Windows: terminate) each of ``pids`` that still runs."""
    import psutil

    for pid in pids:
        with contextlib.suppress(psutil.Error):
            psutil.Process(pid).kill()


def stop_tree(pids: Iterable[int], deadline: float) -> list[int]:
    """After the servers were asked to stop: wait for ``pids`` until ``deadline`` (monotonic), then kill the rest.

    Returns the processes that had to be killed.
    """
    remaining = wait_gone(pids, deadline - time.monotonic())
    if remaining:
        kill_all(remaining)
        wait_gone(remaining, 3.0)
    return remaining
