"""What the room shares: one typed answer per scenario, its aggregation and its room chart, registered once.

Each module here sits next to a scenario's rules and defines ``ROOM``: a :class:`RoomScenario` with the
scenario's title, its answer type (:class:`RoomAnswer`, with a schema version), its aggregation, a Dutch
label for every field, and the chart description that :mod:`handreiking.plots.room` draws. The dashboard,
the report and the CSV read every scenario through that one registration.

To add a scenario to the room: write ``room/<scenario>.py`` (named after the app's ``scenario`` key: answer
type, ``aggregate``, ``describe``, ``chart``, ``ROOM``) and add it to :func:`room_scenarios`. The app finds its
answer type by that key (:func:`answer_type_of`); a participant's kernel imports only that one module.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

from .base import Column, FieldLabel, RoomAnswer, RoomScenario, UnlabelledField, flatten
from .room import Reflectie, Room, ScenarioRoom, SharedAnswer, reflecties, room_of, scenario_room

__all__ = [
    "Column",
    "FieldLabel",
    "Reflectie",
    "Room",
    "RoomAnswer",
    "RoomScenario",
    "ScenarioRoom",
    "SharedAnswer",
    "UnlabelledField",
    "answer_type_of",
    "flatten",
    "reflecties",
    "room_of",
    "room_scenario",
    "room_scenarios",
    "scenario_room",
]


@cache
def room_scenarios() -> tuple[RoomScenario[Any, Any], ...]:
    """Every scenario the room knows, in the order the dashboard and the report show them."""
    from . import balans, beleidsnotitie, bril, rollen, routekiezer, zelfscan

    return (balans.ROOM, rollen.ROOM, zelfscan.ROOM, beleidsnotitie.ROOM, routekiezer.ROOM, bril.ROOM)


def room_scenario(scenario: str) -> RoomScenario[Any, Any] | None:
    """The registration of ``scenario``, or None when the room does not know it."""
    return next((s for s in room_scenarios() if s.id == scenario), None)


def answer_type_of(scenario: str) -> type[RoomAnswer] | None:
    """The typed answer of ``scenario``, importing only that scenario's module (None: not in the room)."""
    if not scenario.replace("-", "_").isidentifier():
        return None
    name = f"{__name__}.{scenario.replace('-', '_')}"
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        return None
    room = getattr(module, "ROOM", None)
    return room.answer_type if isinstance(room, RoomScenario) else None
