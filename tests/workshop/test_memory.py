"""Memory sized to the laptop: the preheated pools shrink before the laptop would swap, and the trainer is told."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from handreiking.workshop import memory
from handreiking.workshop.config import KERNEL_MB, WorkshopSettings
from handreiking.workshop.memory import describe, plan_for, plan_memory, tree_memory


def test_enough_memory_preheats_one_kernel_per_participant() -> None:
    plan = plan_memory(30, apps_in_use=2, other_apps=5, available_mb=64_000)
    assert (plan.pool, plan.reduced, plan.fits) == (30, False, True)
    assert plan.preheated == 30 * 2 + 5
    assert plan.expected_mb == (65 + 30) * KERNEL_MB + 2 * memory.SERVER_MB


def test_short_memory_preheats_fewer_and_everything_fits() -> None:
    """With 8 GB free, 30 participants and two apps in use: fewer preheated kernels, and the total fits."""
    plan = plan_memory(30, apps_in_use=2, other_apps=5, available_mb=8_000)
    assert 1 <= plan.pool < 30 and plan.reduced and plan.fits
    bigger = plan_memory(30, 2, 5, requested=plan.pool + 1, available_mb=8_000)
    assert not bigger.fits  # the chosen pool is the largest that fits
    text = " ".join(describe(plan))
    assert f"{plan.pool} in plaats van 30 apps per soort" in text and "swappen" in text


def test_too_little_memory_warns_and_keeps_one_per_app() -> None:
    plan = plan_memory(30, apps_in_use=2, available_mb=2_000)
    assert plan.pool == 1 and not plan.fits
    text = " ".join(describe(plan))
    assert text.startswith("Let op, te weinig geheugen") and "--voorverwarmd" in text and "--app" in text


def test_chosen_pool_is_kept_but_warned_about() -> None:
    plan = plan_memory(20, apps_in_use=2, requested=40, available_mb=4_000)
    assert plan.pool == 40 and not plan.reduced and not plan.fits and plan.explicit
    assert "Je vroeg 40 klaargezette apps per soort" in " ".join(describe(plan))


def test_unknown_memory_changes_nothing() -> None:
    plan = plan_memory(12, apps_in_use=1, available_mb=None)
    assert plan.pool == 12 and plan.fits
    assert describe(plan)[0].startswith("Geheugen: niet bekend")


def test_plan_for_counts_apps_in_use_and_the_others(tmp_path: Path) -> None:
    for name in ("balans", "rollen", "zelfscan", "bril"):
        (tmp_path / f"{name}.ipynb").write_text("{}")
    settings = WorkshopSettings(apps_dir=tmp_path, data_dir=tmp_path, deelnemers=10, focus_apps=("balans", "rollen"))
    plan = plan_for(settings, 64_000)
    assert (plan.apps_in_use, plan.other_apps, plan.pool) == (2, 2, 10)
    everything = plan_for(WorkshopSettings(apps_dir=tmp_path, data_dir=tmp_path, deelnemers=10), 64_000)
    assert (everything.apps_in_use, everything.other_apps) == (4, 0)


def test_plan_for_gives_the_session_page_the_full_pool(tmp_path: Path) -> None:
    """With a session page each participant's one kernel holds the session's apps: only that page is in use."""
    for name in ("balans", "rollen", "zelfscan", "sessie"):
        (tmp_path / f"{name}.ipynb").write_text("{}")
    settings = WorkshopSettings(apps_dir=tmp_path, data_dir=tmp_path, deelnemers=10, focus_apps=("balans", "rollen"))
    plan = plan_for(settings, 64_000)
    assert (plan.apps_in_use, plan.other_apps, plan.pool) == (1, 3, 10)
    assert plan.preheated == 10 + 3 * memory.OTHER_POOL


def test_gigabytes_in_dutch() -> None:
    assert memory.gigabytes(1640) == "1,6 GB" and memory.gigabytes(850) == "850 MB"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PSS is Linux-only")
def test_tree_memory_counts_the_children() -> None:
    """A server's memory includes its kernels: a child process is counted."""
    child = subprocess.Popen([sys.executable, "-c", "import time; x = bytearray(40 * 1024 * 1024); time.sleep(60)"])
    try:
        from workshop_support import wait_until

        def measured() -> memory.TreeMemory | None:
            found = tree_memory(os.getpid())
            return found if found.processes >= 2 and found.total_mb - found.server_mb > 35 else None

        found = wait_until(measured, timeout=30)
        assert found, tree_memory(os.getpid())
        assert found.measure == "PSS"
    finally:
        child.kill()
        child.wait()


def test_available_memory_is_known_here() -> None:
    assert (memory.available_memory_mb() or 0) > 0
