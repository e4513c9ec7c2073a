"""The session page: ONE kernel per participant for all the apps of a session (``notebooks/apps/sessie.ipynb``).

A participant who opens three apps as three pages costs three kernels; on this page the same three apps share
one kernel (measured in ``benchmarks/kernel_memory.py``). The page is a menu of the session's apps (the apps the
trainer's launcher chose: ``--les N`` takes them from the lesson's sessieplan, ``--app`` names them; they reach
the kernel as the ``sessie_apps`` setting, see :mod:`handreiking.workshop.settings`), one big button per app:

* an app is built when it is first opened, not before (a participant who only uses one app pays for one);
  its module is imported while the kernel is preheated, before anybody waits (``preload``), so a tap only
  builds the widgets;
* switching hides one app and shows the other, in the same page and kernel: nothing reloads, every app keeps
  its state, and every scenario app keeps its own "Deel met de groep" panel;
* page-level extras appear ONCE, at the top of the page: the apps are built inside
  :func:`~handreiking.apps.base.hosted_by_page`, so they leave out the "Vraag van de trainer" panel
  (and its poll), and this page adds one panel above the menu. A new page-level extra follows the same rule:
  the app asks :func:`~handreiking.apps.base.page_level_extras`, this page adds it once in :meth:`SessieApp.__init__`.

Outside a workshop (Binder, a plain ``voila``) the page offers every app of :data:`CATALOG`. A session app this
page does not know (a trainer's own notebook next to the others) is offered as a link to its own page.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import ipywidgets as widgets

from .base import APP_CSS, esc, hosted_by_page, workshop_question_panel
from .guard import guard_workshop_kernel


@dataclass(frozen=True)
class AppEntry:
    """An app the session page can hold: its notebook name, title, where it sits in the handreiking, its class."""

    name: str
    """The app's notebook, ``notebooks/apps/<name>.ipynb`` (and the name in ``--app`` and the sessieplan)."""
    title: str
    """The app's title, as in its notebook's metadata (a test keeps them the same)."""
    where: str
    """Where the app sits in the handreiking ("Les 1, Stap 1.1")."""
    module: str
    factory: str
    """``module.factory.from_data()`` builds the app."""

    def build(self) -> widgets.Widget:
        cls = getattr(importlib.import_module(self.module), self.factory)
        return cls.from_data()


CATALOG: dict[str, AppEntry] = {
    entry.name: entry
    for entry in (
        AppEntry(
            "overzicht", "Overzicht van de handreiking", "alle lessen", "handreiking.apps.overzicht", "OverzichtApp"
        ),
        AppEntry(
            "zelfscan", "Hoe open is jouw gemeente?", "Les 1, Stap 1.1", "handreiking.apps.zelfscan", "ZelfscanApp"
        ),
        AppEntry("rollen", "Rollen kiezen en stapelen", "Les 1, Stap 1.1", "handreiking.apps.rollen", "RollenApp"),
        AppEntry(
            "beleidsnotitie",
            "Bouw je beleidsnotitie burgerinitiatieven",
            "Les 1, Stap 1.2",
            "handreiking.apps.beleidsnotitie",
            "BeleidsnotitieApp",
        ),
        AppEntry(
            "routekiezer",
            "Route-kiezer: welke aanbestedingsroute past?",
            "Les 3, Stap 3.3",
            "handreiking.apps.routekiezer",
            "RoutekiezerApp",
        ),
        AppEntry(
            "balans",
            "Balans tussen onderschatten en overvragen",
            "Les 6, Stap 6.1",
            "handreiking.apps.balans",
            "BalansApp",
        ),
        AppEntry("bril", "De democratische bril", "Les 7, Stap 7.2", "handreiking.apps.bril", "BrilApp"),
    )
}
"""Every app the session page can hold, in the order of the lessons (the overview first)."""

NOT_HOSTED = frozenset({"sessie", "vraag"})
"""Pages the session page never offers: itself, and the question page (its panel is on this page already)."""

SESSION_CSS = """
<style>
.hr-app .hr-session-menu { display: flex; flex-flow: row wrap; gap: 0.5em; margin: 0.3em 0 0.8em; }
.hr-app .hr-session-menu button.hr-session-app { flex: 1 1 250px; max-width: 100%; width: auto; height: auto;
  min-height: 52px; margin: 0; padding: 0.55em 0.9em; white-space: normal; text-align: left; font-size: 17px;
  line-height: 1.35; border: 2px solid #1f4e99; border-radius: 10px; background: #ffffff; color: #1a1a1a; }
.hr-app .hr-session-menu button.hr-session-app.mod-primary { background: #1f4e99; color: #ffffff; }
.hr-app .hr-session-menu button.hr-session-app:hover { background: #e8eef7; }
.hr-app .hr-session-menu button.hr-session-app.mod-primary:hover { background: #173b75; }
.hr-app .hr-session-stage > .hr-app { border-top: 2px solid #c7cdd6; padding-top: 0.4em; }
.hr-app .hr-session-failed { color: #b3261e; font-weight: 600; }
</style>
"""
"""Big buttons for one thumb (at least 52 px high; one per row on a phone, side by side on a wide screen)."""

INTRO = (
    "Tik op een app om hem te openen. Je kunt steeds wisselen: wat je in een app hebt gedaan, blijft staan "
    "zolang deze pagina open is."
)
OPENING = "‘{title}’ wordt geopend…"
FAILED = "De app ‘{title}’ kon niet openen. Tik nog eens op de knop, of vraag de trainer om hulp."
CHOSEN = "✓ "
"""Put before the button text of the app that is open (besides its colour), so a screen reader hears it too."""


def session_app_names() -> tuple[str, ...]:
    """The apps of this session: the ``sessie_apps`` setting (the launcher's choice), else every known app."""
    from ..workshop.settings import workshop_settings

    chosen = workshop_settings().session_apps
    return chosen or tuple(CATALOG)


class SessieApp(widgets.VBox):
    """One page, one kernel: a menu of the session's apps; each built when first opened, all kept while open.

    ``names``: the session's apps in order (names of ``notebooks/apps/<name>.ipynb``). ``catalog``: what each
    name builds (tests pass small apps). ``question_panel``: the page's "Vraag van de trainer" panel; by
    default the workshop's (None outside a workshop). ``preload``: import the apps' modules now, so that
    opening one only builds it. ``notebook_dir``: where a name outside the catalog must exist as a notebook to
    be offered as a link (default: the working folder, which Voila sets to the notebook's folder).
    """

    title = "De apps van deze sessie"

    def __init__(
        self,
        names: Sequence[str],
        *,
        catalog: dict[str, AppEntry] | None = None,
        question_panel: widgets.Widget | Callable[[], widgets.Widget | None] | None = workshop_question_panel,
        preload: bool = False,
        notebook_dir: Path | None = None,
    ) -> None:
        self.catalog = CATALOG if catalog is None else catalog
        wanted = [n for n in dict.fromkeys(names) if n not in NOT_HOSTED]
        self.names: tuple[str, ...] = tuple(n for n in wanted if n in self.catalog)
        folder = Path.cwd() if notebook_dir is None else notebook_dir
        self.elsewhere: tuple[str, ...] = tuple(
            n for n in wanted if n not in self.catalog and (folder / f"{n}.ipynb").is_file()
        )
        self.apps: dict[str, widgets.Widget] = {}
        """The apps built so far, by name."""
        self.current: str | None = None

        header = widgets.HTML(
            APP_CSS + SESSION_CSS + f"<h1>{esc(self.title)}</h1><p>{esc(INTRO)}</p>"
            if self.names
            else APP_CSS + SESSION_CSS + f"<h1>{esc(self.title)}</h1>"
        )
        self.question_panel = question_panel() if callable(question_panel) else question_panel
        self.buttons: dict[str, widgets.Button] = {}
        for name in self.names:
            entry = self.catalog[name]
            button = widgets.Button(
                description=self._label(name),
                tooltip=f"Open de app ‘{entry.title}’",
                layout=widgets.Layout(width="auto", height="auto"),
            )
            button.add_class("hr-session-app")
            button.on_click(lambda _b, name=name: self.show_app(name))
            self.buttons[name] = button
        self.menu = widgets.HBox(list(self.buttons.values()), layout=widgets.Layout(width="100%"))
        self.menu.add_class("hr-session-menu")
        self.links_html = widgets.HTML(self._links())
        self.status_html = widgets.HTML()
        self.stage = widgets.VBox([], layout=widgets.Layout(width="100%"))
        self.stage.add_class("hr-session-stage")
        top = [header] if self.question_panel is None else [header, self.question_panel]
        super().__init__([*top, self.menu, self.links_html, self.status_html, self.stage])
        self.add_class("hr-app")
        self.add_class("hr-sessie")
        if preload:
            self.preload()
        guard_workshop_kernel()  # in a workshop kernel: every widget message is checked before it applies

    @classmethod
    def from_data(cls) -> SessieApp:
        """The page as a participant opens it (``notebooks/apps/sessie.ipynb``): this session's apps; in a workshop
        their modules are imported at once (the kernel is preheated: nobody waits for it)."""
        from ..workshop.settings import workshop_settings

        return cls(session_app_names(), preload=workshop_settings().in_workshop)

    # ---- the menu

    def _label(self, name: str) -> str:
        entry = self.catalog[name]
        text = f"{entry.title} ({entry.where})"
        return CHOSEN + text if name == self.current else text

    def _links(self) -> str:
        if not self.names and not self.elsewhere:
            return "<p>Voor deze sessie staan geen apps klaar. Vraag de trainer welke app je kunt openen.</p>"
        if not self.elsewhere:
            return ""
        links = ", ".join(f'<a href="{esc(n)}.ipynb">{esc(n)}</a>' for n in self.elsewhere)
        return f"<p>Ook in deze sessie, elk op een eigen pagina: {links}.</p>"

    def preload(self) -> None:
        """Do now what does not depend on the participant, while the kernel is preheated and nobody waits.

        Import the modules of the session's apps (no app is built: opening one then only builds it). Otherwise
        a room joining at once makes every kernel do it at the same moment, and each waits for the others on a
        busy machine. (The store the page's question panel polls is opened when the panel gets its link.)
        """
        for name in self.names:
            try:
                importlib.import_module(self.catalog[name].module)
            except Exception:  # opening the app will say what went wrong
                continue

    # ---- opening and switching

    def show_app(self, name: str) -> widgets.Widget | None:
        """Show app ``name``, built on first use; the other apps stay as they are, out of sight."""
        entry = self.catalog.get(name)
        if entry is None or name not in self.names:
            raise KeyError(f"{name!r} is not an app of this session")
        app = self.apps.get(name)
        if app is None:
            self.status_html.value = f'<p role="status" class="hr-note">{esc(OPENING.format(title=entry.title))}</p>'
            try:
                with hosted_by_page():  # the app leaves the page-level extras to this page
                    app = entry.build()
            except Exception as exc:
                self._failed(entry, exc)
                return None
            self.apps[name] = app
            self.stage.children = (*self.stage.children, app)
        for other, built in self.apps.items():
            built.layout.display = None if other == name else "none"
        self.current = name
        for key, button in self.buttons.items():
            button.description = self._label(key)
            button.button_style = "primary" if key == name else ""
        self.status_html.value = ""
        return app

    def _failed(self, entry: AppEntry, exc: Exception) -> None:
        from ..workshop.kernel_log import server_log

        server_log().warning(
            "De app %s kon op de sessiepagina niet openen: %s: %s", entry.name, type(exc).__name__, exc
        )
        self.status_html.value = (
            f'<p role="alert" class="hr-session-failed">{esc(FAILED.format(title=entry.title))}</p>'
        )

    def close(self) -> None:
        if self.question_panel is not None:
            self.question_panel.close()
        super().close()
