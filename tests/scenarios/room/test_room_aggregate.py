"""Summing up the room: where balans answers land, the average role mix and its spread, the other scenarios,
reflections; rows that cannot be read are counted, never guessed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from handreiking.scenarios.room import balans as balans_room
from handreiking.scenarios.room import (
    beleidsnotitie,
    bril,
    reflecties,
    room_of,
    room_scenario,
    routekiezer,
    scenario_room,
    zelfscan,
)
from handreiking.scenarios.room import rollen as rollen_room

T0 = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
ROLES = ("rechtmatig", "presterend", "netwerkend", "responsief")


@dataclass
class Row:
    participant: str
    scenario: str
    answer: dict[str, Any]
    reflectie: str | None = None
    updated_at: datetime = T0
    revision: int = 1


def b(positie: float, oordeel: str = "in-balans") -> dict[str, Any]:
    return {"casus": "c", "positie": positie, "oordeel": oordeel}


def r(mix: list[int] | dict[str, int], gestapeld: int = 4) -> dict[str, Any]:
    return {
        "casus": "v",
        "mix": dict(zip(ROLES, mix, strict=True)) if isinstance(mix, list) else mix,
        "gestapeld": gestapeld,
    }


def test_balans_histogram_mean_and_verdicts() -> None:
    """Positions land in their bins; mean, median and verdict counts follow."""
    rows = [
        Row("A-B-11", "balans", b(-0.9, "onderschatten")),
        Row("A-B-12", "balans", b(0.1, "in-balans")),
        Row("A-B-13", "balans", b(0.8, "overvragen")),
        Row("A-B-14", "rollen", r([25, 25, 25, 25])),
    ]
    room = scenario_room(balans_room.ROOM, rows).summary
    assert room.count == 3 and room.bins[0] == 1 and room.bins[4] == 1 and room.bins[7] == 1
    assert room.mean == 0.0 and room.median == 0.1
    assert room.oordelen == {"onderschatten": 1, "in-balans": 1, "beide": 0, "overvragen": 1}


def test_balans_skips_answers_it_cannot_read() -> None:
    """An answer without a numeric position or a known verdict is skipped and counted, never guessed."""
    rows = [
        Row("A-B-11", "balans", {"casus": "c", "positie": "hoog", "oordeel": "in-balans"}),
        Row("A-B-12", "balans", {}),
        Row("A-B-13", "balans", b(0.2, "prima")),
    ]
    part = scenario_room(balans_room.ROOM, rows)
    assert part.count == 0 and part.skipped == 3 and part.summary.mean is None
    assert "3 antwoorden van een andere versie van de app konden niet worden gelezen" in part.describe()


def test_rows_from_before_versions_are_read_leniently() -> None:
    """A row without a schema version is read with today's type; extra (older) keys are ignored."""
    old = {**b(0.3), "scenario": "balans", "iets_ouds": 1}
    assert balans_room.ROOM.read(old) == balans_room.BalansAntwoord(casus="c", positie=0.3, oordeel="in-balans")


def test_a_newer_schema_version_is_skipped() -> None:
    """A row written by a newer app version than this code knows is not read (never guessed)."""
    assert balans_room.ROOM.read(b(0.3), version=balans_room.BalansAntwoord.schema_version + 1) is None
    assert balans_room.ROOM.read(b(0.3), version=balans_room.BalansAntwoord.schema_version) is not None


def test_rollen_mean_and_spread() -> None:
    """The room's mix is the mean share per role; spread is the standard deviation, low and high."""
    rows = [Row("A-B-11", "rollen", r([40, 20, 20, 20])), Row("A-B-12", "rollen", r([20, 20, 40, 20]))]
    room = scenario_room(rollen_room.ROOM, rows).summary
    stats = {s.rol: s for s in room.rollen}
    assert room.count == 2
    assert stats["rechtmatig"].mean == 30 and stats["rechtmatig"].stdev == 10
    assert (stats["netwerkend"].low, stats["netwerkend"].high) == (20, 40)
    assert stats["presterend"].stdev == 0


def test_rollen_stacked_is_counted_from_the_number_of_roles() -> None:
    """gestapeld is a count of roles used; 2 or more is stacked. A yes/no value is refused, not read as 1."""
    rows = [
        Row("A-B-11", "rollen", r([40, 20, 20, 20], gestapeld=4)),
        Row("A-B-12", "rollen", r([50, 50, 0, 0], gestapeld=2)),
        Row("A-B-13", "rollen", r([100, 0, 0, 0], gestapeld=1)),
        Row("A-B-14", "rollen", {**r([100, 0, 0, 0]), "gestapeld": True}),
    ]
    part = scenario_room(rollen_room.ROOM, rows)
    assert (part.summary.stacked, part.count, part.skipped) == (2, 3, 1)


def test_answers_refuse_overlong_text() -> None:
    """Answers hold ids and numbers: a field of more than MAX_ANSWER_TEXT characters is not an answer."""
    from handreiking.scenarios.room.base import MAX_ANSWER_TEXT

    mix = {"rechtmatig": 25, "presterend": 25, "netwerkend": 25, "responsief": 25}
    assert rollen_room.ROOM.read({"casus": "x" * MAX_ANSWER_TEXT, "mix": mix, "gestapeld": 4}) is not None
    assert rollen_room.ROOM.read({"casus": "x" * (MAX_ANSWER_TEXT + 1), "mix": mix, "gestapeld": 4}) is None


def test_rollen_needs_all_four_roles() -> None:
    """A mix without all four roles (or all zero) cannot be read."""
    assert rollen_room.ROOM.read(r({"rechtmatig": 100})) is None
    assert rollen_room.ROOM.read(r([0, 0, 0, 0])) is None


def test_other_scenarios_sum_up() -> None:
    """Zelfscan places, route-kiezer best routes, bril comparisons and beleidsnotitie parts are counted."""
    scan = {"antwoorden": {}, "beantwoord": 5}
    rows = [
        Row("A-B-11", "zelfscan", {**scan, "score": 40, "plek": "ruimte-bieden"}),
        Row("A-B-12", "zelfscan", {**scan, "score": 80, "plek": "ruimte-bieden"}),
        Row("A-B-13", "zelfscan", {**scan, "score": None, "plek": None}),
        Row("A-B-11", "routekiezer", {"antwoorden": {}, "beste": ["route-1", "route-3"]}),
        Row("A-B-12", "routekiezer", {"antwoorden": {}, "beste": ["route-3"]}),
        Row("A-B-11", "bril", {"casus": "c", "oordelen": {}, "beoordeeld": 6, "gelijk": 3, "milder": 2, "strenger": 1}),
        Row("A-B-11", "beleidsnotitie", {"ingevuld": ["waarom"], "aantal_ingevuld": 1}),
    ]
    room = room_of(rows)
    assert room.get("zelfscan").summary.plekken == {"ruimte-bieden": 2, zelfscan.NO_PLACE: 1}
    assert room.get("zelfscan").summary.mean_score == 60
    assert room.get("routekiezer").summary.beste == {"route-1": 1, "route-3": 2}
    assert room.get("bril").summary.vergelijkingen == {"gelijk": 3, "milder": 2, "strenger": 1}
    assert room.get("beleidsnotitie").summary.per_onderdeel["waarom"] == 1
    assert "route 3" in routekiezer.chart(room.get("routekiezer").summary).alt.lower()
    assert bril.chart(room.get("bril").summary) is not None and beleidsnotitie.describe(
        room.get("beleidsnotitie").summary
    ).startswith("1 antwoord;")


def test_reflecties_newest_first_and_empty_left_out() -> None:
    """Only non-empty reflections, newest first, text unchanged (escaping is the viewer's job)."""
    rows = [
        Row("A-B-11", "balans", {}, "eerste", T0),
        Row("A-B-12", "rollen", {}, "  ", T0 + timedelta(minutes=1)),
        Row("A-B-13", "rollen", {}, "<b>later</b>", T0 + timedelta(minutes=2)),
    ]
    assert [x.text for x in reflecties(rows)] == ["<b>later</b>", "eerste"]


def test_room_counts_participants_and_unknown_scenarios() -> None:
    """Participants are counted once, answers per scenario separately; an unknown app is counted apart."""
    rows = [Row("A-B-11", "balans", b(0)), Row("A-B-11", "rollen", {}), Row("A-B-12", "balans", b(0.1))]
    rows.append(Row("A-B-13", "iets-nieuws", {"x": 1}))
    room = room_of(rows)
    assert room.participants == 3
    assert room.answers_per_scenario == {"balans": 2, "rollen": 1, "iets-nieuws": 1}
    assert room.unknown == {"iets-nieuws": 1} and room.get("rollen").skipped == 1


def test_every_scenario_is_found_by_its_key() -> None:
    """Each registration is in the module named after its scenario key, so an app finds its answer type."""
    from handreiking.scenarios.room import answer_type_of, room_scenarios

    for scenario in room_scenarios():
        assert answer_type_of(scenario.id) is scenario.answer_type
        assert room_scenario(scenario.id) is scenario
    assert answer_type_of("bestaat-niet") is None


mixes = st.lists(st.integers(0, 100), min_size=4, max_size=4).filter(lambda xs: sum(xs) > 0)


@given(st.lists(mixes, min_size=1, max_size=30))
def test_rollen_means_add_up_to_100(mix_list: list[list[int]]) -> None:
    """Whatever the mixes, the room's mean shares add up to 100% and stay within 0..100."""
    rows = [Row(f"A-B-{10 + i % 90}", "rollen", r(m)) for i, m in enumerate(mix_list)]
    room = scenario_room(rollen_room.ROOM, rows).summary
    assert abs(sum(s.mean for s in room.rollen) - 100) < 0.5
    assert all(0 <= s.low <= s.mean + 0.6 and s.mean - 0.6 <= s.high <= 100 for s in room.rollen)  # rounding


@given(st.lists(st.floats(-5, 5, allow_nan=False), max_size=40))
def test_balans_bins_count_every_answer(posities: list[float]) -> None:
    """Every answer with a position is in exactly one bin (out-of-range values are clipped)."""
    room = scenario_room(balans_room.ROOM, [Row("A-B-11", "balans", b(p)) for p in posities]).summary
    assert sum(room.bins) == room.count == len(posities)
