"""The checks of understanding: enough questions for every step, feedback that names its step, prompts a
trainer can put on a projector, legal questions that say they are no legal advice, and every oefening shown
in a notebook."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from handreiking.content import STAP_IDS, Content
from handreiking.content.oefening import Oefening, Vraag

ROOT = Path(__file__).resolve().parents[2]

MIN_PER_STAP = 3
STAP_MENTION = re.compile(r"Stap (\d\.\d)")
LEGAL = re.compile(
    r"aanbested|staatssteun|subsidierecht|bestuursrecht|omgevingswet|omgevingsplan|bestemmingsplan|garant"
)
NOT_STANDALONE = re.compile(
    r"hierboven|hieronder|zie boven|vorige vraag|vraag hiervoor|eerdere vraag|een jaar later", re.IGNORECASE
)
MAX_PROMPT = 320
"""Characters: a prompt fits on a phone screen and on one projector slide."""
MAX_OPTION = 160


def _questions(content: Content) -> list[tuple[Oefening, Vraag]]:
    return [(o, v) for o in content.of_kind("oefening") for v in o.questions]


def _label(oefening: Oefening, vraag: Vraag) -> str:
    return f"{oefening.id}/{vraag.id}"


def test_every_step_has_at_least_three_questions(content: Content) -> None:
    """Counted across all of data/oefeningen, each of the fourteen steps has three or more questions."""
    per_stap = Counter(v.stap for _, v in _questions(content))
    short = {s: per_stap.get(s, 0) for s in STAP_IDS if per_stap.get(s, 0) < MIN_PER_STAP}
    assert short == {}, f"te weinig vragen per stap: {short}"


def test_every_option_has_feedback_that_names_a_real_step(content: Content) -> None:
    """Each option's feedback says 'Stap x.y' for at least one of the fourteen steps, and names no other."""
    missing, unknown = [], []
    for oefening, vraag in _questions(content):
        for optie in vraag.options:
            named = STAP_MENTION.findall(optie.feedback)
            if not named:
                missing.append(f"{_label(oefening, vraag)}/{optie.id}")
            unknown += [f"{_label(oefening, vraag)}/{optie.id}: {s}" for s in named if s not in STAP_IDS]
    assert missing == [] and unknown == []


def test_every_question_has_one_clearly_best_option(content: Content) -> None:
    """Exactly one option is marked correct, so a room can vote and the answer is unambiguous."""
    wrong = {
        _label(o, v): sum(opt.correct for opt in v.options)
        for o, v in _questions(content)
        if sum(opt.correct for opt in v.options) != 1
    }
    assert wrong == {}


def test_every_question_has_three_options(content: Content) -> None:
    """Two plausible distractors next to the best answer."""
    few = [_label(o, v) for o, v in _questions(content) if len(v.options) < 3]
    assert few == []


def test_prompts_stand_alone_on_a_projector(content: Content) -> None:
    """A prompt refers to no other question or cell and is short enough for a phone; so are the options."""
    leaning = [_label(o, v) for o, v in _questions(content) if NOT_STANDALONE.search(v.prompt)]
    long_prompts = {_label(o, v): len(v.prompt) for o, v in _questions(content) if len(v.prompt) > MAX_PROMPT}
    long_options = [
        f"{_label(o, v)}/{opt.id}" for o, v in _questions(content) for opt in v.options if len(opt.text) > MAX_OPTION
    ]
    assert leaning == [] and long_prompts == {} and long_options == []


def test_legal_questions_say_they_are_no_legal_advice(content: Content) -> None:
    """A question about procurement, state aid, subsidy law, a guarantee or the Omgevingswet says 'geen juridisch
    advies' in its prompt or its worked answer."""
    unhedged = []
    for oefening, vraag in _questions(content):
        text = " ".join([vraag.prompt, *(opt.text + " " + opt.feedback for opt in vraag.options)]).lower()
        said = (vraag.prompt + " " + vraag.worked_answer).lower()
        if LEGAL.search(text) and "geen juridisch advies" not in said:
            unhedged.append(_label(oefening, vraag))
    assert unhedged == []


def test_no_question_speaks_of_the_old_bestemmingsplan(content: Content) -> None:
    """Since 1 January 2024 the Omgevingswet speaks of the omgevingsplan."""
    old = [
        _label(o, v)
        for o, v in _questions(content)
        if "bestemmingsplan" in (v.prompt + v.worked_answer + " ".join(x.text + x.feedback for x in v.options)).lower()
    ]
    assert old == []


def test_worked_answers_are_more_than_a_word(content: Content) -> None:
    """Every question and every oefening explains its answer in at least a sentence."""
    thin = [_label(o, v) for o, v in _questions(content) if len(v.worked_answer.split()) < 5]
    thin += [o.id for o in content.of_kind("oefening") if len(o.worked_answer.split()) < 10]
    assert thin == []


NOTEBOOKS = [*ROOT.glob("exercises/*.ipynb"), *ROOT.glob("notebooks/*.ipynb")]


@pytest.mark.parametrize("oefening_id", sorted(p.stem for p in (ROOT / "data" / "oefeningen").glob("*.yaml")))
def test_every_oefening_is_shown_in_a_notebook(content: Content, oefening_id: str) -> None:
    """Each oefening opens in an exercise or lesson notebook through OefeningApp.from_data('<id>')."""
    ids = {o.id for o in content.of_kind("oefening")}
    assert oefening_id in ids, "de bestandsnaam is de id van de oefening"
    call = f'OefeningApp.from_data(\\"{oefening_id}\\")'
    shown = [p.name for p in NOTEBOOKS if call in p.read_text(encoding="utf-8")]
    assert shown, f"geen notebook toont de oefening '{oefening_id}'"


def test_the_step_62_oefening_has_its_own_exercise_notebook(content: Content) -> None:
    """Stap 6.2 has its own oefening (data/oefeningen/les-6-lenigheid.yaml) and thin exercise notebook."""
    [oefening] = [o for o in content.of_kind("oefening") if o.id == "les-6-lenigheid"]
    assert {v.stap for v in oefening.questions} == {"6.2"} and len(oefening.questions) >= MIN_PER_STAP
    assert 'OefeningApp.from_data(\\"les-6-lenigheid\\")' in (ROOT / "exercises" / "les-6-lenigheid.ipynb").read_text(
        encoding="utf-8"
    )
