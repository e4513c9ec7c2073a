"""Summing up the room: where balans answers land, the average role mix and its spread, reflections."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from handreiking.workshop.aggregate import balans_room, reflecties, rollen_room, room_summary

T0 = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)


@dataclass
class Row:
    participant: str
    scenario: str
    answer: dict[str, Any]
    reflectie: str | None = None
    updated_at: datetime = T0


def test_balans_histogram_mean_and_verdicts() -> None:
    """Positions land in their bins; mean, median and verdict counts follow."""
    rows = [
        Row("A-B-11", "balans", {"positie": -0.9, "oordeel": "onderschatten"}),
        Row("A-B-12", "balans", {"positie": 0.1, "oordeel": "in-balans"}),
        Row("A-B-13", "balans", {"positie": 0.8, "oordeel": "overvragen"}),
        Row("A-B-14", "rollen", {"mix": {}}),
    ]
    room = balans_room(rows)
    assert room.count == 3 and room.bins[0] == 1 and room.bins[4] == 1 and room.bins[7] == 1
    assert room.mean == 0.0 and room.median == 0.1
    assert room.oordelen == {"onderschatten": 1, "in-balans": 1, "beide": 0, "overvragen": 1}


def test_balans_skips_answers_without_a_position() -> None:
    """An answer without a numeric position is skipped and counted, never guessed."""
    room = balans_room([Row("A-B-11", "balans", {"positie": "hoog"}), Row("A-B-12", "balans", {})])
    assert room.count == 0 and room.skipped == 2 and room.mean is None


def test_rollen_mean_and_spread() -> None:
    """The room's mix is the mean share per role; spread is the standard deviation, low and high."""
    rows = [
        Row("A-B-11", "rollen", {"mix": {"rechtmatig": 40, "presterend": 20, "netwerkend": 20, "responsief": 20}}),
        Row("A-B-12", "rollen", {"mix": {"rechtmatig": 20, "presterend": 20, "netwerkend": 40, "responsief": 20}}),
    ]
    room = rollen_room(rows)
    stats = {s.rol: s for s in room.rollen}
    assert room.count == 2
    assert stats["rechtmatig"].mean == 30 and stats["rechtmatig"].stdev == 10
    assert (stats["netwerkend"].low, stats["netwerkend"].high) == (20, 40)
    assert stats["presterend"].stdev == 0


def test_reflecties_newest_first_and_empty_left_out() -> None:
    """Only non-empty reflections, newest first, text unchanged (escaping is the viewer's job)."""
    rows = [
        Row("A-B-11", "balans", {}, "eerste", T0),
        Row("A-B-12", "rollen", {}, "  ", T0 + timedelta(minutes=1)),
        Row("A-B-13", "rollen", {}, "<b>later</b>", T0 + timedelta(minutes=2)),
    ]
    assert [r.text for r in reflecties(rows)] == ["<b>later</b>", "eerste"]


def test_room_summary_counts_participants() -> None:
    """Participants are counted once, answers per scenario separately."""
    rows = [Row("A-B-11", "balans", {"positie": 0}), Row("A-B-11", "rollen", {}), Row("A-B-12", "balans", {})]
    summary = room_summary(rows)
    assert summary.participants == 2 and summary.answers_per_scenario == {"balans": 2, "rollen": 1}


mixes = st.lists(st.integers(0, 100), min_size=4, max_size=4).filter(lambda xs: sum(xs) > 0)


@given(st.lists(mixes, min_size=1, max_size=30))
def test_rollen_means_add_up_to_100(mix_list: list[list[int]]) -> None:
    """Whatever the mixes, the room's mean shares add up to 100% and stay within 0..100."""
    roles = ("rechtmatig", "presterend", "netwerkend", "responsief")
    rows = [
        Row(f"A-B-{10 + i % 90}", "rollen", {"mix": dict(zip(roles, m, strict=True))}) for i, m in enumerate(mix_list)
    ]
    room = rollen_room(rows)
    assert abs(sum(s.mean for s in room.rollen) - 100) < 0.5
    assert all(0 <= s.low <= s.mean + 0.6 and s.mean - 0.6 <= s.high <= 100 for s in room.rollen)  # rounding


@given(st.lists(st.floats(-5, 5, allow_nan=False), max_size=40))
def test_balans_bins_count_every_answer(posities: list[float]) -> None:
    """Every answer with a position is in exactly one bin (out-of-range values are clipped)."""
    room = balans_room([Row("A-B-11", "balans", {"positie": p}) for p in posities])
    assert sum(room.bins) == room.count == len(posities)
