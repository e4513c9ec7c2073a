"""Fidelity rules of issue 10 that can be checked mechanically.

The content says what the handreiking says, or marks the training's own reading; legal claims are not stated
as certain; the law has moved on since the handreiking was written (the Omgevingswet, 1 January 2024); the
introduction of a lesson is not a step; one title per lesson and per step everywhere; and the language slips an
editor marked stay out.

``ELSEWHERE`` lists known, accepted exceptions (none today); every rule covers every file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from handreiking.content import Content

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for p in [*ROOT.glob("notebooks/**/*.ipynb"), *ROOT.glob("exercises/**/*.ipynb")])
DATA = sorted(ROOT.glob("data/**/*.yaml"))

ELSEWHERE: dict[str, set[str]] = {}
"""Accepted exceptions per rule (see the module docstring)."""


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _yaml_strings(node: object, key: str = "") -> Iterator[str]:
    """Every text in a YAML document, except the link words of the glossary (``forms``)."""
    if key == "forms":
        return
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _yaml_strings(v, str(k))
    elif isinstance(node, list):
        for item in node:
            yield from _yaml_strings(item, key)


def _markdown_cells(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def _readme_paragraphs() -> list[str]:
    return (ROOT / "README.md").read_text(encoding="utf-8").split("\n\n")


def text_units() -> Iterator[tuple[str, str]]:
    """(file, piece of text): each YAML string, each Markdown cell, each README paragraph."""
    for path in DATA:
        for text in _yaml_strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            yield _rel(path), text
    for path in NOTEBOOKS:
        for text in _markdown_cells(path):
            yield _rel(path), text
    for text in _readme_paragraphs():
        yield "README.md", text


UNITS = list(text_units())


def _hits(pattern: str, exempt: str = "", skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(file, text) of every unit that matches, except the known ones elsewhere and the folders in ``skip``."""
    found = [(f, t) for f, t in UNITS if re.search(pattern, t, flags=re.IGNORECASE) and not f.startswith(skip)]
    return [(f, t) for f, t in found if f not in ELSEWHERE.get(exempt, set())]


# --- the law moved on ---------------------------------------------------------------


def test_bestemmingsplan_comes_with_omgevingsplan() -> None:
    """Where a text says 'bestemmingsplan', it also says 'omgevingsplan' (in force since 1 January 2024)."""
    bad = [(f, t[:80]) for f, t in _hits(r"bestemmingsplan", "bestemmingsplan") if "omgevingsplan" not in t.lower()]
    assert bad == []


def _law_note(text: str) -> bool:
    low = text.lower()
    return all(w in low for w in ("2021", "omgevingswet", "1 januari 2024", "omgevingsplan", "juridisch advies"))


def test_law_note_where_a_learner_starts() -> None:
    """The introduction notebook says when the handreiking was written and that laws may have changed since."""
    cells = _markdown_cells(ROOT / "notebooks" / "00-introductie.ipynb")
    assert any(_law_note(cell) for cell in cells[:3])


def test_law_note_in_the_readme() -> None:
    """The README carries the same note about the date and the law."""
    assert any(_law_note(p) for p in _readme_paragraphs())


def test_omgevingswet_notes_give_the_date(content: Content) -> None:
    """Frameworks and steps that name the Omgevingswet also name its date and say they are not legal advice."""
    for text in [" ".join(content.frameworks["beleidsvoorbeelden"].notes), " ".join(content.stap("1.2").key_points)]:
        assert "1 januari 2024" in text and "geen juridisch advies" in text.lower()


# --- legal claims are not stated as certain -----------------------------------------


def test_route_kiezer_local_knowledge_is_a_possibility_and_proportionate(content: Content) -> None:
    """Route 4's local-knowledge requirement: the gemeente *kan* set it, and it must be proportionate."""
    [kiezer] = content.of_kind("routekiezer")
    [vraag] = [v for v in kiezer.vragen if v.id == "lokale-kennis"]
    texts = [vraag.uitleg] + [e.reden for a in vraag.antwoorden for e in getattr(a, "effecten", [])]
    assert all(not re.search(r"\bmag\b", t) for t in texts)
    assert "kan" in vraag.uitleg and "proportioneel" in vraag.uitleg
    item = next(i for i in content.frameworks["aanbestedingsroutes"].items if i.id == "route-4")
    assert any("proportioneel" in d for d in item.details)


def test_no_last_word_for_the_council() -> None:
    """Les 3 speaks of the political primacy, not of the council always having the last word."""
    assert _hits(r"laatste woord") == []


def test_uitdaagrecht_is_not_a_right_to_take_over(content: Content) -> None:
    """The Zutphen example and the typology say that a challenge depends on what the gemeente decides."""
    assert "opeisen" in content.examples["zutphen"].lesson_point
    uitdaagrecht = next(i for i in content.frameworks["typen"].items if i.id == "uitdaagrecht")
    assert any("geen juridisch advies" in d for d in uitdaagrecht.details)


def test_uitdaagrecht_is_not_said_to_be_usually_in_the_verordening() -> None:
    """Les 2 does not claim where the uitdaagrecht is 'usually' laid down."""
    assert _hits(r"staat meestal in de participatieverordening") == []


# --- our reading is not presented as the handreiking's ------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        r"vaak beter dan de gemeente",
        r"sneller vertrouwd dan",
        r"vertrouwen buren eerder dan instanties",
        r"dan de overheid alleen heeft",
        r"goedkoper dan de gemeente",
        r"in plaats van een ambtenaar kan",
        r"hoe hoger de trede",
        r"bestuurlijke steun ze kunnen",
    ],
)
def test_phrases_the_issue_marked_are_gone(phrase: str) -> None:
    """Statements the issue found to say more than the handreiking are rewritten (or marked as our reading).

    Exercises are left out: a wrong answer option may state such a claim on purpose, with feedback that corrects it.
    """
    assert _hits(phrase, skip=("data/oefeningen/", "exercises/")) == []


# --- facts and tags -----------------------------------------------------------------


def test_background_comes_after_les_7() -> None:
    """The background notebook does not say the background comes before the lessons."""
    first = _markdown_cells(ROOT / "notebooks" / "achtergrond.ipynb")[0]
    assert "Na de zeven lessen" in first and "Voordat de zeven lessen" not in first


def test_les_2_introduction_is_not_stap_2_1(content: Content) -> None:
    """ABCD, social influence, Zutphen and Arnhem stand in Les 2's introduction, before Stap 2.1."""
    for fid in ("abcd", "sociale-invloed", "zutphen-claims"):
        assert content.frameworks[fid].stappen == ["les-2"], fid
    for eid in ("zutphen", "arnhem"):
        assert content.examples[eid].stappen == ["les-2"], eid
    for sid in ("tilburg-burgerparticipatie", "arnhem-wijk-van-de-toekomst", "rtc-leeratelier", "zutphen-lef-blog"):
        assert "les-2" in content.sources[sid].used_in and "2.1" not in content.sources[sid].used_in, sid


def test_les_7_places_arnhem_in_les_2() -> None:
    """Les 7 reuses the Arnhem example and says where it stands in the handreiking."""
    [cell] = [
        c for c in _markdown_cells(ROOT / "notebooks" / "les-7.ipynb") if "Voorbeeld: sleutelfiguren in Arnhem" in c
    ]
    assert "inleiding van Les 2" in cell and "bij Stap 2.1" not in cell


# --- language -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slip", "pattern"),
    [
        ("leermodel", r"leermodel"),
        ("goed ingewerkt", r"goed ingewerkt"),
        ("behappen", r"\bbehappen\b"),
        ("hoeveel veel", r"hoeveel veel"),
    ],
)
def test_language_slips_are_gone(slip: str, pattern: str) -> None:
    """One word for the teaching model (lesmodel); the handreiking's 'goed ingevoerde'; no 'behappen'."""
    assert _hits(pattern, slip) == []


# --- one title per lesson and per step ----------------------------------------------


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5, 6, 7])
def test_notebook_headings_use_the_data_titles(content: Content, number: int) -> None:
    """A lesson notebook's title and step headings are the titles in data/lessons."""
    cells = _markdown_cells(ROOT / "notebooks" / f"les-{number}.ipynb")
    les = content.lessen[number]
    assert cells[0].splitlines()[0] == f"# Les {number}: {les.title}"
    headings = [line for cell in cells for line in cell.splitlines() if re.match(r"^#+ Stap \d\.\d", line)]
    expected = {f"## Stap {s.id}: {s.title}" for s in les.stappen}
    assert set(headings) == expected


def test_readme_lesson_table_uses_the_data_titles(content: Content) -> None:
    """The README's table of lessons names each lesson by its data title."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for les in content.lessen.values():
        assert f"| {les.number} {les.title} | `notebooks/les-{les.number}.ipynb` |" in readme


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5, 6, 7])
def test_sessieplan_title_is_the_lesson_title(content: Content, number: int) -> None:
    """Every lesson's session plan carries the lesson's title (its heading reads 'Les n: <title>')."""
    [plan] = [p for p in content.of_kind("sessieplan") if p.les == number and p.id == f"les-{number}"]
    assert plan.title == content.lessen[number].title
