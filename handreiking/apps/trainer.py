"""Material for the trainer as Markdown: the trainer cases and the closing session plan.

The trainer notebook (``notebooks/trainer/casussen.ipynb``) shows each case with
e.g. ``Markdown(casus_markdown(content, casus))``. The text comes from ``data/casussen/``
and ``data/sessieplannen/`` (Dutch, validated by the loader); these helpers arrange it,
name every step with its title from ``data/lessons/`` and every vuistregel with its
title from the introduction, and say in which session plans a case is used.
"""

from __future__ import annotations

from typing import Any

from ..content import Content
from ..content.models import STAP_IDS
from ..content.sessieplan import Blok, Sessieplan, Slotsessie
from ..content.trainercasus import TrainerCasus, trainer_casussen
from .lesson import bullets, table_cell


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def stap_label(content: Content, stap_id: str) -> str:
    """'Stap 3.1: <title>' with the step's title as the package gives it."""
    return f"Stap {stap_id}: {content.stap(stap_id).title}"


def vuistregel_label(content: Content, vuistregel_id: str) -> str:
    """'Vuistregel 1: <title>' with the number and title from the introduction."""
    for n, regel in enumerate(content.introduction.vuistregels, start=1):
        if regel.id == vuistregel_id:
            return f"Vuistregel {n}: {regel.title}"
    raise KeyError(f"De introductie heeft geen vuistregel '{vuistregel_id}'.")


def _plans(content: Content) -> list[Any]:
    lesson_plans = sorted(content.of_kind("sessieplan"), key=lambda p: p.les)
    return [*lesson_plans, *content.of_kind("slotsessie")]


def _plan_name(plan: Any) -> str:
    return "de slotsessie" if isinstance(plan, Slotsessie) else f"het sessieplan van Les {plan.les}"


def casus_gebruik(content: Content, casus_id: str) -> list[str]:
    """Where session plans use the case: e.g. 'het sessieplan van Les 3 (0:10–0:30, 0:55–1:25)'."""
    out = []
    for plan in _plans(content):
        start, times = 0, []
        for blok in plan.blocks:
            if blok.casus == casus_id:
                times.append(f"{_clock(start)}\u2013{_clock(start + blok.minutes)}")
            start += blok.minutes
        if times:
            out.append(f"{_plan_name(plan)} ({', '.join(times)})")
    return out


def _for_whom(content: Content, casus: TrainerCasus) -> str:
    kind = "Verzonnen casus" if casus.invented else "Casus"
    if casus.les is None:
        return f"{kind} voor de laatste sessie van een reeks: door alle zeven lessen en de drie vuistregels."
    return f"{kind} voor Les {casus.les}: {content.lessen[casus.les].title}."


def casus_markdown(content: Content, casus: TrainerCasus, level: int = 2) -> str:
    """One trainer case: the story, facts, dilemmas, the assignment, and the discussion per lesson and step."""
    head = "#" * level
    lines = [f"{head} {casus.title}", "", f"*{_for_whom(content, casus)}*"]
    gebruik = casus_gebruik(content, casus.id)
    if gebruik:
        lines += ["", f"*Gebruikt in {' en '.join(gebruik)}.*"]
    lines += ["", casus.verhaal, "", "**Feiten**", "", *bullets(casus.feiten), ""]
    lines += ["**Dilemma's**", "", *bullets(casus.dilemmas), ""]
    lines += ["**Opdracht voor de groep**", "", casus.opdracht, ""]
    lines += [f"{head}# Bespreking per stap", ""]
    order = {s: i for i, s in enumerate(STAP_IDS)}
    current_les: int | None = None
    for punt in sorted(casus.bespreking, key=lambda p: order[p.stap]):
        les = int(punt.stap.split(".")[0])
        if les != current_les:
            lines += [f"{head}## Les {les}: {content.lessen[les].title}", ""]
            current_les = les
        lines += [f"**{stap_label(content, punt.stap)}.** {punt.vraag}", "", "Mogelijke antwoorden:", ""]
        lines += [*bullets(punt.antwoorden), ""]
    if casus.vuistregels:
        lines += [f"{head}# De drie vuistregels", ""]
        for punt in casus.vuistregels:
            label = vuistregel_label(content, punt.vuistregel)
            lines += [f"**{label}.** {punt.vraag}", "", "Mogelijke antwoorden:", "", *bullets(punt.antwoorden), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def casussen_overzicht_markdown(content: Content) -> str:
    """A table of all trainer cases: for which lesson, which steps they discuss, where they are used."""
    lines = ["| Casus | Voor | Stappen in de bespreking | Gebruikt in |", "|---|---|---|---|"]
    for casus in trainer_casussen(content):
        voor = "slotsessie (alle lessen)" if casus.les is None else f"Les {casus.les}"
        gebruik = "; ".join(casus_gebruik(content, casus.id)) or "\u2013"
        lines.append(f"| {table_cell(casus.title)} | {voor} | {', '.join(casus.stappen)} | {table_cell(gebruik)} |")
    return "\n".join(lines) + "\n"


def _rests_on(content: Content, blok: Blok) -> str:
    """'Stap 7.2', 'Vuistregel 2' or 'Vuistregels 1, 2 en 3' (numbers from the introduction)."""
    parts = [f"Stap {blok.stap}"] if blok.stap else []
    numbers = [vuistregel_label(content, v).split(":")[0].removeprefix("Vuistregel ") for v in blok.vuistregels]
    if len(numbers) == 1:
        parts.append(f"Vuistregel {numbers[0]}")
    elif numbers:
        parts.append(f"Vuistregels {', '.join(numbers[:-1])} en {numbers[-1]}")
    return ", ".join(parts) or "\u2013"


def _plan_markdown(content: Content, plan: Sessieplan | Slotsessie, heading: str, note: str) -> str:
    """One session plan: goals, preparation, the timed blocks (with what each rests on and its case), questions."""
    titles = {c.id: c.title for c in content.of_kind("trainer-casus")}
    lines = [
        f"## {heading} ({plan.duration_minutes} minuten)",
        "",
        f"*{note} Tijden en werkvormen zijn ons eigen ontwerp; pas ze aan je groep aan.*",
        "",
        "**Doelen**",
        "",
        *bullets(plan.goals),
        "",
        "**Voorbereiding**",
        "",
        *bullets(plan.preparation),
        "",
        "**Verloop**",
        "",
        "| Tijd | Min. | Activiteit | Werkvorm | App | Rust op | Casus |",
        "|---|---|---|---|---|---|---|",
    ]
    start = 0
    for blok in plan.blocks:
        app = f"`{blok.app}`" if blok.app else "\u2013"
        casus = table_cell(titles.get(blok.casus, blok.casus)) if blok.casus else "\u2013"
        lines.append(
            f"| {_clock(start)}\u2013{_clock(start + blok.minutes)} | {blok.minutes} | {table_cell(blok.activity)} "
            f"| {table_cell(blok.werkvorm)} | {app} | {_rests_on(content, blok)} | {casus} |"
        )
        start += blok.minutes
    if plan.apps:
        lines += ["", "Apps: " + "; ".join(f"`{a}` (`notebooks/apps/{a}.ipynb`)" for a in plan.apps)]
    lines += ["", "**Vragen voor het groepsgesprek**", ""]
    lines += [f"{n}. {q}" for n, q in enumerate(plan.discussion_questions, start=1)]
    return "\n".join(lines) + "\n"


def sessieplan_markdown(content: Content, les: int) -> str:
    """The trainer's session plan(s) for lesson ``les``: goals, preparation, timed blocks, discussion questions."""
    plans = [p for p in content.of_kind("sessieplan") if p.les == les]
    if not plans:
        raise KeyError(
            f"Er is geen sessieplan voor Les {les} (verwacht een bestand met 'kind: sessieplan' en 'les: {les}')."
        )
    note = f"Sessieplan bij Les {les} van de handreiking: \u201c{content.lessen[les].title_source}\u201d."
    return "\n".join(_plan_markdown(content, plan, f"Les {les}: {plan.title}", note) for plan in plans)


def slotsessie_markdown(content: Content) -> str:
    """The closing session plan(s) of a series: goals, preparation, timed blocks, discussion questions."""
    plans = content.of_kind("slotsessie")
    if not plans:
        raise KeyError("Er is geen slotsessie (verwacht een bestand met 'kind: slotsessie' in data/sessieplannen/).")
    note = (
        "Sessieplan voor de laatste sessie van een reeks. Het rust op alle zeven lessen en op de drie "
        "vuistregels uit de introductie van de handreiking."
    )
    return "\n".join(_plan_markdown(content, plan, f"Slotsessie: {plan.title}", note) for plan in plans)
