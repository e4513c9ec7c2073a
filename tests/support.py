"""Helpers shared by tests (importable as `support`; conftest files are not for importing)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")


def require_or_skip(condition: bool, reason: str, env: str) -> None:
    """Skip with ``reason`` when ``condition`` fails, unless ``env`` demands it (CI): then fail."""
    if condition:
        return
    if os.environ.get(env) in {"1", "true"}:
        pytest.fail(f"{reason} ({env}={os.environ[env]}: hier mag dit niet worden overgeslagen)")
    pytest.skip(reason)


def require_chromium() -> None:
    require_or_skip(
        CHROMIUM.exists(),
        "Chromium ontbreekt (/usr/bin/chromium); installeer met: apt-get install -y chromium",
        "HANDREIKING_REQUIRE_BROWSER",
    )


def mark_browser_tests(folder: Path, items: list[pytest.Item]) -> None:
    """Mark every collected test below ``folder`` as a browser test and a slow one."""
    for item in items:
        if folder in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)


def loader_problems(path: Path) -> list[str]:
    """Problems the loader reports for ``path``, validated together with data/ so references resolve."""
    from handreiking.content import check_paths

    return [f"{p.location}: {p.message}" for p in check_paths([path]) if p.file.endswith(path.name)]
