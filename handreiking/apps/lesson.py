"""Lesson text from ``data/`` as Markdown, so lesson notebooks stay thin.

A notebook cell shows a step, a framework or an example with e.g.
``Markdown(stap_markdown(content, "1.1"))``. The text is the project's own
(Dutch, in our words, validated by the loader); these helpers only arrange it
and add the citations (lesson and step, the handreiking's own heading, sources
with their web address). It sits with the apps, the layer notebooks use, and
reads only :mod:`handreiking.content`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..content import Content


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


def _lessen_label(numbers: Iterable[int]) -> str:
    labels = [f"Les {n}" for n in sorted(numbers)]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " en " + labels[-1]


def introduction_markdown(content: Content) -> str:
    """What the handreiking is about, why, for whom and what it contains (from ``data/introduction.yaml``)."""
    intro = content.introduction
    lines = [f"## {intro.title}", ""]
    for paragraph in intro.context:
        lines += [paragraph, ""]
    lines += ["**Waarom deze handreiking**", "", intro.purpose, "", "**Voor wie**", "", *_bullets(intro.audience)]
    lines += ["", "**Wat staat erin**", "", *_bullets(intro.contents)]
    lines += ["", "*Bron: de introductie van de handreiking, in onze woorden.*"]
    return "\n".join(lines) + "\n"


def uitnodigende_overheid_markdown(content: Content) -> str:
    """The inviting government: what it asks of a municipality, and how you recognise it."""
    intro = content.introduction
    lines = [
        "### De uitnodigende overheid",
        "",
        intro.uitnodigende_overheid,
        "",
        "**Zo herken je een uitnodigende overheid**",
        "",
        *_bullets(intro.uitnodigende_kenmerken),
    ]
    return "\n".join(lines) + "\n"


def vuistregels_markdown(content: Content) -> str:
    """The three rules of thumb, numbered, each with the lessons that (in our reading) work it out."""
    lines = ["### De drie vuistregels", ""]
    for n, regel in enumerate(content.introduction.vuistregels, start=1):
        lines.append(f"{n}. **{regel.title}.** {regel.explanation}")
        if regel.lessen:
            lines.append(f"   *Uitgewerkt in {_lessen_label(regel.lessen)} (onze lezing).*")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def lessen_overview_markdown(content: Content) -> str:
    """A table of the seven lessons: our title, the handreiking's heading and the steps."""
    lines = ["| Les | Waar gaat het over | Stappen |", "|---|---|---|"]
    for les in content.lessen.values():
        stappen = "<br>".join(f"{s.id} {_cell(s.title)}" for s in les.stappen)
        lines.append(
            f"| {les.number} | **{_cell(les.title)}** (handreiking: *{_cell(les.title_source)}*) | {stappen} |"
        )
    return "\n".join(lines) + "\n"


def background_markdown(content: Content, key_points: bool = True) -> str:
    """The Achtergrondinformatie: summary and (optionally) its key points, with the sources it names."""
    bg = content.background
    lines = [f"## {bg.title}", "", bg.summary, ""]
    if key_points:
        lines += ["**De kern in het kort**", "", *_bullets(bg.key_points), ""]
    lines.append("*Bron: de achtergrondinformatie van de handreiking, in onze woorden.*")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Text that is safe inside a Markdown table cell (one line, no column separators)."""
    return " ".join(text.split()).replace("|", "\\|")


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def sessieplan_markdown(content: Content, les: int) -> str:
    """The trainer's session plan(s) for lesson ``les``: goals, preparation, timed blocks, discussion questions."""
    plans = [p for p in content.of_kind("sessieplan") if p.les == les]
    if not plans:
        raise KeyError(
            f"Er is geen sessieplan voor Les {les} (verwacht een bestand met 'kind: sessieplan' en 'les: {les}')."
        )
    les_data = content.lessen[les]
    parts = []
    for plan in plans:
        lines = [
            f"## Les {les}: {plan.title} ({plan.duration_minutes} minuten)",
            "",
            f"*Sessieplan bij Les {les} van de handreiking: \u201c{les_data.title_source}\u201d. "
            "Tijden en werkvormen zijn ons eigen ontwerp; pas ze aan je groep aan.*",
            "",
            "**Doelen**",
            "",
            *_bullets(plan.goals),
            "",
            "**Voorbereiding**",
            "",
            *_bullets(plan.preparation),
            "",
            "**Verloop**",
            "",
            "| Tijd | Min. | Activiteit | Werkvorm | App | Stap |",
            "|---|---|---|---|---|---|",
        ]
        start = 0
        for blok in plan.blocks:
            app = f"`{blok.app}`" if blok.app else "\u2013"
            stap = f"Stap {blok.stap}" if blok.stap else "\u2013"
            lines.append(
                f"| {_clock(start)}\u2013{_clock(start + blok.minutes)} | {blok.minutes} | {_cell(blok.activity)} "
                f"| {_cell(blok.werkvorm)} | {app} | {stap} |"
            )
            start += blok.minutes
        if plan.apps:
            lines += ["", "Apps: " + "; ".join(f"`{a}` (`notebooks/apps/{a}.ipynb`)" for a in plan.apps)]
        lines += ["", "**Vragen voor het groepsgesprek**", ""]
        lines += [f"{n}. {q}" for n, q in enumerate(plan.discussion_questions, start=1)]
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)
