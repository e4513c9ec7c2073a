"""The democratische-bril app (Les 7, Stap 7.2; the council in Stap 7.1).

Wiring only: a case dropdown, a radio group per question of the bril, a
checkbox per measure. The comparison lives in :mod:`handreiking.scenarios.bril`,
the questions, scale, measures and cases in ``data/scenarios/bril/``.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ..content import Content, bundled_documents
from ..content.bril import BrilCasus, BrilModel, bril_casussen, bril_model
from ..scenarios.bril import Uitkomst, evaluate
from ..scenarios.room.bril import BrilAntwoord
from .base import LABEL_STYLE, ScenarioApp, control_layout, esc, heading, two_columns

WRAP_CSS = """
<style>
.hr-app .hr-bril .widget-radio-box { flex-direction: row; flex-wrap: wrap; gap: 0 1em; min-width: 0; }
.hr-app .hr-bril .widget-radio-box label { white-space: normal; width: auto; }
.hr-app .hr-bril .widget-checkbox { width: 100%; height: auto; }
.hr-app .hr-bril .widget-checkbox label { white-space: normal; line-height: 1.3; }
.hr-app .hr-bril-feedback li { margin-bottom: 0.5em; }
</style>
"""
"""Scale options side by side (wrapping on a phone); long measure labels wrap."""

BADGE = {"open": "", "gelijk": "hr-laag", "strenger": "hr-midden", "milder": "hr-hoog"}
"""Badge colours per comparison; the badge always carries its text label too."""


class BrilApp(ScenarioApp):
    """Look at a case through the democratische bril: judge six questions, choose measures, read the feedback."""

    scenario = "bril"
    title = "De democratische bril"

    def __init__(self, model: BrilModel, casussen: list[BrilCasus]) -> None:
        self.model = model
        self.casussen: dict[str, BrilCasus] = {c.id: c for c in casussen}
        first = casussen[0]

        self.casus_select = widgets.Dropdown(
            options=[(c.title, c.id) for c in casussen],
            value=first.id,
            description="Casus",
            style=LABEL_STYLE,
            layout=control_layout(),
        )
        self.casus_html = widgets.HTML()
        self.oordelen: dict[str, widgets.RadioButtons] = {}
        rows: list[widgets.Widget] = [
            widgets.HTML(WRAP_CSS + f"<p>{esc(model.intro)}</p>"),
            self.casus_select,
            self.casus_html,
            heading("Jouw oordeel per vraag", 2),
        ]
        for vraag in model.vragen:
            radio = widgets.RadioButtons(
                options=[(n.label, n.id) for n in model.schaal],
                value=None,
                description=vraag.kort,
                style=LABEL_STYLE,
                layout=control_layout(max_width="100%"),
            )
            self.oordelen[vraag.id] = radio
            rows += [widgets.HTML(f"<h3>{esc(vraag.kort)}</h3><p>{esc(vraag.vraag)}</p>"), radio]

        self.maatregelen: dict[str, widgets.Checkbox] = {}
        rows += [heading("Welke maatregelen stel je voor?", 2), widgets.HTML(f"<p>{esc(model.maatregelen_uitleg)}</p>")]
        for m in model.maatregelen:
            box = widgets.Checkbox(
                value=False, description=m.naam, indent=False, layout=control_layout(max_width="100%")
            )
            self.maatregelen[m.id] = box
            rows.append(box)
        self.reset_button = widgets.Button(description="Begin opnieuw", layout=widgets.Layout(width="auto"))
        rows.append(self.reset_button)

        self.status_html = widgets.HTML()
        self.vragen_html = widgets.HTML()
        self.maatregelen_html = widgets.HTML()
        self.raad_html = widgets.HTML()
        self.explain_html = widgets.HTML(self._explain_html())
        self.uitkomst: Uitkomst = evaluate(model, first, {})

        controls = widgets.VBox(rows)
        results = widgets.VBox(
            [
                heading("Feedback", 2),
                self.status_html,
                self.vragen_html,
                self.maatregelen_html,
                self.raad_html,
                self.explain_html,
            ]
        )
        controls.add_class("hr-bril")
        columns = two_columns(controls, results)
        super().__init__([columns])

        self.casus_select.observe(self._on_casus, names="value")
        for radio in self.oordelen.values():
            radio.observe(self.refresh, names="value")
        for box in self.maatregelen.values():
            box.observe(self.refresh, names="value")
        self.reset_button.on_click(self.reset)
        self.refresh()

    @classmethod
    def from_data(cls, content: Content | None = None) -> BrilApp:
        """The app with the bundled model and cases (or those in ``content``)."""
        content = content or bundled_documents("bril-model", "bril-casus")
        return cls(bril_model(content), bril_casussen(content))

    # --- state -----------------------------------------------------------------------------

    @property
    def casus(self) -> BrilCasus:
        return self.casussen[self.casus_select.value]

    def gekozen_oordelen(self) -> dict[str, str | None]:
        return {vid: radio.value for vid, radio in self.oordelen.items()}

    def gekozen_maatregelen(self) -> list[str]:
        return [mid for mid, box in self.maatregelen.items() if box.value]

    def _clear(self) -> None:
        for radio in self.oordelen.values():
            radio.value = None
        for box in self.maatregelen.values():
            box.value = False

    def _on_casus(self, *_: Any) -> None:
        self._clear()  # a new case starts with a fresh judgement
        self.refresh()

    def reset(self, *_: Any) -> None:
        self._clear()
        self.refresh()

    def refresh(self, *_: Any) -> None:
        self.uitkomst = evaluate(self.model, self.casus, self.gekozen_oordelen(), self.gekozen_maatregelen())
        self.casus_html.value = self._casus_html(self.casus)
        self.status_html.value = self._status_html(self.uitkomst)
        self.vragen_html.value = self._vragen_html(self.uitkomst)
        self.maatregelen_html.value = self._maatregelen_html(self.uitkomst)
        self.raad_html.value = (
            f"<h3>De gemeenteraad</h3><p><strong>Stap {esc(self.uitkomst.raad.stap)}:</strong> "
            f"{esc(self.uitkomst.raad.tekst)}</p>"
        )

    def answer(self) -> BrilAntwoord:
        u = self.uitkomst
        return BrilAntwoord(
            casus=u.casus,
            oordelen=dict(u.oordelen),
            beoordeeld=u.beoordeeld,
            gelijk=u.count("gelijk"),
            milder=u.count("milder"),
            strenger=u.count("strenger"),
            maatregelen=list(u.maatregelen),
            open_zorgpunten=list(u.open_zorgpunten),
        )

    def summary(self) -> str:
        u = self.uitkomst
        if u.beoordeeld == 0:
            return f"{self.casus.title}: nog geen oordeel gegeven."
        return (
            f"{self.casus.title}: {u.count('gelijk')} van de {len(u.vragen)} oordelen gelijk aan de casus, "
            f"{len(u.gemist)} zorgpunt(en) gemist, {len(u.maatregelen)} maatregel(en) gekozen, "
            f"{len(u.open_zorgpunten)} zorgpunt(en) zonder maatregel."
        )

    # --- rendering -------------------------------------------------------------------------

    def _casus_html(self, casus: BrilCasus) -> str:
        feiten = "".join(f"<li>{esc(f)}</li>" for f in casus.feiten)
        extra = f"<p class='hr-note'>{esc(casus.kanttekening)}</p>" if casus.kanttekening else ""
        title = f"<h2>{esc(casus.title)}</h2>"  # the whole title, also where a phone's dropdown cuts it off
        return f"{title}<p>{esc(casus.summary)}</p><ul>{feiten}</ul>{extra}"

    def _status_html(self, u: Uitkomst) -> str:
        if u.beoordeeld == 0:
            text = "Geef bij elke vraag je oordeel; de feedback verschijnt per vraag."
        else:
            text = (
                f"{u.beoordeeld} van de {len(u.vragen)} vragen beoordeeld. Gelijk aan de casus: {u.count('gelijk')}. "
                f"Minder zorg dan de casus: {u.count('milder')}. Meer zorg dan de casus: {u.count('strenger')}. "
                f"Zorgpunten van de casus met een maatregel: {len(u.gedekt)} van {len(u.zorgpunten)}."
            )
        return f'<p role="status">{esc(text)}</p>'

    def _vragen_html(self, u: Uitkomst) -> str:
        items = []
        for v in u.vragen:
            css = BADGE.get(v.vergelijking, "")
            items.append(
                f'<li data-vraag="{esc(v.vraag)}"><strong>{esc(v.naam)}</strong> '
                f'<span class="hr-badge {css}">{esc(v.label)}</span> '
                f"{esc(v.tekst)} <span class='hr-note'>(Stap {esc(v.stap)})</span></li>"
            )
        return f'<ul class="hr-bril-feedback">{"".join(items)}</ul>'

    def _maatregelen_html(self, u: Uitkomst) -> str:
        if not u.maatregel_feedback:
            return "<h3>Jouw maatregelen</h3><p>Je hebt nog geen maatregelen gekozen.</p>"
        items = "".join(
            f"<li><strong>{esc(m.naam)}</strong>: {esc(m.tekst)} <span class='hr-note'>(Stap {esc(m.stap)})</span></li>"
            for m in u.maatregel_feedback
        )
        return f"<h3>Jouw maatregelen</h3><ul>{items}</ul>"

    def _explain_html(self) -> str:
        model = self.model
        weg = "".join(f"<li>{esc(t)}</li>" for t in model.laat_weg)
        return (
            "<details><summary>Hoe werkt dit model?</summary>"
            f"<p>{esc(model.uitleg)}</p><p>Wat het model weglaat:</p><ul>{weg}</ul></details>"
        )
