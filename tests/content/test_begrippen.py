"""The begrippenlijst (glossary): validated data, a notebook with an anchor per term, links from every lesson."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from handreiking.apps.lesson import (
    begrip_anchor,
    begrippen_markdown,
    begrippen_notebook_cells,
    link_begrippen,
    sync_begrippen_notebook,
)
from handreiking.content import STAP_IDS, Content
from handreiking.content.begrippen import Begrippen, begrippen_data
from handreiking.content.loader import validate_files

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "begrippen.ipynb"
LESSON_NOTEBOOKS = sorted(
    [
        *ROOT.glob("notebooks/les-*.ipynb"),
        ROOT / "notebooks" / "00-introductie.ipynb",
        ROOT / "notebooks" / "achtergrond.ipynb",
    ]
)
ALL_NOTEBOOKS = sorted(p for p in [*ROOT.glob("notebooks/**/*.ipynb"), *ROOT.glob("exercises/**/*.ipynb")])
GLOSSARY_LINK = re.compile(r"\]\(((?:[^)#\s]*/)?begrippen\.ipynb)?#(begrip-[a-z0-9-]+)\)")

Writer = Callable[[str, str | bytes], Path]

GOOD = """\
kind: begrippen
title: Mijn begrippen
begrippen:
  - id: eerste
    term: Eerste begrip
    explanation: Uitleg van het eerste begrip.
    stappen: ["1.1", les-2]
    see_also: [tweede]
  - id: tweede
    term: Tweede begrip
    explanation: Uitleg van het tweede begrip.
    stappen: [achtergrond]
    forms: [tweedes]
"""


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _markdown(path: Path) -> list[str]:
    return ["".join(c["source"]) for c in _cells(path) if c["cell_type"] == "markdown"]


def _problems(path: Path) -> list[str]:
    return [str(p) for p in validate_files([path]).problems]


@pytest.fixture(scope="module")
def glossary(content: Content) -> Begrippen:
    return begrippen_data(content)


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


# --- the data -----------------------------------------------------------------------


def test_glossary_has_at_least_sixty_terms(glossary: Begrippen) -> None:
    """The glossary covers the terms a participant meets: at least 60 of them."""
    assert len(glossary.begrippen) >= 60


@pytest.mark.parametrize(
    "term_id",
    [
        "burgercollectief", "uitdaagrecht", "abcd", "procesfasen", "rechtmatige-overheid", "presterende-overheid",
        "netwerkende-overheid", "responsieve-overheid", "aanvullen", "in-hun-kracht-zetten",
        "institutioneel-verbinden", "gemeenschap-vitaliseren", "overvragen", "overnemen", "overspoelen", "res",
        "omgevingsplan", "lesmodel",
    ],
)  # fmt: skip
def test_glossary_has_the_key_terms(glossary: Begrippen, term_id: str) -> None:
    """The terms the issue names (the four roles, the four support forms, the three valkuilen, ...) are there."""
    assert term_id in glossary.by_id()


def test_every_place_exists(content: Content, glossary: Begrippen) -> None:
    """Each term names steps, lesson introductions or parts of the handreiking that exist."""
    known = {*content.stappen, *(f"les-{n}" for n in content.lessen), "introductie", "achtergrond"}
    wrong = {(b.id, p) for b in glossary.begrippen for p in b.stappen if p not in known}
    assert wrong == set()
    assert set(content.stappen) == set(STAP_IDS)


def test_every_step_has_terms(glossary: Begrippen) -> None:
    """No step is left without a term that matters there."""
    used = {p for b in glossary.begrippen for p in b.stappen}
    assert set(STAP_IDS) - used == set()


def test_see_also_resolves(glossary: Begrippen) -> None:
    """Every 'zie ook' names another term of the glossary."""
    ids = set(glossary.by_id())
    assert {(b.id, r) for b in glossary.begrippen for r in b.see_also if r not in ids or r == b.id} == set()


def test_own_additions_are_marked(glossary: Begrippen) -> None:
    """Terms the handreiking does not explain itself (omgevingsplan, lesmodel) are marked as our own addition."""
    terms = glossary.by_id()
    assert terms["omgevingsplan"].own_addition and terms["lesmodel"].own_addition
    assert not terms["burgercollectief"].own_addition


def test_good_glossary_file_passes(write_yaml: Writer) -> None:
    """A small valid glossary file validates."""
    assert _problems(write_yaml("begrippen.yaml", GOOD)) == []


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (("id: tweede", "id: eerste"), ["'eerste'", "twee keer"]),
        (("see_also: [tweede]", "see_also: [derde]"), ["'derde'", "niet in de begrippenlijst"]),
        (("see_also: [tweede]", "see_also: [eerste]"), ["naar zichzelf"]),
        (("forms: [tweedes]", "forms: [eerste begrip]"), ["'eerste begrip'", "al bij het begrip 'eerste'"]),
        (('stappen: ["1.1", les-2]', 'stappen: ["1.4"]'), ["stappen #1", "'1.4'", "'les-2'"]),
        (("    stappen: [achtergrond]\n", ""), ["stappen", "ontbreekt"]),
    ],
    ids=["dubbele-id", "onbekend-zie-ook", "naar-zichzelf", "dubbel-woord", "onbekende-stap", "geen-stap"],
)
def test_broken_glossary_gives_a_dutch_message(write_yaml: Writer, change: tuple[str, str], words: list[str]) -> None:
    """Each mistake in a glossary file is reported in Dutch, naming what is wrong."""
    path = write_yaml("begrippen.yaml", GOOD.replace(*change))
    problems = _problems(path)
    assert any(all(w in message for w in words) for message in problems), problems


# --- the notebook -------------------------------------------------------------------


def test_notebook_is_current(content: Content, tmp_path: Path) -> None:
    """notebooks/begrippen.ipynb shows exactly the entries in data/begrippen.yaml (README says how to regenerate)."""
    copy = tmp_path / "begrippen.ipynb"
    shutil.copy(NOTEBOOK, copy)
    assert not sync_begrippen_notebook(copy, content), "begrippen.ipynb loopt achter: zie de README (begrippenlijst)"


def test_notebook_has_an_anchor_and_heading_per_term(glossary: Begrippen) -> None:
    """Every term has its own cell with a heading that carries the anchor begrip-<id>."""
    cells = {c.get("id"): "".join(c["source"]) for c in _cells(NOTEBOOK)}
    for begrip in glossary.begrippen:
        anchor = begrip_anchor(begrip.id)
        assert cells[anchor].startswith(f'### <a id="{anchor}"></a>{begrip.term}\n'), begrip.id
        assert begrip.explanation in cells[anchor]


def test_notebook_index_lists_every_term(content: Content, glossary: Begrippen) -> None:
    """The A-Z index links to every entry once."""
    [(cell_id, index)] = begrippen_notebook_cells(content)[:1]
    assert cell_id == "begrippen-index"
    assert sorted(GLOSSARY_LINK.findall(index)) == sorted(("", begrip_anchor(b.id)) for b in glossary.begrippen)


def test_own_addition_is_said_in_the_entry(content: Content) -> None:
    """An entry that is our own addition says so; one from the handreiking does not."""
    cells = dict(begrippen_notebook_cells(content))
    assert "onze eigen aanvulling" in cells["begrip-omgevingsplan"]
    assert "onze eigen aanvulling" not in cells["begrip-burgercollectief"]


def test_entries_link_to_the_lesson_notebooks(content: Content) -> None:
    """'Waar in de lessen' links each place to the notebook that treats it."""
    cells = dict(begrippen_notebook_cells(content))
    assert "[Les 2 (inleiding)](les-2.ipynb)" in cells["begrip-abcd"]
    assert "[Stap 3.3](les-3.ipynb)" in cells["begrip-aanbesteden"]
    assert "(achtergrond.ipynb)" in cells["begrip-participatieladder"]


def test_filter_per_step(content: Content, glossary: Begrippen) -> None:
    """begrippen_markdown(stap=...) shows exactly the terms of that step, and says so when there are none."""
    text = begrippen_markdown(content, stap="3.3")
    expected = {b.id for b in glossary.begrippen if "3.3" in b.stappen}
    assert set(re.findall(r'<a id="begrip-([a-z0-9-]+)">', text)) == expected
    assert "geen begrippen bij Stap 8.1" in begrippen_markdown(content, stap="8.1")


# --- links from the lessons ---------------------------------------------------------


@pytest.mark.parametrize("path", LESSON_NOTEBOOKS, ids=_id)
def test_every_lesson_notebook_links_to_the_glossary(path: Path) -> None:
    """The glossary is one click away from every lesson notebook, in the notebook's own text."""
    assert any("](begrippen.ipynb)" in cell for cell in _markdown(path))


@pytest.mark.parametrize("path", LESSON_NOTEBOOKS, ids=_id)
def test_lesson_notebooks_link_terms_to_their_entry(path: Path) -> None:
    """Each lesson notebook links the terms it uses to their entries (first use)."""
    assert any(GLOSSARY_LINK.search(cell) for cell in _markdown(path))


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=_id)
def test_every_glossary_link_target_exists(glossary: Begrippen, path: Path) -> None:
    """Every link to begrippen.ipynb#begrip-... (or #begrip-... inside the glossary) points to an existing term."""
    anchors = {begrip_anchor(b.id) for b in glossary.begrippen}
    found = [(target, anchor) for cell in _markdown(path) for target, anchor in GLOSSARY_LINK.findall(cell)]
    if path != NOTEBOOK:
        found = [(t, a) for t, a in found if t]  # '#begrip-...' without a file only means something in the glossary
    assert [a for _, a in found if a not in anchors] == []


def test_first_use_per_notebook_is_linked_in_the_lessons(content: Content) -> None:
    """In Les 2 the first use of 'ABCD-methode' links to its entry, and a later use does not link again."""
    cells = _markdown(ROOT / "notebooks" / "les-2.ipynb")
    text = "\n".join(cells)
    assert text.count("](begrippen.ipynb#begrip-abcd)") == 1


# --- the linker ---------------------------------------------------------------------


def test_link_begrippen_links_only_the_first_use(content: Content) -> None:
    """The first use of a term gets a link; later uses, in the same text or with the same 'seen', do not."""
    seen: set[str] = set()
    first = link_begrippen("Het uitdaagrecht, en nog eens het uitdaagrecht.", content, seen=seen)
    assert first == "Het [uitdaagrecht](begrippen.ipynb#begrip-uitdaagrecht), en nog eens het uitdaagrecht."
    assert link_begrippen("Weer het uitdaagrecht.", content, seen=seen) == "Weer het uitdaagrecht."


def test_link_begrippen_prefers_the_longest_form(content: Content) -> None:
    """'ABCD-methode' links as a whole, not as 'ABCD' plus '-methode'."""
    assert link_begrippen("De ABCD-methode.", content) == "De [ABCD-methode](begrippen.ipynb#begrip-abcd)."


def test_link_begrippen_case_rules(content: Content) -> None:
    """Abbreviations match only as written; ordinary words match at the start of a sentence too."""
    assert link_begrippen("De res van de soep.", content) == "De res van de soep."
    assert link_begrippen("Uitdaagrecht.", content) == "[Uitdaagrecht](begrippen.ipynb#begrip-uitdaagrecht)."


def test_link_begrippen_leaves_headings_code_and_links_alone(content: Content) -> None:
    """Headings, code, existing links and web addresses are not touched."""
    text = "## Het uitdaagrecht\n\n`RES` en [de RES](https://example.nl) op https://res.nl/uitdaagrecht\n"
    assert link_begrippen(text, content) == text


def test_link_begrippen_is_idempotent_and_uses_a_target(content: Content) -> None:
    """Running the linker twice changes nothing; another folder gets its own relative target."""
    once = link_begrippen("Het omgevingsplan en het bestemmingsplan.", content, target="../notebooks/begrippen.ipynb")
    assert once == "Het [omgevingsplan](../notebooks/begrippen.ipynb#begrip-omgevingsplan) en het bestemmingsplan."
    assert link_begrippen(once, content, target="../notebooks/begrippen.ipynb") == once
