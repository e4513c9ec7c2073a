"""Settings of the workshop servers, as the traitlets configuration Voila reads.

Two Voila processes run during a workshop:

* the **participant server** serves only ``notebooks/apps/`` to the room, with
  preheated kernels sized to the room, no tracebacks, culling of kernels whose
  page is gone, and the settings that keep Voila 0.5.13 stable under a burst of
  joins (see :func:`participant_config`);
* the **dashboard server** serves only the trainer dashboard notebook, bound to
  ``127.0.0.1`` unless the trainer asks otherwise (then with a token).

Everything here is pure: it builds dictionaries and paths, it starts nothing.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .gate import join_pace
from .participant import PARTICIPANT_COOKIE, PARTICIPANT_ENV, PARTICIPANT_HEADER
from .settings import WorkshopEnvironment, kernel_environment

WORKSHOP_DIR = Path(__file__).resolve().parent
TEMPLATE_DIR = WORKSHOP_DIR / "templates" / "participant"
"""Our Voila template files (Dutch, ``lang="nl"``, nothing loaded from another host)."""

DASHBOARD_NOTEBOOK = WORKSHOP_DIR / "notebooks" / "dashboard.ipynb"

__all__ = [
    "CELL_ERROR_NL",
    "CELL_TIMEOUT_NL",
    "DASHBOARD_NOTEBOOK",
    "KERNEL_MB",
    "OTHER_POOL",
    "PAGE_EXTENSIONS",
    "PARTICIPANT_COOKIE",
    "PARTICIPANT_ENV",
    "PARTICIPANT_HEADER",
    "SESSION_NOTEBOOK",
    "TEMPLATE_DIR",
    "WorkshopSettings",
    "dashboard_config",
    "dashboard_url",
    "has_session_page",
    "is_loopback",
    "join_url",
    "kernel_env",
    "kernel_pools",
    "lan_address",
    "participant_config",
    "pool_size",
    "room_kernels",
    "served_join_url",
    "url_host",
    "write_lean_kernelspec",
]

PAGE_EXTENSIONS = ["@jupyter-widgets/jupyterlab-manager", "@voila-dashboards/widgets-manager8"]
"""The JupyterLab extensions the page loads: the widgets and Voila's widget manager, nothing else (every
other installed extension costs a phone start-up time). The repository's voila.json lists the same."""

CELL_ERROR_NL = "De app kon niet starten. Laad de pagina opnieuw of vraag de trainer om hulp."
CELL_TIMEOUT_NL = "De app deed er te lang over om te starten. Laad de pagina opnieuw."


@dataclass(frozen=True)
class WorkshopSettings:
    """What the trainer chose on the command line (or the defaults)."""

    apps_dir: Path
    data_dir: Path
    address: str = "127.0.0.1"
    port: int = 8866
    dashboard_address: str = "127.0.0.1"
    dashboard_port: int = 8867
    deelnemers: int = 20
    pool: int | None = None
    """Preheated kernels per app in use; None: one per participant (see :func:`.memory.plan_memory`)."""
    focus_apps: tuple[str, ...] = ()
    """Apps this session uses (e.g. from the lesson's sessieplan), in order. With a session page in the apps
    folder (:data:`SESSION_NOTEBOOK`) they are its menu and the session page gets the full pool; without one
    they get the full pool themselves. Every other app gets :data:`OTHER_POOL`. Empty (and no session page):
    every app gets the full pool."""
    cull_minutes: float = 20.0
    cell_timeout: int = 90
    iopub_timeout: int = 30
    fill_delay: float = 5.0
    fill_concurrency: int = 1
    refresh_seconds: float = 3.0
    dashboard_token: str = ""
    store_url: str = ""
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def store_target(self) -> str:
        """The store's address: what the trainer gave with ``--opslag``, else the SQLite file in the data folder."""
        from .store import DATABASE_FILENAME

        return self.store_url or os.fspath(self.data_dir / DATABASE_FILENAME)


KERNEL_MB = 160
"""Resident memory of one app kernel after it ran its notebook (measured: ~154 MB, rollen app)."""


def pool_size(deelnemers: int, pool: int | None = None) -> int:
    """Preheated kernels per app: one for everyone who may open it at the same moment (unless capped)."""
    return max(1, int(pool if pool is not None else deelnemers))


OTHER_POOL = 1
"""Preheated kernels for an app the session does not use (someone may still open it)."""


SESSION_NOTEBOOK = "sessie.ipynb"
"""The session page: ONE kernel per participant holds all the session's apps, each built when first opened
(``notebooks/apps/sessie.ipynb``; the landing page leads there first)."""


def has_session_page(apps_dir: Path) -> bool:
    """True when the apps folder has the session page."""
    return (apps_dir / SESSION_NOTEBOOK).is_file()


def kernel_pools(settings: WorkshopSettings) -> dict[str, dict[str, int]]:
    """Voila's ``kernel_pools_config``: the full pool where the room goes, a small one for the rest.

    With a session page that is the session page alone (every participant's one kernel); without one, the
    apps in use.
    """
    size = pool_size(settings.deelnemers, settings.pool)
    if has_session_page(settings.apps_dir):
        return {"default": {"pool_size": min(size, OTHER_POOL)}, SESSION_NOTEBOOK: {"pool_size": size}}
    if not settings.focus_apps:
        return {"default": {"pool_size": size}}
    pools = {"default": {"pool_size": min(size, OTHER_POOL)}}
    pools.update({f"{app}.ipynb": {"pool_size": size} for app in settings.focus_apps})
    return pools


def room_kernels(deelnemers: int) -> int:
    """At most this many kernels per app, in use and ready together: the room, and a reserve for a reload or a
    second tab (a tenth of the room, at least 2). Beyond it a kernel starts only when somebody asks for one."""
    return deelnemers + max(2, deelnemers // 10)


def lan_address() -> str:
    """The machine's address on the local network, found without sending a packet; ``127.0.0.1`` if none.

    A UDP socket ``connect`` only picks the outgoing interface (no traffic); the
    target is a documentation address (TEST-NET-1) that is never contacted.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.connect(("192.0.2.1", 9))
            address = sock.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "127.0.0.1"
    if ip.is_unspecified or ip.is_loopback or ip.is_link_local:
        return "127.0.0.1"
    return address


def is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return address == "localhost"


def url_host(address: str) -> str:
    """The host part for a URL (IPv6 in brackets; the wildcard shown as this machine's LAN address)."""
    if address in ("0.0.0.0", "", "::"):
        address = lan_address()
    return f"[{address}]" if ":" in address else address


def join_url(settings: WorkshopSettings) -> str:
    """The address participants open: the landing page listing the apps."""
    return f"http://{url_host(settings.address)}:{settings.port}/"


def dashboard_url(settings: WorkshopSettings) -> str:
    url = f"http://{url_host(settings.dashboard_address)}:{settings.dashboard_port}/"
    return url + (f"?token={settings.dashboard_token}" if settings.dashboard_token else "")


def _common_voila(address: str, port: int, runtime_dir: Path) -> dict[str, Any]:
    return {
        "ip": address,
        "port": port,
        "port_retries": 0,  # the printed address is the real one, or we stop with a message
        "open_browser": False,
        "config_file_paths": [str(runtime_dir)],  # no stray voila.json from the working folder
        "connection_dir_root": str(runtime_dir),  # private (0700) folder for connection files and ipc sockets
        "tornado_settings": {"compress_response": True},  # gzip: Voila's ~5 MB of front-end code over venue Wi-Fi
    }


def _executor(settings: WorkshopSettings) -> dict[str, Any]:
    return {
        "timeout": settings.cell_timeout,
        "iopub_timeout": settings.iopub_timeout,  # default 4 s drops outputs when many kernels start at once
        "raise_on_iopub_timeout": False,
        "startup_timeout": 120,
        "cell_error_instruction": CELL_ERROR_NL,
        "cell_timeout_instruction": CELL_TIMEOUT_NL,
    }


def _culling(settings: WorkshopSettings) -> dict[str, Any]:
    cull_seconds = max(60, int(settings.cull_minutes * 60))
    return {
        "cull_idle_timeout": cull_seconds,
        "cull_interval": max(30, min(300, cull_seconds // 4)),
        "cull_connected": False,  # an open page keeps its kernel; a closed one is culled
        "cull_busy": False,
    }


def participant_config(settings: WorkshopSettings, runtime_dir: Path) -> dict[str, Any]:
    """Traitlets configuration of the participant server (JSON-serialisable)."""
    burst, per_minute = join_pace(settings.deelnemers)
    return {
        "Voila": {
            **_common_voila(settings.address, settings.port, runtime_dir),
            "root_dir": str(settings.apps_dir),
            "token": "",  # the room joins without a password; nothing here runs code they send
        },
        "VoilaConfiguration": {
            "template": "lab",  # our template folder is put in front of it (see voila_app.py)
            "extension_allowlist": PAGE_EXTENSIONS,
            "preheat_kernel": True,
            "default_pool_size": kernel_pools(settings)["default"]["pool_size"],
            "progressive_rendering": False,  # hung 1 load in 10 on Voila 0.5.13 and gained nothing
            "show_tracebacks": False,
            "strip_sources": True,
            "allow_template_override": "NO",
            "allow_theme_override": "NO",
            "http_header_envs": [PARTICIPANT_HEADER],
            "file_allowlist": [r".*\.(png|jpg|gif|svg)"],
            "file_denylist": [r".*\.(ipynb|py|sqlite3|db|json|yaml|yml|csv)", r"(^|.*/)\..*"],
        },
        "VoilaKernelManager": {
            "kernel_pools_config": kernel_pools(settings),
            "fill_delay": settings.fill_delay,  # let a burst of joins finish before refilling
        },
        "WorkshopKernelManager": {
            "fill_concurrency": settings.fill_concurrency,
            "room_kernels": max(room_kernels(settings.deelnemers), pool_size(settings.deelnemers, settings.pool)),
        },
        "WorkshopVoila": {"join_burst": burst, "joins_per_minute": per_minute},  # new pseudonyms (see gate.py)
        "MappingKernelManager": _culling(settings),
        "KernelManager": {"transport": "ipc"},  # no TCP port race when many kernels start at once
        "VoilaExecutor": _executor(settings),
    }


def dashboard_config(settings: WorkshopSettings, runtime_dir: Path) -> dict[str, Any]:
    """Traitlets configuration of the trainer dashboard server."""
    voila: dict[str, Any] = {
        **_common_voila(settings.dashboard_address, settings.dashboard_port, runtime_dir),
        "root_dir": str(DASHBOARD_NOTEBOOK.parent),
        "notebook_path": str(DASHBOARD_NOTEBOOK),
        "token": settings.dashboard_token,
    }
    return {
        "Voila": voila,
        "VoilaConfiguration": {
            "template": "lab",
            "extension_allowlist": PAGE_EXTENSIONS,
            "preheat_kernel": False,
            "progressive_rendering": False,
            "show_tracebacks": False,
            "allow_template_override": "NO",
            "allow_theme_override": "NO",
        },
        "MappingKernelManager": _culling(settings),
        "KernelManager": {"transport": "ipc"},
        "VoilaExecutor": _executor(settings),
    }


LEAN_KERNEL_CODE = (
    "import sys; sys.modules['debugpy'] = None; "
    "from handreiking.workshop.lifecycle import follow_parent; follow_parent(); "
    "from ipykernel import kernelapp; kernelapp.launch_new_instance()"
)
"""Start ipykernel without debugpy (about 8 MB per kernel): a participant never debugs. The kernel first
arranges to end with its server (:func:`handreiking.workshop.lifecycle.follow_parent`)."""


def write_lean_kernelspec(runtime_dir: Path) -> Path:
    """Write a ``python3`` kernelspec for the workshop kernels; return the folder to put on ``JUPYTER_PATH``.

    The same Python and ipykernel as usual, but without debugpy and without the history database,
    which a Voila participant never uses (measured: about 9 MB less per kernel, see
    ``benchmarks/kernel_memory.py --lean-kernel``). Kernels are found by name, so this spec takes the
    place of the installed ``python3`` for the servers that get ``JUPYTER_PATH`` set to this folder.
    """
    import json
    import sys

    jupyter_path = runtime_dir / "jupyter"
    spec_dir = jupyter_path / "kernels" / "python3"
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-c", LEAN_KERNEL_CODE, "-f", "{connection_file}", "--HistoryManager.enabled=False"],
        "display_name": "Python 3 (workshop)",
        "language": "python",
        "metadata": {"debugger": False},
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    return jupyter_path


def served_join_url(settings: WorkshopSettings) -> str:
    """The join address as the kernels get it: ``http://0.0.0.0:PORT/`` when the server listens on every
    network (the dashboard then shows the laptop's address of the moment, see :mod:`.network`)."""
    if settings.address in ("0.0.0.0", ""):
        return f"http://0.0.0.0:{settings.port}/"
    return join_url(settings)


def kernel_env(settings: WorkshopSettings, session: str) -> dict[str, str]:
    """Environment both servers pass on to their kernels (the workshop's settings, see :mod:`.settings`)."""
    workshop = WorkshopEnvironment(
        sessie=session,
        opslag=settings.store_target,
        verversen=settings.refresh_seconds,
        deelnemers_url=served_join_url(settings),
        sessie_apps=",".join(settings.focus_apps),  # the session page's menu
    )
    return {**kernel_environment(workshop), **settings.extra_env}
