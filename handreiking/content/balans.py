"""Schemas of the balans scenario's files in ``data/scenarios/balans/`` (Les 6, Stap 6.1).

Two kinds:

``balans-model``
    The teaching model's parameters, feedback rules and plain-Dutch explanation
    (``data/scenarios/balans/model.yaml``). Every number the model uses lives
    here as a :class:`Param` with its own ``uitleg``.
``balans-casus``
    A collective and the situation it is in, with a starting approach, a
    well-judged approach (``goed_aanpak``) and a discussion for the trainer
    (``data/scenarios/balans/casussen/*.yaml``).

Field names follow the project rule: English for generic fields (``title``,
``summary``), Dutch for the handreiking's domain terms (``aanpak``, ``fase``,
``ondersteuning``), so a trainer writing a case reads the words of the lesson.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, field_validator

from .models import Id, Links, Model, SourceRef, StapId, Text

Level = Annotated[int, Field(ge=0, le=3)]
"""A level 0-3: 0 = niet, 1 = een beetje, 2 = flink, 3 = veel."""

Pen = Literal["collectief", "samen", "gemeente"]
"""Who holds the pen: who writes the plans and sets the agenda."""

Fase = Literal["initiatief", "definitie", "ontwerp-en-besluit", "uitvoering", "nazorg"]
"""The five process phases of Stap 3.2 (ids of the ``procesfasen`` framework)."""

VORMEN: tuple[str, ...] = ("aanvullen", "in-hun-kracht-zetten", "institutioneel-verbinden", "gemeenschap-vitaliseren")
"""The four support forms of Stap 6.1 (item ids of the ``ondersteuningsvormen`` framework)."""

BEHOEFTEN: tuple[str, ...] = ("expertise", "geld", "netwerk", "proces")
"""What a collective can need (after the kinds of support of Stap 3.2)."""

KENMERKEN: tuple[str, ...] = (*BEHOEFTEN, "onervarenheid", "menskrachttekort")
"""The case features the need for a support form is computed from."""

KANTEN: tuple[str, ...] = ("onderschatten", "overvragen", "beide")
"""The sides of the balance a part of the model pulls toward (``beide``: both at once)."""

ONDERDELEN: tuple[str, ...] = ("te-weinig-steun", "overvragen", "overnemen", "overspoelen")
"""The parts of the model that pull on the balance: too little support and the three pitfalls of Stap 6.1."""

Kant = Literal["onderschatten", "overvragen", "beide"]

SIGNALEN: tuple[str, ...] = (
    "te-weinig-steun",
    "overvragen",
    "overnemen",
    "overspoelen",
    "in-balans",
    "beide",
    "hand-zonder-pen",
    "geen-procesbegeleider",
    *(f"tekort-{v}" for v in VORMEN),
    *(f"teveel-{v}" for v in VORMEN),
)
"""Signals the model computes (each 0-1); a feedback rule fires when its signal reaches ``vanaf``."""


# --- the approach (shared by the model, the cases and the app) ------------------------


class Aanpak(Model):
    """The municipality's approach: its support and what it asks of the collective."""

    ondersteuning: dict[Literal[VORMEN], Level] = Field(  # type: ignore[valid-type]
        default_factory=dict, description="Level 0-3 per support form of Stap 6.1; a form left out is 0."
    )
    rapportage: Level = Field(0, description="How much reporting the municipality asks.")
    vergaderingen: Level = Field(0, description="How many meetings it asks the collective to attend.")
    procedures: Level = Field(0, description="How many procedures and rules it puts on the collective.")
    pen: Pen = "collectief"
    procesbegeleider: bool = Field(False, description="The municipality pays an active resident as process guide.")

    @field_validator("ondersteuning")
    @classmethod
    def _all_forms(cls, value: dict[str, int]) -> dict[str, int]:
        """Every support form gets a level, in the order of Stap 6.1 (a form left out is 0)."""
        return {v: value.get(v, 0) for v in VORMEN}

    def level(self, vorm: str) -> int:
        """The level of support form ``vorm`` (an id from :data:`VORMEN`); 0 when not given."""
        return int(self.ondersteuning.get(vorm, 0))

    def as_dict(self) -> dict[str, object]:
        """Plain JSON data (support form ids with hyphens)."""
        return {
            "ondersteuning": {v: self.level(v) for v in VORMEN},
            "rapportage": self.rapportage,
            "vergaderingen": self.vergaderingen,
            "procedures": self.procedures,
            "pen": self.pen,
            "procesbegeleider": self.procesbegeleider,
        }


# --- a case ------------------------------------------------------------------------------


class Behoeften(Model):
    """What the collective needs, 0-3 each (after the kinds of support of Stap 3.2)."""

    expertise: Level
    geld: Level
    netwerk: Level
    proces: Level


class BalansCasus(Model):
    """A collective in a situation; the participant chooses the municipality's approach."""

    kind: Literal["balans-casus"]
    id: Id
    title: Text
    invented: bool = Field(description="True for a made-up case; its summary then says 'verzonnen casus'.")
    summary: Text = Field(description="What the collective is and wants (shown to participants).")
    fase: Fase
    uren_per_week: Annotated[float, Field(ge=0, le=400)] = Field(description="Volunteer hours per week, all together.")
    ervaring: Level = Field(description="0 = net begonnen, 3 = veel ervaring.")
    zelfsturing: Level = Field(
        description="0 = wil bij de hand genomen worden, 3 = wil zo zelfstandig mogelijk werken."
    )
    behoeften: Behoeften
    start_aanpak: Aanpak = Field(description="The approach the app starts with for this case.")
    start_oordeel: Kant | None = Field(
        None, description="Where the starting approach is off; the discussion names it (the tests check both)."
    )
    goed_aanpak: Aanpak = Field(description="A well-judged approach (the tests check it lands in balance).")
    discussion: Text = Field(description="For the trainer: what a well-judged approach looks like and why.")
    stappen: list[StapId] = Field(min_length=1)
    links: Links = Field(default_factory=Links)

    def check(self) -> list[tuple[tuple[str | int, ...], str]]:
        """An invented case says so in its summary."""
        if self.invented and "verzonnen casus" not in self.summary.lower():
            return [(("summary",), "een verzonnen casus zegt dat in de tekst: neem 'verzonnen casus' op.")]
        return []


# --- the model's parameters ----------------------------------------------------------


class Param(Model):
    """One number of the model, with what it means in plain Dutch."""

    waarde: float
    uitleg: Text


class Section(Model):
    """A part of the model: what it does in plain Dutch, and its numbers."""

    titel: Text
    uitleg: Text


class Niveaus(Section):
    midden_vanaf: Param
    hoog_vanaf: Param

    def check(self) -> list[tuple[tuple[str | int, ...], str]]:
        if not 0 < self.midden_vanaf.waarde < self.hoog_vanaf.waarde <= 1:
            return [(("hoog_vanaf", "waarde"), "verwacht 0 < midden_vanaf < hoog_vanaf <= 1.")]
        return []


class Behoefte(Section):
    """The need for each support form, as weights over the case features."""

    gewichten: dict[Literal[VORMEN], dict[Literal[KENMERKEN], Annotated[float, Field(ge=0, le=1)]]]  # type: ignore[valid-type]
    ruim_uren: Param

    def check(self) -> list[tuple[tuple[str | int, ...], str]]:
        out: list[tuple[tuple[str | int, ...], str]] = []
        for vorm in VORMEN:
            if vorm not in self.gewichten:
                out.append((("gewichten",), f"de ondersteuningsvorm '{vorm}' ontbreekt."))
            elif abs(sum(self.gewichten[vorm].values()) - 1) > 1e-6:
                out.append((("gewichten", vorm), "de gewichten van een vorm tellen op tot 1."))
        return out


class OnderdeelSection(Section):
    """A part that pulls on the balance (a pitfall, or too little support): its name and the reason shown.

    The reason is a template with ``{placeholders}`` the model fills in.
    """

    naam: Text
    reden: Text


class TeWeinigSteun(OnderdeelSection):
    """Needed support that is missing: leaving a group that wants a hand to carry everything alone."""

    versterking: Param
    hand_zonder_pen: Param


class Overvragen(OnderdeelSection):
    uren_rapportage: Param
    uren_vergaderingen: Param
    uren_procedures: Param
    onervaren_toeslag: Param
    procesbegeleider_uren: Param
    vanaf: Param
    volledig: Param


class Overnemen(OnderdeelSection):
    pen_samen: Param
    pen_gemeente: Param
    basis: Param
    teveel_versterking: Param
    teveel_gewichten: dict[Literal[VORMEN], Annotated[float, Field(ge=0, le=1)]]  # type: ignore[valid-type]


class Overspoelen(OnderdeelSection):
    gewicht_procedures: Param
    gewicht_rapportage: Param
    demping_verbinden: Param
    demping_ervaring: Param


class Indeling(Model):
    """Which side of the balance one part of the model pulls toward, and why."""

    onderdeel: Literal[ONDERDELEN]  # type: ignore[valid-type]
    kant: Kant
    waarom: Text


class Kanten(Section):
    """The two ends of the balance as this training reads them, and where each part of the model belongs."""

    indeling: list[Indeling] = Field(min_length=len(ONDERDELEN), max_length=len(ONDERDELEN))

    def check(self) -> list[tuple[tuple[str | int, ...], str]]:
        seen = [i.onderdeel for i in self.indeling]
        out: list[tuple[tuple[str | int, ...], str]] = [
            (("indeling",), f"het onderdeel '{o}' ontbreekt; zet elk onderdeel precies één keer in de indeling.")
            for o in ONDERDELEN
            if o not in seen
        ]
        out += [
            (("indeling",), f"het onderdeel '{o}' staat er meer dan één keer in; zet het er precies één keer in.")
            for o in ONDERDELEN
            if seen.count(o) > 1
        ]
        kanten = {i.kant for i in self.indeling}
        out += [
            (("indeling",), f"geen enkel onderdeel trekt naar '{k}'; de balans heeft aan elke kant iets nodig.")
            for k in ("onderschatten", "overvragen")
            if k not in kanten
        ]
        return out


class Positie(Section):
    in_balans: Param
    oordelen: dict[Literal["onderschatten", "in-balans", "overvragen", "beide"], Text]

    def check(self) -> list[tuple[tuple[str | int, ...], str]]:
        missing = {"onderschatten", "in-balans", "overvragen", "beide"} - set(self.oordelen)
        return [(("oordelen",), f"de tekst voor het oordeel '{m}' ontbreekt.") for m in sorted(missing)]


class Labels(Model):
    """Dutch words the model uses in its sentences."""

    niveau: list[Text] = Field(min_length=4, max_length=4, description="Words for level 0, 1, 2, 3.")
    zelfsturing: list[Text] = Field(min_length=4, max_length=4, description="Words for self-steering 0-3.")
    pen: dict[Pen, Text]
    vorm: dict[Literal[VORMEN], Text]  # type: ignore[valid-type]
    geen: Text
    balans: dict[Literal["links", "midden", "rechts", "trek_links", "trek_rechts", "overspoelen", "uitleg"], Text]
    kant: dict[Kant, Text] = Field(description="How the app names the side a part pulls toward.")
    reeksen: dict[Literal["energie", "voortgang", "eigenaarschap"], Text]
    maand: Text

    def check(self) -> list[tuple[tuple[str | int, ...], str]]:
        out: list[tuple[tuple[str | int, ...], str]] = []
        out += [
            (("pen",), f"de tekst voor '{p}' ontbreekt.")
            for p in ("collectief", "samen", "gemeente")
            if p not in self.pen
        ]
        out += [(("vorm",), f"de naam van '{v}' ontbreekt.") for v in VORMEN if v not in self.vorm]
        out += [(("kant",), f"de tekst voor de kant '{k}' ontbreekt.") for k in KANTEN if k not in self.kant]
        keys = ("links", "midden", "rechts", "trek_links", "trek_rechts", "overspoelen", "uitleg")
        out += [(("balans",), f"de tekst '{k}' ontbreekt.") for k in keys if k not in self.balans]
        return out


class Verloop(Section):
    maanden: Param
    tempo: Param
    energie_start: Param
    eigenaarschap_start: Param
    eigenaarschap_zelfsturing: Param
    energie_overvragen: Param
    energie_overspoelen: Param
    energie_te_weinig_steun: Param
    energie_overnemen: Param
    energie_kracht: Param
    energie_vitaliseren: Param
    voortgang_basis: Param
    voortgang_ervaring: Param
    voortgang_dekking: Param
    voortgang_pen: Param
    voortgang_overspoelen: Param
    eigenaarschap_overnemen: Param
    eigenaarschap_kracht: Param


class FeedbackRegel(Model):
    """Feedback that appears when a signal of the model reaches a threshold."""

    id: Id
    signaal: Literal[SIGNALEN]  # type: ignore[valid-type]
    vanaf: Annotated[float, Field(ge=0, le=1)]
    stap: StapId
    soort: Literal["onderschatten", "overvragen", "beide", "tip", "goed"]
    tekst: Text


class Weglating(Model):
    wat: Text
    waarom: Text


class BalansModel(Model):
    """The balans teaching model: parameters, feedback rules and the Dutch explanation."""

    kind: Literal["balans-model"]
    id: Id
    title: Text
    intro: Text
    stappen: list[StapId] = Field(min_length=1)
    labels: Labels
    niveaus: Niveaus
    behoefte: Behoefte
    kanten: Kanten
    te_weinig_steun: TeWeinigSteun
    overvragen: Overvragen
    overnemen: Overnemen
    overspoelen: Overspoelen
    positie: Positie
    verloop: Verloop
    feedback_uitleg: Text
    feedback: list[FeedbackRegel] = Field(min_length=1)
    weglatingen: list[Weglating] = Field(min_length=1, description="What the model leaves out, and why.")
    sources: list[SourceRef] = Field(default_factory=list)


KINDS: dict[str, type[BaseModel]] = {"balans-model": BalansModel, "balans-casus": BalansCasus}
KIND_LABELS: dict[str, str] = {"balans-model": "het balansmodel", "balans-casus": "de balans-casus"}
