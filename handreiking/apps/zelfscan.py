"""The self-scan app "Hoe open is jouw gemeente?" (Les 1, Stap 1.1).

Wiring only: a radio group per question; the scoring lives in
:mod:`handreiking.scenarios.zelfscan`, the questions, spectrum and tips in
``data/scenarios/zelfscan/zelfscan.yaml``. The result panel shows the place on
the spectrum as a labelled bar with a text alternative, and the tips per step.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ..content import Content, bundled_documents
from ..content.zelfscan import Zelfscan, zelfscan_data
from ..plots.render import PALETTE
from ..scenarios.room.zelfscan import ZelfscanAntwoord
from ..scenarios.zelfscan import Advies, Uitkomst, evaluate
from .base import ScenarioApp, esc, heading, question_radios, two_columns

WRAP_CSS = """
<style>
.hr-app .hr-zelfscan .widget-radio-box { min-width: 0; max-width: 100%; }
.hr-app .hr-zelfscan .widget-radio-box label { display: flex; flex-direction: row-reverse; justify-content: flex-end;
  align-items: flex-start; gap: 0.4em;
  white-space: normal; height: auto; min-height: 24px; line-height: 1.3; margin-bottom: 0.35em; }
.hr-app .hr-zelfscan .widget-radio-box input { flex: none; margin-top: 0.15em; }
.hr-app .hr-spectrum-bar { position: relative; display: flex; height: 1.8em; border: 1px solid #595959; }
.hr-app .hr-spectrum-bar > div { border-right: 1px solid #595959; }
.hr-app .hr-spectrum-marker { position: absolute; top: -0.35em; bottom: -0.35em; width: 0.5em;
  margin-left: -0.25em; background: #1a1a1a; border: 2px solid #fff; }
.hr-app .hr-spectrum-labels { display: flex; font-size: 0.9em; }
</style>
"""
"""Long answer options wrap (phone, projector); the spectrum bar."""

SEGMENT_COLOURS = ("#fbe4e2", "#fdf0dc", "#e3f1e7")
"""Light tints behind dark text; the bar is labelled in text too, colour is never the only cue."""

REDEN_KOP = {
    "plek": "Wat kun je nu doen?",
    "verschil": "Let op verschillen",
    "antwoord": "Bij jouw antwoorden",
    "onbekend": "Wat je nog niet weet",
}


class ZelfscanApp(ScenarioApp):
    """Answer the questions of Stap 1.1 and see where your municipality stands, in your own estimate."""

    scenario = "zelfscan"
    title = "Hoe open is jouw gemeente?"

    def __init__(self, scan: Zelfscan) -> None:
        self.scan = scan
        rows: list[widgets.Widget] = [widgets.HTML(WRAP_CSS + f"<h2>Vragen</h2><p>{esc(scan.intro)}</p>")]
        self.vragen, vraag_rows = question_radios(scan.vragen)
        rows += vraag_rows
        self.reset_button = widgets.Button(description="Wis mijn antwoorden", layout=widgets.Layout(width="auto"))
        rows.append(self.reset_button)

        self.result_html = widgets.HTML()
        self.tips_html = widgets.HTML()
        self.explain_html = widgets.HTML(self._explain_html())
        self.uitkomst: Uitkomst = evaluate(scan, {})

        questions = widgets.VBox(rows)
        results = widgets.VBox([heading("Jouw inschatting", 2), self.result_html, self.tips_html, self.explain_html])
        questions.add_class("hr-zelfscan")
        columns = two_columns(questions, results)
        super().__init__([columns])

        for radio in self.vragen.values():
            radio.observe(self.refresh, names="value")
        self.reset_button.on_click(self.reset)
        self.refresh()

    @classmethod
    def from_data(cls, content: Content | None = None) -> ZelfscanApp:
        """The app with the bundled scan (or the one in ``content``)."""
        return cls(zelfscan_data(content or bundled_documents("zelfscan")))

    # --- state -----------------------------------------------------------------------------

    def antwoorden(self) -> dict[str, str | None]:
        return {vid: radio.value for vid, radio in self.vragen.items()}

    def reset(self, *_: Any) -> None:
        for radio in self.vragen.values():
            radio.value = None
        self.refresh()

    def refresh(self, *_: Any) -> None:
        self.uitkomst = evaluate(self.scan, self.antwoorden())
        self.result_html.value = self._result_html(self.uitkomst)
        self.tips_html.value = self._tips_html(self.uitkomst.adviezen)

    def answer(self) -> ZelfscanAntwoord:
        u = self.uitkomst
        return ZelfscanAntwoord(
            antwoorden=dict(u.antwoorden),
            score=u.score,
            plek=u.plek.id if u.plek else None,
            beantwoord=u.beantwoord,
            weet_niet=len(u.onbekend),
        )

    def summary(self) -> str:
        u = self.uitkomst
        if u.plek is None:
            return f"Nog niet genoeg vragen beantwoord ({u.beantwoord} van minstens {self.scan.min_beantwoord})."
        return f"Mijn inschatting: {u.plek.naam.lower()} (score {u.score} van 100)."

    # --- rendering -------------------------------------------------------------------------

    def _spectrum_html(self, score: int, plek_naam: str) -> str:
        plekken = self.scan.plekken
        segments = []
        labels = []
        for i, plek in enumerate(plekken):
            end = plekken[i + 1].vanaf if i + 1 < len(plekken) else 100
            width = end - plek.vanaf
            colour = SEGMENT_COLOURS[min(i, len(SEGMENT_COLOURS) - 1)]
            segments.append(f'<div style="width:{width}%;background:{colour}"></div>')
            labels.append(f'<div style="width:{width}%">{esc(plek.naam)}</div>')
        alt = (
            f"Schaal van {plekken[0].naam.lower()} tot {plekken[-1].naam.lower()}. "
            f"Jouw score: {score} van 100, dat is {plek_naam.lower()}."
        )
        return (
            f'<div role="img" aria-label="{esc(alt)}">'
            f'<div class="hr-spectrum-bar">{"".join(segments)}'
            f'<div class="hr-spectrum-marker" style="left:{score}%"></div></div>'
            f'<div class="hr-spectrum-labels" aria-hidden="true">{"".join(labels)}</div></div>'
        )

    def _result_html(self, u: Uitkomst) -> str:
        if u.plek is None or u.score is None:
            return (
                f"<p>{esc(self.scan.te_weinig)}</p>"
                f"<p class='hr-note'>Beantwoord met een antwoord dat meetelt: {u.beantwoord} "
                f"(nodig: {self.scan.min_beantwoord}).</p>"
            )
        weet_niet = f", {len(u.onbekend)} keer 'weet ik niet'" if u.onbekend else ""
        return (
            f"<p>Volgens jouw antwoorden staat je gemeente bij: "
            f'<strong style="color:{PALETTE["accent"]}">{esc(u.plek.naam)}</strong> '
            f"(score {u.score} van 100).</p>"
            f"{self._spectrum_html(u.score, u.plek.naam)}"
            f"<p>{esc(u.plek.beschrijving)}</p>"
            f"<p class='hr-note'>Gebaseerd op {u.beantwoord} van de {len(self.scan.vragen)} vragen{weet_niet}. "
            "Dit is een reflectie op je eigen inschatting, geen oordeel over je gemeente of over jou. "
            "Leg je uitkomst naast die van collega's.</p>"
        )

    def _tips_html(self, adviezen: tuple[Advies, ...]) -> str:
        out: list[str] = []
        for reden, kop in REDEN_KOP.items():
            items = [a for a in adviezen if a.reden == reden]
            if not items:
                continue
            lis = "".join(f"<li><strong>Stap {esc(a.stap)}:</strong> {esc(a.text)}</li>" for a in items)
            out.append(f"<h3>{esc(kop)}</h3><ul>{lis}</ul>")
        return "".join(out)

    def _explain_html(self) -> str:
        scan = self.scan
        plekken = "".join(f"<li>{esc(p.naam)}: vanaf score {p.vanaf}</li>" for p in scan.plekken)
        weg = "".join(f"<li>{esc(t)}</li>" for t in scan.laat_weg)
        return (
            "<details><summary>Hoe werkt deze scan?</summary>"
            f"<p>{esc(scan.uitleg)}</p><ul>{plekken}</ul>"
            f"<p>Wat de scan weglaat:</p><ul>{weg}</ul></details>"
        )
