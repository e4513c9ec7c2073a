"""The trainer's dashboard shows the participant server's memory and kernels, and the join and check addresses."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from workshop_support import running_workshop

from handreiking.workshop.server import WorkshopServers

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkshopServers]:
    root = tmp_path_factory.mktemp("dashboard-server")
    with running_workshop(
        root, "dashboard-server", ("rollen",), deelnemers=2, fill_delay=1.0, refresh_seconds=1.0
    ) as running:
        yield running


def test_dashboard_shows_memory_kernels_and_addresses(servers: WorkshopServers, browser: Any, artifacts: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="nl-NL")
    page = context.new_page()
    try:
        page.goto(servers.dashboard_url)
        page.get_by_role("heading", name="Server en netwerk").wait_for(timeout=90_000)
        section = page.locator(".widget-vbox", has=page.get_by_role("heading", name="Server en netwerk")).last
        memory = section.get_by_text("Geheugen van de deelnemersserver")
        memory.wait_for(timeout=30_000)
        text = memory.inner_text()
        assert re.search(r"\d+( MB|,\d GB)", text), text
        assert re.search(r"\d+ kernels?: \d+ klaargezet, \d+ in gebruik", text), text
        join = servers.join_url
        assert join in section.inner_text() and join + "verbinding" in section.inner_text()
        section.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "dashboard-server-en-netwerk.png"), full_page=True)
    finally:
        context.close()
