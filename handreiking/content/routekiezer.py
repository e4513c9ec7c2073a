"""Schema of the route-kiezer (``kind: routekiezer``, Les 3, Stap 3.3).

The file ``data/scenarios/routekiezer/routekiezer.yaml`` holds the five
aanbestedingsroutes (each tied to an item of the framework
``aanbestedingsroutes``), a few questions about the situation, and per answer
the points it gives to routes, each with a Dutch reason. It also holds the
fixed notice that this is not legal advice, the explanation of the scoring and
what the tool leaves out. The scoring itself lives in
:mod:`handreiking.scenarios.routekiezer`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from .container import Content, document_of
from .models import FrameworkItemRef, FrameworkRef, Id, Links, Model, SourceRef, StapId, Text

Issue = tuple[tuple[str | int, ...], str]

Punten = Annotated[int, Field(ge=-3, le=3)]
"""Points an answer gives a route: positive fits, negative fits less (0 is not allowed: leave it out)."""


class Signaal(Model):
    """A remark shown with an answer (e.g. "dit lijkt eerder een subsidie"), with the step it rests on."""

    stap: StapId
    text: Text


class Effect(Model):
    """What one answer does to one route: points, and why."""

    route: Id
    punten: Punten
    reden: Text = Field(description="Why this answer makes the route fit better or worse, in plain Dutch.")

    def check(self) -> list[Issue]:
        if self.punten == 0:
            return [(("punten",), "een effect van 0 punten doet niets; laat het weg of geef punten (-3 tot 3).")]
        return []


class RouteAntwoord(Model):
    """One answer option. No effects and no signal is allowed (e.g. 'weet ik niet')."""

    id: Id
    text: Text
    telt: bool = Field(default=True, description="False for 'weet ik niet': it does not count as answered.")
    effecten: list[Effect] = Field(default_factory=list)
    signaal: Signaal | None = None


class RouteVraag(Model):
    """One question about the situation."""

    id: Id
    prompt: Text
    uitleg: Text = Field(description="Why this question matters for the choice of a route.")
    antwoorden: list[RouteAntwoord] = Field(min_length=2)

    def check(self) -> list[Issue]:
        ids = [a.id for a in self.antwoorden]
        return [
            (("antwoorden", i, "id"), f"de antwoord-id '{aid}' komt twee keer voor in deze vraag.")
            for i, aid in enumerate(ids)
            if aid in ids[:i]
        ]


class Route(Model):
    """One of the five aanbestedingsroutes, as the tool names and summarises it."""

    id: Id
    item: FrameworkItemRef = Field(description="The route in the framework aanbestedingsroutes.")
    naam: Text
    kern: Text = Field(description="The route in one or two sentences.")


class Routekiezer(Model):
    """The whole route-kiezer: routes, questions, points, the legal notice and what it leaves out."""

    kind: Literal["routekiezer"]
    id: Id
    title: Text
    intro: Text
    uitleg: Text = Field(description="How the scoring works (for 'Hoe werkt de route-kiezer?').")
    stap: StapId
    framework: FrameworkRef
    bron: SourceRef = Field(description="The source every route advice names.")
    disclaimer: Text = Field(description="The fixed notice that this is not legal advice; always shown.")
    min_beantwoord: Annotated[int, Field(ge=1)] = Field(
        description="How many questions need an answer that counts before the tool names routes."
    )
    marge: Annotated[int, Field(ge=0, le=5)] = Field(
        description="Routes within this many points of the best one are shown as fitting best too."
    )
    te_weinig: Text = Field(description="Shown while fewer than min_beantwoord questions count.")
    geen_voorkeur: Text = Field(description="Shown when no route gets more than 0 points.")
    routes: list[Route] = Field(min_length=2)
    vragen: list[RouteVraag] = Field(min_length=2)
    laat_weg: list[Text] = Field(min_length=1, description="What the tool leaves out.")
    links: Links = Field(default_factory=Links)

    def check(self) -> list[Issue]:
        out: list[Issue] = []
        if "geen juridisch advies" not in self.disclaimer.lower():
            out.append((("disclaimer",), "de melding moet zeggen dat dit 'geen juridisch advies' is."))
        route_ids = [r.id for r in self.routes]
        for i, rid in enumerate(route_ids):
            if rid in route_ids[:i]:
                out.append((("routes", i, "id"), f"de route-id '{rid}' komt twee keer voor."))
        vraag_ids = [v.id for v in self.vragen]
        for i, vid in enumerate(vraag_ids):
            if vid in vraag_ids[:i]:
                out.append((("vragen", i, "id"), f"de vraag-id '{vid}' komt twee keer voor."))
        if self.min_beantwoord > len(self.vragen):
            out.append((("min_beantwoord",), f"er zijn maar {len(self.vragen)} vragen; verlaag 'min_beantwoord'."))
        positief: set[str] = set()
        for i, vraag in enumerate(self.vragen):
            for j, antwoord in enumerate(vraag.antwoorden):
                for k, effect in enumerate(antwoord.effecten):
                    if effect.route not in route_ids:
                        known = ", ".join(route_ids)
                        out.append(
                            (
                                ("vragen", i, "antwoorden", j, "effecten", k, "route"),
                                f"de route '{effect.route}' bestaat niet in deze route-kiezer (bekend: {known}).",
                            )
                        )
                    elif effect.punten > 0:
                        positief.add(effect.route)
        for i, rid in enumerate(route_ids):
            if rid not in positief:
                out.append((("routes", i, "id"), f"route '{rid}' krijgt bij geen enkel antwoord pluspunten."))
        return out


KINDS: dict[str, type[BaseModel]] = {"routekiezer": Routekiezer}
KIND_LABELS: dict[str, str] = {"routekiezer": "de route-kiezer"}


def routekiezer_data(content: Content) -> Routekiezer:
    """The route-kiezer in ``content``."""
    return document_of("routekiezer", content)
