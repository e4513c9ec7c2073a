"""``handreiking workshop``: start the participant server and the trainer dashboard for a session.

The command reads its options (:mod:`.arguments`), checks everything it can before starting (:mod:`.checks`:
apps present, data folder writable, ports free, session known) and says in Dutch what is wrong, with a
non-zero exit code. Then it starts two Voila processes (:mod:`.supervisor`), prints the join address with a
QR code (:mod:`.banner`), and stops both (and their kernels) on Ctrl+C.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from dataclasses import replace
from typing import Any

from . import arguments
from .arguments import REQUIRED_APPS, settings_from_args, workshop_env
from .banner import banner
from .checks import check_apps, check_data_dir, check_port, open_session
from .config import WorkshopSettings, pool_size
from .errors import WorkshopError
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


def run_workshop(args: argparse.Namespace) -> int:
    """Run the workshop until Ctrl+C; returns the exit code (0 = stopped normally)."""
    try:
        settings = settings_from_args(args)
        check_apps(settings.apps_dir, REQUIRED_APPS if args.apps is None else ())
        if not settings.store_url:
            check_data_dir(settings.data_dir)
        check_port(settings.address, settings.port, "--poort")
        check_port(settings.dashboard_address, settings.dashboard_port, "--dashboard-poort")
        session = open_session(settings, workshop_env(args).sessie or None, args.titel)
        size = pool_size(settings.deelnemers, settings.pool)
        print(f"Bezig met starten (sessie {session}, {size} apps per soort klaarzetten)…")
        servers = start_servers(settings, session)
    except WorkshopError as exc:
        print(f"Fout: {exc.message}", file=sys.stderr)
        return exc.exit_code
    print(banner(servers), flush=True)
    stopping = False

    def _stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        while not stopping:
            for name, proc in servers.processes.items():
                if proc.poll() is not None:
                    print(f"Fout: de {name}server is gestopt (zie {servers.logs[name]}).", file=sys.stderr)
                    return 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        print("De workshop wordt gestopt…", flush=True)
        servers.stop()
        signal.signal(signal.SIGTERM, previous)
    print(f"Gestopt. De antwoorden van sessie {servers.session} blijven bewaard in {settings.store_target}.")
    return 0


def with_overrides(settings: WorkshopSettings, **changes: Any) -> WorkshopSettings:
    """A copy of ``settings`` with some fields changed (for tests and the benchmark)."""
    return replace(settings, **changes)
