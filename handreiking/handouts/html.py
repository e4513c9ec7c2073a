"""The hand-out page: nbconvert's HTMLExporter with our template (``templates/handout``), code and prompts left out.

The notebook must already be executed and preprocessed (see :mod:`.preprocessors`); this module adds the
page around it: Dutch (``lang="nl"``), no scripts, print and phone styles, navigation in the lesson book and
the lesson's questions with the worked answers.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

from nbconvert import HTMLExporter

from .. import __version__
from ..content.models import vindplaats_label
from .catalog import Handout

TEMPLATES = Path(__file__).resolve().parent / "templates"
PLAIN_LINK = re.compile(r'<a href="(https?://[^"]+)">(.*?)</a>', re.S)
CELL_TABSTOP = re.compile(
    r'(<div class="[^"]*\b(?:jp-Cell-inputWrapper|jp-OutputArea-output)\b[^"]*"[^>]*?) tabindex="0"'
)


def exporter(template: str = "handout", **traits: Any) -> HTMLExporter:
    """nbconvert's HTML exporter with one of our templates, in Dutch, without code or prompts."""
    return HTMLExporter(
        template_name=template,
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        language_code="nl",
        **traits,
    )


@dataclass(frozen=True)
class Neighbour:
    label: str
    href: str


def question_context(oefening: Any) -> dict[str, Any]:
    """An oefening as plain data for the template: questions with options, and the answer line per question."""
    questions = []
    for vraag in oefening.questions:
        letters = dict(zip((o.id for o in vraag.options), string.ascii_lowercase, strict=False))
        right = [o for o in vraag.options if o.correct]
        answer = "Antwoord " + " en ".join(f"{letters[o.id]}) {o.text}" for o in right) + "."
        questions.append(
            {
                "prompt": vraag.prompt,
                "stap": vindplaats_label(vraag.stap),
                "options": [{"text": o.text} for o in vraag.options],
                "answer": answer,
                "worked_answer": vraag.worked_answer,
            }
        )
    return {
        "title": oefening.title,
        "intro": oefening.intro,
        "questions": questions,
        "worked_answer": oefening.worked_answer,
    }


def mark_external_links(html: str) -> str:
    """Give plain links to the web whose text is not their address a class, so print shows the address too."""

    def mark(m: re.Match[str]) -> str:
        href, text = m.group(1), m.group(2)
        if unescape(re.sub(r"<[^>]+>", "", text)).strip() == unescape(href):
            return m.group(0)
        return f'<a class="hr-extern" href="{href}">{text}</a>'

    return PLAIN_LINK.sub(mark, html)


def render_handout(
    nb: Any,
    handout: Handout,
    oefeningen: list[Any],
    *,
    source: str,
    previous: Neighbour | None = None,
    next_: Neighbour | None = None,
    pdf: str | None = None,
) -> str:
    """The hand-out page for an executed, preprocessed notebook."""
    nb.metadata["title"] = f"{handout.title} (hand-out)"
    resources = {
        "metadata": {"name": handout.name, "path": str(handout.notebook.parent)},
        "handout": {
            "label": handout.label,
            "previous": previous,
            "next": next_,
            "pdf": pdf,
            "oefeningen": [question_context(o) for o in oefeningen],
            "source": source,
            "version": __version__,
        },
    }
    body, _ = exporter().from_notebook_node(nb, resources=resources)
    return mark_external_links(without_cell_tabstops(body))


def without_cell_tabstops(html: str) -> str:
    """nbconvert makes every cell a tab stop (for scrolling outputs); a hand-out has none, so keyboard users
    tab from link to link only."""
    return CELL_TABSTOP.sub(r"\1", html)
