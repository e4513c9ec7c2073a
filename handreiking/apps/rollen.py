"""App "Rollen kiezen en stapelen" (Les 1, Stap 1.1): wiring only.

Pick a vraagstuk, spread 100% over the four roles with four sliders (moving
one rescales the others via :func:`~handreiking.scenarios.rollen.rebalance`),
see the mix beside what each factor asks, and read the feedback. All logic is in
:mod:`handreiking.scenarios.rollen`; all text and numbers are in ``data/``.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from handreiking.content import Content, bundled_documents
from handreiking.content.rollen import (
    ERVARING_LABELS,
    PLEK_LABELS,
    ROL_IDS,
    RollenModel,
    RollenVraagstuk,
    rollen_model,
    rollen_vraagstukken,
)
from handreiking.plots.rollen import MixPicture, factors_svg
from handreiking.scenarios.rollen import Mix, Uitkomst, evaluate, format_stappen, rebalance
from handreiking.scenarios.room.rollen import RollenAntwoord

from .base import LABEL_STYLE, ScenarioApp, control_layout, esc, two_columns

_BADGE = {"goed": "hr-laag", "deels": "hr-midden", "schuurt": "hr-hoog"}


class RollenApp(ScenarioApp):
    """Choose a vraagstuk, set the mix of the four roles, see what each factor asks and read the feedback."""

    scenario = "rollen"
    title = "Rollen kiezen en stapelen"

    def __init__(self, model: RollenModel, vraagstukken: list[RollenVraagstuk]) -> None:
        if not vraagstukken:
            raise ValueError("Er zijn geen vraagstukken (kind: rollen-vraagstuk) gevonden.")
        self.model = model
        self.vraagstukken = {v.id: v for v in vraagstukken}
        self._syncing = False
        self._factor_charts: dict[str, str] = {}
        self._mix_pictures: dict[str, MixPicture] = {}
        self.uitkomst: Uitkomst | None = None

        intro = widgets.HTML(
            "<p>Kies een vraagstuk en verdeel 100% over de vier rollen van de overheid. De handreiking "
            "vraagt de rollen te combineren en te stapelen (Les 1, Stap 1.1). Verschuif je één rol, dan "
            "schuiven de andere drie naar verhouding mee, zodat het samen 100% blijft.</p>"
        )
        self.casus_select = widgets.Dropdown(
            options=[(v.title, v.id) for v in vraagstukken],
            value=vraagstukken[0].id,
            description="Vraagstuk",
            style=LABEL_STYLE,
            layout=control_layout(),
        )
        self.casus_html = widgets.HTML()
        kort = {r.id: r for r in model.rollen}
        self.sliders: dict[str, widgets.IntSlider] = {}
        for rol in ROL_IDS:
            slider = widgets.IntSlider(
                value=25,
                min=0,
                max=100,
                step=1,
                description=f"{kort[rol].kort} (%)",
                tooltip=kort[rol].naam,
                continuous_update=False,
                readout=True,
                style=LABEL_STYLE,
                layout=control_layout(),
            )
            slider.observe(self._on_slider, names="value")
            self.sliders[rol] = slider
        self.reset_button = widgets.Button(
            description="Terug naar de startmix",
            tooltip="Zet de vier rollen terug op de startmix van dit vraagstuk",
            layout=widgets.Layout(width="auto"),
        )
        self.reset_button.on_click(lambda _: self.apply_start_mix())
        self.som_html = widgets.HTML()
        self.mix_html = widgets.HTML()
        self.factoren_html = widgets.HTML()
        self.tabel_html = widgets.HTML()
        self.feedback_html = widgets.HTML()
        self.bespreking_html = widgets.HTML()

        controls = widgets.VBox(
            [
                widgets.HTML("<h2>Jouw mix</h2>"),
                *self.sliders.values(),
                self.som_html,
                self.reset_button,
                self.mix_html,
            ]
        )
        factors = widgets.VBox([widgets.HTML("<h2>Wat vragen de factoren?</h2>"), self.factoren_html, self.tabel_html])
        columns = two_columns(controls, factors)

        self.casus_select.observe(self._on_casus, names="value")
        super().__init__([intro, self.casus_select, self.casus_html, columns, self.feedback_html, self.bespreking_html])
        self._show_casus()
        self.apply_start_mix()

    @classmethod
    def from_data(cls, content: Content | None = None) -> RollenApp:
        """The app with the bundled model and vraagstukken (or those in ``content``)."""
        content = content or bundled_documents("rollen-model", "rollen-vraagstuk")
        return cls(rollen_model(content), rollen_vraagstukken(content))

    # --- state ---------------------------------------------------------------------

    @property
    def vraagstuk(self) -> RollenVraagstuk:
        return self.vraagstukken[self.casus_select.value]

    @property
    def mix(self) -> Mix:
        return {r: int(self.sliders[r].value) for r in ROL_IDS}

    def set_mix(self, mix: Mix) -> None:
        """Put a whole mix on the sliders at once (no rebalancing in between), then refresh."""
        self._syncing = True
        try:
            for rol in ROL_IDS:
                self.sliders[rol].value = int(mix[rol])
        finally:
            self._syncing = False
        self.refresh()

    def apply_start_mix(self) -> None:
        self.set_mix(self.vraagstuk.start_mix.as_dict())

    # --- events --------------------------------------------------------------------

    def _on_slider(self, change: dict[str, Any]) -> None:
        if self._syncing:  # our own update of the other sliders: ignore (no re-entrant loop)
            return
        rol = next(r for r, s in self.sliders.items() if s is change["owner"])
        before = {r: int(self.sliders[r].value) for r in ROL_IDS}
        before[rol] = int(change["old"])
        self.set_mix(rebalance(before, rol, int(change["new"])))

    def _on_casus(self, _: dict[str, Any]) -> None:
        self._show_casus()
        self.apply_start_mix()

    # --- rendering -----------------------------------------------------------------

    def _show_casus(self) -> None:
        v = self.vraagstuk
        self.casus_html.value = (
            f"<h2>{esc(v.title)}</h2><p>{esc(v.beschrijving)}</p>"
            "<ul>"
            f"<li><strong>Wat staat er op het spel:</strong> {esc(v.inzet)}</li>"
            f"<li><strong>Waar speelt het:</strong> {esc(PLEK_LABELS[v.plek])}</li>"
            f"<li><strong>Politieke voorkeur:</strong> {esc(v.politiek)}</li>"
            "<li><strong>Ervaring van de organisatie met collectieven:</strong> "
            f"{esc(ERVARING_LABELS[v.ervaring])}</li>"
            f"<li><strong>Jouw stijl:</strong> {esc(v.stijl)}</li>"
            "</ul>"
        )
        vragen = "".join(f"<li>{esc(q)}</li>" for q in v.vragen)
        self.bespreking_html.value = (
            "<details><summary><strong>Bespreking van dit vraagstuk</strong> (voor na de oefening)</summary>"
            f"<p>{esc(v.bespreking)}</p>"
            + (f"<p><strong>Vragen voor de groep</strong></p><ul>{vragen}</ul>" if vragen else "")
            + f'<p class="hr-note">Zie {esc(format_stappen(v.stappen))}.</p></details>'
        )
        if v.id not in self._factor_charts:  # what the factors ask depends on the case only: draw it once
            self._factor_charts[v.id] = factors_svg(self.model, v)
        self.factoren_html.value = self._factor_charts[v.id]

    def refresh(self, *_: Any) -> None:
        """Recompute the model for the current case and mix, and redraw the charts, table and feedback."""
        v = self.vraagstuk
        u = evaluate(self.model, v, self.mix)
        self.uitkomst = u
        self.som_html.value = f'<p class="hr-note">Samen: {sum(u.mix.values())}%</p>'
        if v.id not in self._mix_pictures:  # the frame (axes, labels, minimum marks) depends on the case only
            self._mix_pictures[v.id] = MixPicture(self.model, v)
        self.mix_html.value = self._mix_pictures[v.id].html(u)
        self.tabel_html.value = self._table(u)
        self.feedback_html.value = self._feedback(u)

    def _table(self, u: Uitkomst) -> str:
        kort = {r.id: r.kort for r in self.model.rollen}
        head = "".join(f'<th scope="col">{esc(kort[r])}</th>' for r in ROL_IDS)
        rows = []
        for f in u.factoren:
            cells = "".join(f"<td>{f.trek[r]}{' ★' if r in f.top_rollen else ''}</td>" for r in ROL_IDS)
            rows.append(
                f'<tr><th scope="row">{esc(f.naam)}</th>{cells}'
                f'<td><span class="hr-badge {_BADGE.get(f.oordeel, "")}">{f.fit}%</span></td></tr>'
            )
        return (
            '<div role="region" aria-label="Tabel: trek per factor" tabindex="0" style="overflow-x:auto">'
            '<table style="border-collapse:collapse;width:100%;font-size:0.95em" class="hr-table">'
            '<caption style="text-align:left" class="hr-note">Trek per factor (0 = niet, 3 = sterk; '
            "★ = sterkste trek) en de aansluiting van jouw mix</caption>"
            f'<thead><tr><th scope="col">Factor</th>{head}<th scope="col">Aansluiting</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )

    def _feedback(self, u: Uitkomst) -> str:
        parts = [
            "<h2>Feedback</h2>",
            f'<p><span class="hr-badge {_BADGE.get(u.oordeel, "")}">Totale aansluiting {u.fit}%</span></p>',
            f"<p>{esc(u.reflectie)}</p>",
            "<h3>Spanningen</h3>",
        ]
        if u.spanningen:
            parts.append(
                "<ul>"
                + "".join(f"<li><strong>{esc(s.titel)}.</strong> {esc(s.tekst)}</li>" for s in u.spanningen)
                + "</ul>"
            )
        else:
            parts.append(f"<p>{esc(self.model.geen_spanning)}</p>")
        parts.append("<h3>Per factor</h3><ul>")
        for item in (fb for fb in u.feedback if fb.soort == "factor"):
            parts.append(f"<li><strong>{esc(item.titel)}.</strong> {esc(item.tekst)}</li>")
        parts.append("</ul>")
        return "".join(parts)

    # --- sharing -------------------------------------------------------------------

    def answer(self) -> RollenAntwoord:
        """The chosen vraagstuk, the mix, the number of roles used, and the fit numbers."""
        u = self.uitkomst or evaluate(self.model, self.vraagstuk, self.mix)
        return RollenAntwoord(
            casus=u.vraagstuk,
            mix=dict(u.mix),
            gestapeld=u.gestapeld,
            totaal=u.fit,
            fit={f.factor: f.fit for f in u.factoren},
            spanningen=[s.id for s in u.spanningen],
        )

    def summary(self) -> str:
        u = self.uitkomst or evaluate(self.model, self.vraagstuk, self.mix)
        kort = {r.id: r.kort.lower() for r in self.model.rollen}
        mix = ", ".join(f"{kort[r]} {u.mix[r]}%" for r in ROL_IDS)
        n = len(u.spanningen)
        spanningen = "geen spanningen" if n == 0 else f"{n} spanning" if n == 1 else f"{n} spanningen"
        return f"{self.vraagstuk.title}: {mix}; totale aansluiting {u.fit}% ({spanningen})."
