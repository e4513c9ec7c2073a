"""``handreiking workshop``: start the participant server and the trainer dashboard for a session.

The command reads its options (:mod:`.arguments`), checks everything it can before starting (:mod:`.checks`:
apps present, data folder writable, ports free, session known) and says in Dutch what is wrong, with a
non-zero exit code. Then it starts two Voila processes (:mod:`.supervisor`), prints the join address with a
QR code (:mod:`.banner`), and stops both (and their kernels) on Ctrl+C, SIGTERM or when the terminal
window is closed (SIGHUP). Before it preheats, it says how much memory the workshop will use against what is
free, and preheats fewer kernels when they would not fit (:mod:`.memory`).
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from dataclasses import replace
from typing import Any

from ..content.dutch import count
from . import arguments
from .arguments import REQUIRED_APPS, settings_from_args, workshop_env
from .banner import banner
from .checks import check_apps, check_data_dir, check_port, open_session
from .config import WorkshopSettings, pool_size
from .errors import WorkshopError
from .memory import available_memory_mb, plan_for
from .memory import describe as describe_memory
from .supervisor import WorkshopServers, start_servers

__all__ = [
    "WorkshopError",
    "WorkshopServers",
    "add_parser",
    "check_apps",
    "open_session",
    "run_workshop",
    "settings_from_args",
    "start_servers",
    "with_overrides",
]


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``workshop`` subcommand to the CLI's subparsers; it calls :func:`run_workshop`."""
    return arguments.add_parser(subparsers, run_workshop)


class StopSignal(BaseException):
    """Raised in the launcher by SIGINT, SIGTERM or SIGHUP: stop the workshop now, in order."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK") if hasattr(signal, name)
)
"""Ctrl+C, ``kill``, a closed terminal window (and Ctrl+Break on Windows) all stop the workshop."""


def _say(text: str, *, error: bool = False) -> None:
    """Print for the trainer; a terminal that was closed (SIGHUP) cannot be written to, and that is fine."""
    try:
        print(text, file=sys.stderr if error else sys.stdout, flush=True)
    except (OSError, ValueError):
        pass


def _raise_stop(signum: int, _frame: object) -> None:
    raise StopSignal(signum)


def run_workshop(args: argparse.Namespace) -> int:
    """Run the workshop until Ctrl+C, SIGTERM or a closed terminal; returns the exit code (0 = stopped normally).

    However the launcher stops, the servers and their kernels stop with it (:mod:`.lifecycle`).
    """
    previous = {sig: signal.signal(sig, _raise_stop) for sig in STOP_SIGNALS}
    servers: WorkshopServers | None = None
    settings: WorkshopSettings | None = None
    session = ""
    code = 0
    try:
        try:
            settings = settings_from_args(args)
            check_apps(settings.apps_dir, REQUIRED_APPS if args.apps is None else ())
            if not settings.store_url:
                check_data_dir(settings.data_dir)
            check_port(settings.address, settings.port, "--poort")
            check_port(settings.dashboard_address, settings.dashboard_port, "--dashboard-poort")
            plan = plan_for(settings, available_memory_mb())
            settings = replace(settings, pool=plan.pool)
            session = open_session(settings, workshop_env(args).sessie or None, args.titel)
            for line in describe_memory(plan):
                _say(line)
            size = count(pool_size(settings.deelnemers, settings.pool), "app", "apps")
            _say(f"Bezig met starten (sessie {session}, {size} per soort klaarzetten)…")
            servers = start_servers(settings, session)
        except WorkshopError as exc:
            _say(f"Fout: {exc.message}", error=True)
            return exc.exit_code
        _say(banner(servers))
        while True:
            for name, proc in servers.processes.items():
                if proc.poll() is not None:
                    _say(f"Fout: de {name}server is gestopt (zie {servers.logs[name]}).", error=True)
                    code = 1
                    return code
            time.sleep(0.5)
    except (StopSignal, KeyboardInterrupt):
        pass
    finally:
        for sig in STOP_SIGNALS:  # stopping takes a few seconds; a second Ctrl+C must not cut it short
            signal.signal(sig, signal.SIG_IGN)
        if servers is not None:
            _say("De workshop wordt gestopt…")
            servers.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if session and settings is not None:
        _say(
            f"Gestopt. De antwoorden van sessie {session} blijven bewaard in {settings.store_target}. "
            f"Verder met dezelfde sessie: handreiking workshop --sessie {session}"
        )
    return code


def with_overrides(settings: WorkshopSettings, **changes: Any) -> WorkshopSettings:
    """A copy of ``settings`` with some fields changed (for tests and the benchmark)."""
    return replace(settings, **changes)
