"""Overview app: the seven lessons, their steps and the three vuistregels, from ``data/``."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ..content import Content, bundled_documents
from .base import APP_CSS, control_layout, esc, page_question_panel
from .guard import guard_workshop_kernel


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"


class OverzichtApp(widgets.VBox):
    """A participant's map of the handreiking: pick a lesson, read its core message and steps."""

    def __init__(self, content: Content) -> None:
        self.content = content
        intro = content.introduction
        regels = "".join(f"<li><strong>{esc(r.title)}</strong>: {esc(r.explanation)}</li>" for r in intro.vuistregels)
        header = widgets.HTML(
            APP_CSS
            + f"<h1>{esc(intro.title)}</h1><p>{esc(intro.purpose)}</p>"
            + f"<h2>De drie vuistregels</h2><ol>{regels}</ol><h2>De zeven lessen</h2>"
        )
        self.les_select = widgets.Dropdown(
            options=[(f"Les {n}: {les.title}", n) for n, les in content.lessen.items()],
            value=min(content.lessen),
            description="Kies een les",
            style={"description_width": "initial"},
            layout=control_layout(max_width="640px"),
        )
        self.les_view = widgets.HTML()
        self.les_select.observe(self.refresh, names="value")
        self.question_panel = page_question_panel()  # "Vraag van de trainer" (unless a page hosts this app)
        top = [header] if self.question_panel is None else [header, self.question_panel]
        super().__init__([*top, self.les_select, self.les_view])
        self.add_class("hr-app")
        self.refresh()
        guard_workshop_kernel()  # in a workshop kernel: every widget message is checked before it applies

    @classmethod
    def from_data(cls, content: Content | None = None) -> OverzichtApp:
        return cls(content or bundled_documents("les"))

    def refresh(self, *_: Any) -> None:
        les = self.content.lessen[self.les_select.value]
        parts = [
            f"<h2>Les {les.number}: {esc(les.title)}</h2>",
            f'<p class="hr-note">In de handreiking: “{esc(les.title_source)}”</p>',
            f"<p>{esc(les.core_message)}</p>",
        ]
        for stap in les.stappen:
            parts.append(f"<h3>Stap {esc(stap.id)}: {esc(stap.title)}</h3><p>{esc(stap.core_message)}</p>")
            parts.append(_list(stap.key_points))
        self.les_view.value = "".join(parts)
