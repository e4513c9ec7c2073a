"""Schema of the trainer's session plans in ``data/sessieplannen/``.

Two kinds:

``sessieplan``
    The teaching design of one live session on one lesson: its goals, what to
    prepare, the blocks in order (minutes, activity, werkvorm, the app used, the
    step it rests on, the trainer case it uses) and questions for the group
    discussion. Rendered by :func:`handreiking.apps.trainer.sessieplan_markdown`.
``slotsessie``
    The same for the last session of a series, which belongs to no single lesson:
    its blocks may rest on the three vuistregels of the introduction instead of a
    step. Rendered by :func:`handreiking.apps.trainer.slotsessie_markdown`.

The blocks must add up to the planned duration, so a trainer who changes one block
is told to adjust another. A block that names a trainer case (``casus``) names an
existing ``trainer-casus``; the loader checks that reference.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from .models import Id, Model, StapId, Text
from .trainercasus import TrainerCasusRef, VuistregelId

PAUZE = "pauze"
"""The werkvorm of a break: the only kind of block that rests on no step and no vuistregel."""


class Blok(Model):
    """One part of a session: what happens, how, for how long, and which step it works out."""

    minutes: Annotated[int, Field(ge=1, le=240)]
    activity: Text
    werkvorm: Text = Field(description="How the group works: plenair, in tweetallen, in groepjes, individueel.")
    app: Id | None = Field(default=None, description="Name of a participant app: notebooks/apps/<app>.ipynb.")
    stap: StapId | None = Field(default=None, description="The step the block works out; only a pause has none.")
    vuistregels: list[VuistregelId] = Field(
        default_factory=list, description="Vuistregels of the introduction the block works out (instead of a step)."
    )
    casus: TrainerCasusRef | None = Field(default=None, description="A trainer case (data/casussen/) the block uses.")

    @property
    def is_pause(self) -> bool:
        return self.werkvorm.strip().lower() == PAUZE

    def check(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Every block except a pause names the step (or the vuistregels) it rests on."""
        if self.stap is None and not self.vuistregels and not self.is_pause:
            return [
                (
                    ("stap",),
                    f"dit blok noemt geen stap (of vuistregel); alleen een pauze (werkvorm: {PAUZE}) mag zonder stap.",
                )
            ]
        return []


class _Plan(Model):
    """What every session plan has: goals, preparation, timed blocks and discussion questions."""

    kind: str
    id: Id = Field(description="Unique id of the plan, e.g. 'les-1' (a trainer's variant: 'les-1-kort').")
    title: Text
    duration_minutes: Annotated[int, Field(ge=15, le=480)]
    goals: list[Text] = Field(min_length=1)
    preparation: list[Text] = Field(min_length=1)
    blocks: list[Blok] = Field(min_length=1)
    discussion_questions: list[Text] = Field(min_length=1)

    @property
    def apps(self) -> list[str]:
        """The apps the session uses, in order of first use."""
        return list(dict.fromkeys(b.app for b in self.blocks if b.app))

    @property
    def casussen(self) -> list[str]:
        """The trainer cases the session uses, in order of first use."""
        return list(dict.fromkeys(b.casus for b in self.blocks if b.casus))

    def check(self) -> list[tuple[tuple[str | int, ...], str]]:
        """The blocks' minutes add up to the planned duration."""
        total = sum(b.minutes for b in self.blocks)
        if total == self.duration_minutes:
            return []
        return [
            (
                ("duration_minutes",),
                f"de blokken duren samen {total} minuten, maar de sessie is gepland op {self.duration_minutes} "
                "minuten. Pas 'duration_minutes' of de minuten van een blok aan zodat ze gelijk zijn.",
            )
        ]


class Sessieplan(_Plan):
    """The plan of a session on one lesson."""

    kind: Literal["sessieplan"]
    les: Annotated[int, Field(ge=1, le=7)]


class Slotsessie(_Plan):
    """The plan of the closing session of a series: it looks back on all seven lessons."""

    kind: Literal["slotsessie"]


KINDS: dict[str, type[BaseModel]] = {"sessieplan": Sessieplan, "slotsessie": Slotsessie}
KIND_LABELS: dict[str, str] = {"sessieplan": "het sessieplan", "slotsessie": "de slotsessie"}
