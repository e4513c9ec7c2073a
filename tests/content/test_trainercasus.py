"""Trainer cases (data/casussen/) and the closing session: shipped, invented and marked so, covering their
lesson's steps, named from the session plans with a checked reference, validated with Dutch messages, and
rendered for the trainer notebook."""

from __future__ import annotations

import re
import typing
from collections.abc import Callable
from pathlib import Path

import pytest

from handreiking.apps.trainer import casus_gebruik, casus_markdown, casussen_overzicht_markdown, slotsessie_markdown
from handreiking.content import STAP_IDS, Content, check_paths
from handreiking.content.rollen import rollen_vraagstukken
from handreiking.content.routekiezer import routekiezer_data
from handreiking.content.sessieplan import Blok
from handreiking.content.trainercasus import INVENTED_MARK, VUISTREGEL_IDS, TrainerCasus, VuistregelId, trainer_casussen
from handreiking.scenarios.routekiezer import evaluate

ROOT = Path(__file__).resolve().parents[2]
Writer = Callable[[str, str | bytes], Path]

GOOD_CASE = """\
kind: trainer-casus
id: mijn-casus
title: Een buurtgroep wil een deelauto
les: 5
invented: true
verhaal: Verzonnen casus. Een buurtgroep in Dorp wil een elektrische deelauto en praat met vijf afdelingen.
feiten:
  - De groep heeft twintig leden.
dilemmas:
  - Wie houdt het overzicht?
opdracht: Maak een overzicht van de interne relaties.
bespreking:
  - stap: "5.1"
    vraag: Welke afdelingen horen erbij?
    antwoorden:
      - Mobiliteit, openbare ruimte en vergunningen.
"""

GOOD_PLAN = """\
kind: sessieplan
id: les-5-kort
les: 5
title: Korte sessie
duration_minutes: 20
goals: [Deelnemers maken een overzicht.]
preparation: [Lees de casus.]
blocks:
  - minutes: 20
    activity: Overzicht maken met de casus.
    werkvorm: in groepjes
    stap: "5.1"
    casus: samen-warm-zuid
discussion_questions: [Wat viel op?]
"""


def _cases(content: Content) -> list[TrainerCasus]:
    return trainer_casussen(content)


def _case_text(casus: TrainerCasus) -> str:
    parts = [casus.title, casus.verhaal, *casus.feiten, *casus.dilemmas, casus.opdracht]
    parts += [p.vraag + " " + " ".join(p.antwoorden) for p in casus.bespreking]
    parts += [p.vraag + " " + " ".join(p.antwoorden) for p in casus.vuistregels]
    return " ".join(parts)


# --- the shipped cases ----------------------------------------------------------------------


def test_one_case_for_les_3_4_and_5_and_one_closing_case(content: Content) -> None:
    """The session plans of Les 3, 4 and 5 each get a ready case; the series gets one closing case."""
    assert [c.les for c in _cases(content)] == [3, 4, 5, None]


def test_every_shipped_case_is_invented_and_says_so(content: Content) -> None:
    """Invented cases carry invented: true and say 'verzonnen casus' in the story."""
    for casus in _cases(content):
        assert casus.invented and INVENTED_MARK in casus.verhaal.lower(), casus.id


def test_lesson_cases_discuss_every_step_of_their_lesson(content: Content) -> None:
    """A lesson case has a discussion point for each step of its lesson (Les 3: 3.1, 3.2 and 3.3)."""
    for casus in (c for c in _cases(content) if c.les is not None):
        wanted = [s.id for s in content.lessen[casus.les].stappen]
        assert set(wanted) <= set(casus.stappen), casus.id


def test_the_closing_case_runs_through_all_steps_and_vuistregels(content: Content) -> None:
    """The closing case discusses all fourteen steps and the three vuistregels of the introduction."""
    [closing] = [c for c in _cases(content) if c.is_closing]
    assert closing.stappen == list(STAP_IDS)
    assert [p.vuistregel for p in closing.vuistregels] == list(VUISTREGEL_IDS)


def test_vuistregel_ids_are_those_of_the_introduction(content: Content) -> None:
    """The schema's vuistregel ids are exactly the ids in data/introduction.yaml."""
    intro_ids = tuple(v.id for v in content.introduction.vuistregels)
    assert VUISTREGEL_IDS == intro_ids == typing.get_args(VuistregelId)


def test_cases_are_concrete(content: Content) -> None:
    """A case gives numbers, dilemmas and possible answers, and every point has at least one answer."""
    for casus in _cases(content):
        assert re.search(r"\d", " ".join(casus.feiten)), casus.id
        assert casus.dilemmas and all(p.antwoorden for p in casus.bespreking), casus.id


LEGAL = re.compile(r"aanbested|subsidie|garant|staatssteun|omgevingsplan|persoonsgegevens|privacy|adressen")


def test_legal_matters_in_cases_are_not_stated_as_certain(content: Content) -> None:
    """A case that touches law says it is no legal advice; none speaks of a bestemmingsplan; the omgevingsplan
    comes with the date the Omgevingswet took effect."""
    for casus in _cases(content):
        text = _case_text(casus).lower()
        if LEGAL.search(text):
            assert "geen juridisch advies" in text, casus.id
        assert "bestemmingsplan" not in text, casus.id
        if "omgevingsplan" in text:
            assert "1 januari 2024" in text, casus.id


def test_the_les_3_case_tells_what_the_routekiezer_shows(content: Content) -> None:
    """With the answers the Les 3 case describes, the routekiezer ranks route 4 first, then routes 5 and 1,
    as the case's possible answers say."""
    [casus] = [c for c in _cases(content) if c.les == 3]
    situatie = {
        "verplichting": "opdracht",
        "omvang": "middel",
        "samenwerking": "afgebakend",
        "doelgroep": "nee",
        "aanbesteding": "weet-niet",
        "lokale-kennis": "essentieel",
        "ervaring": "geen",
    }
    uitslag = evaluate(routekiezer_data(content), situatie, content.sources)
    assert [a.route.id for a in uitslag.beste] == ["route-4"]
    assert {a.route.id for a in uitslag.ranking[1:3]} == {"route-5", "route-1"}
    assert "route 4 bovenaan" in _case_text(casus)


# --- the session plans that use them --------------------------------------------------------


@pytest.mark.parametrize("les", [3, 4, 5])
def test_lesson_plans_name_their_lessons_case(content: Content, les: int) -> None:
    """The plans of Les 3, 4 and 5 use a case of their own lesson, and no other."""
    [plan] = [p for p in content.of_kind("sessieplan") if p.les == les]
    cases = {c.id: c for c in _cases(content)}
    assert plan.casussen and all(cases[c].les == les for c in plan.casussen)
    assert not any("Bereid een korte verzonnen casus voor" in p for p in plan.preparation)


def test_every_case_is_used_by_a_plan(content: Content) -> None:
    """No case is left without a session that uses it."""
    unused = [c.id for c in _cases(content) if not casus_gebruik(content, c.id)]
    assert unused == []


def test_the_closing_session(content: Content) -> None:
    """The slotsessie uses the closing case, adds up, rests every block on a step or vuistregel, works out all
    three vuistregels, and its app blocks say how to share and where to look."""
    [plan] = content.of_kind("slotsessie")
    closing = [c.id for c in _cases(content) if c.is_closing]
    assert plan.casussen == closing
    assert sum(b.minutes for b in plan.blocks) == plan.duration_minutes
    assert all(b.stap or b.vuistregels or b.is_pause for b in plan.blocks)
    assert {v for b in plan.blocks for v in b.vuistregels} == set(VUISTREGEL_IDS)
    for block in plan.blocks:
        if block.app:
            assert (ROOT / "notebooks" / "apps" / f"{block.app}.ipynb").is_file()
            assert "Deel met de groep" in block.activity and "dashboard" in block.activity


def test_the_closing_session_names_cases_that_exist_in_its_apps(content: Content) -> None:
    """The rollen vraagstuk and bril casus the slotsessie names by title are in the apps."""
    [plan] = content.of_kind("slotsessie")
    titles = {v.title for v in rollen_vraagstukken(content)} | {c.title for c in content.of_kind("bril-casus")}
    named = [t for b in plan.blocks if b.app for t in re.findall(r"'([^']+)'", b.activity) if t != "Deel met de groep"]
    assert named and set(named) <= titles


def test_a_block_may_rest_on_vuistregels_instead_of_a_step() -> None:
    """A block without a step is fine when it names vuistregels; without either it is reported."""
    assert Blok(minutes=10, activity="x", werkvorm="plenair", vuistregels=["vr1"]).check() == []
    [(path, msg)] = Blok(minutes=10, activity="x", werkvorm="plenair").check()
    assert path == ("stap",) and "noemt geen stap" in msg


# --- validation of a trainer's own files ----------------------------------------------------


def test_a_trainers_own_case_and_plan_pass(write_yaml: Writer) -> None:
    """A valid case and a plan that names a bundled case pass the check together with data/."""
    assert check_paths([write_yaml("casus.yaml", GOOD_CASE), write_yaml("plan.yaml", GOOD_PLAN)]) == []


def test_the_bundled_case_files_pass_on_their_own() -> None:
    """`handreiking check data/casussen/<file>` says In orde for each shipped case."""
    for path in sorted((ROOT / "data" / "casussen").glob("*.yaml")):
        assert check_paths([path]) == [], path.name


def test_a_plan_naming_an_unknown_case_is_reported(write_yaml: Writer) -> None:
    """The reference from a block to a case is checked, with a Dutch message that names the block and field."""
    path = write_yaml("plan.yaml", GOOD_PLAN.replace("casus: samen-warm-zuid", "casus: samen-warm-noord"))
    [msg] = [str(p) for p in check_paths([path])]
    assert "plan.yaml" in msg and "blocks #1" in msg and "casus" in msg
    assert "de trainerscasus 'samen-warm-noord', maar die bestaat niet" in msg and "samen-warm-zuid" in msg


def test_an_invented_case_that_does_not_say_so_is_reported(write_yaml: Writer) -> None:
    path = write_yaml("casus.yaml", GOOD_CASE.replace("Verzonnen casus. ", ""))
    [msg] = [str(p) for p in check_paths([path])]
    assert "verhaal" in msg and "'verzonnen casus'" in msg


def test_a_lesson_case_without_a_point_on_its_lesson_is_reported(write_yaml: Writer) -> None:
    path = write_yaml("casus.yaml", GOOD_CASE.replace("les: 5", "les: 4"))
    [msg] = [str(p) for p in check_paths([path])]
    assert "bespreking" in msg and "Les 4" in msg and 'stap: "4.1"' in msg


def test_a_closing_case_must_cover_all_lessons_and_vuistregels(write_yaml: Writer) -> None:
    """Without 'les' a case is a closing case; the messages list the lessons and vuistregels it misses."""
    path = write_yaml("casus.yaml", GOOD_CASE.replace("les: 5\n", ""))
    msgs = [str(p) for p in check_paths([path])]
    assert len(msgs) == 2
    assert any("Les 1, 2, 3, 4, 6, 7" in m for m in msgs)
    assert any("vr1, vr2, vr3" in m and "vuistregels" in m for m in msgs)


def test_an_unknown_vuistregel_or_step_is_reported(write_yaml: Writer) -> None:
    body = GOOD_CASE.replace('stap: "5.1"', 'stap: "5.2"') + "vuistregels:\n  - vuistregel: vr4\n    vraag: x\n"
    body += "    antwoorden: [y]\n"
    msgs = " ".join(str(p) for p in check_paths([write_yaml("casus.yaml", body)]))
    assert "'5.2'" in msgs and "'vr4'" in msgs


# --- what the trainer sees ------------------------------------------------------------------


def test_case_markdown_names_steps_and_vuistregels_with_their_titles(content: Content) -> None:
    """The rendered closing case has its story, a heading per lesson, every step with its title, the
    vuistregels with their titles, and says where it is used."""
    [closing] = [c for c in _cases(content) if c.is_closing]
    text = casus_markdown(content, closing)
    assert closing.verhaal in text and "Verzonnen casus voor de laatste sessie" in text
    for stap_id in STAP_IDS:
        assert f"**Stap {stap_id}: {content.stap(stap_id).title}.**" in text
    for n in range(1, 8):
        assert f"### Les {n}: {content.lessen[n].title}" in text
    for n, regel in enumerate(content.introduction.vuistregels, start=1):
        assert f"**Vuistregel {n}: {regel.title}.**" in text
    assert "Gebruikt in de slotsessie" in text


def test_lesson_case_markdown_says_which_plan_uses_it(content: Content) -> None:
    [casus] = [c for c in _cases(content) if c.les == 3]
    text = casus_markdown(content, casus)
    assert f"Verzonnen casus voor Les 3: {content.lessen[3].title}." in text
    assert "Gebruikt in het sessieplan van Les 3 (" in text


def test_overview_has_a_row_per_case(content: Content) -> None:
    rows = [line for line in casussen_overzicht_markdown(content).splitlines()[2:] if line.startswith("| ")]
    assert len(rows) == len(_cases(content))


def test_slotsessie_markdown_shows_a_timed_table_and_what_each_block_rests_on(content: Content) -> None:
    [plan] = content.of_kind("slotsessie")
    text = slotsessie_markdown(content)
    rows = [line for line in text.splitlines() if line.startswith("| ") and "Min." not in line]
    assert len(rows) == len(plan.blocks)
    end = f"{plan.duration_minutes // 60}:{plan.duration_minutes % 60:02d}"
    assert rows[0].startswith("| 0:00\u2013") and rows[-1].split("|")[1].strip().endswith(end)
    assert "Vuistregels 1, 2 en 3" in text and "Stap 6.2" in text
    assert f"1. {plan.discussion_questions[0]}" in text


def test_slotsessie_markdown_without_a_plan_says_so_in_dutch(content: Content) -> None:
    empty = Content(
        introduction=content.introduction,
        background=content.background,
        lessen=content.lessen,
        frameworks={},
        examples={},
        sources={},
        documents={},
    )
    with pytest.raises(KeyError, match="geen slotsessie"):
        slotsessie_markdown(empty)
