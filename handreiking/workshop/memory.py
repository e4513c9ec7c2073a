"""Memory sized to the trainer's laptop: how many kernels to preheat, and how much the workshop uses now.

Before the servers start, :func:`plan_memory` compares what the workshop will need with the memory that is
free, and picks the number of preheated kernels per app so that everything fits: the preheated pools, one
kernel per participant (each open page holds one, and the pool refills behind it) and the two servers.
When even one preheated kernel per app does not fit, the plan still starts, but :func:`describe` warns the
trainer in Dutch instead of letting the laptop swap to a standstill without a word.

While the workshop runs, :func:`tree_memory` measures a server and its kernels (psutil: the proportional
set size on Linux, which counts shared libraries once; resident memory elsewhere).
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass

from ..content.dutch import count, number
from .config import KERNEL_MB, OTHER_POOL, WorkshopSettings, has_session_page

SERVER_MB = 150
"""Resident memory of one Voila server process with its front-end files loaded (measured: 110-140 MB)."""
HEADROOM = 0.8
"""Share of the free memory the workshop may plan to use; the rest stays for the browser, the beamer, the OS."""


def available_memory_mb() -> int | None:
    """Memory the system can give without swapping, in MB (psutil; /proc/meminfo as a fallback); None if unknown."""
    try:
        import psutil

        return int(psutil.virtual_memory().available // (1024 * 1024))
    except Exception:
        pass
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except (OSError, ValueError):
        return None
    return None


@dataclass(frozen=True)
class MemoryPlan:
    """How many kernels the workshop preheats, and what it expects to use against what is free."""

    deelnemers: int
    apps_in_use: int
    """Apps that get the full pool (the session's apps; every app when none is named)."""
    other_apps: int
    """Apps that get :data:`OTHER_POOL` preheated kernels."""
    wanted: int
    """Preheated kernels per app in use that the trainer asked for (``--voorverwarmd``) or one per participant."""
    pool: int
    """Preheated kernels per app in use that will start."""
    available_mb: int | None
    explicit: bool = False
    """True when the trainer chose the pool (``--voorverwarmd``): it is not made smaller."""

    @property
    def preheated(self) -> int:
        return self.pool * self.apps_in_use + min(self.pool, OTHER_POOL) * self.other_apps

    @property
    def expected_mb(self) -> int:
        """Preheated kernels, one kernel per participant, and the two servers."""
        return (self.preheated + self.deelnemers) * KERNEL_MB + 2 * SERVER_MB

    @property
    def budget_mb(self) -> int | None:
        return None if self.available_mb is None else int(self.available_mb * HEADROOM)

    @property
    def reduced(self) -> bool:
        return self.pool < self.wanted

    @property
    def fits(self) -> bool:
        return self.budget_mb is None or self.expected_mb <= self.budget_mb


def plan_memory(
    deelnemers: int,
    apps_in_use: int,
    other_apps: int = 0,
    requested: int | None = None,
    available_mb: int | None = None,
) -> MemoryPlan:
    """The preheated pool per app in use: one per participant (or ``requested``), fewer when memory is short.

    The pool is never below one per app. A pool the trainer chose (``requested``) is kept as it is; the plan
    then only says whether it fits.
    """
    deelnemers = max(1, deelnemers)
    apps_in_use = max(1, apps_in_use)
    wanted = max(1, requested if requested is not None else deelnemers)
    pool = wanted
    if requested is None and available_mb is not None:
        budget = int(available_mb * HEADROOM)
        fixed = (deelnemers + OTHER_POOL * max(0, other_apps)) * KERNEL_MB + 2 * SERVER_MB
        pool = max(1, min(wanted, (budget - fixed) // (KERNEL_MB * apps_in_use)))
    return MemoryPlan(deelnemers, apps_in_use, max(0, other_apps), wanted, pool, available_mb, requested is not None)


def plan_for(settings: WorkshopSettings, available_mb: int | None) -> MemoryPlan:
    """The plan for a workshop's settings: its apps in use, the other apps, and ``--voorverwarmd`` if given.

    With a session page only that page gets the full pool (each participant's one kernel holds the session's
    apps); every other notebook, the session's apps included, gets :data:`OTHER_POOL`.
    """
    all_apps = len(list(settings.apps_dir.glob("*.ipynb")))
    if has_session_page(settings.apps_dir):
        return plan_memory(settings.deelnemers, 1, all_apps - 1, settings.pool, available_mb)
    in_use = len(settings.focus_apps) or all_apps
    others = max(0, all_apps - len(settings.focus_apps)) if settings.focus_apps else 0
    return plan_memory(settings.deelnemers, in_use, others, settings.pool, available_mb)


def gigabytes(mb: float) -> str:
    """``1640`` -> "1,6 GB"; below a gigabyte in MB: "850 MB"."""
    return f"{number(mb / 1024, 1)} GB" if mb >= 1024 else f"{round(mb)} MB"


def describe(plan: MemoryPlan) -> list[str]:
    """What the launcher tells the trainer about memory before it preheats (Dutch, one idea per line)."""
    apps = count(plan.preheated, "klaargezette app", "klaargezette apps")
    room = count(plan.deelnemers, "deelnemer", "deelnemers")
    use = f"naar schatting {gigabytes(plan.expected_mb)} ({apps} en één app per deelnemer, ca. {KERNEL_MB} MB per app)"
    if plan.available_mb is None:
        return [f"Geheugen: niet bekend hoeveel er vrij is; de workshop gebruikt {use}."]
    free = gigabytes(plan.available_mb)
    if not plan.fits:
        if plan.explicit:
            ask = f"Je vroeg {count(plan.wanted, 'klaargezette app', 'klaargezette apps')} per soort; "
        else:
            ask = f"Ook met één klaargezette app per soort is het krap voor {room}; "
        return [
            f"Let op, te weinig geheugen: de workshop gebruikt {use}, er is {free} vrij.",
            ask + "de laptop kan traag worden of vastlopen. Sluit andere programma's, of kies minder apps "
            "(--app) of minder klaargezette apps (--voorverwarmd).",
        ]
    if plan.reduced:
        return [
            f"Geheugen: {free} vrij. Om swappen te voorkomen zet de workshop {plan.pool} in plaats van "
            f"{plan.wanted} apps per soort klaar; samen {use}.",
            "Wie later binnenkomt, wacht soms een paar seconden langer op een app.",
        ]
    return [f"Geheugen: {free} vrij; de workshop gebruikt {use}."]


@dataclass(frozen=True)
class TreeMemory:
    """Memory of a server and everything it started."""

    total_mb: float
    server_mb: float
    processes: int
    measure: str
    """"PSS" (Linux: shared pages counted once) or "RSS"."""


def _process_mb(proc: object) -> tuple[float, str]:
    import psutil

    assert isinstance(proc, psutil.Process)
    with contextlib.suppress(psutil.AccessDenied, AttributeError, NotImplementedError, OSError):
        info = proc.memory_full_info()
        pss = getattr(info, "pss", None)
        if pss is not None:
            return pss / (1024 * 1024), "PSS"
    return proc.memory_info().rss / (1024 * 1024), "RSS"


def tree_memory(pid: int | None = None) -> TreeMemory:
    """Memory of process ``pid`` (default: this one) and all its descendants (kernels)."""
    import psutil

    root = psutil.Process(pid or os.getpid())
    server_mb, measure = _process_mb(root)
    total = server_mb
    processes = 1
    for child in root.children(recursive=True):
        try:
            mb, kind = _process_mb(child)
        except psutil.Error:
            continue
        total += mb
        processes += 1
        if kind == "RSS":
            measure = "RSS"
    return TreeMemory(total, server_mb, processes, measure)
