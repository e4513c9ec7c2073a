"""Schema of the beleidsnotitie builder's template (``kind: beleidsnotitie-sjabloon``, Les 1, Stap 1.2).

The seven parts of a gemeentelijke beleidsnotitie burgerinitiatieven and their
guiding questions live in the framework ``data/frameworks/beleidsnotitie.yaml``.
This file (``data/scenarios/beleidsnotitie/sjabloon.yaml``) adds what the
builder needs around them: a hint per part, the fixed texts of the draft (the
"nog in te vullen" marker, the note when a text was cut short, the footer) and
a worked example for an invented municipality.
"""

from __future__ import annotations

import string
from typing import Literal

from pydantic import BaseModel, Field

from .container import Content, document_of
from .models import FrameworkItemRef, FrameworkRef, Id, Links, Model, StapId, Text

ONDERDEEL_IDS: tuple[str, ...] = (
    "waarom",
    "ontvangst",
    "begeleiding",
    "criteria",
    "wie-beslist",
    "budget",
    "plan-van-aanpak",
)
"""The seven parts of the beleidsnotitie (item ids of the ``beleidsnotitie`` framework), in order."""

Issue = tuple[tuple[str | int, ...], str]


class OnderdeelHulp(Model):
    """Help for one part: the framework item it belongs to and a hint for the writer."""

    item: FrameworkItemRef
    hint: Text = Field(description="What to think of when writing this part (shown under the field).")


class Voorbeeld(Model):
    """A worked example outline for a made-up municipality."""

    invented: bool
    gemeente: Text
    title: Text
    toelichting: Text = Field(description="Says that this is a verzonnen casus and what it shows.")
    teksten: dict[Id, Text]

    def check(self) -> list[Issue]:
        out: list[Issue] = []
        if self.invented and "verzonnen casus" not in self.toelichting.lower():
            out.append((("toelichting",), "een verzonnen voorbeeld zegt dat in de tekst: voeg 'verzonnen casus' toe."))
        for key in self.teksten:
            if key not in ONDERDEEL_IDS:
                out.append((("teksten", key), f"onbekend onderdeel '{key}'. Toegestaan: {', '.join(ONDERDEEL_IDS)}."))
        return out


class BeleidsnotitieSjabloon(Model):
    """The builder's texts and hints (``kind: beleidsnotitie-sjabloon``)."""

    kind: Literal["beleidsnotitie-sjabloon"]
    id: Id
    title: Text
    stap: StapId
    framework: FrameworkRef
    intro: Text
    kop: Text = Field(description="Heading of the draft; the user's title follows it.")
    concept: Text = Field(description="Line under the heading that says this is a draft.")
    leeg: Text = Field(description="Marker for a part that is not filled in yet.")
    ingekort: Text = Field(description="Note when a text was cut short; may use {max} (the limit in characters).")
    voettekst: Text = Field(description="Footer: cites the lesson and step, and says it is a draft.")
    onderdelen: list[OnderdeelHulp] = Field(min_length=7, max_length=7)
    voorbeeld: Voorbeeld
    links: Links = Field(default_factory=Links)

    def hint(self, onderdeel_id: str) -> str:
        return next(o.hint for o in self.onderdelen if o.item.split("/", 1)[1] == onderdeel_id)

    def check(self) -> list[Issue]:
        out: list[Issue] = []
        ids = tuple(o.item.split("/", 1)[1] for o in self.onderdelen)
        frameworks = {o.item.split("/", 1)[0] for o in self.onderdelen}
        if frameworks != {self.framework}:
            out.append((("onderdelen",), f"elk onderdeel moet naar het kader '{self.framework}' verwijzen."))
        if ids != ONDERDEEL_IDS:
            out.append((("onderdelen",), f"verwacht de zeven onderdelen in deze volgorde: {', '.join(ONDERDEEL_IDS)}."))
        try:
            fields = {name for _, name, _, _ in string.Formatter().parse(self.ingekort) if name}
        except ValueError:
            fields = {"?"}
        if fields - {"max"}:
            out.append((("ingekort",), "alleen het invulveld {max} is toegestaan."))
        return out


KINDS: dict[str, type[BaseModel]] = {"beleidsnotitie-sjabloon": BeleidsnotitieSjabloon}
KIND_LABELS: dict[str, str] = {"beleidsnotitie-sjabloon": "het sjabloon voor de beleidsnotitie"}


def beleidsnotitie_sjabloon(content: Content) -> BeleidsnotitieSjabloon:
    """The template in ``content``."""
    return document_of("beleidsnotitie-sjabloon", content)
