"""End to end in WebKit (Safari's engine, as on an iPhone): every app opens through the workshop server, answers
a changed control with new content from its kernel, and shares with the group where it has the share panel.

Driven like a participant: real clicks and key presses through WebKitGTK's WebDriver (see conftest.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from browser_harness import READY_JS, WorkshopServer, discover_apps
from widgets_dom import FORBIDDEN_TEXT

SHARE = "Deel met de groep"
SHARED = ("Gedeeld met de groep", "Bijgewerkt om", "Al gedeeld")
"""The share panel's confirmations: first share, a changed answer, the same answer again (the WebKit session keeps
one pseudonym across the tests, so the session page's rollen follows the rollen app's own share)."""
MUST_SHARE = {"balans", "rollen", "sessie"}
"""The scenario apps whose answers the trainer's dashboard shows: they must have the share panel (the session
page: the app it opens, :data:`SESSION_OPENS`)."""
SESSION_OPENS = "rollen"
"""The app the test opens from the session page's menu (tapped like a participant would)."""

APP_TEXT_JS = """
const app = document.querySelector('.hr-app');
if (!app) return null;
const copy = app.cloneNode(true);
const mark = arguments[0];
if (mark) { const own = copy.querySelector('[data-hr-changed]'); if (own) own.remove(); }
return copy.textContent.replace(/\\s+/g, ' ').trim();
"""
"""The app's text; with ``true``, without the widget of the control that was changed (its own readout)."""


def wait_until(check: Callable[[], Any], timeout: float, what: str, seen: Callable[[], str] | None = None) -> Any:
    """Poll ``check`` until it returns something truthy; fail with ``what`` (and ``seen()``) after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"WebKit: {what} (na {timeout:.0f} s)" + (f"; op de pagina: {seen()}" if seen else ""))


def open_in_webkit(driver: Any, url: str) -> None:
    driver.get(url)
    state = wait_until(lambda: driver.execute_script(f"return ({READY_JS})()"), 120, f"{url} wordt niet bruikbaar")
    text = str(driver.execute_script("return document.body.innerText"))[:600]
    assert state == "ready", f"{url}: de app start niet: {text}"


def change_a_control(driver: Any) -> str:
    """Change the app's first slider (arrow key), else its first list, choice or text field; returns what."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    def visible(selector: str) -> list[Any]:
        return [e for e in driver.find_elements(By.CSS_SELECTOR, selector) if e.is_displayed()]

    def mark(element: Any) -> None:
        driver.execute_script(
            "const box = arguments[0].closest('.widget-slider, .widget-inline-hbox, .widget-inline-vbox');"
            "(box || arguments[0]).setAttribute('data-hr-changed', '1');",
            element,
        )

    sliders = visible(".hr-app [role=slider]")
    if sliders:
        handle = sliders[0]
        mark(handle)
        before = handle.get_attribute("aria-valuenow")
        at_max = before == handle.get_attribute("aria-valuemax")
        handle.send_keys(Keys.ARROW_LEFT if at_max else Keys.ARROW_RIGHT)
        wait_until(lambda: handle.get_attribute("aria-valuenow") != before, 20, "de schuif beweegt niet")
        return f"slider {handle.accessible_name!r}"
    selects = visible(".hr-app select")
    if selects:
        choice = Select(selects[0])
        mark(selects[0])
        current = choice.options.index(choice.first_selected_option)
        choice.select_by_index(1 if current == 0 else 0)
        return f"list {selects[0].accessible_name!r}"
    radios = visible(".hr-app input[type=radio]")
    if radios:
        label = radios[0].find_element(By.XPATH, "./ancestor::label[1]")
        label.click()
        wait_until(lambda: radios[0].is_selected(), 20, "het keuzerondje wordt niet gekozen")
        return f"radio {radios[0].accessible_name!r}"
    fields = visible(".hr-app textarea, .hr-app input[type=text]")
    assert fields, "the app has no control to change"
    mark(fields[0])
    fields[0].send_keys("Omdat bewoners zelf aan de slag willen.")
    return f"text field {fields[0].accessible_name!r}"


def open_from_session_menu(driver: Any, name: str) -> None:
    """Tap the session page's menu button of app ``name`` and wait until that app shows its title."""
    from selenium.webdriver.common.by import By

    from handreiking.apps.session import CATALOG

    entry = CATALOG[name]
    label = f"{entry.title} ({entry.where})"
    button = driver.find_element(By.XPATH, f"//button[normalize-space()='{label}']")
    button.click()
    wait_until(
        lambda: any(
            h.is_displayed() for h in driver.find_elements(By.XPATH, f"//h1[normalize-space()='{entry.title}']")
        ),
        60,
        f"de sessiepagina opent {name} niet",
    )


QUESTION_APPS = {"vraag"}
"""Apps whose only control is the trainer's group question: checked by
:func:`test_group_question_answered_in_webkit` (with a question open) instead."""


@pytest.mark.parametrize("app", [a for a in discover_apps() if a not in QUESTION_APPS])
def test_app_opens_answers_and_shares_in_webkit(webkit: Any, workshop: WorkshopServer, app: str) -> None:
    """The app appears in Dutch without code or errors, a changed control brings new content from the kernel,
    and sharing reaches the group (the app confirms it)."""
    from selenium.webdriver.common.by import By

    try:
        open_in_webkit(webkit, workshop.spec.app_url(app))
        assert webkit.execute_script("return document.documentElement.lang") == "nl"
        text = str(webkit.execute_script("return document.body.innerText"))
        for phrase in FORBIDDEN_TEXT:
            assert phrase not in text, f"zichtbaar in WebKit: {phrase!r}"

        if app == "sessie":
            open_from_session_menu(webkit, SESSION_OPENS)
        before = webkit.execute_script(APP_TEXT_JS, False)
        changed = change_a_control(webkit)
        wait_until(
            lambda: webkit.execute_script(APP_TEXT_JS, True) != before,
            30,
            f"{app}: na {changed} verandert de inhoud niet",
        )

        buttons = [b for b in webkit.find_elements(By.XPATH, f"//button[normalize-space()='{SHARE}']")]
        if app in MUST_SHARE:
            assert buttons, f"{app} has no '{SHARE}' button in workshop mode"
        if buttons:
            webkit.execute_script("arguments[0].scrollIntoView({block: 'center'});", buttons[0])
            buttons[0].click()
            wait_until(
                lambda: any(c in str(webkit.execute_script("return document.body.innerText")) for c in SHARED),
                60,
                f"{app}: delen wordt niet bevestigd",
                lambda: str(
                    webkit.execute_script(
                        "const b = arguments[0].closest('.widget-vbox, .widget-box') || document.body;"
                        "return b.innerText.slice(0, 400);",
                        buttons[0],
                    )
                ),
            )
    finally:
        webkit.get("about:blank")  # the page's beacon frees its kernel


def test_group_question_answered_in_webkit(webkit: Any, workshop: WorkshopServer) -> None:
    """The group question app in Safari's engine: it waits in Dutch while nothing is asked, shows the question the
    trainer opens without a reload, and an option tapped reaches the store (the count the projector shows)."""
    from selenium.webdriver.common.by import By

    from handreiking.content import bundled_content
    from handreiking.scenarios.room.questions import catalogue
    from handreiking.workshop.store import open_store
    from handreiking.workshop.store.questions import GroupQuestions

    question = catalogue(bundled_content().of_kind("oefening"), 6)[0].questions[0]
    store = open_store(workshop.settings.store_target)
    desk = GroupQuestions(store)
    body = lambda: str(webkit.execute_script("return document.body.innerText"))  # noqa: E731
    try:
        open_in_webkit(webkit, workshop.spec.app_url("vraag"))
        assert webkit.execute_script("return document.documentElement.lang") == "nl"
        wait_until(lambda: "Er staat nog geen vraag open" in body(), 60, "vraag: geen wachtmelding", body)
        for phrase in FORBIDDEN_TEXT:
            assert phrase not in body(), f"zichtbaar in WebKit: {phrase!r}"

        opened = desk.open(workshop.session, question)
        number = desk.latest(workshop.session).number  # type: ignore[union-attr]
        assert opened is not None
        wait_until(lambda: question.prompt[:40] in body(), 30, "vraag: de geopende vraag verschijnt niet", body)

        right = question.letter(question.correct_ids[0])

        def option() -> Any:
            found = [
                b
                for b in webkit.find_elements(By.CSS_SELECTOR, ".hr-app button")
                if b.is_displayed() and b.is_enabled() and b.text.strip().startswith(f"{right}. ")
            ]
            return found[0] if found else None

        button = wait_until(option, 30, f"vraag: geen knop {right}", body)
        webkit.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
        button.click()
        wait_until(lambda: "Je antwoord is doorgegeven" in body(), 30, "vraag: antwoord niet bevestigd", body)
        counts = desk.counts(workshop.session, number)
        assert sum(counts.values()) == 1 and counts.get(question.correct_ids[0]) == 1, counts
    finally:
        webkit.get("about:blank")
        desk.close(workshop.session)
        store.close()
