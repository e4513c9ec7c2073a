"""The parts every scenario in the room is made of: a typed answer, a registration, Dutch field labels.

A participant app shares a :class:`RoomAnswer` (a pydantic model with a schema version); the store keeps it
as JSON. Everything that reads answers back (aggregation, dashboard, report, CSV) goes through
:meth:`RoomScenario.read`, which gives the typed answer or ``None``: a row written by a newer app, or one
that misses a field the current model needs, is skipped and counted, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from .charts import Chart

MAX_ANSWER_TEXT = 200
"""The longest text in any answer field (answers hold ids and numbers; free text goes in the reflectie)."""


class RoomAnswer(BaseModel):
    """What one participant shares from one scenario app (subclass per scenario; Dutch field names).

    ``schema_version`` goes into the store beside the JSON. Change a subclass's fields incompatibly: raise its
    ``schema_version`` and let :meth:`upgrade` turn older data into the new shape (or leave it: older rows
    that no longer validate are counted as skipped).
    """

    model_config = ConfigDict(frozen=True, extra="ignore", str_max_length=MAX_ANSWER_TEXT)

    schema_version: ClassVar[int] = 1

    def as_json(self) -> dict[str, Any]:
        """The answer as plain JSON data (what the store saves)."""
        return self.model_dump(mode="json")

    @classmethod
    def upgrade(cls, data: dict[str, Any], version: int) -> dict[str, Any]:
        """Turn data written under an older ``version`` into this version's shape (default: unchanged)."""
        return data


A = TypeVar("A", bound=RoomAnswer)
S = TypeVar("S", bound="Summary")


class Summary(Protocol):
    """What an aggregation returns: at least how many answers it summed up."""

    @property
    def count(self) -> int: ...


@dataclass(frozen=True)
class FieldLabel:
    """The Dutch label of one answer field, for the report and the CSV header.

    ``path`` is the dotted key of the field in the answer's JSON (``aanpak.rapportage``); a ``*`` stands for
    one id (``mix.*``), which then fills ``{0}`` in ``label`` (hyphens become spaces). ``values`` gives Dutch
    words for coded values (``{"in-balans": "in balans"}``).
    """

    path: str
    label: str
    values: Mapping[str, str] = field(default_factory=dict)

    def match(self, key: str) -> tuple[str, ...] | None:
        """The ids the ``*`` parts matched, or None when ``key`` is not this field."""
        pattern = "^" + re.escape(self.path).replace(r"\*", "([^.]+)") + "$"
        found = re.match(pattern, key)
        return None if found is None else found.groups()

    def label_for(self, key: str) -> str:
        ids = self.match(key) or ()
        return self.label.format(*(i.replace("-", " ") for i in ids))


def flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested dicts become dotted keys; lists stay lists (one cell each)."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


@dataclass(frozen=True)
class Column:
    """One column of a table of answers: the machine key, its Dutch label, and the field it belongs to."""

    key: str
    label: str
    field: FieldLabel

    def value(self, flat: Mapping[str, Any]) -> Any:
        value = flat.get(self.key)
        if isinstance(value, str) and value in self.field.values:
            return self.field.values[value]
        if isinstance(value, list):
            return [self.field.values.get(v, v) if isinstance(v, str) else v for v in value]
        return value


class UnlabelledField(LookupError):
    """An answer field without a Dutch label (a registration misses a :class:`FieldLabel`)."""


@dataclass(frozen=True)
class RoomScenario(Generic[A, S]):
    """One scenario in the room: everything the dashboard, the report and the CSV need, registered once.

    Add a scenario to the room by writing its answer type, aggregation and chart description next to its
    rules (a module in this package) and listing its ``ROOM`` in :func:`handreiking.scenarios.room.room_scenarios`.
    """

    id: str
    """The scenario key the app shares under (``ScenarioApp.scenario``)."""
    title: str
    where: str
    """The lesson and step it rests on: "Les 6, Stap 6.1"."""
    answer_type: type[A]
    aggregate: Callable[[Sequence[A]], S]
    fields: tuple[FieldLabel, ...]
    """A Dutch label for every field of the answer (a test checks none is missing)."""
    report_fields: tuple[str, ...]
    """The field paths (from ``fields``) in the printed report's table: few enough to fit on A4."""
    describe: Callable[[S], str]
    """One or two Dutch sentences about the room (counts with the right plural)."""
    chart: Callable[[S], Chart | None]
    """The room chart, as a description :mod:`handreiking.plots.room` draws (None: no chart)."""

    @property
    def heading(self) -> str:
        return f"{self.title} ({self.where})"

    def read(self, data: Mapping[str, Any], version: int | None = None) -> A | None:
        """The typed answer in ``data`` (stored under schema ``version``), or None when it cannot be read.

        No version (rows from before versions were stored): read with the current model. A newer version
        than this code knows: None. An older one: :meth:`RoomAnswer.upgrade` first.
        """
        current = self.answer_type.schema_version
        if version is not None and version > current:
            return None
        payload = dict(data)
        if version is not None and version < current:
            payload = self.answer_type.upgrade(payload, version)
        try:
            return self.answer_type.model_validate(payload)
        except ValidationError:
            return None

    def columns(self, answers: Iterable[A], only: Sequence[str] | None = None) -> list[Column]:
        """The columns for these answers, in the order of ``fields`` (ids in the order they first appear).

        ``only``: just the fields with these paths (e.g. :attr:`report_fields`). Raises
        :class:`UnlabelledField` for a field that has no label.
        """
        keys: dict[str, bool] = {}
        for answer in answers:
            for key, value in flatten(answer.as_json()).items():
                keys[key] = keys.get(key, False) or value is not None
        wanted = [f for f in self.fields if only is None or f.path in only]
        found: dict[str, Column] = {}
        for key, has_value in keys.items():
            owner = next((f for f in self.fields if f.match(key) is not None), None)
            if owner is None:
                if not has_value:
                    continue  # an optional part left out (e.g. ``aanpak: null``): nothing to label
                raise UnlabelledField(f"{self.id}: het veld '{key}' heeft geen Nederlands label.")
            if owner in wanted:
                found[key] = Column(key, owner.label_for(key), owner)
        ordered = [found[k] for f in wanted for k in found if found[k].field is f]
        return ordered
