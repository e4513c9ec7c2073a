"""What ``handreiking workshop`` checks before it starts anything: apps, data folder, ports, session.

Each check either passes or raises :class:`~handreiking.workshop.errors.WorkshopError` with a Dutch message
that says what is wrong and what to do.
"""

from __future__ import annotations

import errno
import importlib.util
import json
import re
import socket
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .arguments import REQUIRED_APPS
from .config import WorkshopSettings
from .errors import WorkshopError
from .ports import busy_port_message

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
            "Kies een map waarin je mag schrijven met --opslag MAP."
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
                raise WorkshopError(busy_port_message(address, port, option)) from None
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
