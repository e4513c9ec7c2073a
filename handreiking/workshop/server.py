"""``handreiking workshop``: start the participant server and the trainer dashboard for a session.

The command checks everything it can before starting (apps present, data folder writable, ports free,
session known) and says in Dutch what is wrong, with a non-zero exit code. Then it starts two Voila
processes (see :mod:`handreiking.workshop.voila_app` and :mod:`handreiking.workshop.config`), prints the
join address with a QR code, and stops both (and their kernels) on Ctrl+C.
"""

from __future__ import annotations

import argparse
import errno
import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .config import (
    KERNEL_MB,
    OTHER_POOL,
    WorkshopSettings,
    available_memory_mb,
    dashboard_config,
    dashboard_url,
    is_loopback,
    join_url,
    kernel_env,
    lan_address,
    participant_config,
    pool_plan,
    pool_size,
    write_lean_kernelspec,
)

REQUIRED_APPS = ("overzicht", "balans", "rollen")
"""The participant apps a workshop needs (``notebooks/apps/<naam>.ipynb``)."""
DEFAULT_FOCUS = ("balans", "rollen")
"""Apps that get the full pool of preheated kernels when the trainer names neither --les nor --app."""

START_TIMEOUT = 90.0
"""Seconds to wait for a server to listen before giving up."""


class WorkshopError(Exception):
    """A problem the trainer can fix; the message is Dutch and says how."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


# --------------------------------------------------------------------------- arguments


def default_apps_dir() -> Path:
    """``notebooks/apps`` of this checkout, else of the working folder."""
    here = Path(__file__).resolve().parents[2] / "notebooks" / "apps"
    return here if here.is_dir() else Path.cwd() / "notebooks" / "apps"


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``workshop`` subcommand to the CLI's subparsers; it calls :func:`run_workshop`."""
    p = subparsers.add_parser(
        "workshop",
        help="start de workshopserver (apps voor de deelnemers + dashboard voor de trainer)",
        description=(
            "Start de apps voor de deelnemers (Voila, zonder code) en het dashboard voor de trainer. "
            "Toont het adres en een QR-code voor de groep. Stoppen: Ctrl+C."
        ),
    )
    p.add_argument("--deelnemers", type=int, default=20, metavar="N", help="verwacht aantal deelnemers (standaard 20)")
    p.add_argument(
        "--voorverwarmd",
        type=int,
        default=None,
        metavar="N",
        help="klaargezette apps per soort (standaard: één per deelnemer, begrensd door het vrije geheugen)",
    )
    p.add_argument(
        "--adres",
        default=None,
        help="netwerkadres voor de deelnemers (standaard: het adres van deze computer in het LAN)",
    )
    p.add_argument("--poort", type=int, default=8866, help="poort voor de deelnemers (standaard 8866)")
    p.add_argument("--dashboard-adres", default="127.0.0.1", help="adres van het dashboard (standaard 127.0.0.1)")
    p.add_argument("--dashboard-poort", type=int, default=8867, help="poort van het dashboard (standaard 8867)")
    p.add_argument("--sessie", default=None, metavar="CODE", help="ga verder met een bestaande sessie")
    p.add_argument("--titel", default="", help="titel van een nieuwe sessie")
    p.add_argument("--data", type=Path, default=None, metavar="MAP", help="map voor de antwoorden (database)")
    p.add_argument(
        "--database", default=None, metavar="URL", help="database-adres in plaats van de map (postgresql://…)"
    )
    p.add_argument("--apps", type=Path, default=None, metavar="MAP", help="map met de deelnemers-apps")
    p.add_argument(
        "--les",
        type=int,
        default=None,
        metavar="N",
        help="de les van deze sessie: de apps uit haar sessieplan worden voor iedereen klaargezet",
    )
    p.add_argument(
        "--app",
        action="append",
        default=None,
        metavar="NAAM",
        dest="focus",
        help=f"een app die de groep gebruikt (herhaalbaar; standaard: {', '.join(DEFAULT_FOCUS)})",
    )
    p.add_argument(
        "--opruimen-na",
        type=float,
        default=20.0,
        metavar="MIN",
        dest="opruimen_na",
        help="sluit de kernel van een gesloten pagina na zoveel minuten (standaard 20)",
    )
    p.add_argument(
        "--celtijd", type=int, default=90, metavar="SEC", help="maximale starttijd van een app (standaard 90)"
    )
    p.set_defaults(func=run_workshop)
    return p


def settings_from_args(args: argparse.Namespace) -> WorkshopSettings:
    from .store import default_data_dir

    if args.deelnemers < 1 or args.deelnemers > 500:
        raise WorkshopError("--deelnemers moet tussen 1 en 500 liggen.")
    address = args.adres or lan_address()
    dashboard_address = args.dashboard_adres
    token = ""
    if not is_loopback(dashboard_address):
        import secrets

        token = secrets.token_urlsafe(24)  # reachable from the network: only with the token
    apps_dir = (args.apps or default_apps_dir()).resolve()
    focus = focus_apps(apps_dir, getattr(args, "les", None), getattr(args, "focus", None))
    pool = args.voorverwarmd
    if pool is None:
        in_use = len(focus) or len(list(apps_dir.glob("*.ipynb")))
        pool = pool_plan(args.deelnemers, in_use, available_memory_mb())
    return WorkshopSettings(
        apps_dir=apps_dir,
        data_dir=(args.data or default_data_dir()).expanduser().resolve(),
        address=address,
        port=args.poort,
        dashboard_address=dashboard_address,
        dashboard_port=args.dashboard_poort,
        deelnemers=args.deelnemers,
        pool=pool,
        focus_apps=focus,
        cull_minutes=args.opruimen_na,
        cell_timeout=args.celtijd,
        dashboard_token=token,
        store_url=args.database or "",
    )


def focus_apps(apps_dir: Path, les: int | None, named: Sequence[str] | None) -> tuple[str, ...]:
    """The apps this session uses: named with --app, else those in the lesson's sessieplan, else the default.

    Only apps that exist in ``apps_dir`` count; a named app that does not exist is an error.
    """
    existing = {p.stem for p in apps_dir.glob("*.ipynb")}
    if named:
        unknown = [a for a in named if a not in existing]
        if unknown:
            raise WorkshopError(f"Onbekende app: {', '.join(unknown)}. Beschikbaar: {', '.join(sorted(existing))}.")
        return tuple(dict.fromkeys(named))
    if les is not None:
        if not 1 <= les <= 7:
            raise WorkshopError("--les moet een les van 1 tot en met 7 zijn.")
        from ..content import ContentError, bundled_content

        try:
            plans = [p for p in bundled_content().of_kind("sessieplan") if p.les == les]
        except ContentError as exc:
            raise WorkshopError(f"De inhoud in data/ klopt niet; draai 'handreiking check'.\n{exc}") from exc
        apps = [b.app for plan in plans for b in plan.blocks if b.app and b.app in existing]
        if apps:
            return tuple(dict.fromkeys(apps))
        return tuple(a for a in DEFAULT_FOCUS if a in existing)
    return tuple(a for a in DEFAULT_FOCUS if a in existing)


# --------------------------------------------------------------------------- checks


_APP_IMPORT = re.compile(r"^\s*from\s+(handreiking\.[\w.]+)\s+import\s", re.MULTILINE)


def check_apps(apps_dir: Path, required: Sequence[str] = REQUIRED_APPS) -> list[Path]:
    """The app notebooks, after checking each required one is there and its module can be found."""
    if not apps_dir.is_dir():
        raise WorkshopError(f"De map met apps ontbreekt: {apps_dir}. Geef de juiste map met --apps.")
    for name in required:
        if not (apps_dir / f"{name}.ipynb").is_file():
            raise WorkshopError(
                f"De app '{name}' ontbreekt: {apps_dir / (name + '.ipynb')} bestaat niet. "
                "Controleer of de map met apps compleet is (of kies een andere met --apps)."
            )
    notebooks = sorted(apps_dir.glob("*.ipynb"))
    if not notebooks:
        raise WorkshopError(f"In {apps_dir} staat geen enkele app (.ipynb).")
    for path in notebooks:
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
            source = "".join("".join(c.get("source", "")) for c in nb.get("cells", []) if c.get("cell_type") == "code")
        except (OSError, ValueError) as exc:
            raise WorkshopError(f"De app {path.name} is geen leesbaar notebook ({exc}).") from exc
        for module in _APP_IMPORT.findall(source):
            if importlib.util.find_spec(module) is None:
                raise WorkshopError(
                    f"De app {path.name} kan niet starten: de module {module} ontbreekt in deze installatie."
                )
    return notebooks


def check_data_dir(data_dir: Path) -> None:
    """Create the data folder if needed and check it is writable."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=data_dir, prefix=".schrijftest-"):
            pass
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise WorkshopError(
            f"De datamap {data_dir} is niet schrijfbaar ({reason}). "
            "Kies een map waarin je mag schrijven met --data MAP."
        ) from exc


def check_port(address: str, port: int, option: str = "--poort") -> None:
    """Fail with a Dutch message if ``address:port`` cannot be used."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        # As the server will (tornado sets SO_REUSEADDR): old TIME_WAIT connections do not count, a listener does.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((address, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise WorkshopError(
                    f"Poort {port} op {address} is al in gebruik (draait de workshop misschien al?). "
                    f"Stop dat programma of kies een andere poort met {option}."
                ) from exc
            if exc.errno == errno.EADDRNOTAVAIL:
                raise WorkshopError(
                    f"Het adres {address} hoort niet bij deze computer. Kies een ander adres (of laat --adres weg)."
                ) from exc
            if exc.errno == errno.EACCES:
                raise WorkshopError(
                    f"Geen toestemming om poort {port} te gebruiken. Kies een poort boven 1024 met {option}."
                ) from exc
            raise WorkshopError(f"Poort {port} op {address} is niet te gebruiken ({exc.strerror}).") from exc


def open_session(settings: WorkshopSettings, code: str | None, title: str = "") -> str:
    """Resume session ``code`` or start a new one; returns its code."""
    from .store import StoreError, open_store

    try:
        store = open_store(settings.store_target)
    except StoreError as exc:
        raise WorkshopError(f"De antwoordendatabase kan niet open: {exc.message}") from exc
    try:
        if code:
            info = store.get_session(code)
            if info is None:
                known = ", ".join(s.code for s in store.list_sessions()[:5]) or "geen"
                raise WorkshopError(
                    f"Er is geen sessie met code {code.upper()} (bekende sessies: {known}). "
                    "Laat --sessie weg om een nieuwe sessie te beginnen."
                )
            if info.closed:
                raise WorkshopError(f"Sessie {info.code} is gesloten; begin een nieuwe sessie (laat --sessie weg).")
            return info.code
        return store.create_session(title=title).code
    except StoreError as exc:
        raise WorkshopError(f"De sessie kan niet worden gestart: {exc.message}") from exc
    finally:
        store.close()


# --------------------------------------------------------------------------- processes


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

    def stop(self, timeout: float = 20.0) -> None:
        """Stop both servers (SIGTERM: Voila shuts its kernels down), then clean the runtime folder."""
        for proc in self.processes.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for proc in self.processes.values():
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)  # the server and any kernel it left behind
                proc.wait(5)
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
                    [sys.executable, "-m", "handreiking.workshop.voila_app", str(config_path)],
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # Ctrl+C reaches us only; we stop the servers in order
                )
        for name, _config, address, port, option in plan:
            proc = servers.processes[name]
            if not _wait_listening(address, port, proc, timeout):
                tail = _log_tail(servers.logs[name])
                if "already in use" in tail or "Address already in use" in tail:
                    raise WorkshopError(f"Poort {port} op {address} is al in gebruik. Kies een andere met {option}.")
                raise WorkshopError(
                    f"De {name}server startte niet (zie {servers.logs[name]}). Laatste regels:\n{tail}", exit_code=1
                )
    except BaseException:
        servers.stop(timeout=10)
        raise
    return servers


# --------------------------------------------------------------------------- the command


def qr_terminal(url: str) -> str:
    import io

    import segno

    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True)
    return out.getvalue()


def banner(servers: WorkshopServers) -> str:
    s = servers.settings
    lines = [
        "",
        f"Workshop gestart. Sessiecode: {servers.session}",
        "",
        f"Deelnemers openen:  {servers.join_url}",
    ]
    if is_loopback(s.address):
        lines.append("  (alleen op deze computer: er is geen netwerkadres gekozen of gevonden; gebruik --adres)")
    else:
        lines.append(f"  (het netwerkadres van deze computer, {s.address}: de groep kan meedoen via hetzelfde netwerk)")
    lines += [
        f"Dashboard trainer:  {servers.dashboard_url}",
        "  (alleen op deze computer)" if is_loopback(s.dashboard_address) else "  (alleen met de token in het adres)",
        f"Klaargezette apps:  {pool_size(s.deelnemers, s.pool)} voor "
        f"{', '.join(s.focus_apps) if s.focus_apps else 'elke app'}"
        f"{f', {OTHER_POOL} voor de andere apps' if s.focus_apps else ''} ({s.deelnemers} deelnemers; "
        f"ca. {KERNEL_MB} MB per app; kies met --les, --app of --voorverwarmd)",
        f"Antwoorden:         {s.store_target}",
        "",
        qr_terminal(servers.join_url),
        "Stoppen: Ctrl+C",
    ]
    return "\n".join(lines)


def run_workshop(args: argparse.Namespace) -> int:
    """Run the workshop until Ctrl+C; returns the exit code (0 = stopped normally)."""
    try:
        settings = settings_from_args(args)
        check_apps(settings.apps_dir, REQUIRED_APPS if args.apps is None else ())
        if not settings.store_url:
            check_data_dir(settings.data_dir)
        check_port(settings.address, settings.port, "--poort")
        check_port(settings.dashboard_address, settings.dashboard_port, "--dashboard-poort")
        session = open_session(settings, args.sessie, args.titel)
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
