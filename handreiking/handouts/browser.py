"""Debian's Chromium, driven by Playwright: screenshots of the apps and the PDFs are made by a real browser."""

from __future__ import annotations

import contextlib
import importlib.util
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM = Path(os.environ.get("HANDREIKING_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def missing_browser() -> str | None:
    """Why no browser can run here (Dutch, with the fix), or None when Chromium and Playwright are present."""
    if importlib.util.find_spec("playwright") is None:
        return "Playwright ontbreekt; installeer het met: pip install -e '.[handouts]' (make handouts doet dat zelf)"
    if not CHROMIUM.exists():
        return f"Chromium ontbreekt ({CHROMIUM}); installeer het met: apt-get install -y chromium"
    return None


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (yields Playwright's Browser); closed again when the block ends."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def local_only(page: Any, allowed: tuple[str, ...]) -> list[str]:
    """Let ``page`` load only URLs that start with one of ``allowed`` (and data:/blob:); returns what it blocked."""
    blocked: list[str] = []

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith((*allowed, "data:", "blob:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    page.route("**/*", route)
    return blocked
