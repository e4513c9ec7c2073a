"""The self-scan "Hoe open is jouw gemeente?" (Les 1, Stap 1.1): pure scoring, no widgets, no I/O.

A reflection tool, not a measurement. Each answer carries a score (0 = the
municipality stands aside, higher = it supports collectives actively); "weet ik
niet" carries no score and does not count. The scan adds the scores, divides by
the highest score possible for the questions answered with a score, and places
the result (0-100) on the spectrum *zich afzijdig houden - ruimte bieden -
actieve ondersteuning* of Stap 1.1, using the thresholds in the data. The tips
come from the data too, and each names its step.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..content.zelfscan import Antwoord, Plek, Tip, Zelfscan, ZelfscanVraag


@dataclass(frozen=True)
class Advies:
    """One piece of advice in the result: the step it rests on, the text, and why it is shown."""

    stap: str
    text: str
    reden: str
    """``plek`` (belongs to the place on the spectrum), ``antwoord``, ``verschil`` or ``onbekend``."""


@dataclass(frozen=True)
class Uitkomst:
    """The outcome of the scan for a set of answers."""

    antwoorden: dict[str, str | None]
    punten: int
    max_punten: int
    beantwoord: int
    """Questions answered with an answer that counts (not 'weet ik niet')."""
    onbekend: tuple[str, ...]
    """Question ids answered with 'weet ik niet'."""
    score: int | None
    """0-100, or ``None`` while fewer than ``min_beantwoord`` questions count."""
    plek: Plek | None
    adviezen: tuple[Advies, ...] = field(default_factory=tuple)
    verschillen: tuple[str, ...] = ()
    """Ids of the difference rules that fired."""

    @property
    def compleet(self) -> bool:
        """True when the scan could give a place on the spectrum."""
        return self.plek is not None


def percentage(punten: int, max_punten: int) -> int:
    """``punten`` as a whole percentage of ``max_punten``, rounded half up (0 when nothing counts)."""
    if max_punten <= 0:
        return 0
    return (200 * punten + max_punten) // (2 * max_punten)


def place_for(scan: Zelfscan, score: int) -> Plek:
    """The place on the spectrum for a score 0-100: the highest place whose ``vanaf`` it reaches."""
    chosen = scan.plekken[0]
    for plek in scan.plekken:
        if score >= plek.vanaf:
            chosen = plek
    return chosen


def _chosen(vraag: ZelfscanVraag, antwoord_id: str | None) -> Antwoord | None:
    return next((a for a in vraag.antwoorden if a.id == antwoord_id), None)


def evaluate(scan: Zelfscan, antwoorden: Mapping[str, str | None]) -> Uitkomst:
    """Score ``antwoorden`` (question id -> answer id, or None when not answered yet)."""
    punten = max_punten = beantwoord = 0
    onbekend: list[str] = []
    gekozen_scores: dict[str, int] = {}
    antwoord_tips: list[Tip] = []
    clean: dict[str, str | None] = {}
    for vraag in scan.vragen:
        antwoord = _chosen(vraag, antwoorden.get(vraag.id))
        clean[vraag.id] = antwoord.id if antwoord else None
        if antwoord is None:
            continue
        if antwoord.score is None:
            onbekend.append(vraag.id)
        else:
            punten += antwoord.score
            max_punten += vraag.max_score
            beantwoord += 1
            gekozen_scores[vraag.id] = antwoord.score
        if antwoord.tip is not None:
            antwoord_tips.append(antwoord.tip)

    verschillen: list[str] = []
    verschil_tips: list[Tip] = []
    for regel in scan.verschillen:
        scores = [gekozen_scores[v] for v in regel.vragen if v in gekozen_scores]
        if len(scores) >= 2 and max(scores) - min(scores) >= regel.verschil_vanaf:
            verschillen.append(regel.id)
            verschil_tips.append(regel.tip)

    compleet = beantwoord >= scan.min_beantwoord
    score = percentage(punten, max_punten) if compleet else None
    plek = place_for(scan, score) if score is not None else None

    adviezen: list[Advies] = []
    seen: set[tuple[str, str]] = set()

    def add(tip: Tip, reden: str) -> None:
        key = (tip.stap, tip.text)
        if key not in seen:
            seen.add(key)
            adviezen.append(Advies(tip.stap, tip.text, reden))

    if plek is not None:
        for tip in plek.volgende_stappen:
            add(tip, "plek")
    for tip in verschil_tips:
        add(tip, "verschil")
    for tip in antwoord_tips:
        add(tip, "antwoord")
    if onbekend:
        add(scan.onbekend_tip, "onbekend")

    return Uitkomst(
        antwoorden=clean,
        punten=punten,
        max_punten=max_punten,
        beantwoord=beantwoord,
        onbekend=tuple(onbekend),
        score=score,
        plek=plek,
        adviezen=tuple(adviezen),
        verschillen=tuple(verschillen),
    )


def explain_scan(scan: Zelfscan) -> str:
    """'Hoe werkt deze scan?' as Markdown, written out from the data (rules, points, limits, what it leaves out)."""
    lines = [f"### Hoe werkt deze scan? (Stap {scan.stap})", "", scan.uitleg, "", "**De vragen en hun punten**", ""]
    for n, vraag in enumerate(scan.vragen, start=1):
        lines.append(f"{n}. {vraag.prompt}")
        for a in vraag.antwoorden:
            punten = "telt niet mee" if a.score is None else f"{a.score} {'punt' if a.score == 1 else 'punten'}"
            lines.append(f"    - {a.text}: {punten}")
    lines += ["", "**De plekken op de schaal**", ""]
    for i, plek in enumerate(scan.plekken):
        tot = scan.plekken[i + 1].vanaf - 1 if i + 1 < len(scan.plekken) else 100
        lines.append(f"- {plek.naam}: score {plek.vanaf} tot en met {tot}.")
    lines += [
        "",
        f"De scan geeft pas een plek als minstens {scan.min_beantwoord} vragen een antwoord hebben dat meetelt.",
    ]
    for regel in scan.verschillen:
        lines += [
            "",
            f"**Extra tip bij verschillen** ({regel.verschil_vanaf} punten of meer uit elkaar): {regel.uitleg}",
        ]
    lines += ["", "**Wat de scan weglaat**", ""]
    lines += [f"- {item}" for item in scan.laat_weg]
    return "\n".join(lines)
