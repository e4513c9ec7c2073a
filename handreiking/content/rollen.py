"""Schemas of the rollen scenario's files in ``data/scenarios/rollen/`` (Les 1, Stap 1.1).

Two kinds:

``rollen-model``
    The teaching model: the four roles and four factors, how the fit between a
    mix and a factor is scored, the thresholds, the tension rules and every
    feedback template, each with a Dutch ``uitleg``.
``rollen-vraagstuk``
    One case (vraagstuk): what is at stake, where it plays, the political
    preference, the organisation's experience, the civil servant's style, each
    factor's pull per role, optional minimum shares with their reason, and the
    start mix.
"""

from __future__ import annotations

import string
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from .container import Content, document_of, documents_of
from .models import ExampleRef, FrameworkItemRef, Id, Links, Model, SourceRef, StapId, Text

ROL_IDS: tuple[str, ...] = ("rechtmatig", "presterend", "netwerkend", "responsief")
"""The four roles of Stap 1.1, in the handreiking's order (ids of the items in the ``rollen`` framework)."""

FACTOR_IDS: tuple[str, ...] = ("vraagstuk", "politieke-voorkeur", "organisatie", "persoonlijke-stijl")
"""The four factors of Stap 1.1 (ids of the items in the ``keuzefactoren`` framework)."""

RolId = Literal["rechtmatig", "presterend", "netwerkend", "responsief"]
FactorId = Literal["vraagstuk", "politieke-voorkeur", "organisatie", "persoonlijke-stijl"]
Plek = Literal["achter-de-voordeur", "openbare-ruimte", "beide"]
"""Where a vraagstuk plays: in people's homes, in the public space, or both."""
Ervaring = Literal["weinig", "enige", "veel"]
"""How experienced the organisation is with burgercollectieven."""

Percentage = Annotated[int, Field(ge=0, le=100)]
Pull = Annotated[int, Field(ge=0, le=3)]
"""How hard a factor pulls toward a role: 0 (not) .. 3 (strongly)."""

PLEK_LABELS: dict[str, str] = {
    "achter-de-voordeur": "achter de voordeur",
    "openbare-ruimte": "in de openbare ruimte",
    "beide": "achter de voordeur én in de openbare ruimte",
}
ERVARING_LABELS: dict[str, str] = {"weinig": "weinig", "enige": "enige", "veel": "veel"}

Issue = tuple[tuple[str | int, ...], str]


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _check_template(template: str, allowed: set[str], path: tuple[str | int, ...]) -> list[Issue]:
    """A template may only use the fields the model fills in; name the wrong ones in Dutch."""
    try:
        used = _placeholders(template)
    except ValueError:
        return [(path, "ongeldig sjabloon: controleer de accolades { }.")]
    unknown = sorted(used - allowed)
    if unknown:
        return [
            (
                path,
                f"onbekend invulveld {', '.join('{' + u + '}' for u in unknown)}. "
                f"Toegestaan: {', '.join('{' + a + '}' for a in sorted(allowed))}.",
            )
        ]
    return []


# --- the model ---------------------------------------------------------------------


class RolDef(Model):
    """One of the four roles as the model names it."""

    id: RolId
    naam: Text = Field(description="Full name, e.g. 'Rechtmatige overheid'.")
    kort: Text = Field(description="Short label for sliders and charts, e.g. 'Rechtmatig'.")
    item: FrameworkItemRef = Field(description="The role in the rollen framework, e.g. 'rollen/rechtmatig'.")
    uitleg: Text


class FactorDef(Model):
    """One of the four factors (Stap 1.1) and the step(s) its feedback rests on."""

    id: FactorId
    naam: Text
    item: FrameworkItemRef = Field(description="The factor in the keuzefactoren framework.")
    stappen: list[StapId] = Field(min_length=1)
    gewicht: Annotated[int, Field(ge=0, le=10)] = 1
    uitleg: Text
    tip: Text = Field(description="Dutch advice added when the mix fits this factor poorly.")
    examples: list[ExampleRef] = Field(default_factory=list)


class Oordeel(Model):
    """A band of fit scores with its label and sentence."""

    id: Id
    vanaf: Percentage = Field(description="Lowest fit score (inclusive) of this band.")
    label: Text
    sjabloon: Text


FACTOR_FIELDS = {
    "factor",
    "toelichting",
    "top_rollen",
    "aandeel_top",
    "fit",
    "oordeel",
    "stap",
    "tekort_rol",
    "tekort_gevraagd",
    "tekort_aandeel",
    "overschot_rol",
    "overschot_gevraagd",
    "overschot_aandeel",
}
REFLECTIE_FIELDS = {"vraagstuk", "fit", "oordeel", "aantal", "gestapeld", "zwakste", "stap"}
SPANNING_FIELDS = {"rollen", "aandeel", "grens", "reden", "plek", "ervaring", "stap"}


def _check_oordelen(oordelen: list[Oordeel], fields: set[str]) -> list[Issue]:
    """Bands from high to low, each with its own 'vanaf', the lowest from 0; templates use known fields."""
    out: list[Issue] = []
    bands = [o.vanaf for o in oordelen]
    if bands != sorted(bands, reverse=True) or len(set(bands)) != len(bands):
        out.append((("oordelen",), "zet de oordelen van hoog naar laag, elk met een eigen 'vanaf'."))
    if bands and bands[-1] != 0:
        out.append((("oordelen", len(bands) - 1, "vanaf"), "het laagste oordeel moet 'vanaf: 0' hebben."))
    for i, o in enumerate(oordelen):
        out += _check_template(o.sjabloon, fields, ("oordelen", i, "sjabloon"))
    return out


class FitRegel(Model):
    """How the fit between a mix and a factor's pull is scored."""

    uitleg: Text
    oordelen: list[Oordeel] = Field(min_length=2)

    def check(self) -> list[Issue]:
        out = _check_oordelen(self.oordelen, FACTOR_FIELDS)
        return out


class Reflectie(Model):
    """The overall reflection: how the mix fits all four factors together."""

    uitleg: Text
    gestapeld_vanaf: Percentage = Field(description="A role counts as 'used' in the mix from this share on.")
    zin_gestapeld: Text = Field(description="Fills {gestapeld} when the mix uses two or more roles.")
    zin_enkel: Text = Field(description="Fills {gestapeld} when the mix uses one role.")
    stappen: list[StapId] = Field(min_length=1)
    oordelen: list[Oordeel] = Field(min_length=2)

    def check(self) -> list[Issue]:
        out = _check_oordelen(self.oordelen, REFLECTIE_FIELDS)
        for name in ("zin_gestapeld", "zin_enkel"):
            out += _check_template(getattr(self, name), {"aantal", "rollen"}, (name,))
        return out


class MinimumRegel(Model):
    """The rule behind a case's minimum shares (e.g. a permit makes rechtmatig unavoidable)."""

    uitleg: Text
    titel: Text
    sjabloon: Text

    def check(self) -> list[Issue]:
        return _check_template(self.sjabloon, SPANNING_FIELDS, ("sjabloon",))


class SpanningRegel(Model):
    """A tension: a share of some roles above or below a limit, optionally only for some cases.

    ``toets: som`` adds the shares of ``rollen``; ``toets: elk`` looks at each role on its own.
    """

    id: Id
    titel: Text
    uitleg: Text
    rollen: list[RolId] = Field(min_length=1)
    toets: Literal["som", "elk"] = "som"
    minder_dan: Percentage | None = None
    meer_dan: Percentage | None = None
    als_plek: list[Plek] = Field(default_factory=list, description="Only for cases that play here (empty: all).")
    als_ervaring: list[Ervaring] = Field(default_factory=list, description="Only for this experience.")
    stappen: list[StapId] = Field(min_length=1)
    overslaan_bij_minimum: bool = Field(
        default=False, description="Skip when the case's own minimum already flags these roles."
    )
    sjabloon: Text

    def check(self) -> list[Issue]:
        out: list[Issue] = []
        if (self.minder_dan is None) == (self.meer_dan is None):
            out.append((("minder_dan",), "geef precies één grens: 'minder_dan' of 'meer_dan'."))
        if len(set(self.rollen)) != len(self.rollen):
            out.append((("rollen",), "een rol staat twee keer in de lijst."))
        out += _check_template(self.sjabloon, SPANNING_FIELDS, ("sjabloon",))
        return out


class RollenModel(Model):
    """The rules and parameters of the rollen teaching model (``kind: rollen-model``)."""

    kind: Literal["rollen-model"]
    id: Id
    title: Text
    uitleg: Text = Field(description="What the model does, in Dutch (opens 'Hoe werkt dit model?').")
    bron: SourceRef
    rollen: list[RolDef] = Field(min_length=4, max_length=4)
    factoren: list[FactorDef] = Field(min_length=4, max_length=4)
    trek: Text = Field(description="Dutch explanation of the pull scale 0..3.")
    fit: FitRegel
    minimum: MinimumRegel
    spanningen: list[SpanningRegel] = Field(default_factory=list)
    reflectie: Reflectie
    geen_spanning: Text = Field(description="Shown when no tension is found.")
    laat_weg: list[Text] = Field(min_length=1, description="What the model leaves out (said in the notebook).")
    links: Links = Field(default_factory=Links)

    def check(self) -> list[Issue]:
        out: list[Issue] = []
        if tuple(r.id for r in self.rollen) != ROL_IDS:
            out.append((("rollen",), f"verwacht de vier rollen in deze volgorde: {', '.join(ROL_IDS)}."))
        if tuple(f.id for f in self.factoren) != FACTOR_IDS:
            out.append((("factoren",), f"verwacht de vier factoren in deze volgorde: {', '.join(FACTOR_IDS)}."))
        if sum(f.gewicht for f in self.factoren) == 0:
            out.append((("factoren",), "minstens één factor moet een gewicht groter dan 0 hebben."))
        ids = [s.id for s in self.spanningen]
        for i, s in enumerate(self.spanningen):
            if ids.index(s.id) != i:
                out.append((("spanningen", i, "id"), f"de spanning '{s.id}' staat twee keer in het model."))
        return out


# --- a case ------------------------------------------------------------------------


class Minimum(Model):
    """A share a role needs at least in this case, and why."""

    rol: RolId
    aandeel: Annotated[int, Field(ge=1, le=100)]
    reden: Text
    stap: StapId = "1.1"


class FactorTrek(Model):
    """How one factor pulls in this case: a pull per role (0..3) and the case's own reasoning."""

    factor: FactorId
    toelichting: Text
    trek: dict[RolId, Pull]

    def check(self) -> list[Issue]:
        out: list[Issue] = []
        missing = [r for r in ROL_IDS if r not in self.trek]
        if missing:
            out.append((("trek",), f"geef een trek (0 tot en met 3) voor elke rol; ontbreekt: {', '.join(missing)}."))
        elif sum(self.trek.values()) == 0:
            out.append((("trek",), "minstens één rol moet een trek groter dan 0 hebben."))
        return out


class StartMix(Model):
    """The mix the app starts with for this case (percentages that add up to 100)."""

    rechtmatig: Percentage
    presterend: Percentage
    netwerkend: Percentage
    responsief: Percentage

    def as_dict(self) -> dict[str, int]:
        return {r: int(getattr(self, r)) for r in ROL_IDS}

    def check(self) -> list[Issue]:
        total = sum(self.as_dict().values())
        if total != 100:
            return [((), f"de vier aandelen moeten samen 100 zijn, nu is het samen {total}.")]
        return []


class RollenVraagstuk(Model):
    """A vraagstuk for the rollen scenario (``kind: rollen-vraagstuk``)."""

    kind: Literal["rollen-vraagstuk"]
    id: Id
    title: Text
    invented: bool = Field(description="True for a made-up case; its description then says 'verzonnen casus'.")
    beschrijving: Text = Field(description="The case as the participant reads it.")
    inzet: Text = Field(description="What is at stake.")
    plek: Plek
    politiek: Text = Field(description="The political preference in the council and the college.")
    ervaring: Ervaring
    stijl: Text = Field(description="The civil servant's own style and competences.")
    factoren: list[FactorTrek] = Field(min_length=4, max_length=4)
    minimum: list[Minimum] = Field(default_factory=list)
    start_mix: StartMix
    bespreking: Text = Field(description="The trainer's discussion of the case (Markdown).")
    vragen: list[Text] = Field(default_factory=list, description="Questions for the group.")
    stappen: list[StapId] = Field(min_length=1)
    links: Links = Field(default_factory=Links)

    def factor(self, factor_id: str) -> FactorTrek:
        """The pull of one factor in this case."""
        return next(f for f in self.factoren if f.factor == factor_id)

    def check(self) -> list[Issue]:
        out: list[Issue] = []
        if self.invented and "verzonnen casus" not in self.beschrijving.lower():
            out.append((("beschrijving",), "een verzonnen casus zegt dat in de tekst: voeg 'verzonnen casus' toe."))
        factoren = [f.factor for f in self.factoren]
        if factoren != list(FACTOR_IDS):
            out.append((("factoren",), f"verwacht de vier factoren in deze volgorde: {', '.join(FACTOR_IDS)}."))
        rollen = [m.rol for m in self.minimum]
        for i, m in enumerate(self.minimum):
            if rollen.index(m.rol) != i:
                out.append((("minimum", i, "rol"), f"de rol '{m.rol}' heeft al een minimum."))
        total = sum(m.aandeel for m in self.minimum)
        if total > 100:
            out.append((("minimum",), f"de minima zijn samen {total}; dat kan niet meer dan 100 zijn."))
        return out


KINDS: dict[str, type[BaseModel]] = {"rollen-model": RollenModel, "rollen-vraagstuk": RollenVraagstuk}
KIND_LABELS: dict[str, str] = {"rollen-model": "het rollenmodel", "rollen-vraagstuk": "het vraagstuk (rollen)"}


def rollen_model(content: Content) -> RollenModel:
    """The rollen model in ``content``."""
    return document_of("rollen-model", content)


def rollen_vraagstukken(content: Content) -> list[RollenVraagstuk]:
    """The vraagstukken in ``content``, in file order."""
    return documents_of("rollen-vraagstuk", content)
