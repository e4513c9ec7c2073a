"""The route-kiezer (Les 3, Stap 3.3): which aanbestedingsroute fits a situation. Pure scoring, no widgets, no I/O.

An orientation tool, not legal advice. Every answer gives points (plus or minus)
to one or more of the five aanbestedingsroutes, each with a reason; all of that
lives in ``data/scenarios/routekiezer/routekiezer.yaml``. The tool adds the
points per route, ranks the routes (ties keep the order of the data), and
names as best fitting the top route plus every route within ``marge`` points of
it, as long as it has more than 0 points. Every route advice names the step
(Stap 3.3) and the source (the Handreiking Burgerinitiatieven & het
aanbestedingsrecht); the notice that this is not legal advice is always part
of the result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..content.routekiezer import Route, RouteAntwoord, Routekiezer, RouteVraag


@dataclass(frozen=True)
class Reden:
    """One reason for or against a route, from one answer."""

    vraag: str
    punten: int
    text: str
    stap: str

    @property
    def regel(self) -> str:
        """The reason as one line that names its step."""
        return f"{self.text} (Stap {self.stap})"


@dataclass(frozen=True)
class RouteAdvies:
    """One route in the result: its points, the reasons for and against, the step and the source."""

    route: Route
    punten: int
    voor: tuple[Reden, ...]
    tegen: tuple[Reden, ...]
    stap: str
    bron: str
    """Source id (``did-aanbestedingsrecht``)."""
    bron_titel: str
    bron_url: str

    @property
    def verwijzing(self) -> str:
        """'Stap 3.3; bron: <title>', shown with every route."""
        return f"Stap {self.stap}; bron: {self.bron_titel}"


@dataclass(frozen=True)
class Opmerking:
    """A remark triggered by an answer (e.g. "dit lijkt eerder een subsidie"), with its step."""

    vraag: str
    stap: str
    text: str


@dataclass(frozen=True)
class Uitkomst:
    """The outcome for a set of answers."""

    antwoorden: dict[str, str | None]
    beantwoord: int
    """Questions answered with an answer that counts (not 'weet ik niet')."""
    onbekend: tuple[str, ...]
    ranking: tuple[RouteAdvies, ...]
    """All routes, best first."""
    beste: tuple[RouteAdvies, ...]
    """The routes that fit best; empty while too few answers count or no route has points."""
    opmerkingen: tuple[Opmerking, ...]
    disclaimer: str
    melding: str | None
    """Shown instead of routes: too few answers, or no route stands out."""

    @property
    def compleet(self) -> bool:
        """True when the tool could name fitting routes."""
        return bool(self.beste)


def _chosen(vraag: RouteVraag, antwoord_id: str | None) -> RouteAntwoord | None:
    return next((a for a in vraag.antwoorden if a.id == antwoord_id), None)


def _source(kiezer: Routekiezer, sources: Mapping[str, Any] | None) -> tuple[str, str]:
    src = (sources or {}).get(kiezer.bron)
    if src is None:
        return "Handreiking Burgerinitiatieven & het aanbestedingsrecht", ""
    return str(src.title), str(src.url)


def evaluate(
    kiezer: Routekiezer, antwoorden: Mapping[str, str | None], sources: Mapping[str, Any] | None = None
) -> Uitkomst:
    """Score ``antwoorden`` (question id -> answer id, or None) and rank the routes.

    ``sources`` (``content.sources``) supplies the source's title and web address; without it the
    title is the handreiking's own and the address is empty.
    """
    bron_titel, bron_url = _source(kiezer, sources)
    punten = {r.id: 0 for r in kiezer.routes}
    redenen: dict[str, list[Reden]] = {r.id: [] for r in kiezer.routes}
    opmerkingen: list[Opmerking] = []
    clean: dict[str, str | None] = {}
    beantwoord = 0
    onbekend: list[str] = []
    for vraag in kiezer.vragen:
        antwoord = _chosen(vraag, antwoorden.get(vraag.id))
        clean[vraag.id] = antwoord.id if antwoord else None
        if antwoord is None:
            continue
        if antwoord.telt:
            beantwoord += 1
        else:
            onbekend.append(vraag.id)
        for effect in antwoord.effecten:
            punten[effect.route] += effect.punten
            redenen[effect.route].append(Reden(vraag.id, effect.punten, effect.reden, kiezer.stap))
        if antwoord.signaal is not None:
            opmerkingen.append(Opmerking(vraag.id, antwoord.signaal.stap, antwoord.signaal.text))

    order = {r.id: i for i, r in enumerate(kiezer.routes)}
    ranking = tuple(
        RouteAdvies(
            route=route,
            punten=punten[route.id],
            voor=tuple(sorted((r for r in redenen[route.id] if r.punten > 0), key=lambda r: -r.punten)),
            tegen=tuple(sorted((r for r in redenen[route.id] if r.punten < 0), key=lambda r: r.punten)),
            stap=kiezer.stap,
            bron=kiezer.bron,
            bron_titel=bron_titel,
            bron_url=bron_url,
        )
        for route in sorted(kiezer.routes, key=lambda r: (-punten[r.id], order[r.id]))
    )

    melding: str | None = None
    beste: tuple[RouteAdvies, ...] = ()
    if beantwoord < kiezer.min_beantwoord:
        melding = kiezer.te_weinig
    elif ranking[0].punten <= 0:
        melding = kiezer.geen_voorkeur
    else:
        top = ranking[0].punten
        beste = tuple(a for a in ranking if a.punten > 0 and a.punten >= top - kiezer.marge)

    return Uitkomst(
        antwoorden=clean,
        beantwoord=beantwoord,
        onbekend=tuple(onbekend),
        ranking=ranking,
        beste=beste,
        opmerkingen=tuple(opmerkingen),
        disclaimer=kiezer.disclaimer,
        melding=melding,
    )


def explain_routekiezer(kiezer: Routekiezer) -> str:
    """'Hoe werkt de route-kiezer?' as Markdown, written out from the data (points, reasons, limits)."""
    names = {r.id: r.naam for r in kiezer.routes}
    lines = [
        f"### Hoe werkt de route-kiezer? (Stap {kiezer.stap})",
        "",
        f"*{kiezer.disclaimer}*",
        "",
        kiezer.uitleg,
        "",
        f"De route-kiezer noemt pas routes als minstens {kiezer.min_beantwoord} vragen een antwoord hebben dat "
        f"meetelt. Als best passend gelden de route met de meeste punten en elke route die hoogstens "
        f"{kiezer.marge} {'punt' if kiezer.marge == 1 else 'punten'} minder heeft, zolang die meer dan 0 punten "
        "heeft. Bij gelijke punten blijft de volgorde van de routes (1 tot en met 5).",
        "",
        "**De vijf routes**",
        "",
        *[f"- **{r.naam}**: {r.kern}" for r in kiezer.routes],
        "",
        "**De vragen en hun punten**",
        "",
    ]
    for n, vraag in enumerate(kiezer.vragen, start=1):
        lines.append(f"{n}. {vraag.prompt}")
        for a in vraag.antwoorden:
            if a.effecten:
                effects = "; ".join(f"{names[e.route].split(':')[0]} {e.punten:+d}" for e in a.effecten)
            else:
                effects = "geen punten" if a.telt else "geen punten, telt niet als beantwoord"
            extra = " (met een opmerking)" if a.signaal else ""
            lines.append(f"    - {a.text}: {effects}{extra}")
    lines += ["", "**Wat de route-kiezer weglaat**", "", *[f"- {item}" for item in kiezer.laat_weg]]
    return "\n".join(lines) + "\n"
