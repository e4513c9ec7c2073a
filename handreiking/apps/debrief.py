"""Debrief views on the trainer dashboard, made for a projector: balans per case, rollen per vraagstuk, spotlight.

Each is a :class:`~handreiking.apps.dashboard.DashboardView`: a widget redrawn when the room's answers change.
The numbers come from :mod:`handreiking.scenarios.room.debrief` (pure), the charts from
:mod:`handreiking.plots.debrief` (SVG here, PNG in the report), the HTML from ``templates/room_views.html.j2``
(autoescaped). The spotlight puts one shared reflection large on the screen, chosen by the trainer, without
the pseudonym; the choice list shows the app and the start of the text only.

:func:`workshop_views` puts together the views a workshop's dashboard shows (with the group questions).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from ..content import Content, bundled_documents
from ..content.rollen import rollen_model, rollen_vraagstukken
from ..scenarios.room import Reflectie, Room, room_scenarios
from ..scenarios.room.debrief import balans_debrief, rollen_debrief
from ..templating import html_environment

if TYPE_CHECKING:
    from ..workshop.kernel import KernelWorkshop


def _fragments() -> Any:
    return html_environment("handreiking.apps").get_template("room_views.html.j2").module


def _answers(room: Room, scenario: str) -> list[Any]:
    part = room.get(scenario)
    return [] if part is None else [shared.answer for shared in part.answers]


class BalansDebriefView:
    """Per balans case: the room on the axis next to the well-judged approach, 'beide' apart, the top pitfall."""

    position = "bottom"

    def __init__(self, content: Content | None = None) -> None:
        content = content or bundled_documents("balans-model", "balans-casus")
        self.model = content.of_kind("balans-model")[0]
        self.casussen = content.of_kind("balans-casus")
        self._html = _fragments()
        self.cases: tuple[Any, ...] = ()
        self.widget = widgets.HTML(str(self._html.debrief_balans([])))
        self.widget.add_class("hr-view")

    def update(self, room: Room) -> None:
        from markupsafe import Markup

        from ..plots.debrief import balans_case_chart, debrief_svg

        self.cases = balans_debrief(self.model, self.casussen, _answers(room, "balans"))
        drawn = [(case, Markup(debrief_svg(balans_case_chart(case)))) for case in self.cases]
        self.widget.value = str(self._html.debrief_balans(drawn))


class RollenDebriefView:
    """Per vraagstuk: the room's average mix and spread next to what the four factors ask."""

    position = "bottom"

    def __init__(self, content: Content | None = None) -> None:
        content = content or bundled_documents("rollen-model", "rollen-vraagstuk")
        self.model = rollen_model(content)
        self.vraagstukken = rollen_vraagstukken(content)
        self._html = _fragments()
        self.items: tuple[Any, ...] = ()
        self.widget = widgets.HTML(str(self._html.debrief_rollen([])))
        self.widget.add_class("hr-view")

    def update(self, room: Room) -> None:
        from markupsafe import Markup

        from ..plots.debrief import debrief_svg, rollen_debrief_chart

        self.items = rollen_debrief(self.model, self.vraagstukken, _answers(room, "rollen"))
        drawn = [(item, Markup(debrief_svg(rollen_debrief_chart(item)))) for item in self.items]
        self.widget.value = str(self._html.debrief_rollen(drawn))


def _key(reflectie: Reflectie) -> str:
    """Which reflection: a digest of the app and the pseudonym, so not even the page's option values name anyone."""
    return hashlib.sha256(f"{reflectie.scenario}|{reflectie.participant}".encode()).hexdigest()[:16]


def _choice_label(reflectie: Reflectie, titles: dict[str, str], limit: int = 70) -> str:
    text = " ".join(reflectie.text.split())
    text = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return f"{titles.get(reflectie.scenario, reflectie.scenario)}: {text}"


class SpotlightView:
    """One shared reflection, chosen by the trainer, large on the projector (pseudonym hidden)."""

    position = "top"

    def __init__(self) -> None:
        self._html = _fragments()
        self.titles = {s.id: s.title for s in room_scenarios()}
        self.reflecties: dict[str, Reflectie] = {}
        self.chosen: str | None = None
        self.select = widgets.Dropdown(
            options=[("(nog geen reflecties)", "")],
            value="",
            description="Kies een reflectie",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto", max_width="min(900px, calc(100% - 4px))"),
        )
        self.show_button = widgets.Button(
            description="Zet in de spotlight",
            button_style="primary",
            tooltip="Toon deze reflectie groot",
            layout=widgets.Layout(width="auto"),
        )
        self.hide_button = widgets.Button(
            description="Spotlight uit", tooltip="Haal de reflectie van het scherm", layout=widgets.Layout(width="auto")
        )
        self.quote_html = widgets.HTML(str(self._html.spotlight(None, "")))
        self.show_button.on_click(self.show)
        self.hide_button.on_click(self.hide)
        self.widget = widgets.VBox(
            [
                widgets.HTML(str(self._html.spotlight_heading())),
                self.select,
                widgets.HBox([self.show_button, self.hide_button]),
                self.quote_html,
            ]
        )
        self.widget.add_class("hr-view")
        self.widget.add_class("hr-spotlight")

    def update(self, room: Room) -> None:
        """New reflections become choosable; the one in the spotlight follows its latest text."""
        self.reflecties = {_key(r): r for r in room.reflecties}
        current = self.select.value
        options = [(_choice_label(r, self.titles), key) for key, r in self.reflecties.items()]
        self.select.options = options or [("(nog geen reflecties)", "")]
        self.select.value = current if current in self.reflecties else (options[0][1] if options else "")
        self._render()

    def show(self, *_: Any) -> None:
        self.chosen = self.select.value or None
        self._render()

    def hide(self, *_: Any) -> None:
        self.chosen = None
        self._render()

    def _render(self) -> None:
        item = self.reflecties.get(self.chosen) if self.chosen else None
        title = self.titles.get(item.scenario, item.scenario) if item is not None else ""
        self.quote_html.value = str(self._html.spotlight(item, title))


def workshop_views(workshop: KernelWorkshop) -> Sequence[Any]:
    """The dashboard views of a workshop: group questions and spotlight on top, the debrief below the charts."""
    from ..content import ContentError
    from ..content.loader import load_question_file
    from ..scenarios.room.questions import catalogue
    from .question_desk import QuestionDeskView

    settings = workshop.settings
    own = []
    problem = ""
    if settings.vragen:
        try:
            own = load_question_file(settings.vragen)
        except ContentError as exc:
            problem = (
                f"Je eigen vragenbestand kon niet worden gelezen ({settings.vragen}); de vragen van de les staan "
                f"wel klaar.\n{exc.report()}"
            )
    groups = catalogue(bundled_documents("oefening").of_kind("oefening"), settings.les, own)
    return (
        QuestionDeskView(workshop.group_questions, workshop.session, groups, problem=problem),
        SpotlightView(),
        BalansDebriefView(),
        RollenDebriefView(),
    )
