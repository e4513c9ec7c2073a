"""Typed models of the handreiking's content (everything in ``data/``).

Every YAML file in ``data/`` declares its ``kind``; the loader picks the model
below that belongs to that kind and validates the file against it. Field names
are English (technical), values are Dutch (user-facing). Domain terms of the
handreiking (les, stap, casus, rol, ...) keep their Dutch names.

Cross-references are plain ids (``"1.1"`` for a stap, ``"rollen"`` for a
framework, ``"zutphen"`` for an example, ``"fn01"`` for a source); the loader
checks that each one resolves.
"""

from __future__ import annotations

import re
import typing
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$")


def _check_url(value: str) -> str:
    if not _URL.match(value):
        raise ValueError("url_format")
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""A non-empty piece of Dutch text."""

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
"""A lowercase id: letters, digits and hyphens (``rollen``, ``zutphen``, ``fn01``)."""

StapId = Literal[
    "1.1",
    "1.2",
    "2.1",
    "2.2",
    "3.1",
    "3.2",
    "3.3",
    "4.1",
    "4.2",
    "5.1",
    "6.1",
    "6.2",
    "7.1",
    "7.2",
]

STAP_IDS: tuple[str, ...] = typing.get_args(StapId)
"""The fourteen steps of the handreiking, in order."""

LesInleiding = Literal["les-1", "les-2", "les-3", "les-4", "les-5", "les-6", "les-7"]
"""The introduction of a lesson: its text before the first step (e.g. ABCD, Zutphen and Arnhem in Les 2)."""

Vindplaats = Literal[StapId, LesInleiding]
"""Where something stands in the handreiking: a step (``"2.1"``) or a lesson's introduction (``"les-2"``).

One flat ``Literal`` (not a union), so a wrong value gives one message that lists every valid choice."""


def vindplaats_label(where: str) -> str:
    """Where something stands in the handreiking, in words: ``"2.1"`` -> Stap 2.1, ``"les-2"`` -> Les 2 (inleiding)."""
    if where.startswith("les-"):
        return f"Les {where.removeprefix('les-')} (inleiding)"
    if where[:1].isdigit():
        return f"Stap {where}"
    return {"introductie": "de introductie", "achtergrond": "de achtergrondinformatie"}.get(where, where)


Url = Annotated[str, AfterValidator(_check_url)]


class RefTo:
    """Marks a field whose value must be the id of something of ``kind`` in ``data/``."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __repr__(self) -> str:
        return f"RefTo({self.kind!r})"


FrameworkRef = Annotated[Id, RefTo("framework")]
ExampleRef = Annotated[Id, RefTo("example")]
SourceRef = Annotated[Id, RefTo("source")]
FrameworkItemRef = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+/[a-z0-9-]+$"), RefTo("framework-item")]
"""``framework-id/item-id``, e.g. ``valkuilen/overnemen``."""


class Model(BaseModel):
    """Base for all content: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Links(Model):
    """What a piece of content points to elsewhere in ``data/``."""

    frameworks: list[FrameworkRef] = Field(default_factory=list)
    examples: list[ExampleRef] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)


# --- introduction, lessons, steps -------------------------------------------------


class Vuistregel(Model):
    id: Id
    title: Text
    explanation: Text
    lessen: list[Annotated[int, Field(ge=1, le=7)]] = Field(
        default_factory=list,
        description="Lessons that work this rule out (our reading; the handreiking gives no mapping).",
    )


class Introduction(Model):
    kind: Literal["introduction"]
    title: Text
    context: list[Text] = Field(min_length=1)
    purpose: Text
    audience: list[Text] = Field(min_length=1)
    uitnodigende_overheid: Text
    uitnodigende_kenmerken: list[Text] = Field(min_length=1)
    contents: list[Text] = Field(min_length=1, description="What the handreiking contains.")
    vuistregels: list[Vuistregel] = Field(min_length=3, max_length=3)
    links: Links = Field(default_factory=Links)


class Stap(Model):
    id: StapId
    title: Text
    title_source: Text = Field(description="The step's title as the handreiking words it (cited).")
    core_message: Text
    key_points: list[Text] = Field(min_length=1)
    links: Links = Field(default_factory=Links)


class Les(Model):
    kind: Literal["les"]
    number: Annotated[int, Field(ge=1, le=7)]
    title: Text
    title_source: Text = Field(description="The lesson's title as the handreiking words it (cited).")
    core_message: Text
    key_points: list[Text] = Field(min_length=1)
    stappen: list[Stap] = Field(min_length=1)
    links: Links = Field(default_factory=Links)

    def check(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Each step belongs under its own lesson (Stap 3.2 under Les 3), in order, once."""
        out: list[tuple[tuple[str | int, ...], str]] = []
        seen: set[str] = set()
        for i, stap in enumerate(self.stappen):
            if not stap.id.startswith(f"{self.number}."):
                out.append(((("stappen", i, "id")), f"Stap {stap.id} hoort niet bij Les {self.number}."))
            if stap.id in seen:
                out.append(((("stappen", i, "id")), f"Stap {stap.id} staat twee keer in deze les."))
            seen.add(stap.id)
        return out


class Background(Model):
    """The handreiking's Achtergrondinformatie: what collectives are and why they matter."""

    kind: Literal["background"]
    title: Text
    summary: Text
    key_points: list[Text] = Field(min_length=1)
    links: Links = Field(default_factory=Links)


# --- frameworks, examples, sources ------------------------------------------------


class FrameworkItem(Model):
    id: Id
    name: Text
    description: Text
    details: list[Text] = Field(default_factory=list)


class Framework(Model):
    """A list, typology or model from the handreiking (the four roles, the ABCD steps, ...)."""

    kind: Literal["framework"]
    id: Id
    title: Text
    summary: Text
    stappen: list[Vindplaats] = Field(
        default_factory=list, description="Steps or lesson introductions it belongs to (empty: background)."
    )
    items: list[FrameworkItem] = Field(min_length=1)
    notes: list[Text] = Field(default_factory=list)
    links: Links = Field(default_factory=Links)


class Example(Model):
    """A real example the handreiking gives, told as the source tells it."""

    id: Id
    title: Text
    place: Text
    actors: list[Text] = Field(min_length=1)
    story: Text
    lesson_point: Text = Field(description="What the example shows, in our words.")
    stappen: list[Vindplaats] = Field(min_length=1)
    sources: list[SourceRef] = Field(default_factory=list)
    urls: list[Url] = Field(default_factory=list)


class Examples(Model):
    kind: Literal["examples"]
    examples: list[Example] = Field(min_length=1)


class Source(Model):
    """A footnote of the handreiking (or a link it names), cited by its own title."""

    id: Id
    title: Text
    url: Url
    footnotes: list[Annotated[int, Field(ge=1, le=26)]] = Field(default_factory=list)
    used_in: list[Literal[Vindplaats, "introductie", "achtergrond"]] = Field(min_length=1)
    note: Text | None = None


class Sources(Model):
    kind: Literal["sources"]
    sources: list[Source] = Field(min_length=1)
