"""The route-kiezer app (Les 3, Stap 3.3): which aanbestedingsroute fits a situation?

Wiring only: a radio group per question; the scoring lives in
:mod:`handreiking.scenarios.routekiezer`, the routes, questions, points and
reasons in ``data/scenarios/routekiezer/routekiezer.yaml``. The result panel
always starts with the notice that this is not legal advice, then shows the
best fitting routes with their reasons (each naming Stap 3.3 and the source),
the remarks, and all routes with their points.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ..content import Content, bundled_documents
from ..content.routekiezer import Routekiezer, routekiezer_data
from ..scenarios.room.routekiezer import RoutekiezerAntwoord
from ..scenarios.routekiezer import RouteAdvies, Uitkomst, evaluate
from .base import ScenarioApp, esc, heading, question_radios, two_columns

WRAP_CSS = """
<style>
.hr-app .hr-routekiezer .widget-radio-box { min-width: 0; max-width: 100%; }
.hr-app .hr-routekiezer .widget-radio-box label { display: flex; flex-direction: row-reverse;
  justify-content: flex-end; align-items: flex-start; gap: 0.4em;
  white-space: normal; height: auto; min-height: 24px; line-height: 1.3; margin-bottom: 0.35em; }
.hr-app .hr-routekiezer .widget-radio-box input { flex: none; margin-top: 0.15em; }
.hr-app .hr-disclaimer { border-left: 4px solid #8c1d17; background: #fbe4e2; padding: 0.4em 0.7em;
  margin: 0.3em 0 0.6em; }
.hr-app .hr-route { border: 1px solid #c8c8c8; border-radius: 4px; padding: 0.3em 0.7em; margin: 0.4em 0; }
</style>
"""
"""Long answer options wrap (phone, projector); the not-legal-advice notice and the route cards."""


class RoutekiezerApp(ScenarioApp):
    """Answer a few questions about the situation and see which aanbestedingsroutes fit best, and why."""

    scenario = "routekiezer"
    title = "Route-kiezer: welke aanbestedingsroute past?"

    def __init__(self, kiezer: Routekiezer, sources: dict[str, Any] | None = None) -> None:
        self.kiezer = kiezer
        self.sources = sources or {}
        rows: list[widgets.Widget] = [widgets.HTML(WRAP_CSS + f"<h2>Vragen</h2><p>{esc(kiezer.intro)}</p>")]
        self.vragen, vraag_rows = question_radios(kiezer.vragen)
        rows += vraag_rows
        self.reset_button = widgets.Button(description="Wis mijn antwoorden", layout=widgets.Layout(width="auto"))
        rows.append(self.reset_button)

        self.disclaimer_html = widgets.HTML(
            f'<p class="hr-disclaimer" role="note"><strong>{esc(kiezer.disclaimer)}</strong></p>'
        )
        self.result_html = widgets.HTML()
        self.ranking_html = widgets.HTML()
        self.explain_html = widgets.HTML(self._explain_html())
        self.uitkomst: Uitkomst = evaluate(kiezer, {}, self.sources)

        questions = widgets.VBox(rows)
        results = widgets.VBox(
            [
                heading("Welke routes passen?", 2),
                self.disclaimer_html,
                self.result_html,
                self.ranking_html,
                self.explain_html,
            ]
        )
        questions.add_class("hr-routekiezer")
        columns = two_columns(questions, results)
        super().__init__([columns])

        for radio in self.vragen.values():
            radio.observe(self.refresh, names="value")
        self.reset_button.on_click(self.reset)
        self.refresh()

    @classmethod
    def from_data(cls, content: Content | None = None) -> RoutekiezerApp:
        """The app with the bundled route-kiezer (or the one in ``content``)."""
        content = content or bundled_documents("routekiezer", "sources")
        return cls(routekiezer_data(content), dict(content.sources))

    # --- state -----------------------------------------------------------------------------

    def antwoorden(self) -> dict[str, str | None]:
        return {vid: radio.value for vid, radio in self.vragen.items()}

    def reset(self, *_: Any) -> None:
        for radio in self.vragen.values():
            radio.value = None
        self.refresh()

    def refresh(self, *_: Any) -> None:
        self.uitkomst = evaluate(self.kiezer, self.antwoorden(), self.sources)
        self.result_html.value = self._result_html(self.uitkomst)
        self.ranking_html.value = self._ranking_html(self.uitkomst)

    def answer(self) -> RoutekiezerAntwoord:
        u = self.uitkomst
        return RoutekiezerAntwoord(
            antwoorden=dict(u.antwoorden),
            beste=[a.route.id for a in u.beste],
            punten={a.route.id: a.punten for a in u.ranking},
            beantwoord=u.beantwoord,
            weet_niet=len(u.onbekend),
        )

    def summary(self) -> str:
        u = self.uitkomst
        if not u.beste:
            if u.beantwoord < self.kiezer.min_beantwoord:
                return f"Nog niet genoeg vragen beantwoord ({u.beantwoord} van minstens {self.kiezer.min_beantwoord})."
            return "Met mijn antwoorden springt geen route eruit."
        names = " en ".join(a.route.naam.split(":")[0] for a in u.beste)
        return f"Best passend volgens de route-kiezer: {names} (Stap {self.kiezer.stap}; geen juridisch advies)."

    # --- rendering -------------------------------------------------------------------------

    def _route_html(self, advies: RouteAdvies) -> str:
        voor = "".join(f"<li>{esc(r.regel)}</li>" for r in advies.voor)
        tegen = "".join(f"<li>{esc(r.regel)}</li>" for r in advies.tegen)
        bron = esc(advies.bron_titel)
        if advies.bron_url:
            bron = f'<a href="{esc(advies.bron_url)}" target="_blank" rel="noopener">{bron}</a>'
        parts = [
            f'<div class="hr-route"><h3>{esc(advies.route.naam)} ({advies.punten:+d} punten)</h3>',
            f"<p>{esc(advies.route.kern)}</p>",
        ]
        if voor:
            parts.append(f"<p>Waarom deze route past:</p><ul>{voor}</ul>")
        if tegen:
            parts.append(f"<p>Let op:</p><ul>{tegen}</ul>")
        parts.append(f"<p class='hr-note'>Stap {esc(advies.stap)}; bron: {bron}</p></div>")
        return "".join(parts)

    def _result_html(self, u: Uitkomst) -> str:
        parts: list[str] = []
        if u.beste:
            label = "De route die het best past" if len(u.beste) == 1 else "De routes die het best passen"
            parts.append(f"<p role='status'><strong>{esc(label)}:</strong> ")
            parts.append(esc(", ".join(a.route.naam for a in u.beste)) + ".</p>")
            parts += [self._route_html(a) for a in u.beste]
        else:
            parts.append(f"<p role='status'>{esc(u.melding or '')}</p>")
        if u.opmerkingen:
            items = "".join(f"<li><strong>Stap {esc(o.stap)}:</strong> {esc(o.text)}</li>" for o in u.opmerkingen)
            parts.append(f"<h3>Opmerkingen bij je antwoorden</h3><ul>{items}</ul>")
        weet_niet = f", {len(u.onbekend)} keer 'weet ik niet'" if u.onbekend else ""
        parts.append(
            f"<p class='hr-note'>Beantwoord met een antwoord dat meetelt: {u.beantwoord} van de "
            f"{len(self.kiezer.vragen)} vragen{weet_niet}.</p>"
        )
        return "".join(parts)

    def _ranking_html(self, u: Uitkomst) -> str:
        rows = "".join(
            f"<tr><td>{esc(a.route.naam)}</td><td style='text-align:right'>{a.punten:+d}</td></tr>" for a in u.ranking
        )
        return (
            "<details><summary>Alle routes met hun punten</summary>"
            "<table><caption class='hr-note'>Punten per route, hoogste eerst</caption>"
            f"<thead><tr><th scope='col'>Route</th><th scope='col'>Punten</th></tr></thead><tbody>{rows}</tbody>"
            "</table></details>"
        )

    def _explain_html(self) -> str:
        k = self.kiezer
        weg = "".join(f"<li>{esc(t)}</li>" for t in k.laat_weg)
        return (
            "<details><summary>Hoe werkt de route-kiezer?</summary>"
            f"<p>{esc(k.uitleg)}</p>"
            f"<p>Routes worden pas genoemd als minstens {k.min_beantwoord} vragen meetellen. Best passend zijn "
            f"de route met de meeste punten en elke route die hoogstens {k.marge} punt(en) minder heeft.</p>"
            f"<p>Wat de route-kiezer weglaat:</p><ul>{weg}</ul></details>"
        )
