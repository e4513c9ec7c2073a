"""A phone that slept, Wi-Fi that dropped: the page reconnects to its kernel, or says so with one button.

The outage is made the way a phone makes it: the browser goes offline (``context.set_offline``) AND the open
kernel websocket is closed (``page.route_web_socket`` passes the page's kernel websockets through, so the test
can cut them); new attempts fail while offline. Offline emulation alone leaves an open websocket untouched in
Chromium, which a real phone going to sleep does not. The outage lasts a minute, as in the issue: that length
is the scenario (how long the phone slept), not a wait for something to happen.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_harness import shutdown_kernel
from workshop_support import cookie_pseudonym, running_workshop

from handreiking.workshop.server import WorkshopServers
from handreiking.workshop.store import open_store

pytestmark = [pytest.mark.browser, pytest.mark.slow]

OUTAGE_MS = 60_000
"""How long the phone is away."""
BACK_WITHIN_MS = 20_000
"""After the network is back the page works again (or says it stopped) within this time."""
KERNEL_SOCKET = re.compile(r"/api/kernels/[^/]+/channels")


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkshopServers]:
    root = tmp_path_factory.mktemp("reconnect")
    with running_workshop(root, "reconnect", ("rollen",), dashboard=False, deelnemers=1, fill_delay=1.0) as running:
        yield running


class Outage:
    """Passes the page's kernel websockets through, so the test can cut them; refuses new ones while down."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.down = False
        self.open: list[tuple[Any, Any]] = []
        page.route_web_socket(KERNEL_SOCKET, self._route)

    def _route(self, ws: Any) -> None:
        if self.down:  # (offline emulation fails these too; this makes sure)
            ws.close()
            return
        self.open.append((ws, ws.connect_to_server()))

    def __call__(self, context: Any, during: Any = None) -> None:
        """Go offline and cut the kernel websocket for OUTAGE_MS (calling ``during()`` early on), then come back."""
        self.down = True
        context.set_offline(True)
        for ws, server in self.open:
            server.close()
            ws.close()
        self.open.clear()
        box = self.page.locator("#hr-connection")
        box.wait_for(state="visible", timeout=30_000)  # while away, the page says so
        assert box.get_attribute("data-state") == "lost"
        assert "Geen verbinding met de workshop" in box.inner_text()
        if during is not None:
            during()
        self.page.wait_for_timeout(OUTAGE_MS)  # the phone stays away (Playwright keeps serving the page meanwhile)
        self.down = False
        context.set_offline(False)


def _kernel_id(page: Any) -> str:
    return str(json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"])


def _open_and_share(page: Any, url: str, reflectie: str, expect: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Deel met de groep").wait_for(timeout=90_000)
    page.get_by_label("Je reflectie (niet verplicht)").fill(reflectie)
    page.get_by_role("button", name="Deel met de groep").click()
    page.get_by_text(expect).wait_for(timeout=30_000)


def test_short_outage_reconnects_to_the_same_kernel(servers: WorkshopServers, browser: Any) -> None:
    """Offline for a minute: the message shows while away, then the page works on with the same kernel."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    outage = Outage(page)
    try:
        _open_and_share(page, servers.join_url + "voila/render/rollen.ipynb", "voor de pauze", "Gedeeld met de groep")
        kernel = _kernel_id(page)
        outage(context)
        page.locator("#hr-connection").wait_for(state="hidden", timeout=BACK_WITHIN_MS)
        assert page.evaluate("() => window.jupyterapp.widgetManager.kernel.connectionStatus") == "connected"
        assert _kernel_id(page) == kernel
        page.get_by_label("Je reflectie (niet verplicht)").fill("na de pauze")
        page.get_by_role("button", name="Deel met de groep").click()
        page.get_by_text("Bijgewerkt").wait_for(timeout=30_000)  # the same kernel answers clicks again
    finally:
        shutdown_kernel(servers.join_url.rstrip("/"), _kernel_id(page))
        context.close()


def _pseudonym(servers: WorkshopServers, context: Any) -> str | None:
    """The pseudonym the participant's signed cookie names (checked with the session's secret)."""
    cookie = next((c["value"] for c in context.cookies() if c["name"] == "hr_deelnemer"), None)
    return cookie_pseudonym(servers.settings.store_target, servers.session, cookie)


def test_lost_kernel_shows_one_button_that_reloads_into_a_fresh_app(
    servers: WorkshopServers, browser: Any, artifacts: Path
) -> None:
    """The kernel is gone after the outage (culled, or the workshop restarted): one button, then a fresh app
    with the same pseudonym; the answer shared before is still in the store and a new share updates it."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    outage = Outage(page)
    try:
        _open_and_share(page, servers.join_url + "voila/render/rollen.ipynb", "voor de slaap", "Gedeeld met de groep")
        pseudonym = _pseudonym(servers, context)
        assert pseudonym
        old_kernel = _kernel_id(page)

        # while the phone is away its kernel goes, as culling or a restart of the workshop does it
        def cull() -> None:
            assert shutdown_kernel(servers.join_url.rstrip("/"), old_kernel)

        outage(context, during=cull)

        box = page.locator('#hr-connection[data-state="gone"]')
        box.wait_for(state="visible", timeout=BACK_WITHIN_MS)
        assert "Deze app is gestopt" in box.inner_text() and "schuilnaam blijft hetzelfde" in box.inner_text()
        page.screenshot(path=str(artifacts / "verbinding-app-gestopt-telefoon.png"))
        buttons = box.get_by_role("button")
        assert buttons.count() == 1
        assert page.evaluate("() => document.activeElement && document.activeElement.id") == "hr-connection-button"
        buttons.click()

        page.get_by_role("button", name="Deel met de groep").wait_for(timeout=90_000)
        assert _kernel_id(page) != old_kernel
        assert page.locator("#hr-connection").is_hidden()
        page.get_by_text(pseudonym).wait_for(timeout=30_000)  # the share panel shows the same pseudonym
        assert _pseudonym(servers, context) == pseudonym  # the signed cookie still names the same participant
        with open_store(servers.settings.store_target) as store:
            mine = [r for r in store.answers(servers.session) if r.participant == pseudonym]
        assert [r.reflectie for r in mine] == ["voor de slaap"]
        page.get_by_role("button", name="Deel met de groep").click()
        page.get_by_text("Bijgewerkt").wait_for(timeout=30_000)  # the earlier answer is known: an update
    finally:
        shutdown_kernel(servers.join_url.rstrip("/"), _kernel_id(page))
        context.close()
