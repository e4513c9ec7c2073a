"""Widget for a multiple-choice oefening: choose, check, read feedback, see the worked answer."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ..content import Content, bundled_documents
from ..content.models import vindplaats_label
from ..content.oefening import Oefening
from ..scenarios.oefening import Uitkomst, evaluate
from .base import APP_CSS, control_layout, esc


def _markdown_html(text: str) -> str:
    """Minimal, safe rendering of worked answers: escaped paragraphs and '- ' bullets."""
    out: list[str] = []
    bullets: list[str] = []
    for block in text.strip().split("\n"):
        line = block.strip()
        if line.startswith(("- ", "* ")):
            bullets.append(f"<li>{esc(line[2:])}</li>")
            continue
        if bullets:
            out.append("<ul>" + "".join(bullets) + "</ul>")
            bullets = []
        if line:
            out.append(f"<p>{esc(line)}</p>")
    if bullets:
        out.append("<ul>" + "".join(bullets) + "</ul>")
    return "".join(out)


class OefeningApp(widgets.VBox):
    """One exercise: a radio group per question, a check button, feedback and worked answers."""

    def __init__(self, oefening: Oefening) -> None:
        self.oefening = oefening
        self.choices: dict[str, widgets.RadioButtons] = {}
        self.feedback: dict[str, widgets.HTML] = {}
        rows: list[widgets.Widget] = [
            widgets.HTML(APP_CSS + f"<h2>{esc(oefening.title)}</h2><p>{esc(oefening.intro)}</p>")
        ]
        for n, vraag in enumerate(oefening.questions, start=1):
            radio = widgets.RadioButtons(
                options=[(o.text, o.id) for o in vraag.options],
                value=None,
                description=f"Vraag {n}",
                layout=control_layout(max_width="100%"),
                style={"description_width": "initial"},
            )
            self.choices[vraag.id] = radio
            self.feedback[vraag.id] = widgets.HTML()
            rows += [widgets.HTML(f"<h3>Vraag {n}</h3><p>{esc(vraag.prompt)}</p>"), radio, self.feedback[vraag.id]]
        self.check_button = widgets.Button(description="Controleer", button_style="primary")
        self.show_button = widgets.Button(description="Toon uitgewerkt antwoord")
        self.result = widgets.HTML()
        self.worked = widgets.HTML()
        self.check_button.on_click(self.check)
        self.show_button.on_click(self.show_worked_answer)
        rows += [widgets.HBox([self.check_button, self.show_button]), self.result, self.worked]
        super().__init__(rows)
        self.add_class("hr-app")

    @classmethod
    def from_data(cls, oefening_id: str, content: Content | None = None) -> OefeningApp:
        content = content or bundled_documents("oefening")
        found = [o for o in content.of_kind("oefening") if o.id == oefening_id]
        if not found:
            known = ", ".join(sorted(o.id for o in content.of_kind("oefening")))
            raise KeyError(f"Oefening '{oefening_id}' bestaat niet. Bekend: {known}")
        return cls(found[0])

    def answers(self) -> dict[str, str | None]:
        return {qid: radio.value for qid, radio in self.choices.items()}

    def check(self, *_: Any) -> Uitkomst:
        uitkomst = evaluate(self.oefening, self.answers())
        for v in uitkomst.vragen:
            css = "hr-laag" if v.juist else ("hr-midden" if v.gekozen is None else "hr-hoog")
            self.feedback[v.vraag].value = (
                f'<p><span class="hr-badge {css}">{esc(v.label)}</span> {esc(v.feedback)} '
                f'<span class="hr-note">({esc(vindplaats_label(v.stap))})</span></p>'
            )
        self.result.value = f"<p><strong>{uitkomst.goed} van de {uitkomst.totaal} goed.</strong></p>"
        return uitkomst

    def show_worked_answer(self, *_: Any) -> None:
        parts = [f"<h3>Uitgewerkt antwoord</h3>{_markdown_html(self.oefening.worked_answer)}"]
        for n, vraag in enumerate(self.oefening.questions, start=1):
            parts.append(
                f"<h4>Vraag {n} ({esc(vindplaats_label(vraag.stap))})</h4>{_markdown_html(vraag.worked_answer)}"
            )
        self.worked.value = "".join(parts)
