"""The session page (handreiking/apps/session.py): one kernel, a menu of the session's apps, each built on first use.

The apps are the real ones; in workshop mode (a session and a store in the environment, as a workshop kernel has
them) each scenario app gets its own share panel, and the page has ONE "Vraag van de trainer" panel.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest
from ipywidgets.widgets import widget as widget_module

from handreiking.apps import guard, question
from handreiking.apps.balans import BalansApp
from handreiking.apps.base import page_level_extras
from handreiking.apps.guard import install_widget_guard
from handreiking.apps.question import QuestionPanel
from handreiking.apps.rollen import RollenApp
from handreiking.apps.session import CATALOG, CHOSEN, FAILED, AppEntry, SessieApp, session_app_names
from handreiking.apps.share import SharePanel
from handreiking.workshop.kernel import kernel_workshop

ROOT = Path(__file__).resolve().parents[2]
APPS_DIR = ROOT / "notebooks" / "apps"


def _tree(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _tree(child)


def _count(page: widgets.Widget, kind: type) -> int:
    return sum(isinstance(w, kind) for w in _tree(page))


@pytest.fixture
def workshop(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """This process as a workshop kernel: a session, a store, the participant's pseudonym."""
    monkeypatch.setenv("HANDREIKING_SESSIE", "SESS23")
    monkeypatch.setenv("HANDREIKING_OPSLAG", str(tmp_path / "w.sqlite3"))
    monkeypatch.setenv("HTTP_X_HANDREIKING_DEELNEMER", "Rode-Vos-12")
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    kernel_workshop.cache_clear()
    try:
        yield
    finally:
        kernel_workshop.cache_clear()


@pytest.fixture
def plain(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Outside a workshop (Binder, a plain voila)."""
    for name in ("SESSIE", "SESSIE_APPS"):
        monkeypatch.delenv(f"HANDREIKING_{name}", raising=False)
    kernel_workshop.cache_clear()
    yield
    kernel_workshop.cache_clear()


def test_the_menu_lists_the_sessions_apps_in_order(plain: None) -> None:
    """One button per app of the session, in the session's order, with its title and its place in the
    handreiking; the page itself and the question page are never offered, a name twice only once."""
    page = SessieApp(["zelfscan", "rollen", "sessie", "vraag", "beleidsnotitie", "rollen"])
    assert page.names == ("zelfscan", "rollen", "beleidsnotitie")
    assert list(page.buttons) == ["zelfscan", "rollen", "beleidsnotitie"]
    assert list(page.menu.children) == list(page.buttons.values())
    assert [b.description for b in page.menu.children] == [
        "Hoe open is jouw gemeente? (Les 1, Stap 1.1)",
        "Rollen kiezen en stapelen (Les 1, Stap 1.1)",
        "Bouw je beleidsnotitie burgerinitiatieven (Les 1, Stap 1.2)",
    ]
    assert page.current is None and page.question_panel is None


def test_apps_are_built_only_when_first_opened(plain: None) -> None:
    """Nothing is built until a button is tapped; a tap builds that one app, once."""
    page = SessieApp(["rollen", "balans"])
    assert page.apps == {} and page.stage.children == ()
    page.buttons["balans"].click()
    assert list(page.apps) == ["balans"] and isinstance(page.apps["balans"], BalansApp)
    assert page.stage.children == (page.apps["balans"],)
    first = page.apps["balans"]
    page.buttons["balans"].click()
    assert page.apps["balans"] is first and len(page.stage.children) == 1


def test_switching_keeps_each_apps_state(plain: None) -> None:
    """Switch to another app and back: the same app, with what the participant did still in it, shown again;
    the other one hidden, not gone; the menu marks the open app."""
    page = SessieApp(["rollen", "balans"])
    rollen = page.show_app("rollen")
    assert isinstance(rollen, RollenApp)
    first = next(iter(rollen.sliders.values()))
    first.value = 70
    mix = dict(rollen.mix)
    balans = page.show_app("balans")
    assert isinstance(balans, BalansApp)
    assert rollen.layout.display == "none" and balans.layout.display is None
    assert page.buttons["balans"].description.startswith(CHOSEN) and page.buttons["balans"].button_style == "primary"
    assert not page.buttons["rollen"].description.startswith(CHOSEN) and page.buttons["rollen"].button_style == ""
    assert page.show_app("rollen") is rollen
    assert rollen.mix == mix and first.value == 70
    assert rollen.layout.display is None and balans.layout.display == "none"
    assert page.stage.children == (rollen, balans) and page.current == "rollen"


def test_every_app_keeps_its_own_share_panel_and_the_page_has_one_question_panel(
    workshop: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a workshop kernel with two apps opened: each app has one share panel (sharing that app's answer), the
    page has exactly one "Vraag van de trainer" panel, at the top above the menu, and one poller, running."""
    pollers: list[Any] = []

    class CountingPoller(question.Poller):  # type: ignore[type-arg]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            pollers.append(self)

    monkeypatch.setattr(question, "Poller", CountingPoller)
    page = SessieApp(["rollen", "balans"])
    try:
        rollen, balans = page.show_app("rollen"), page.show_app("balans")
        assert _count(page, QuestionPanel) == 1
        assert isinstance(page.question_panel, QuestionPanel)
        assert page.children.index(page.question_panel) < page.children.index(page.menu)
        assert rollen.question_panel is None and balans.question_panel is None
        assert len(pollers) == 1 and pollers[0] is page.question_panel.poller and pollers[0].running
        for app in (rollen, balans):
            assert _count(app, SharePanel) == 1
            assert isinstance(app.share_panel, SharePanel) and app.share_panel.app is app
            assert app.children[-1] is app.share_panel
        assert _count(page, SharePanel) == 2
    finally:
        page.close()
    assert pollers[0]._stop.is_set()  # closing the page stops its poll


def test_an_app_on_its_own_page_still_has_its_question_panel(workshop: None) -> None:
    """The hook only applies inside the session page: rollen opened as its own page keeps the panel."""
    assert page_level_extras()
    app = RollenApp.from_data()
    try:
        assert isinstance(app.question_panel, QuestionPanel)
    finally:
        app.question_panel.close()
    assert page_level_extras()  # the session page's hosting ended with the build


class FakeKernel:
    """The two handlers the guard wraps; ``comm_msg`` applies the message as ipywidgets would."""

    def __init__(self) -> None:
        self.delivered: list[Any] = []
        self.comm_manager = type("CM", (), {"comms": {}, "get_comm": lambda self, _id: None})()
        self.shell_handlers = {"comm_open": lambda *_: None, "comm_msg": self._msg}

    def _msg(self, _stream: Any, _ident: Any, msg: Any) -> None:
        self.delivered.append(msg)
        widget = widget_module._instances.get(msg["content"]["comm_id"])
        if widget is not None:
            widget._handle_msg(msg)


def test_the_menu_passes_the_widget_guard(workshop: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a workshop kernel the page installs the guard; a tap on a menu button (a click message from the page)
    passes it and opens the app, a forged change to a button does not."""
    fake = FakeKernel()
    monkeypatch.setattr(guard, "_current_kernel", lambda: fake)
    page = SessieApp(["zelfscan", "rollen"])
    try:
        assert fake in guard._installed
        handler = install_widget_guard(fake)
        assert handler is guard._installed[fake]
        button = page.buttons["rollen"]
        click = {
            "content": {"comm_id": button.model_id, "data": {"method": "custom", "content": {"event": "click"}}},
            "buffers": [],
        }
        fake.shell_handlers["comm_msg"](None, None, click)
        assert page.current == "rollen" and isinstance(page.apps["rollen"], RollenApp)
        forged = {
            "content": {
                "comm_id": button.model_id,
                "data": {"method": "update", "state": {"description": "x"}, "buffer_paths": []},
            },
            "buffers": [],
        }
        fake.shell_handlers["comm_msg"](None, None, forged)
        assert button.description.endswith("(Les 1, Stap 1.1)") and len(fake.delivered) == 1
    finally:
        page.close()


def test_an_app_that_fails_to_open_says_so_in_dutch_and_can_be_tried_again(plain: None) -> None:
    catalog = {
        "kapot": AppEntry("kapot", "Kapotte app", "Les 1, Stap 1.1", "handreiking.apps.bestaat_niet", "KapotApp"),
        **CATALOG,
    }
    page = SessieApp(["kapot", "rollen"], catalog=catalog)
    page.buttons["kapot"].click()
    assert FAILED.format(title="Kapotte app") in page.status_html.value.replace("&#x27;", "'")
    assert 'role="alert"' in page.status_html.value and "Traceback" not in page.status_html.value
    assert page.apps == {} and page.current is None and not page.buttons["kapot"].disabled
    page.buttons["rollen"].click()
    assert page.current == "rollen" and page.status_html.value == ""


def test_a_session_app_outside_the_catalog_is_a_link_to_its_own_page(plain: None, tmp_path: Path) -> None:
    (tmp_path / "eigen.ipynb").write_text("{}", encoding="utf-8")
    page = SessieApp(["eigen", "onbekend", "rollen"], notebook_dir=tmp_path)
    assert page.names == ("rollen",) and page.elsewhere == ("eigen",)
    assert 'href="eigen.ipynb"' in page.links_html.value and "onbekend" not in page.links_html.value


def test_the_session_apps_come_from_the_workshop_settings(monkeypatch: pytest.MonkeyPatch, plain: None) -> None:
    """The launcher's choice (``sessie_apps``) in its order; without one (Binder) every app of the catalog."""
    assert session_app_names() == tuple(CATALOG)
    monkeypatch.setenv("HANDREIKING_SESSIE_APPS", "rollen, Zelfscan,beleidsnotitie")
    assert session_app_names() == ("rollen", "zelfscan", "beleidsnotitie")
    assert SessieApp.from_data().names == ("rollen", "zelfscan", "beleidsnotitie")


def test_the_catalog_matches_the_app_notebooks() -> None:
    """Every participant app (except the session and question pages) is in the catalog with its notebook's title,
    and the class the catalog names is the one its notebook builds."""
    notebooks = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in APPS_DIR.glob("*.ipynb")}
    assert set(CATALOG) == set(notebooks) - {"sessie", "vraag"}
    for name, entry in CATALOG.items():
        nb = notebooks[name]
        assert entry.title == nb["metadata"]["title"], name
        source = "".join(nb["cells"][0]["source"])
        assert f"from {entry.module} import {entry.factory}" in source, name
        assert entry.where == "alle lessen" or entry.where.startswith("Les ")


def test_a_preheated_session_page_has_done_what_does_not_depend_on_the_participant(
    workshop: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a workshop kernel the page imports its apps' modules and opens the store before anybody joins, so a room
    joining at once does not make every kernel do it at the same moment; it builds no app."""
    import sys

    monkeypatch.delitem(sys.modules, "handreiking.apps.routekiezer", raising=False)
    monkeypatch.setenv("HANDREIKING_SESSIE_APPS", "routekiezer")
    page = SessieApp.from_data()
    try:
        assert page.apps == {} and page.names == ("routekiezer",)
        assert "handreiking.apps.routekiezer" in sys.modules
        workshop_now = kernel_workshop()
        assert workshop_now is not None and workshop_now._store is not None
    finally:
        page.close()
