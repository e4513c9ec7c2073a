"""Schema of the self-scan "Hoe open is jouw gemeente?" (``kind: zelfscan``, Les 1, Stap 1.1).

The file ``data/scenarios/zelfscan/zelfscan.yaml`` holds the questions (after
the handreiking's diagnostic questions of Stap 1.1, framework ``openheid``),
their answer options with a score, the places on the spectrum *zich afzijdig
houden - ruimte bieden - actieve ondersteuning* with the score from which each
starts, and the tips for what to do next. Every tip names the step it rests on.
The scoring itself lives in :mod:`handreiking.scenarios.zelfscan`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from .container import Content, document_of
from .models import FrameworkItemRef, Id, Links, Model, StapId, Text

Issue = tuple[tuple[str | int, ...], str]

Percentage = Annotated[int, Field(ge=0, le=100)]
Score = Annotated[int, Field(ge=0, le=10)]


class Tip(Model):
    """Advice for what to do next, with the step of the handreiking it rests on."""

    stap: StapId
    text: Text


class Antwoord(Model):
    """One answer option. ``score: null`` means "weet ik niet": it does not count in the score."""

    id: Id
    text: Text
    score: Score | None
    tip: Tip | None = Field(default=None, description="Advice shown when this answer is chosen.")


class ZelfscanVraag(Model):
    """One question of the scan, tied to one of the diagnostic questions of Stap 1.1."""

    id: Id
    item: FrameworkItemRef = Field(description="The diagnostic question in the openheid framework.")
    prompt: Text
    uitleg: Text = Field(description="Why this question matters, in plain Dutch.")
    antwoorden: list[Antwoord] = Field(min_length=2)

    @property
    def max_score(self) -> int:
        return max(a.score for a in self.antwoorden if a.score is not None)

    def check(self) -> list[Issue]:
        out: list[Issue] = []
        ids = [a.id for a in self.antwoorden]
        for i, aid in enumerate(ids):
            if aid in ids[:i]:
                out.append((("antwoorden", i, "id"), f"de antwoord-id '{aid}' komt twee keer voor in deze vraag."))
        scored = [a.score for a in self.antwoorden if a.score is not None]
        if len(scored) < 2:
            out.append((("antwoorden",), "geef minstens twee antwoorden met een score (naast 'weet ik niet')."))
        elif max(scored) == 0:
            out.append((("antwoorden",), "minstens één antwoord moet een score groter dan 0 hebben."))
        return out


class Plek(Model):
    """A place on the spectrum, from ``vanaf`` (percentage of the maximum score, inclusive) upward."""

    id: Id
    naam: Text
    vanaf: Percentage
    beschrijving: Text
    volgende_stappen: list[Tip] = Field(min_length=1)


class Verschilregel(Model):
    """A tip when answers to some questions lie far apart (e.g. raad and organisatie think differently)."""

    id: Id
    uitleg: Text
    vragen: list[Id] = Field(min_length=2)
    verschil_vanaf: Annotated[int, Field(ge=1, le=10)]
    tip: Tip


class Zelfscan(Model):
    """The whole self-scan: questions, spectrum, tips and what the scan leaves out."""

    kind: Literal["zelfscan"]
    id: Id
    title: Text
    intro: Text = Field(description="What the scan is for; says it is a reflection tool, not a judgement.")
    uitleg: Text = Field(description="How the score is computed (for 'Hoe werkt deze scan?').")
    stap: StapId
    min_beantwoord: Annotated[int, Field(ge=1)] = Field(
        description="How many questions need a scored answer before the scan gives a place."
    )
    vragen: list[ZelfscanVraag] = Field(min_length=2)
    plekken: list[Plek] = Field(min_length=2)
    verschillen: list[Verschilregel] = Field(default_factory=list)
    onbekend_tip: Tip = Field(description="Shown when questions were answered with 'weet ik niet'.")
    te_weinig: Text = Field(description="Shown while fewer than min_beantwoord questions have a scored answer.")
    laat_weg: list[Text] = Field(min_length=1, description="What the scan leaves out.")
    links: Links = Field(default_factory=Links)

    def check(self) -> list[Issue]:
        out: list[Issue] = []
        ids = [v.id for v in self.vragen]
        for i, vid in enumerate(ids):
            if vid in ids[:i]:
                out.append((("vragen", i, "id"), f"de vraag-id '{vid}' komt twee keer voor."))
        if self.min_beantwoord > len(self.vragen):
            out.append((("min_beantwoord",), f"er zijn maar {len(self.vragen)} vragen; verlaag 'min_beantwoord'."))
        bands = [p.vanaf for p in self.plekken]
        if bands != sorted(bands) or len(set(bands)) != len(bands):
            out.append((("plekken",), "zet de plekken van laag naar hoog, elk met een eigen 'vanaf'."))
        if bands and bands[0] != 0:
            out.append((("plekken", 0, "vanaf"), "de eerste plek moet 'vanaf: 0' hebben."))
        for i, regel in enumerate(self.verschillen):
            for j, vid in enumerate(regel.vragen):
                if vid not in ids:
                    out.append((("verschillen", i, "vragen", j), f"de vraag '{vid}' bestaat niet in deze scan."))
        return out


KINDS: dict[str, type[BaseModel]] = {"zelfscan": Zelfscan}
KIND_LABELS: dict[str, str] = {"zelfscan": "de zelfscan"}


def zelfscan_data(content: Content) -> Zelfscan:
    """The self-scan in ``content``."""
    return document_of("zelfscan", content)
