"""Every participant app renders in Chromium without errors or code, and one real interaction changes it.

Apps are discovered from notebooks/apps/*.ipynb. Each needs an entry in ``APPS`` below: the labels of its
main controls and one interaction that asserts the new content. An app without an entry fails.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest
from browser_harness import LoadedApp, PageLog, ServerSpec, discover_apps, open_app, watch_page
from playwright.sync_api import Page, expect
from widgets_dom import (
    CODE_SELECTORS,
    FORBIDDEN_TEXT,
    WIDGET_ERROR,
    control,
    dropdown,
    radio,
    slider,
    visible_count,
    visible_text,
    widget_box,
)

from handreiking.content import Content, bundled_content


@cache
def content() -> Content:
    return bundled_content()


@dataclass(frozen=True)
class AppCheck:
    """What a participant must see in an app, and one interaction with the content it must lead to."""

    controls: tuple[str, ...]
    """Visible labels of the app's main controls."""
    interact: Callable[[Page], None]
    """Changes a control like a participant would and asserts the new content (with ``expect``)."""


# --- per-app interactions ----------------------------------------------------------------------------


def _overzicht(page: Page) -> None:
    les = content().lessen[3]
    dropdown(page, "Kies een les").select_option(label=f"Les 3: {les.title}")
    expect(page.locator(".hr-app h2", has_text=f"Les 3: {les.title}")).to_be_visible()
    expect(page.locator(".hr-app h3", has_text=f"Stap {les.stappen[0].id}")).to_be_visible()


def _neediest_case() -> Any:
    """The balans case that needs the most support (highest sum of its needs)."""
    casussen = content().of_kind("balans-casus")
    return max(casussen, key=lambda c: sum(c.behoeften.model_dump().values()))


def _balans(page: Page) -> None:
    from handreiking.apps.balans import ASKS
    from handreiking.content.balans import VORMEN
    from handreiking.scenarios.balans import evaluate

    model = content().of_kind("balans-model")[0]
    casus = _neediest_case()
    dropdown(page, "Casus").select_option(label=casus.title)
    expect(page.get_by_text(casus.summary[:60])).to_be_visible()  # the case's own description appears
    labels = [model.labels.vorm[v].capitalize() for v in VORMEN] + list(ASKS.values())
    for label in labels:  # no support of any kind, and nothing asked of the collective
        handle = slider(page, label)
        handle.focus()
        handle.press("Home")
        expect(widget_box(page, label).locator(".widget-readout")).to_have_text(model.labels.niveau[0])
    nothing = casus.start_aanpak.model_copy(
        update={"ondersteuning": dict.fromkeys(VORMEN, 0), **dict.fromkeys(ASKS, 0)}
    )
    expected = evaluate(model, casus, nothing)
    assert expected.oordeel == "overvragen", "the neediest case left to carry everything alone is overvraagd"
    expect(page.locator("p[role=status]")).to_contain_text(expected.oordeel_tekst)
    expect(page.locator(".hr-app li", has_text=model.te_weinig_steun.naam)).to_contain_text(
        model.labels.kant["overvragen"]
    )
    figures = page.locator(".hr-app svg[role=img]")  # the balance and the play-out, drawn as inline SVG
    expect(figures).to_have_count(2)
    expect(figures.first).to_have_attribute("aria-label", re.compile(re.escape(expected.oordeel_tekst)))
    for i in range(2):
        expect(figures.nth(i)).to_be_visible()
    # Both figures drawn at a readable size. A figure is replaced as a whole on every change, so the size is
    # read in the page (one condition over both) rather than from an element handle that may be replaced.
    page.wait_for_function(
        """() => {
            const figures = [...document.querySelectorAll('.hr-app svg[role=img]')];
            return figures.length === 2 && figures.every((f) => {
                const r = f.getBoundingClientRect();
                return r.width > 200 && r.height > 60;
            });
        }""",
        timeout=15_000,
    )


def _rollen(page: Page) -> None:
    from handreiking.content.rollen import rollen_model

    model = rollen_model(content())
    stapelen = next(s for s in model.spanningen if s.id == "stapelen")
    handle = slider(page, "Presterend (%)")
    handle.focus()
    handle.press("End")  # 100% on one role; the other three go to 0
    expect(handle).to_have_attribute("aria-valuetext", "100")
    expect(slider(page, "Rechtmatig (%)")).to_have_attribute("aria-valuetext", "0")
    expect(page.locator("li", has_text=stapelen.titel)).to_be_visible()  # the feedback names the stacking
    expect(page.get_by_text(model.reflectie.zin_enkel.split("(")[0].strip())).to_be_visible()
    mix = page.locator('svg[role=img][aria-label^="Staafdiagram van jouw mix"]')  # the charts are inline SVG
    expect(mix).to_have_attribute("aria-label", re.compile("Presterend 100%"))
    expect(mix.locator("text", has_text="100%").first).to_be_visible()
    expect(page.locator('svg[role=img][aria-label^="Gestapelde staven per factor"]')).to_be_visible()


def _zelfscan(page: Page) -> None:
    from handreiking.content.zelfscan import zelfscan_data
    from handreiking.scenarios.zelfscan import evaluate

    scan = zelfscan_data(content())
    chosen = {}
    for n, vraag in enumerate(scan.vragen, start=1):
        best = max((a for a in vraag.antwoorden if a.score is not None), key=lambda a: a.score or 0)
        radio(page, f"Vraag {n}", best.text).check()
        chosen[vraag.id] = best.id
    uitslag = evaluate(scan, chosen)
    assert uitslag.plek is not None
    expect(page.locator(".hr-app strong", has_text=uitslag.plek.naam).first).to_be_visible()
    expect(page.get_by_text(f"score {uitslag.score} van 100").first).to_be_visible()


def _beleidsnotitie(page: Page) -> None:
    from handreiking.scenarios.beleidsnotitie import make_concept

    eerste = make_concept("", {}, content()).onderdelen[0]
    title = "Ruimte voor energie-initiatieven in de Vlinderbuurt"
    page.get_by_label("Titel van de notitie").fill(title)
    page.get_by_label(f"{eerste.nummer}. {eerste.naam}").fill("Omdat bewoners zelf aan de slag willen.")
    expect(page.locator(".hr-preview")).to_contain_text(title)
    expect(page.locator(".hr-preview")).to_contain_text("Omdat bewoners zelf aan de slag willen.")


def _beleidsnotitie_controls() -> tuple[str, ...]:
    from handreiking.scenarios.beleidsnotitie import make_concept

    eerste = make_concept("", {}, content()).onderdelen[0]
    return ("Titel van de notitie", f"{eerste.nummer}. {eerste.naam}", "Wis alles")


def _bril(page: Page) -> None:
    from handreiking.content.bril import bril_casussen

    casus = bril_casussen(content())[1]
    dropdown(page, "Casus").select_option(label=casus.title)
    expect(page.get_by_text(casus.summary[:60])).to_be_visible()  # the chosen case's own description


def _routekiezer(page: Page) -> None:
    from handreiking.content.routekiezer import routekiezer_data
    from handreiking.scenarios.routekiezer import evaluate

    kiezer = routekiezer_data(content())
    chosen = {}
    for n, vraag in enumerate(kiezer.vragen, start=1):
        antwoord = vraag.antwoorden[0]
        radio(page, f"Vraag {n}", antwoord.text).check()
        chosen[vraag.id] = antwoord.id
    uitslag = evaluate(kiezer, chosen, dict(content().sources))
    assert uitslag.beste, "the first answers should point to a route"
    for advies in uitslag.beste:
        expect(page.locator(".hr-app h3", has_text=advies.route.naam).first).to_be_visible()


def _vraag(page: Page) -> None:
    from handreiking.apps.question import HOW_IT_WORKS

    control(page, "Hoe werkt dit?").click()
    expect(page.get_by_text(HOW_IT_WORKS[1])).to_be_visible()  # the explanation for participants


def _sessie(page: Page) -> None:
    """Open two apps from the session page's menu and switch back: the first keeps what was done in it."""
    from handreiking.apps.session import CATALOG

    rollen, zelfscan = CATALOG["rollen"], CATALOG["zelfscan"]
    control(page, f"{rollen.title} ({rollen.where})").click()
    handle = slider(page, "Presterend (%)")
    handle.focus()
    handle.press("End")
    expect(handle).to_have_attribute("aria-valuetext", "100")
    control(page, f"{zelfscan.title} ({zelfscan.where})").click()
    expect(page.locator(".hr-app h1", has_text=zelfscan.title)).to_be_visible()
    expect(handle).to_be_hidden()
    control(page, f"✓ {zelfscan.title} ({zelfscan.where})").wait_for()  # the menu marks the open app
    control(page, f"{rollen.title} ({rollen.where})").click()
    expect(slider(page, "Presterend (%)")).to_have_attribute("aria-valuetext", "100")
    expect(page.locator(".hr-app h1", has_text=zelfscan.title)).to_be_hidden()


def _sessie_controls() -> tuple[str, ...]:
    from handreiking.apps.session import CATALOG

    return tuple(f"{e.title} ({e.where})" for e in CATALOG.values())  # outside a workshop: every app


APPS: dict[str, AppCheck] = {
    "overzicht": AppCheck(controls=("Kies een les",), interact=_overzicht),
    "balans": AppCheck(
        controls=("Casus", "Aanvullen", "Rapportage", "Wie heeft de pen?", "Begin opnieuw"), interact=_balans
    ),
    "rollen": AppCheck(
        controls=("Vraagstuk", "Rechtmatig (%)", "Presterend (%)", "Netwerkend (%)", "Responsief (%)"),
        interact=_rollen,
    ),
    "zelfscan": AppCheck(controls=("Vraag 1", "Vraag 2", "Wis mijn antwoorden"), interact=_zelfscan),
    "beleidsnotitie": AppCheck(controls=_beleidsnotitie_controls(), interact=_beleidsnotitie),
    "bril": AppCheck(controls=("Casus", "Begin opnieuw"), interact=_bril),
    "routekiezer": AppCheck(controls=("Vraag 1", "Wis mijn antwoorden"), interact=_routekiezer),
    "vraag": AppCheck(controls=("Hoe werkt dit?",), interact=_vraag),
    "sessie": AppCheck(controls=_sessie_controls(), interact=_sessie),
}
"""Every app in notebooks/apps/ needs an entry here (the test fails without one)."""


# --- checks ----------------------------------------------------------------------------------------


def assert_clean(page: Page, log: PageLog, server: ServerSpec) -> None:
    """No widget error, no code or traceback, no console error, nothing fetched from another host."""
    assert page.locator(WIDGET_ERROR).count() == 0, "een widget toont een fout"
    assert visible_count(page, "#hr-failure") == 0, "de workshoppagina meldt dat de app niet start"
    text = visible_text(page)
    for phrase in FORBIDDEN_TEXT:
        assert phrase not in text, f"zichtbaar op de pagina: {phrase!r}"
    for selector in CODE_SELECTORS:
        assert visible_count(page, selector) == 0, f"code of foutuitvoer zichtbaar: {selector}"
    assert log.console_errors == [], f"console errors: {log.console_errors}"
    assert log.page_errors == [], f"uncaught errors: {log.page_errors}"
    assert log.external == [], f"requests to other hosts: {log.external}"


def check_for(app: str) -> AppCheck:
    if app not in APPS:
        pytest.fail(f"notebooks/apps/{app}.ipynb has no entry in APPS in {__file__}: add its controls and interaction")
    return APPS[app]


def open_clean(page: Page, server: ServerSpec, app: str) -> PageLog:
    log = watch_page(page, server.base_url)
    open_app(page, server.app_url(app))
    return log


def test_every_app_has_a_check() -> None:
    """Each app in notebooks/apps/ is covered by an entry in APPS, and APPS names no app that is gone."""
    apps = set(discover_apps())
    assert apps, "no apps found in notebooks/apps/"
    assert apps - set(APPS) == set(), f"apps without an entry in APPS: {sorted(apps - set(APPS))}"
    assert set(APPS) - apps == set(), f"entries in APPS without an app: {sorted(set(APPS) - apps)}"


def test_app_renders_without_errors_or_code(loaded_app: LoadedApp) -> None:
    """The app shows its main controls and no error, traceback, source code or console error."""
    check = check_for(loaded_app.name)
    page = loaded_app.page
    for label in check.controls:
        expect(control(page, label)).to_be_visible()
    page.wait_for_timeout(300)  # late errors from the widget manager
    assert_clean(page, loaded_app.log, loaded_app.server)


def test_app_has_a_heading_and_a_title(loaded_app: LoadedApp) -> None:
    """The page has a visible h1 and a tab title that is not the notebook's file name (our template, both servers)."""
    page, app = loaded_app.page, loaded_app.name
    expect(page.locator("h1:visible").first).to_be_visible()
    assert page.title().strip() not in {"", app, f"{app}.ipynb"}, f"tab title is {page.title()!r}"


def test_app_interaction_changes_content(page: Page, server: ServerSpec, app: str) -> None:
    """One real interaction (a control moved, a case chosen) shows the content that belongs to it."""
    check = check_for(app)
    log = open_clean(page, server, app)
    before = visible_text(page)
    check.interact(page)
    assert visible_text(page) != before
    assert_clean(page, log, server)
