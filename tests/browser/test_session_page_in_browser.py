"""End to end in Chromium through the workshop server: the session page, one kernel for all the session's apps.

A participant on a phone (390x844) joins at the landing page, which leads to the session page; opens two apps
from its menu in the same page and kernel, changes a control, switches back and forth (nothing reloads, the
change is still there) and shares from one app. The trainer opens a group question: it appears ONCE on the page,
above the menu, not once per app. Nothing scrolls sideways, nothing comes from another host.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from browser_harness import PHONE, close_page_kernel, run_axe
from playwright.sync_api import expect
from test_layout import SIDEWAYS_JS
from widgets_dom import control, control_name_problems, slider
from workshop_support import running_workshop

from handreiking.apps.session import CATALOG
from handreiking.content import bundled_content
from handreiking.scenarios.room.questions import catalogue
from handreiking.workshop.server import WorkshopServers
from handreiking.workshop.store import open_store
from handreiking.workshop.store.questions import GroupQuestions

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SESSION_APPS = ("rollen", "balans")


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkshopServers]:
    root = tmp_path_factory.mktemp("browser-sessie")
    with running_workshop(
        root,
        "sessiepagina",
        ("sessie", *SESSION_APPS),
        dashboard=False,
        deelnemers=1,
        focus_apps=SESSION_APPS,
        fill_delay=1.0,
    ) as running:
        yield running


def _menu_button(page: Any, name: str) -> Any:
    entry = CATALOG[name]
    return control(page, f"{entry.title} ({entry.where})")


def _kernel_id(page: Any) -> str:
    return str(json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"])


def test_one_page_two_apps_one_share_one_question_panel(
    servers: WorkshopServers, browser: Any, artifacts: Path
) -> None:
    hosts: set[str] = set()
    context = browser.new_context(viewport=dict(PHONE), locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.on("request", lambda r: hosts.add(urlsplit(r.url).hostname or r.url.split(":")[0]))
    try:
        page.goto(servers.join_url)
        start = page.get_by_role("link", name="De apps van deze sessie")
        expect(start).to_have_attribute("href", "/voila/render/sessie.ipynb")
        start.click()
        expect(page.get_by_role("heading", name="De apps van deze sessie")).to_be_visible(timeout=90_000)
        kernel = _kernel_id(page)

        # the menu: the session's apps, in the launcher's order, and nothing else
        labels = page.locator(".hr-session-menu button").all_inner_texts()
        assert [label.strip() for label in labels] == [f"{CATALOG[n].title} ({CATALOG[n].where})" for n in SESSION_APPS]

        # app 1: rollen, a control changed
        _menu_button(page, "rollen").click()
        handle = slider(page, "Presterend (%)")
        handle.focus()
        handle.press("End")
        expect(handle).to_have_attribute("aria-valuetext", "100")
        mix = page.locator('svg[role=img][aria-label^="Staafdiagram van jouw mix"]')
        expect(mix).to_have_attribute("aria-label", re.compile("Presterend 100%"))

        # app 2: balans, in the same page and kernel; rollen out of sight, not gone
        _menu_button(page, "balans").click()
        expect(page.get_by_role("heading", name=CATALOG["balans"].title)).to_be_visible(timeout=30_000)
        expect(handle).to_be_hidden()
        assert _kernel_id(page) == kernel and page.url.endswith("/voila/render/sessie.ipynb")
        expect(page.get_by_role("button", name="Deel met de groep")).to_have_count(1)  # the visible app's own

        # back to rollen: the change is still there; share from it
        _menu_button(page, "rollen").click()
        expect(page.get_by_role("heading", name=CATALOG["rollen"].title)).to_be_visible()
        expect(page.get_by_role("heading", name=CATALOG["balans"].title)).to_be_hidden()
        expect(slider(page, "Presterend (%)")).to_be_visible()
        expect(slider(page, "Presterend (%)")).to_have_attribute("aria-valuetext", "100")
        assert page.locator("button", has_text="Deel met de groep").count() == 2  # one per app, one hidden
        share = page.locator("button:visible", has_text="Deel met de groep")
        share.scroll_into_view_if_needed()
        share.click()
        expect(page.get_by_text("Gedeeld met de groep")).to_be_visible(timeout=60_000)
        with open_store(servers.settings.store_target) as store:
            shared = store.answers(servers.session)
        assert [(row.scenario, row.answer["mix"]["presterend"]) for row in shared] == [("rollen", 100)]

        # the trainer opens a group question: one panel, at the top, however many apps are open
        question = catalogue(bundled_content().of_kind("oefening"), 6)[0].questions[0]
        with open_store(servers.settings.store_target) as store:
            GroupQuestions(store).open(servers.session, question)
        expect(page.get_by_text(question.prompt[:50])).to_be_visible(timeout=10_000)
        assert page.locator(".hr-question").count() == 1
        above = page.evaluate(
            "() => document.querySelector('.hr-question').getBoundingClientRect().bottom"
            " <= document.querySelector('.hr-session-menu').getBoundingClientRect().top"
        )
        assert above, "the question panel stands above the app menu"

        page.wait_for_timeout(300)  # let the layout settle
        page.screenshot(path=str(artifacts / "sessie-workshop-phone.png"), full_page=True)
        assert page.evaluate(SIDEWAYS_JS) == [], "the session page scrolls sideways on a phone"
        assert control_name_problems(page) == []
        serious = [
            f"{v['id']}: {node['target']}"
            for v in run_axe(page)
            if v["impact"] in {"serious", "critical"}
            for node in v["nodes"]
        ]
        assert serious == [], serious
        assert hosts <= {"127.0.0.1"}, f"the page fetched from elsewhere: {hosts}"
    finally:
        close_page_kernel(page)
        context.close()
