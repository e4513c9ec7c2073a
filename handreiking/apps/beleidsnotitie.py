"""The beleidsnotitie builder (Les 1, Stap 1.2): write the seven parts, see the draft, download it.

Wiring only: the text fields feed :func:`handreiking.scenarios.beleidsnotitie.make_concept`;
the preview and the download link come from the same module, which escapes
everything the user typed. Nothing is stored or sent: the text lives in the
widgets and in the downloaded file.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ..content import Content, bundled_documents
from ..content.beleidsnotitie import ONDERDEEL_IDS, BeleidsnotitieSjabloon, beleidsnotitie_sjabloon
from ..scenarios.beleidsnotitie import (
    MAX_PART_CHARS,
    MAX_TITLE_CHARS,
    Concept,
    concept_html,
    concept_markdown,
    download_link_html,
    make_concept,
)
from ..scenarios.room.beleidsnotitie import BeleidsnotitieAntwoord
from .base import ScenarioApp, esc, heading, two_columns

STACK_CSS = """
<style>
.hr-app .hr-stack { flex-direction: column; align-items: stretch; width: 100%; }
.hr-app .hr-stack .widget-label { width: auto; max-width: 100%; white-space: normal; font-weight: 600;
  text-align: left; }
.hr-app .hr-stack textarea, .hr-app .hr-stack input { width: 100%; box-sizing: border-box; }
.hr-app .hr-download a { color: #1f4e99; text-decoration: underline; font-weight: 600; }
.hr-app .hr-preview { border: 1px solid #595959; padding: 0.6em 1em; background: #fff; overflow-wrap: anywhere; }
</style>
"""
"""Labels above their fields (room on a phone), and a framed preview."""

CLEAR_LABEL = "Wis alles"
CONFIRM_LABEL = "Zeker weten? Klik nog eens om alles te wissen"


class BeleidsnotitieApp(ScenarioApp):
    """A text field per part of the beleidsnotitie, a live preview and a Markdown download."""

    scenario = "beleidsnotitie"
    title = "Bouw je beleidsnotitie burgerinitiatieven"

    def __init__(self, sjabloon: BeleidsnotitieSjabloon, content: Content) -> None:
        self.sjabloon = sjabloon
        self.content = content
        self._clearing = False
        self.confirm_pending = False
        start = make_concept("", {}, content)

        self.title_field = widgets.Text(
            value="",
            description="Titel van de notitie",
            placeholder="Bijvoorbeeld: Ruimte voor energie-initiatieven in onze gemeente",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        self.title_field.add_class("hr-stack")
        self.fields: dict[str, widgets.Textarea] = {}
        self.counters: dict[str, widgets.HTML] = {}
        rows: list[widgets.Widget] = [
            widgets.HTML(STACK_CSS + f"<p>{esc(sjabloon.intro)}</p>"),
            self.title_field,
            widgets.HTML(f"<p class='hr-note'>Titel: hoogstens {MAX_TITLE_CHARS} tekens.</p>"),
        ]
        for o in start.onderdelen:
            area = widgets.Textarea(
                value="",
                description=f"{o.nummer}. {o.naam}",
                placeholder=o.vraag,
                rows=4,
                style={"description_width": "initial"},
                layout=widgets.Layout(width="auto"),
            )
            area.add_class("hr-stack")
            self.fields[o.id] = area
            self.counters[o.id] = widgets.HTML()
            rows += [
                widgets.HTML(f"<p><strong>{esc(o.vraag)}</strong><br><span class='hr-note'>{esc(o.hint)}</span></p>"),
                area,
                self.counters[o.id],
            ]
        self.clear_button = widgets.Button(description=CLEAR_LABEL, tooltip="Maak alle velden leeg")
        self.cancel_button = widgets.Button(description="Niet wissen", layout=widgets.Layout(display="none"))
        self.status = widgets.HTML()
        rows += [widgets.HBox([self.clear_button, self.cancel_button]), self.status]

        self.preview = widgets.HTML()
        self.preview.add_class("hr-preview")
        self.download = widgets.HTML()
        self.concept: Concept = start
        self.markdown = ""

        form = widgets.VBox(rows)
        result = widgets.VBox([heading("Voorbeeld van je concept", 2), self.download, self.preview])
        columns = two_columns(form, result)
        super().__init__([columns])

        self.title_field.observe(self._on_edit, names="value")
        for area in self.fields.values():
            area.observe(self._on_edit, names="value")
        self.clear_button.on_click(self.clear)
        self.cancel_button.on_click(self.cancel_clear)
        self.refresh()

    @classmethod
    def from_data(cls, content: Content | None = None) -> BeleidsnotitieApp:
        """The builder with the bundled template and framework (or those in ``content``)."""
        content = content or bundled_documents("beleidsnotitie-sjabloon", "framework")
        return cls(beleidsnotitie_sjabloon(content), content)

    # --- state -----------------------------------------------------------------------------

    def parts(self) -> dict[str, str]:
        return {oid: area.value for oid, area in self.fields.items()}

    def fill(self, title: str, parts: dict[str, str]) -> None:
        """Put ``title`` and ``parts`` in the fields (e.g. the worked example), then refresh once."""
        self._clearing = True
        try:
            self.title_field.value = title
            for oid, area in self.fields.items():
                area.value = parts.get(oid, "")
        finally:
            self._clearing = False
        self._set_pending(False)
        self.refresh()

    def _on_edit(self, *_: Any) -> None:
        if self._clearing:
            return
        if self.confirm_pending:
            self._set_pending(False)
            self.status.value = ""
        self.refresh()

    def _set_pending(self, pending: bool) -> None:
        self.confirm_pending = pending
        self.clear_button.description = CONFIRM_LABEL if pending else CLEAR_LABEL
        self.clear_button.button_style = "danger" if pending else ""
        self.cancel_button.layout.display = None if pending else "none"

    def clear(self, *_: Any) -> None:
        """First click asks for confirmation; the second click empties every field."""
        if not self.confirm_pending:
            self._set_pending(True)
            self.status.value = (
                "<p role='status'>Weet je het zeker? Alles wat je hebt geschreven verdwijnt. "
                "Download eerst je concept als je het wilt bewaren.</p>"
            )
            return
        self.fill("", {})
        self.status.value = "<p role='status'>Alle velden zijn leeg.</p>"

    def cancel_clear(self, *_: Any) -> None:
        self._set_pending(False)
        self.status.value = "<p role='status'>Er is niets gewist.</p>"

    def refresh(self, *_: Any) -> None:
        self.concept = make_concept(self.title_field.value, self.parts(), self.content)
        self.markdown = concept_markdown(self.concept)
        self.preview.value = concept_html(self.concept)
        self.download.value = f"<p class='hr-download'>{download_link_html(self.markdown)}</p>"
        for o in self.concept.onderdelen:
            lengte = len(self.fields[o.id].value or "")
            note = " <strong>Te lang: de rest valt weg in het concept.</strong>" if o.ingekort else ""
            self.counters[o.id].value = f"<p class='hr-note'>{lengte} van {MAX_PART_CHARS} tekens.{note}</p>"

    def answer(self) -> BeleidsnotitieAntwoord:
        """What can be shared: which parts are filled in (never the text itself)."""
        ingevuld = list(self.concept.ingevuld)
        return BeleidsnotitieAntwoord(
            ingevuld=ingevuld, aantal_ingevuld=len(ingevuld), aantal_onderdelen=len(ONDERDEEL_IDS)
        )

    def summary(self) -> str:
        return f"{len(self.concept.ingevuld)} van de {len(ONDERDEEL_IDS)} onderdelen ingevuld."
