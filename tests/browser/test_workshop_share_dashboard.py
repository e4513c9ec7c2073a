"""End to end in Chromium: a participant shares an answer and the trainer sees it on the dashboard."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from browser_harness import run_axe
from widgets_dom import control_name_problems
from workshop_support import running_workshop

from handreiking.workshop.server import WorkshopServers

XSS = '<img src=x onerror="window.__hr_xss=1"> meer ruimte voor het collectief'

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkshopServers]:
    root = tmp_path_factory.mktemp("browser-workshop")
    with running_workshop(
        root, "browsertest", ("rollen",), deelnemers=2, fill_delay=1.0, refresh_seconds=1.0
    ) as running:
        yield running


def _kernel_id(page: Any) -> str:
    return str(json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"])


def test_shared_answer_appears_on_dashboard(servers: WorkshopServers, browser: Any) -> None:
    """Join via the landing page, share with a reflection; the dashboard shows it (as text) without a reload."""
    hosts: set[str] = set()
    participant = browser.new_context(viewport={"width": 390, "height": 844})
    page = participant.new_page()
    page.on("request", lambda r: hosts.add(urlsplit(r.url).hostname or r.url.split(":")[0]))
    page.goto(servers.join_url)
    assert page.locator("html").get_attribute("lang") == "nl"
    pseudonym = page.locator("main strong").text_content()  # the landing page greets with the pseudonym
    cookie = next(c["value"] for c in participant.cookies() if c["name"] == "hr_deelnemer")
    assert pseudonym and pseudonym not in cookie.split("|")  # the cookie is signed, not the plain pseudonym
    page.get_by_role("link", name="Rollen kiezen en stapelen").click()
    page.get_by_role("button", name="Deel met de groep").wait_for(timeout=90_000)
    assert page.locator("html").get_attribute("lang") == "nl"
    page.get_by_text(pseudonym).wait_for(timeout=30_000)

    trainer = browser.new_context(viewport={"width": 1280, "height": 720})
    dash = trainer.new_page()
    dash.goto(servers.dashboard_url)
    dash.get_by_text("Dashboard trainer").wait_for(timeout=90_000)
    assert dash.locator(".hr-qr svg").count() == 1
    assert dash.locator("html").get_attribute("lang") == "nl"
    assert [v["id"] for v in run_axe(dash)] == [], "axe-core finds a violation on the dashboard"
    assert control_name_problems(dash) == []

    page.get_by_label("Je reflectie (niet verplicht)").fill(XSS)
    page.get_by_role("button", name="Deel met de groep").click()
    page.get_by_text("Gedeeld met de groep").wait_for(timeout=30_000)

    dash.get_by_text(XSS).wait_for(timeout=30_000)  # refreshed by itself, shown as text
    dash.get_by_text(pseudonym).first.wait_for()
    assert dash.locator('img[src="x"]').count() == 0
    assert dash.evaluate("window.__hr_xss") is None

    page.get_by_role("button", name="Deel met de groep").click()
    page.get_by_text("Al gedeeld").wait_for(timeout=30_000)  # the same answer again: nothing new stored
    assert hosts <= {"127.0.0.1"}, f"de pagina haalde iets van elders: {hosts}"
    participant.close()
    trainer.close()


def test_closing_the_tab_frees_the_kernel(servers: WorkshopServers, browser: Any) -> None:
    """When the participant leaves the page, its kernel is shut down (Voila's beacon now gets through)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(servers.join_url + "voila/render/rollen.ipynb")
    page.get_by_role("button", name="Deel met de groep").wait_for(timeout=90_000)
    kernel_id = _kernel_id(page)
    url = f"{servers.join_url}api/kernels/{kernel_id}"
    assert requests.get(url, timeout=10).status_code == 200
    page.goto("about:blank")
    deadline = time.monotonic() + 20
    while requests.get(url, timeout=10).status_code != 404 and time.monotonic() < deadline:
        time.sleep(0.3)
    assert requests.get(url, timeout=10).status_code == 404
    context.close()


def test_app_that_cannot_start_shows_retry(servers: WorkshopServers, browser: Any) -> None:
    """If the app's notebook fails, the participant sees a Dutch message with a retry button, not a blank page."""
    broken = servers.settings.apps_dir / "kapot.ipynb"
    nb = json.loads((servers.settings.apps_dir / "rollen.ipynb").read_text())
    nb["cells"][0]["source"] = "raise RuntimeError('stuk')"
    broken.write_text(json.dumps(nb))
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(servers.join_url + "voila/render/kapot.ipynb")
        page.get_by_text("De app start niet").wait_for(timeout=90_000)
        assert page.get_by_role("button", name="Probeer opnieuw").is_visible()
        assert page.locator("#rendered_cells").is_hidden()
    finally:
        context.close()
        broken.unlink()
