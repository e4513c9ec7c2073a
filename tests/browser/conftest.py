"""Fixtures for the browser tests: one Voila server per server kind and one Chromium, per session.

The servers run the participant apps in notebooks/apps/ on 127.0.0.1 and a free port: plain standalone
Voila with the repository's settings, and the workshop server once ``handreiking.workshop.server`` exists.
Without Chromium (or Playwright) the tests are skipped with the reason shown by ``pytest -ra``; with
``HANDREIKING_REQUIRE_BROWSER=1`` (CI) they fail instead.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_harness import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    PROJECTOR,
    LoadedApp,
    Server,
    ServerSpec,
    WorkshopServer,
    close_page_kernel,
    discover_apps,
    open_app,
    plain_voila,
    watch_page,
    workshop_available,
)
from support import mark_browser_tests, require_or_skip

HERE = Path(__file__).resolve().parent
SERVER_KINDS = ["voila", *(["workshop"] if workshop_available() else [])]


def _require_browser() -> None:
    """Skip (or in CI fail) when the browser cannot run here; the reason names the fix."""
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"Chromium ontbreekt ({CHROMIUM}); installeer met: apt-get install -y chromium")
    if importlib.util.find_spec("playwright") is None:
        missing.append("Playwright ontbreekt; installeer de test-extra: pip install -e '.[test]'")
    require_or_skip(not missing, "; ".join(missing), "HANDREIKING_REQUIRE_BROWSER")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mark_browser_tests(HERE, items)


def pytest_report_header(config: pytest.Config) -> str:
    found = "found" if CHROMIUM.exists() else "MISSING"
    return f"browser tests: servers {', '.join(SERVER_KINDS)}; chromium {CHROMIUM} ({found})"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium (Debian's) for the whole session."""
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session", params=SERVER_KINDS)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerSpec]:
    """A running server for the apps (plain Voila, and the workshop server once it exists)."""
    _require_browser()
    folder = tmp_path_factory.mktemp(f"server-{request.param}")
    if request.param == "workshop":
        srv: Server | WorkshopServer = WorkshopServer(folder, deelnemers=1)
    else:
        srv = Server(plain_voila(), folder / "server.log")
    try:
        yield srv.spec
    finally:
        srv.stop()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page (own context: no cache, no cookies) at projector size."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="nl-NL")
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    for open_page in context.pages:
        close_page_kernel(open_page)  # plain Voila keeps a closed page's kernel running
    context.close()


@pytest.fixture(params=discover_apps())
def app(request: pytest.FixtureRequest) -> str:
    """The name of each app in notebooks/apps/ (discovered, so a new app is tested without changes here)."""
    return str(request.param)


@pytest.fixture(scope="session")
def _loaded_apps(browser: Any) -> Iterator[dict[tuple[str, str], LoadedApp]]:
    cache: dict[tuple[str, str], LoadedApp] = {}
    yield cache
    for loaded in cache.values():
        close_page_kernel(loaded.page)
        loaded.page.context.close()


@pytest.fixture
def loaded_app(
    _loaded_apps: dict[tuple[str, str], LoadedApp], browser: Any, server: ServerSpec, app: str
) -> Iterator[LoadedApp]:
    """The app, opened once per server in a fresh page at 1280x720 (tests must not change its controls)."""
    key = (server.base_url, app)
    if key not in _loaded_apps:
        context = browser.new_context(viewport=dict(PROJECTOR), locale="nl-NL")
        pg = context.new_page()
        pg.set_default_timeout(30_000)
        log = watch_page(pg, server.base_url)
        try:
            seconds = open_app(pg, server.app_url(app))
        except BaseException:
            close_page_kernel(pg)
            context.close()
            raise
        _loaded_apps[key] = LoadedApp(app, server, pg, log, seconds)
    loaded = _loaded_apps[key]
    yield loaded
    loaded.page.set_viewport_size(dict(PROJECTOR))


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go (tests/browser/artifacts/, ignored by git)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
