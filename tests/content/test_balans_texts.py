"""Every text around the balans (Les 6, Stap 6.1) uses onderschatten and overvragen the way the lesmodel does.

The handreiking names the two ends but does not define them; the training reads them with the source of
Stap 6.1 (Oude Vrielink en Wijdeven, 2011). Every place that explains the ends says that it is this reading
and names the source; the quiz pairs each pitfall with the side the model puts it on; every quiz option's
feedback names the step it rests on.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from handreiking.content import STAP_IDS, bundled_content
from handreiking.content.balans import BalansModel
from handreiking.content.oefening import Vraag

ROOT = Path(__file__).resolve().parents[2]
CONTENT = bundled_content()
MODEL: BalansModel = CONTENT.of_kind("balans-model")[0]
QUIZ = next(o for o in CONTENT.of_kind("oefening") if o.id == "les-6-balans")
SOURCE = "Oude Vrielink en Wijdeven"
STEP = re.compile(r"Stap (\d\.\d)")


def markdown_of(notebook: str) -> str:
    cells = json.loads((ROOT / notebook).read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def _reading_texts() -> dict[str, str]:
    les6 = next(les for les in CONTENT.lessen.values() if les.number == 6)
    return {
        "model intro": MODEL.intro,
        "model kanten": MODEL.kanten.uitleg,
        "app: uitleg bij de as": MODEL.labels.balans["uitleg"],
        "kader valkuilen": " ".join(CONTENT.frameworks["valkuilen"].notes),
        "kader ondersteuningsvormen": " ".join(CONTENT.frameworks["ondersteuningsvormen"].notes),
        "les 6, stap 6.1": " ".join(les6.stappen[0].key_points),
        "oefening": QUIZ.intro,
        "les-notebook": markdown_of("notebooks/les-6.ipynb"),
        "oefen-notebook": markdown_of("exercises/les-6-balans.ipynb"),
    }


@pytest.mark.parametrize("where", list(_reading_texts()))
def test_each_text_that_defines_the_ends_marks_the_reading_and_names_the_source(where: str) -> None:
    """Where the ends are explained, the text says it is this training's reading and names the source."""
    text = " ".join(_reading_texts()[where].split())
    assert "onderschat" in text and "overvra" in text
    assert re.search(r"deze training|onze lezing", text, re.IGNORECASE), where
    assert SOURCE in text, where


def test_the_quiz_pairs_each_pitfall_with_the_side_of_the_model() -> None:
    """An option that names a pitfall and a side ('..., dus naar ...') names the side the model gives it."""
    names = {"Overvragen van vrijwilligers": "overvragen", "Overnemen": "overnemen", "Overspoelen": "overspoelen"}
    kant = {i.onderdeel: i.kant for i in MODEL.kanten.indeling}
    side_words = {"onderschatten": "naar onderschatten", "overvragen": "naar overvragen", "beide": "naar beide"}
    checked = 0
    for vraag in QUIZ.questions:
        for optie in vraag.options:
            if ", dus naar" not in optie.text:
                continue
            part = next(p for name, p in names.items() if optie.text.startswith(name))
            assert side_words[kant[part]] in optie.text, (vraag.id, optie.id)
            checked += 1
    assert checked >= 3


def test_the_quiz_answers_the_side_questions_as_the_model_does() -> None:
    """Leaving a group that asks for help alone is overvragen; taking over is onderschatten; both at once is 'beide'."""
    correct = {v.id: next(o for o in v.options if o.correct).text.lower() for v in QUIZ.questions}
    assert "naar overvragen" in correct["v3"]  # the municipality gives a group that asks for help nothing
    assert next(i.kant for i in MODEL.kanten.indeling if i.onderdeel == "te-weinig-steun") == "overvragen"
    assert "naar onderschatten" in correct["v1"]
    assert "twee kanten" in correct["v8"]


def test_at_least_three_questions_rest_on_stap_6_1() -> None:
    assert sum(v.stap == "6.1" for v in QUIZ.questions) >= 3


@pytest.mark.parametrize("vraag", QUIZ.questions, ids=lambda v: v.id)
def test_every_option_feedback_names_its_step(vraag: Vraag) -> None:
    """Each option's feedback names a real step; the right option's feedback names the question's own step."""
    for optie in vraag.options:
        steps = STEP.findall(" ".join(optie.feedback.split()))
        assert steps and all(s in STAP_IDS for s in steps), (vraag.id, optie.id)
    right = next(o for o in vraag.options if o.correct)
    assert vraag.stap in STEP.findall(" ".join(right.feedback.split())), vraag.id


def test_no_text_reads_the_ends_the_old_way() -> None:
    """No balans text says onderschatten means giving too little support, or puts overnemen under overvragen."""
    texts = [*_reading_texts().values(), *MODEL.positie.oordelen.values(), *(r.tekst for r in MODEL.feedback)]
    texts += [c.discussion for c in CONTENT.of_kind("balans-casus")]
    texts += [o.feedback for v in QUIZ.questions for o in v.options]
    old = re.compile(
        r"onderschat\w*[^.]{0,40}(minder|te weinig) steun|onderschatten gaat over te weinig|"
        r"overvraagd: de gemeente vraagt te veel, neemt over",
        re.IGNORECASE,
    )
    for text in texts:
        assert not old.search(" ".join(text.split())), text
