"""Schemas of the democratische-bril scenario's files in ``data/scenarios/bril/`` (Les 7, Stap 7.2).

Two kinds:

``bril-model``
    The teaching model: the six questions of the democratische bril (the items
    of the ``democratische-bril`` framework), the scale a participant answers
    on (in orde / twijfel / zorg), how a judgement is compared with the case,
    the measures a participant can choose and which questions each one
    addresses, and what the model leaves out. Every part has a Dutch ``uitleg``
    so a notebook can explain the model from the data.
``bril-casus``
    One case: what happens, and per question of the bril the case's own
    judgement with its consideration (``overweging``), plus why the
    gemeenteraad has a part in it (Stap 7.1).

The comparison itself lives in :mod:`handreiking.scenarios.bril`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from .container import Content, document_of, documents_of
from .models import FrameworkItemRef, Id, Links, Model, StapId, Text

Issue = tuple[tuple[str | int, ...], str]

BRIL_VRAGEN: tuple[str, ...] = (
    "transparant",
    "inclusief",
    "zuinig",
    "zeggenschap",
    "verantwoordelijkheid",
    "draagvlak",
)
"""The six questions of the democratische bril (Stap 7.2): the items of the ``democratische-bril`` framework."""

NIVEAUS: tuple[str, ...] = ("in-orde", "twijfel", "zorg")
"""The scale a judgement is given on, from no concern to a clear concern."""

VERGELIJKINGEN: tuple[str, ...] = ("open", "gelijk", "milder", "strenger")
"""How a participant's judgement relates to the case's: not given yet, the same, less concern, more concern."""

BrilVraagId = Literal["transparant", "inclusief", "zuinig", "zeggenschap", "verantwoordelijkheid", "draagvlak"]
NiveauId = Literal["in-orde", "twijfel", "zorg"]
VergelijkingId = Literal["open", "gelijk", "milder", "strenger"]


def _duplicates(ids: list[str], field: str, label: str) -> list[Issue]:
    return [((field, i, "id"), f"de {label} '{x}' komt twee keer voor.") for i, x in enumerate(ids) if x in ids[:i]]


def _missing(ids: list[str], wanted: tuple[str, ...], field: str, label: str) -> list[Issue]:
    absent = [w for w in wanted if w not in ids]
    if not absent:
        return []
    return [((field,), f"{label} ontbreekt: {', '.join(absent)}. Verwacht: {', '.join(wanted)}.")]


# --- the model ---------------------------------------------------------------------


class BrilVraag(Model):
    """One question of the bril: what it asks, why, and what to do when there is a concern."""

    id: BrilVraagId
    kort: Text = Field(description="Short label for the control, e.g. 'Transparant'.")
    item: FrameworkItemRef = Field(description="The question in the democratische-bril framework.")
    vraag: Text = Field(description="The question as the participant reads it.")
    uitleg: Text
    stap: StapId
    tip: Text = Field(description="What to do when the case gives reason for concern here.")

    def check(self) -> list[Issue]:
        if self.item != f"democratische-bril/{self.id}":
            return [(("item",), f"verwacht 'democratische-bril/{self.id}', want de vraag heet '{self.id}'.")]
        return []


class Niveau(Model):
    """One point on the scale; ``gewicht`` orders them (0 = no concern)."""

    id: NiveauId
    label: Text
    gewicht: int = Field(ge=0, le=5)
    uitleg: Text


class Vergelijking(Model):
    """How a judgement relates to the case's, with the label and the sentence the feedback starts with."""

    id: VergelijkingId
    label: Text
    tekst: Text


class Maatregel(Model):
    """A measure a participant can choose; ``helpt_bij`` lists the questions it addresses."""

    id: Id
    naam: Text
    uitleg: Text
    stap: StapId
    item: FrameworkItemRef | None = Field(default=None, description="Where the measure comes from in the frameworks.")
    helpt_bij: list[BrilVraagId] = Field(default_factory=list)
    valkuil: Text | None = Field(
        default=None, description="For a measure that does not help: why not (shown when it is chosen)."
    )

    def check(self) -> list[Issue]:
        out: list[Issue] = []
        if not self.helpt_bij and self.valkuil is None:
            out.append(
                (("helpt_bij",), "noem minstens één vraag waar deze maatregel bij helpt, of geef een 'valkuil'.")
            )
        if self.helpt_bij and self.valkuil is not None:
            out.append((("valkuil",), "een maatregel die helpt ('helpt_bij') is geen valkuil; kies één van beide."))
        return out


class Raadregel(Model):
    """How the model speaks about the gemeenteraad (Stap 7.1)."""

    stap: StapId
    maatregel: Id = Field(description="The measure that involves the council.")
    gekozen: Text = Field(description="Feedback when that measure is chosen.")
    niet_gekozen: Text = Field(description="Feedback when it is not chosen.")


class BrilModel(Model):
    """The whole teaching model of the democratische bril."""

    kind: Literal["bril-model"]
    id: Id
    title: Text
    intro: Text
    uitleg: Text = Field(description="How the model compares, for 'Hoe werkt dit model?'.")
    vragen: list[BrilVraag] = Field(min_length=6, max_length=6)
    schaal: list[Niveau] = Field(min_length=3, max_length=3)
    vergelijkingen: list[Vergelijking] = Field(min_length=4, max_length=4)
    maatregelen: list[Maatregel] = Field(min_length=2)
    maatregelen_uitleg: Text
    geen_maatregel: Text = Field(description="Feedback for a concern that no chosen measure addresses.")
    raad: Raadregel
    laat_weg: list[Text] = Field(min_length=1)
    links: Links = Field(default_factory=Links)

    def check(self) -> list[Issue]:
        out: list[Issue] = []
        vraag_ids = [v.id for v in self.vragen]
        out += _duplicates(vraag_ids, "vragen", "vraag-id")
        out += _missing(vraag_ids, BRIL_VRAGEN, "vragen", "vraag")
        niveau_ids = [n.id for n in self.schaal]
        out += _duplicates(niveau_ids, "schaal", "niveau-id")
        out += _missing(niveau_ids, NIVEAUS, "schaal", "niveau")
        gewichten = [n.gewicht for n in self.schaal]
        if gewichten != sorted(gewichten) or len(set(gewichten)) != len(gewichten):
            out.append((("schaal",), "zet de niveaus van geen zorg naar veel zorg, elk met een hoger 'gewicht'."))
        verg_ids = [v.id for v in self.vergelijkingen]
        out += _duplicates(verg_ids, "vergelijkingen", "vergelijking")
        out += _missing(verg_ids, VERGELIJKINGEN, "vergelijkingen", "vergelijking")
        maatregel_ids = [m.id for m in self.maatregelen]
        out += _duplicates(maatregel_ids, "maatregelen", "maatregel-id")
        if self.raad.maatregel not in maatregel_ids:
            out.append((("raad", "maatregel"), f"de maatregel '{self.raad.maatregel}' bestaat niet in 'maatregelen'."))
        covered = {v for m in self.maatregelen for v in m.helpt_bij}
        absent = [v for v in BRIL_VRAGEN if v not in covered]
        if absent:
            out.append((("maatregelen",), f"geen maatregel helpt bij: {', '.join(absent)}."))
        return out

    def vraag(self, vraag_id: str) -> BrilVraag:
        return next(v for v in self.vragen if v.id == vraag_id)

    def niveau(self, niveau_id: str) -> Niveau:
        return next(n for n in self.schaal if n.id == niveau_id)

    def vergelijking(self, vergelijking_id: str) -> Vergelijking:
        return next(v for v in self.vergelijkingen if v.id == vergelijking_id)

    def maatregel(self, maatregel_id: str) -> Maatregel:
        return next(m for m in self.maatregelen if m.id == maatregel_id)


# --- the cases ---------------------------------------------------------------------


class Overweging(Model):
    """The case's own judgement on one question of the bril, with its reasoning."""

    vraag: BrilVraagId
    niveau: NiveauId
    overweging: Text


class BrilCasus(Model):
    """One case to look at through the democratische bril."""

    kind: Literal["bril-casus"]
    id: Id
    title: Text
    invented: bool = Field(description="True for a made-up case; its summary must then say 'verzonnen casus'.")
    summary: Text
    feiten: list[Text] = Field(min_length=1, description="The facts a participant needs to judge the case.")
    overwegingen: list[Overweging] = Field(min_length=6, max_length=6)
    raad: Text = Field(description="Why the gemeenteraad has a part in this case (Stap 7.1).")
    kanttekening: Text | None = Field(default=None, description="E.g. that this is not legal advice.")
    links: Links = Field(default_factory=Links)

    def check(self) -> list[Issue]:
        out: list[Issue] = []
        if self.invented and "verzonnen casus" not in self.summary.lower():
            out.append((("summary",), "een verzonnen casus moet dat zeggen: zet 'verzonnen casus' in de samenvatting."))
        ids = [o.vraag for o in self.overwegingen]
        for i, vid in enumerate(ids):
            if vid in ids[:i]:
                out.append((("overwegingen", i, "vraag"), f"de vraag '{vid}' staat twee keer in de overwegingen."))
        out += _missing(list(ids), BRIL_VRAGEN, "overwegingen", "overweging bij de vraag")
        return out

    def overweging(self, vraag_id: str) -> Overweging:
        return next(o for o in self.overwegingen if o.vraag == vraag_id)

    @property
    def zorgpunten(self) -> tuple[str, ...]:
        """The questions where the case itself sees doubt or concern, in the bril's order."""
        return tuple(v for v in BRIL_VRAGEN if self.overweging(v).niveau != "in-orde")


KINDS: dict[str, type[BaseModel]] = {"bril-model": BrilModel, "bril-casus": BrilCasus}
KIND_LABELS: dict[str, str] = {"bril-model": "het model van de democratische bril", "bril-casus": "de bril-casus"}


def bril_model(content: Content) -> BrilModel:
    """The bril model in ``content``."""
    return document_of("bril-model", content)


def bril_casussen(content: Content) -> list[BrilCasus]:
    """The bril cases in ``content``, in file order."""
    return documents_of("bril-casus", content)
