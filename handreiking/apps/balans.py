"""The balans app (Les 6, Stap 6.1): choose an approach for a collective, see where it lands.

Wiring only: the controls make an :class:`~handreiking.content.balans.Aanpak`, the
scenario model (:mod:`handreiking.scenarios.balans`) judges it, the plot builders
(:mod:`handreiking.plots.balans`) draw it, and the results go into HTML widgets.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ..content import Content, bundled_documents
from ..content.balans import VORMEN, Aanpak, BalansCasus, BalansModel
from ..plots.balans import BalancePicture, PlayOutPicture
from ..scenarios.balans import Uitkomst, evaluate, play_out
from .base import LABEL_STYLE, ScenarioApp, control_layout, esc, heading, two_columns

ASKS: dict[str, str] = {
    "rapportage": "Rapportage",
    "vergaderingen": "Vergaderingen",
    "procedures": "Procedures en regels",
}
"""What the municipality asks of the collective: control key -> visible label."""

PEN_OPTIONS: list[tuple[str, str]] = [("het collectief", "collectief"), ("samen", "samen"), ("de gemeente", "gemeente")]
FASEN: dict[str, str] = {
    "initiatief": "initiatief",
    "definitie": "definitie",
    "ontwerp-en-besluit": "ontwerp en besluit",
    "uitvoering": "uitvoering",
    "nazorg": "nazorg",
}
SOORT: dict[str, str] = {
    "onderschatten": "Onderschatten",
    "overvragen": "Overvragen",
    "beide": "Onderschatten én overvragen",
    "tip": "Tip",
    "goed": "Goed",
}
"""How the app names the kind of a feedback item (the side it belongs to, a tip, or praise)."""


class BalansApp(ScenarioApp):
    """Choose a case and the municipality's approach; see the balance, the pitfalls, the play-out and feedback."""

    scenario = "balans"
    title = "Balans tussen onderschatten en overvragen"

    def __init__(self, model: BalansModel, casussen: list[BalansCasus]) -> None:
        if not casussen:
            raise ValueError("Er is geen balans-casus om te tonen.")
        self.model = model
        self.casussen = {c.id: c for c in casussen}
        self._applying = False
        labels = model.labels

        self.casus_select = widgets.Dropdown(
            options=[(c.title, c.id) for c in casussen],
            value=casussen[0].id,
            description="Casus",
            style=LABEL_STYLE,
            layout=control_layout(),
        )
        self.casus_info = widgets.HTML()
        level_options = [(word, i) for i, word in enumerate(labels.niveau)]
        # One label width for every slider, so all sliders start at the same place (a narrow screen stacks them).
        names = [labels.vorm[v].capitalize() for v in VORMEN] + list(ASKS.values())  # type: ignore[index]
        slider_style = {"description_width": f"{max(len(n) for n in names) * 0.55 + 1:.1f}em"}
        self.sliders: dict[str, widgets.SelectionSlider] = {
            vorm: widgets.SelectionSlider(
                options=level_options,
                value=0,
                description=labels.vorm[vorm].capitalize(),  # type: ignore[index]
                style=slider_style,
                layout=control_layout(),
                continuous_update=False,
            )
            for vorm in VORMEN
        }
        self.asks: dict[str, widgets.SelectionSlider] = {
            key: widgets.SelectionSlider(
                options=level_options,
                value=0,
                description=label,
                style=slider_style,
                layout=control_layout(),
                continuous_update=False,
            )
            for key, label in ASKS.items()
        }
        self.pen = widgets.RadioButtons(
            options=PEN_OPTIONS, value="collectief", description="Wie heeft de pen?", style=LABEL_STYLE
        )
        self.procesbegeleider = widgets.Checkbox(
            value=False,
            description="Betaal een actieve bewoner als procesbegeleider",
            indent=False,
            layout=control_layout(),
        )
        self.reset_button = widgets.Button(
            description="Begin opnieuw", tooltip="Zet de aanpak terug naar de start van deze casus"
        )

        self.verdict_html = widgets.HTML()
        self.axis_html = widgets.HTML(f'<p class="hr-note">{esc(labels.balans["uitleg"])}</p>')
        self.balance_html = widgets.HTML()
        self.valkuilen_html = widgets.HTML()
        self.play_out_html = widgets.HTML()
        self.feedback_html = widgets.HTML()
        self.balance_picture = BalancePicture(model)
        self.play_out_picture = PlayOutPicture(model)
        self.uitkomst: Uitkomst | None = None
        self.records: list[dict[str, float]] = []

        controls = widgets.VBox(
            [
                self.casus_select,
                self.casus_info,
                heading("Ondersteuning door de gemeente (Stap 6.1)", 2),
                *self.sliders.values(),
                heading("Wat vraagt de gemeente van het collectief?", 2),
                *self.asks.values(),
                self.pen,
                self.procesbegeleider,
                self.reset_button,
            ]
        )
        results = widgets.VBox(
            [
                heading("Waar kom je uit?", 2),
                self.verdict_html,
                self.balance_html,
                self.axis_html,
                heading("De drie valkuilen, en te weinig steun", 3),
                self.valkuilen_html,
                heading("Wat gebeurt er in een jaar?", 3),
                self.play_out_html,
                heading("Feedback", 3),
                self.feedback_html,
            ]
        )
        columns = two_columns(controls, results)
        super().__init__([columns])

        for control in [*self.sliders.values(), *self.asks.values(), self.pen, self.procesbegeleider]:
            control.observe(self.refresh, names="value")
        self.casus_select.observe(self._on_casus, names="value")
        self.reset_button.on_click(lambda _: self.apply(self.casus.start_aanpak))
        self.apply(self.casus.start_aanpak)

    @classmethod
    def from_data(cls, content: Content | None = None) -> BalansApp:
        """The app with the bundled model and cases (or those of ``content``)."""
        content = content or bundled_documents("balans-model", "balans-casus")
        return cls(content.of_kind("balans-model")[0], content.of_kind("balans-casus"))

    # --- state -----------------------------------------------------------------------------

    @property
    def casus(self) -> BalansCasus:
        return self.casussen[self.casus_select.value]

    @property
    def aanpak(self) -> Aanpak:
        """The approach the controls describe now."""
        return Aanpak(
            ondersteuning={v: int(self.sliders[v].value) for v in VORMEN},
            rapportage=int(self.asks["rapportage"].value),
            vergaderingen=int(self.asks["vergaderingen"].value),
            procedures=int(self.asks["procedures"].value),
            pen=self.pen.value,
            procesbegeleider=bool(self.procesbegeleider.value),
        )

    def apply(self, aanpak: Aanpak) -> None:
        """Set every control to ``aanpak``, then recompute once."""
        self._applying = True
        try:
            for vorm in VORMEN:
                self.sliders[vorm].value = aanpak.level(vorm)
            for key in ASKS:
                self.asks[key].value = getattr(aanpak, key)
            self.pen.value = aanpak.pen
            self.procesbegeleider.value = aanpak.procesbegeleider
        finally:
            self._applying = False
        self.refresh()

    def _on_casus(self, _: Any = None) -> None:
        self.casus_info.value = self._casus_html(self.casus)
        self.apply(self.casus.start_aanpak)

    # --- rendering -------------------------------------------------------------------------

    def _casus_html(self, casus: BalansCasus) -> str:
        labels = self.model.labels
        b = casus.behoeften
        behoeften = ", ".join(
            f"{name} {labels.niveau[getattr(b, name)]}" for name in ("expertise", "geld", "netwerk", "proces")
        )
        return (
            f"<p>{esc(casus.summary)}</p>"
            '<ul class="hr-note">'
            f"<li>Fase: {esc(FASEN[casus.fase])}</li>"
            f"<li>Vrijwilligersuren per week: {casus.uren_per_week:g}</li>"
            f"<li>Ervaring: {esc(labels.niveau[casus.ervaring])}</li>"
            f"<li>Wil: {esc(labels.zelfsturing[casus.zelfsturing])}</li>"
            f"<li>Heeft nodig: {esc(behoeften)}</li>"
            "</ul>"
        )

    def refresh(self, *_: Any) -> None:
        """Recompute the model for the current controls and update every result widget."""
        if self._applying:
            return
        if not self.casus_info.value:
            self.casus_info.value = self._casus_html(self.casus)
        casus, aanpak = self.casus, self.aanpak
        u = evaluate(self.model, casus, aanpak)
        self.uitkomst = u
        self.records = play_out(self.model, casus, aanpak)
        balans = self.model.labels.balans
        self.verdict_html.value = (
            f'<p role="status"><strong>{esc(u.oordeel_tekst)}</strong> '
            f'<span class="hr-note">(positie {u.positie:+.2f} op een schaal van −1 tot +1; '
            f"{esc(balans['trek_links'])} {u.onderschatten:.2f}, {esc(balans['trek_rechts'])} {u.overvragen:.2f})"
            "</span></p>"
        )
        self.balance_html.value = self.balance_picture.html(u)
        kant = self.model.labels.kant
        self.valkuilen_html.value = (
            "<ul>"
            + "".join(
                f'<li><strong>{esc(v.naam)}</strong> <span class="hr-badge hr-{v.niveau}">{v.niveau}</span> '
                f"<span>({esc(kant[v.kant])})</span>"
                f'<br><span class="hr-note">{esc(v.reden)} (Stap {esc(v.stap)})</span></li>'
                for v in u.onderdelen
            )
            + "</ul>"
        )
        self.play_out_html.value = self.play_out_picture.html(self.records)
        self.feedback_html.value = (
            "<ul>"
            + "".join(
                f"<li><strong>{esc(SOORT.get(f.soort, f.soort))}</strong> (Stap {esc(f.stap)}): {esc(f.tekst)}</li>"
                for f in u.feedback
            )
            + "</ul>"
        )

    # --- sharing ---------------------------------------------------------------------------

    def answer(self) -> dict[str, Any]:
        """The chosen case and approach, with the key outcome numbers (plain JSON data).

        ``onderschatten`` and ``overvragen`` are the two pulls (0-1) toward each end of the axis;
        ``positie`` (-1 onderschatten .. +1 overvragen) is where the approach lands, ``oordeel`` the verdict.
        """
        u = self.uitkomst or evaluate(self.model, self.casus, self.aanpak)
        last = self.records[-1] if self.records else {}
        return {
            "scenario": self.scenario,
            "casus": self.casus.id,
            "aanpak": self.aanpak.as_dict(),
            "positie": u.positie,
            "oordeel": u.oordeel,
            "onderschatten": u.onderschatten,
            "overvragen": u.overvragen,
            "valkuilen": {v.id: {"score": v.score, "niveau": v.niveau} for v in u.valkuilen},
            "te_weinig_steun": {"score": u.te_weinig_steun.score, "niveau": u.te_weinig_steun.niveau},
            "na_een_jaar": {k: last[k] for k in ("energie", "voortgang", "eigenaarschap") if k in last},
        }

    def summary(self) -> str:
        """One Dutch line: the case, the verdict and the pitfall levels."""
        u = self.uitkomst or evaluate(self.model, self.casus, self.aanpak)
        valkuilen = ", ".join(f"{v.id} {v.niveau}" for v in u.valkuilen)
        return f"{self.casus.title}: {u.oordeel_tekst.split(':')[0]} (positie {u.positie:+.2f}); {valkuilen}."
