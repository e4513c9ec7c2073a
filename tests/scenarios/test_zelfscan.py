"""The self-scan "Hoe open is jouw gemeente?" (Les 1, Stap 1.1): scores, places on the spectrum, tips, data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handreiking.content import DATA_DIR, STAP_IDS, Content, check_paths
from handreiking.content.zelfscan import Zelfscan, zelfscan_data
from handreiking.scenarios.zelfscan import evaluate, explain_scan, percentage, place_for

SCAN_FILE = DATA_DIR / "scenarios" / "zelfscan" / "zelfscan.yaml"


@pytest.fixture(scope="module")
def scan(content: Content) -> Zelfscan:
    return zelfscan_data(content)


def by_score(scan: Zelfscan, pick: Callable[[list[int]], int]) -> dict[str, str]:
    """For every question, the answer whose score ``pick`` chooses (e.g. ``min`` or ``max``)."""
    out = {}
    for vraag in scan.vragen:
        scored = [a for a in vraag.antwoorden if a.score is not None]
        target = pick([a.score for a in scored])
        out[vraag.id] = next(a.id for a in scored if a.score == target)
    return out


def weet_niet(scan: Zelfscan, vraag_id: str) -> str:
    vraag = next(v for v in scan.vragen if v.id == vraag_id)
    return next(a.id for a in vraag.antwoorden if a.score is None)


def test_lowest_answers_place_at_standing_aside(scan: Zelfscan) -> None:
    """All lowest answers: score 0, the first place on the spectrum (zich afzijdig houden)."""
    uitkomst = evaluate(scan, by_score(scan, min))
    assert uitkomst.score == 0
    assert uitkomst.plek is not None and uitkomst.plek.id == "afzijdig"


def test_highest_answers_place_at_active_support(scan: Zelfscan) -> None:
    """All highest answers: score 100, actieve ondersteuning."""
    uitkomst = evaluate(scan, by_score(scan, max))
    assert uitkomst.score == 100
    assert uitkomst.plek is not None and uitkomst.plek.id == "actieve-ondersteuning"


@pytest.mark.parametrize("level", [1, 2])
def test_middle_answers_place_at_giving_room(scan: Zelfscan, level: int) -> None:
    """All answers one or two steps up from the bottom land in the middle: ruimte bieden."""
    uitkomst = evaluate(scan, by_score(scan, lambda scores: sorted(scores)[level]))
    assert uitkomst.plek is not None and uitkomst.plek.id == "ruimte-bieden"


def test_spectrum_runs_from_aside_to_active_support(scan: Zelfscan) -> None:
    """The three places of Stap 1.1, in order."""
    assert [p.id for p in scan.plekken] == ["afzijdig", "ruimte-bieden", "actieve-ondersteuning"]


def test_place_boundaries_follow_the_data(scan: Zelfscan) -> None:
    """A score at a place's threshold is in that place; one point lower is in the place before it."""
    for before, plek in zip(scan.plekken, scan.plekken[1:], strict=False):
        assert place_for(scan, plek.vanaf).id == plek.id
        assert place_for(scan, plek.vanaf - 1).id == before.id


def test_too_few_answers_give_no_place(scan: Zelfscan) -> None:
    """Below the minimum number of counted answers the scan gives no place, only the request to answer more."""
    first = dict(list(by_score(scan, max).items())[: scan.min_beantwoord - 1])
    uitkomst = evaluate(scan, first)
    assert uitkomst.plek is None and uitkomst.score is None
    assert not uitkomst.compleet


def test_dont_know_does_not_count_but_gets_a_tip(scan: Zelfscan) -> None:
    """'Weet ik niet' leaves the score alone and adds the advice to find out (Stap 1.1)."""
    antwoorden = by_score(scan, max)
    for vraag in scan.vragen[scan.min_beantwoord :]:
        antwoorden[vraag.id] = weet_niet(scan, vraag.id)
    uitkomst = evaluate(scan, antwoorden)
    assert uitkomst.score == 100
    assert uitkomst.beantwoord == scan.min_beantwoord
    assert next(a for a in uitkomst.adviezen if a.reden == "onbekend").stap == scan.onbekend_tip.stap


def test_unknown_answer_ids_are_ignored(scan: Zelfscan) -> None:
    """An answer id that does not exist counts as not answered."""
    uitkomst = evaluate(scan, {scan.vragen[0].id: "bestaat-niet"})
    assert uitkomst.beantwoord == 0
    assert uitkomst.antwoorden[scan.vragen[0].id] is None


def test_far_apart_views_add_the_draagvlak_tip(scan: Zelfscan) -> None:
    """Raad high and ambtelijke organisatie low: the difference rule adds its tip (Stap 3.1)."""
    low, high = by_score(scan, min), by_score(scan, max)
    antwoorden = {"houding-raad": high["houding-raad"], "houding-college": high["houding-college"]}
    antwoorden["houding-organisatie"] = low["houding-organisatie"]
    uitkomst = evaluate(scan, antwoorden)
    assert "houding-loopt-uiteen" in uitkomst.verschillen
    assert any(a.reden == "verschil" and a.stap == "3.1" for a in uitkomst.adviezen)


def test_every_tip_in_the_data_names_a_step(scan: Zelfscan) -> None:
    """Each tip (per answer, per place, for differences and for 'weet ik niet') names a step 1.1-7.2."""
    tips = [a.tip for v in scan.vragen for a in v.antwoorden if a.tip is not None]
    tips += [t for p in scan.plekken for t in p.volgende_stappen]
    tips += [r.tip for r in scan.verschillen] + [scan.onbekend_tip]
    assert tips
    assert all(t.stap in STAP_IDS for t in tips)


def test_every_place_says_what_to_do_next(scan: Zelfscan) -> None:
    """A complete result always starts with the next steps of its place."""
    for pick in (min, max):
        uitkomst = evaluate(scan, by_score(scan, pick))
        assert uitkomst.plek is not None
        assert uitkomst.adviezen[0].reden == "plek"


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_answers_give_a_score_between_0_and_100(scan: Zelfscan, data: st.DataObject) -> None:
    """Whatever is answered: a score 0-100 (or none yet), the matching place, and only steps that exist."""
    antwoorden = {
        v.id: data.draw(st.sampled_from([None, *(a.id for a in v.antwoorden)]), label=v.id) for v in scan.vragen
    }
    uitkomst = evaluate(scan, antwoorden)
    if uitkomst.score is None:
        assert uitkomst.beantwoord < scan.min_beantwoord
    else:
        assert 0 <= uitkomst.score <= 100
        assert uitkomst.plek == place_for(scan, uitkomst.score)
    assert all(a.stap in STAP_IDS for a in uitkomst.adviezen)
    assert len({(a.stap, a.text) for a in uitkomst.adviezen}) == len(uitkomst.adviezen)


def test_percentage_rounds_half_up() -> None:
    """1 of 2 is 50; 1 of 3 is 33; 2 of 3 is 67; nothing counted is 0."""
    assert [percentage(1, 2), percentage(1, 3), percentage(2, 3), percentage(0, 0)] == [50, 33, 67, 0]


def test_explanation_is_written_from_the_data(scan: Zelfscan) -> None:
    """'Hoe werkt deze scan?' names every question, every place with its threshold, and what the scan leaves out."""
    text = explain_scan(scan)
    for vraag in scan.vragen:
        assert vraag.prompt in text
    for plek in scan.plekken:
        assert f"{plek.naam}: score {plek.vanaf} " in text
    for item in scan.laat_weg:
        assert item in text


def test_intro_says_reflection_not_judgement(scan: Zelfscan) -> None:
    """The scan presents itself as a reflection tool, not a judgement."""
    assert "geen oordeel" in scan.intro


def test_data_file_validates() -> None:
    """data/scenarios/zelfscan/zelfscan.yaml passes the content check."""
    assert check_paths([SCAN_FILE]) == []


def test_thresholds_out_of_order_are_reported(write_yaml: Callable[[str, str], Path]) -> None:
    """A scan whose places are not in rising order gets a Dutch message with the field."""
    data = yaml.safe_load(SCAN_FILE.read_text(encoding="utf-8"))
    data["id"] = "kapotte-scan"
    data["plekken"][1]["vanaf"], data["plekken"][2]["vanaf"] = data["plekken"][2]["vanaf"], data["plekken"][1]["vanaf"]
    problems = check_paths([write_yaml("kapot.yaml", yaml.safe_dump(data, allow_unicode=True))])
    assert any("van laag naar hoog" in p.message and p.location == "plekken" for p in problems)
