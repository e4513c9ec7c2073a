"""Trainer session plans: every lesson has one, its blocks add up, and every app it names exists."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from handreiking.apps.trainer import sessieplan_markdown
from handreiking.content import Content, check_paths
from handreiking.content.sessieplan import Sessieplan

ROOT = Path(__file__).resolve().parents[2]
Writer = Callable[[str, str | bytes], Path]

GOOD_PLAN = """\
kind: sessieplan
id: les-6-kort
les: 6
title: Korte sessie over de balans
duration_minutes: 30
goals:
  - Deelnemers herkennen de drie valkuilen.
preparation:
  - Start de workshop.
blocks:
  - minutes: 10
    activity: Uitleg van de valkuilen.
    werkvorm: plenair
    stap: "6.1"
  - minutes: 20
    activity: De balans in tweetallen.
    werkvorm: in tweetallen
    app: balans
    stap: "6.1"
discussion_questions:
  - Welke valkuil herken je?
"""


def _plans(content: Content) -> list[Sessieplan]:
    return content.of_kind("sessieplan")


def test_every_lesson_has_a_session_plan(content: Content) -> None:
    """Each of the seven lessons has exactly one bundled session plan."""
    assert sorted(p.les for p in _plans(content)) == list(range(1, 8))


@pytest.mark.parametrize("les", range(1, 8))
def test_blocks_add_up_to_the_duration(content: Content, les: int) -> None:
    """The blocks of a plan fill its planned duration exactly."""
    [plan] = [p for p in _plans(content) if p.les == les]
    assert sum(b.minutes for b in plan.blocks) == plan.duration_minutes


@pytest.mark.parametrize("les", range(1, 8))
def test_every_named_app_exists(content: Content, les: int) -> None:
    """An app a plan uses opens as notebooks/apps/<app>.ipynb."""
    [plan] = [p for p in _plans(content) if p.les == les]
    missing = [a for a in plan.apps if not (ROOT / "notebooks" / "apps" / f"{a}.ipynb").is_file()]
    assert missing == []


def test_plans_use_the_apps_of_their_lesson(content: Content) -> None:
    """Les 1 uses zelfscan, rollen and beleidsnotitie; Les 3 the routekiezer, Les 6 the balans, Les 7 the bril."""
    apps = {p.les: p.apps for p in _plans(content)}
    assert apps[1] == ["zelfscan", "rollen", "beleidsnotitie"]
    assert apps[6] == ["balans"]
    assert apps[3] == ["routekiezer"] and apps[7] == ["bril"]


def test_app_blocks_tell_the_trainer_about_sharing(content: Content) -> None:
    """A block with a scenario app says how the group shares ('Deel met de groep') and where to look (dashboard)."""
    for plan in _plans(content):
        for block in plan.blocks:
            if block.app in {"balans", "rollen", "zelfscan", "routekiezer", "bril"}:
                assert "Deel met de groep" in block.activity and "dashboard" in block.activity, (plan.id, block.app)


def test_markdown_shows_goals_timing_and_questions(content: Content) -> None:
    """The rendered plan has its goals, a timed table ending at the duration, and numbered questions."""
    plan = next(p for p in _plans(content) if p.les == 6)
    text = sessieplan_markdown(content, 6)
    assert f"({plan.duration_minutes} minuten)" in text
    assert all(f"- {goal}" in text for goal in plan.goals)
    rows = [line for line in text.splitlines() if line.startswith("| ") and "Min." not in line]
    assert len(rows) == len(plan.blocks)
    assert rows[0].startswith("| 0:00\u2013") and rows[-1].split("|")[1].strip().endswith("1:30")
    assert f"1. {plan.discussion_questions[0]}" in text
    assert content.lessen[6].title_source in text


def test_markdown_for_a_lesson_without_plan_says_so_in_dutch(content: Content) -> None:
    """Asking for a lesson that has no plan raises an error that names the lesson."""
    with pytest.raises(KeyError, match="geen sessieplan voor Les 9"):
        sessieplan_markdown(content, 9)


def test_a_good_trainer_plan_passes(write_yaml: Writer) -> None:
    """A trainer's own valid plan passes the check together with data/."""
    assert check_paths([write_yaml("plan.yaml", GOOD_PLAN)]) == []


def test_minutes_that_do_not_add_up_name_the_field(write_yaml: Writer) -> None:
    """When the blocks do not fill the duration, the Dutch message names the field and both numbers."""
    path = write_yaml("plan.yaml", GOOD_PLAN.replace("duration_minutes: 30", "duration_minutes: 45"))
    [msg] = [str(p) for p in check_paths([path])]
    assert "plan.yaml" in msg and "duration_minutes" in msg
    assert "30 minuten" in msg and "45" in msg


def test_a_block_without_step_names_the_field(write_yaml: Writer) -> None:
    """A block (not a pause) that names no step is rejected, with the block and field in the message."""
    path = write_yaml("plan.yaml", GOOD_PLAN.replace('    stap: "6.1"\n', "", 1))
    [msg] = [str(p) for p in check_paths([path])]
    assert "blocks #1" in msg and "stap" in msg and "noemt geen stap" in msg


def test_a_pause_needs_no_step(write_yaml: Writer) -> None:
    """A break (werkvorm: pauze) is the one block that may rest on no step."""
    plan = GOOD_PLAN.replace('werkvorm: plenair\n    stap: "6.1"\n', "werkvorm: pauze\n", 1)
    assert "werkvorm: pauze" in plan
    assert check_paths([write_yaml("plan.yaml", plan)]) == []


def test_an_unknown_step_is_rejected(write_yaml: Writer) -> None:
    """A block's step must be one of the fourteen steps of the handreiking."""
    path = write_yaml("plan.yaml", GOOD_PLAN.replace('stap: "6.1"', 'stap: "6.3"', 1))
    [msg] = [str(p) for p in check_paths([path])]
    assert "stap" in msg and "'6.3'" in msg
