"""Accessibility of the participant apps in Chromium: axe-core finds no violation, every control has a name in
Chromium's accessibility tree (a slider: its visible label, and its value as the readout shows it), the page is
in Dutch, and the balans app works with the keyboard alone.

Both servers use our page template: the workshop server, and plain Voila started from the repository (its
voila.json selects the named template "handreiking", as on Binder). There is no known exception left.
axe-core comes from npm (``npm ci --prefix tests/browser``, pinned in tests/browser/package-lock.json).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from browser_harness import AXE_JS, LoadedApp, ServerSpec, discover_apps, open_app, run_axe, watch_page
from playwright.sync_api import Page, expect
from widgets_dom import APP_CONTROLS_JS, control_name_problems, focused, tab_to, widget_box


def describe_violations(violations: list[dict[str, Any]]) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {node['target']} {node['html'][:160]}"
        for v in violations
        for node in v["nodes"]
    ]


def test_axe_finds_no_violation(loaded_app: LoadedApp, artifacts: Path) -> None:
    """axe-core (WCAG 2.x A/AA and best practices) reports no violation at all, with no exception."""
    assert AXE_JS.exists(), "axe-core is not installed: run `npm ci --prefix tests/browser`"
    server, app = loaded_app.server, loaded_app.name
    violations = run_axe(loaded_app.page)
    (artifacts / f"axe-{server.name}-{app}.json").write_text(json.dumps(violations, indent=1), encoding="utf-8")
    assert describe_violations(violations) == [], "axe-core:\n" + "\n".join(describe_violations(violations))


def test_every_control_has_an_accessible_name(loaded_app: LoadedApp) -> None:
    """What a screen reader announces, read from Chromium's accessibility tree: every control has a name, a
    slider is named by its visible label and says its value as the readout shows it."""
    assert control_name_problems(loaded_app.page) == []


def test_page_language_is_dutch(page: Page, server: ServerSpec) -> None:
    """The page declares Dutch (lang="nl"), so a screen reader reads it with Dutch pronunciation."""
    assert server.lang == "nl"
    open_app(page, server.app_url(discover_apps()[0]))
    assert str(page.evaluate("document.documentElement.lang")).lower().startswith("nl")


def test_balans_works_with_the_keyboard_alone(page: Page, server: ServerSpec) -> None:
    """Tab reaches every control of the balans app; arrows, Enter and Space change the model's outcome."""
    from handreiking.content import bundled_content
    from handreiking.content.balans import VORMEN
    from handreiking.scenarios.balans import evaluate

    content = bundled_content()
    model = content.of_kind("balans-model")[0]
    casussen = content.of_kind("balans-casus")
    labels = {v: model.labels.vorm[v].capitalize() for v in VORMEN}
    watch_page(page, server.base_url)
    open_app(page, server.app_url("balans"))
    expect(page.locator("p[role=status]")).to_be_visible()
    page.wait_for_timeout(300)

    def verdict_for(casus: Any, aanpak: Any) -> str:
        return f"positie {evaluate(model, casus, aanpak).positie:+.2f}"

    status = page.locator("p[role=status]")

    # 1. every control can be reached with Tab
    controls = set(page.evaluate(APP_CONTROLS_JS))
    expected = {"select:Casus", "button:Begin opnieuw", *(f"slider:{label}" for label in labels.values())}
    assert expected <= controls, f"controls not found in the page: {sorted(expected - controls)}"
    page.locator("body").focus()
    seen: list[str] = []
    for _ in range(len(controls) * 2 + 20):
        page.keyboard.press("Tab")
        seen.append(focused(page))
        if set(seen) >= controls:
            break
    assert controls - set(seen) == set(), f"not reachable with Tab: {sorted(controls - set(seen))}"

    # 2. choose the second case with the arrow keys in the case list
    page.locator("body").focus()
    tab_to(page, "select:Casus")
    page.keyboard.press("ArrowDown")
    casus = casussen[1]
    expect(page.get_by_text(casus.summary[:60])).to_be_visible()
    expect(status).to_contain_text(verdict_for(casus, casus.start_aanpak))

    # 3. one step more "aanvullen" with the arrow key on the slider
    tab_to(page, f"slider:{labels['aanvullen']}")
    start_level = casus.start_aanpak.level("aanvullen")
    page.keyboard.press("ArrowRight" if start_level < 3 else "ArrowLeft")
    changed_level = start_level + 1 if start_level < 3 else start_level - 1
    ondersteuning = {v: casus.start_aanpak.level(v) for v in VORMEN} | {"aanvullen": changed_level}
    changed = casus.start_aanpak.model_copy(update={"ondersteuning": ondersteuning})
    assert verdict_for(casus, changed) != verdict_for(casus, casus.start_aanpak), "pick a case where this matters"
    expect(status).to_contain_text(verdict_for(casus, changed))

    # 4. Space ticks the checkbox (paid process guide)
    tab_to(page, "checkbox:Betaal een actieve bewoner als procesbegeleider")
    page.keyboard.press("Space")
    with_guide = changed.model_copy(update={"procesbegeleider": not changed.procesbegeleider})
    expect(status).to_contain_text(verdict_for(casus, with_guide))

    # 5. Enter on "Begin opnieuw" puts the case's start approach back
    tab_to(page, "button:Begin opnieuw")
    page.keyboard.press("Enter")
    expect(status).to_contain_text(verdict_for(casus, casus.start_aanpak))
    readout = widget_box(page, labels["aanvullen"]).locator(".widget-readout")
    expect(readout).to_have_text(model.labels.niveau[start_level])
