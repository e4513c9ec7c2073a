"""Schema of the trainer's cases (``kind: trainer-casus``) in ``data/casussen/``.

A trainer case is a ready-to-use, invented story for a live session: a municipality, a
collective, numbers and dilemmas, the assignment the trainer gives the group, and per
step of the handreiking a discussion point (the question the trainer asks) with answers
the group may give. A case belongs to one lesson (``les``) or, without ``les``, is a
closing case for the last session of a series: it then runs through all seven lessons
and the three vuistregels of the introduction. Session plans name a case in a block
(:class:`handreiking.content.sessieplan.Blok`); the loader checks that it exists.
Rendered by :mod:`handreiking.trainer`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from .container import Content, documents_of
from .models import STAP_IDS, Id, Links, Model, RefTo, StapId, Text

Issue = tuple[tuple[str | int, ...], str]

VuistregelId = Literal["vr1", "vr2", "vr3"]
"""The three vuistregels of the introduction (the ids in ``data/introduction.yaml``)."""

VUISTREGEL_IDS: tuple[str, ...] = ("vr1", "vr2", "vr3")

TrainerCasusRef = Annotated[Id, RefTo("trainer-casus")]
"""The id of a trainer case, e.g. in a block of a session plan."""

INVENTED_MARK = "verzonnen casus"
"""What the story of an invented case says, so nobody takes it for a real example."""


class Bespreekpunt(Model):
    """One discussion point: what the trainer asks at a step, and answers the group may give."""

    stap: StapId = Field(description="The step of the handreiking the point rests on.")
    vraag: Text = Field(description="The question the trainer asks the group.")
    antwoorden: list[Text] = Field(min_length=1, description="Possible answers: what a good discussion brings up.")


class VuistregelPunt(Model):
    """A discussion point on one of the three vuistregels of the introduction."""

    vuistregel: VuistregelId
    vraag: Text
    antwoorden: list[Text] = Field(min_length=1)


class TrainerCasus(Model):
    """A case a trainer can use as it is: the story, the assignment and the discussion per step."""

    kind: Literal["trainer-casus"]
    id: Id
    title: Text
    les: Annotated[int, Field(ge=1, le=7)] | None = Field(
        default=None, description="The lesson the case is for; leave it out for a closing case of a series."
    )
    invented: bool = Field(description="True for a made-up case; the story then says 'verzonnen casus'.")
    verhaal: Text = Field(description="The story the trainer tells or shows.")
    feiten: list[Text] = Field(min_length=1, description="Concrete facts and numbers of the case.")
    dilemmas: list[Text] = Field(min_length=1, description="The tensions the group has to weigh.")
    opdracht: Text = Field(description="What the trainer asks the group to do with the case.")
    bespreking: list[Bespreekpunt] = Field(min_length=1)
    vuistregels: list[VuistregelPunt] = Field(default_factory=list)
    links: Links = Field(default_factory=Links)

    @property
    def is_closing(self) -> bool:
        """A closing case belongs to no single lesson: it runs through the whole series."""
        return self.les is None

    @property
    def stappen(self) -> list[str]:
        """The steps the discussion covers, in the order of the handreiking, each once."""
        covered = {p.stap for p in self.bespreking}
        return [s for s in STAP_IDS if s in covered]

    def check(self) -> list[Issue]:
        out: list[Issue] = []
        if self.invented and INVENTED_MARK not in self.verhaal.lower():
            out.append(
                (("verhaal",), f"een verzonnen casus zegt dat in het verhaal: neem '{INVENTED_MARK}' op in 'verhaal'.")
            )
        lessen = {int(p.stap.split(".")[0]) for p in self.bespreking}
        if self.les is not None and self.les not in lessen:
            out.append(
                (
                    ("bespreking",),
                    f"deze casus is voor Les {self.les}, maar geen bespreekpunt gaat over een stap van Les "
                    f"{self.les}. Voeg een punt toe met 'stap: \"{self.les}.1\"' (of een andere stap van die les).",
                )
            )
        if self.les is None:
            missing = [str(n) for n in range(1, 8) if n not in lessen]
            if missing:
                out.append(
                    (
                        ("bespreking",),
                        "een slotcasus (zonder 'les') gaat door alle zeven lessen, maar er is geen bespreekpunt "
                        f"voor Les {', '.join(missing)}. Voeg die toe, of geef de casus een 'les'.",
                    )
                )
            absent = [v for v in VUISTREGEL_IDS if v not in {p.vuistregel for p in self.vuistregels}]
            if absent:
                out.append(
                    (
                        ("vuistregels",),
                        "een slotcasus (zonder 'les') bespreekt alle drie de vuistregels; voeg onder 'vuistregels' "
                        f"een punt toe voor: {', '.join(absent)}.",
                    )
                )
        return out


def trainer_casussen(content: Content) -> list[TrainerCasus]:
    """The trainer cases in ``content``: lesson cases by lesson, closing cases last."""
    cases: list[TrainerCasus] = documents_of("trainer-casus", content)
    return sorted(cases, key=lambda c: 8 if c.les is None else c.les)


KINDS: dict[str, type[BaseModel]] = {"trainer-casus": TrainerCasus}
KIND_LABELS: dict[str, str] = {"trainer-casus": "de trainerscasus"}
