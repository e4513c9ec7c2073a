"""Lesson text from ``data/`` as Markdown, so lesson notebooks stay thin.

A notebook cell shows a step, a framework or an example with e.g.
``Markdown(stap_markdown(content, "1.1"))``. The text is the project's own
(Dutch, in our words, validated by the loader); these helpers only arrange it
and add the citations (lesson and step, the handreiking's own heading, sources
with their web address).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .content import Content


def _bullets(items: Iterable[str], indent: str = "") -> list[str]:
    return [f"{indent}- {item}" for item in items]


def les_markdown(content: Content, number: int) -> str:
    """The lesson's title, its heading in the handreiking, the core message and the key points."""
    les = content.lessen[number]
    lines = [
        f"## Les {les.number}: {les.title}",
        "",
        f"*In de handreiking heet deze les: \u201c{les.title_source}\u201d.*",
        "",
        les.core_message,
        "",
        "**De kern in het kort**",
        "",
        *_bullets(les.key_points),
    ]
    return "\n".join(lines) + "\n"


def stap_markdown(content: Content, stap_id: str) -> str:
    """One step: our title, the handreiking's heading (cited), the core message and the key points."""
    stap = content.stap(stap_id)
    lines = [
        f"### Stap {stap.id}: {stap.title}",
        "",
        f"*In de handreiking: \u201c{stap.title_source}\u201d.*",
        "",
        stap.core_message,
        "",
        "**Belangrijke punten**",
        "",
        *_bullets(stap.key_points),
    ]
    return "\n".join(lines) + "\n"


def framework_markdown(content: Content, framework_id: str, level: int = 4) -> str:
    """A framework (list, typology, model): summary, items with their details, and notes."""
    fw = content.frameworks[framework_id]
    stappen = ", ".join(f"Stap {s}" for s in fw.stappen)
    lines = [f"{'#' * level} {fw.title}", "", fw.summary + (f" ({stappen})" if stappen else ""), ""]
    for item in fw.items:
        lines.append(f"- **{item.name}**: {item.description}")
        lines += _bullets(item.details, indent="    ")
    if fw.notes:
        lines += ["", "**Aandachtspunten**", "", *_bullets(fw.notes)]
    return "\n".join(lines) + "\n"


def example_markdown(content: Content, example_id: str, level: int = 4) -> str:
    """A real example from the handreiking, told as the source tells it, with its links."""
    ex = content.examples[example_id]
    stappen = ", ".join(f"Stap {s}" for s in ex.stappen)
    lines = [
        f"{'#' * level} Voorbeeld: {ex.title} ({ex.place})",
        "",
        ex.story,
        "",
        f"**Wat je ervan leert:** {ex.lesson_point}",
        "",
        f"*In de handreiking bij {stappen}.*",
    ]
    links = [f"[{ex.title}]({url})" for url in ex.urls]
    links += [f"[{content.sources[s].title}]({content.sources[s].url})" for s in ex.sources if s in content.sources]
    if links:
        lines += ["", "Meer lezen: " + "; ".join(links)]
    return "\n".join(lines) + "\n"


def sources_markdown(content: Content, source_ids: Iterable[str] = (), stappen: Iterable[str] = ()) -> str:
    """Sources by their own title, with the web address: the given ids, plus every source used in ``stappen``."""
    wanted = list(source_ids)
    stap_set = set(stappen)
    wanted += [sid for sid, src in content.sources.items() if stap_set & set(src.used_in) and sid not in wanted]
    lines = []
    for sid in wanted:
        src = content.sources[sid]
        used = ", ".join(f"Stap {s}" if s[0].isdigit() else s for s in src.used_in)
        lines.append(f"- {src.title} ({used}): <{src.url}>")
    return "\n".join(lines) + "\n"


def vraagstuk_markdown(vraagstuk: Any, level: int = 4) -> str:
    """A rollen vraagstuk with its trainer discussion (``bespreking``) and questions, for worked answers."""
    lines = [
        f"{'#' * level} {vraagstuk.title}",
        "",
        vraagstuk.beschrijving,
        "",
        "**Bespreking**",
        "",
        vraagstuk.bespreking,
    ]
    if getattr(vraagstuk, "vragen", None):
        lines += ["", "**Vragen om over door te praten**", "", *_bullets(vraagstuk.vragen)]
    return "\n".join(lines) + "\n"
