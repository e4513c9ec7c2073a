"""The handreiking's content in data/ is complete and consistent."""

from __future__ import annotations

import re

import pytest

from handreiking.content import STAP_IDS, Content, check_paths

# Items per framework, counted against ../shared/docs/content-inventory.md §3.
EXPECTED_ITEMS = {
    "rollen": 4,  # F3 the four roles
    "keuzefactoren": 4,  # F4 the four factors
    "openheid": 4,  # F5 the four diagnostic questions
    "beleidslagen": 3,  # F7 normatieve kern, beleidsmatige schil, instrumentele schil
    "beleidsnotitie": 7,  # F11 the seven parts of a beleidsnotitie
    "lokaal-eigendom-varianten": 3,  # F9 NP RES werkblad
    "abcd": 5,  # F15 ABCD-methode
    "ondersteuningssoorten": 4,  # F20 kinds of support (Stap 3.2)
    "participatiecoalitie": 5,  # F22
    "procesfasen": 5,  # F24 five process phases
    "lsd-methode": 3,  # F24 phase 1: luisteren, samenvatten, doorvragen
    "aanbestedingsroutes": 5,  # F28 five procurement routes
    "ondersteuningsvormen": 4,  # F32 four support forms
    "valkuilen": 3,  # F32 three pitfalls
    "trainingen": 3,  # F34
    "democratische-bril": 6,  # F35 five numbered questions + draagvlak (six questions in the seed)
    "kenmerken-initiatief": 5,  # F41
    "definitie": 6,  # F42 elements a-f
    "typen": 3,  # F43 commons, uitdaagrecht, omgekeerde uitdaging
    "participatieladder": 3,  # F44 top rungs
    "kracht": 5,  # F45 five strengths
    "kansen": 5,  # F46 opportunities
    "zutphen-claims": 3,  # F14
    "argumenten-politiek": 3,  # F19
}

FIXED_ITEM_IDS = {
    "rollen": ["rechtmatig", "presterend", "netwerkend", "responsief"],
    "keuzefactoren": ["vraagstuk", "politieke-voorkeur", "organisatie", "persoonlijke-stijl"],
    "beleidslagen": ["normatieve-kern", "beleidsmatige-schil", "instrumentele-schil"],
    "beleidsnotitie": ["waarom", "ontvangst", "begeleiding", "criteria", "wie-beslist", "budget", "plan-van-aanpak"],
    "ondersteuningssoorten": ["praktisch", "expertise", "verbinden", "procesondersteuning"],
    "procesfasen": ["initiatief", "definitie", "ontwerp-en-besluit", "uitvoering", "nazorg"],
    "ondersteuningsvormen": [
        "aanvullen",
        "in-hun-kracht-zetten",
        "institutioneel-verbinden",
        "gemeenschap-vitaliseren",
    ],
    "valkuilen": ["overvragen", "overnemen", "overspoelen"],
    "aanbestedingsroutes": ["route-1", "route-2", "route-3", "route-4", "route-5"],
}

EXAMPLES = [
    "veenendaal", "amstelveen", "amsterdam", "overijssel", "energie-van-utrecht", "zutphen", "arnhem",
    "purmerend", "haarlem", "fryslan", "nationale-ombudsman", "rotterdam", "gelderland", "wageningen",
]  # fmt: skip


def test_data_folder_passes_check() -> None:
    """`handreiking check` finds no problem in the bundled data/."""
    assert check_paths() == []


def test_seven_lessons_in_order(content: Content) -> None:
    """Lessons 1-7 are all there."""
    assert list(content.lessen) == [1, 2, 3, 4, 5, 6, 7]


@pytest.mark.parametrize("stap_id", STAP_IDS)
def test_every_step_once_under_its_lesson(content: Content, stap_id: str) -> None:
    """Each of the fourteen steps appears exactly once, under the lesson its number names."""
    places = [(les.number, s.id) for les in content.lessen.values() for s in les.stappen if s.id == stap_id]
    assert places == [(int(stap_id.split(".")[0]), stap_id)]


def test_no_other_steps(content: Content) -> None:
    """There are exactly fourteen steps, in the handreiking's order."""
    assert [s.id for les in content.lessen.values() for s in les.stappen] == list(STAP_IDS)


@pytest.mark.parametrize(("framework_id", "count"), sorted(EXPECTED_ITEMS.items()))
def test_framework_has_all_items(content: Content, framework_id: str, count: int) -> None:
    """Every framework the scenarios and exercises need has all the items the handreiking gives."""
    assert len(content.frameworks[framework_id].items) == count


@pytest.mark.parametrize(("framework_id", "ids"), sorted(FIXED_ITEM_IDS.items()))
def test_framework_item_ids_used_by_code(content: Content, framework_id: str, ids: list[str]) -> None:
    """Frameworks that code refers to keep their item ids, in the handreiking's order."""
    assert [i.id for i in content.frameworks[framework_id].items] == ids


def test_all_examples_present_and_tied_to_a_step(content: Content) -> None:
    """The fourteen real examples are all there, each tied to at least one step that links back to it."""
    assert sorted(content.examples) == sorted(EXAMPLES)
    linked = {e for les in content.lessen.values() for s in les.stappen for e in s.links.examples}
    assert set(EXAMPLES) <= linked


def test_every_footnote_once(content: Content) -> None:
    """Footnotes 1-26 each belong to exactly one source."""
    numbers = sorted(n for s in content.sources.values() for n in s.footnotes)
    assert numbers == list(range(1, 27))


def test_every_source_is_used(content: Content) -> None:
    """Every footnote source is cited from the content that uses it."""
    cited: set[str] = set()
    for les in content.lessen.values():
        cited.update(les.links.sources)
        for s in les.stappen:
            cited.update(s.links.sources)
    for f in content.frameworks.values():
        cited.update(f.links.sources)
    for e in content.examples.values():
        cited.update(e.sources)
    cited.update(content.background.links.sources)
    cited.update(content.introduction.links.sources)
    footnoted = {s.id for s in content.sources.values() if s.footnotes}
    assert footnoted - cited == set()


URL = re.compile(r"^https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:\d+)?(/[^\s<>\"]*)?$")


def test_urls_well_formed(content: Content) -> None:
    """Every source and example URL is a complete http(s) address without spaces."""
    urls = [s.url for s in content.sources.values()] + [u for e in content.examples.values() for u in e.urls]
    bad = [u for u in urls if not URL.match(u)]
    assert bad == []
    assert len(urls) >= 26


def test_three_vuistregels(content: Content) -> None:
    """The introduction carries the three vuistregels."""
    assert [v.id for v in content.introduction.vuistregels] == ["vr1", "vr2", "vr3"]


def test_legal_frameworks_say_not_legal_advice(content: Content) -> None:
    """Frameworks that touch procurement, subsidies or state aid say they are not legal advice."""
    for fid in ("aanbestedingsroutes", "economisch-bestuursrecht", "financiering"):
        text = " ".join(content.frameworks[fid].notes).lower()
        assert "geen juridisch advies" in text, fid
