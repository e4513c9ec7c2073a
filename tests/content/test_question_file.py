"""A trainer's own question file (``load_question_file`` in handreiking/content/loader.py): the oefening schema,
every problem in Dutch."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from handreiking.content import ContentError
from handreiking.content.loader import load_question_file

OWN = """\
kind: oefening
id: eigen-vragen
les: 6
title: Eigen vragen over de balans
intro: Twee vragen van de trainer.
questions:
  - id: v1
    prompt: Welke kant trekt dit op?
    stap: "6.1"
    options:
      - id: a
        text: Onderschatten
        correct: true
        feedback: Klopt (Stap 6.1).
      - id: b
        text: Overvragen
        feedback: Niet de beste keuze (Stap 6.1).
    worked_answer: Onderschatten.
worked_answer: Zie de vragen.
"""


def test_a_valid_file_gives_its_oefeningen(write_yaml: Callable[[str, str], Path]) -> None:
    (oefening,) = load_question_file(write_yaml("eigen.yaml", OWN))
    assert oefening.id == "eigen-vragen" and oefening.questions[0].options[0].correct


def test_problems_are_reported_in_dutch_with_file_and_line(write_yaml: Callable[[str, str], Path]) -> None:
    with pytest.raises(ContentError) as step:
        load_question_file(write_yaml("fout.yaml", OWN.replace('stap: "6.1"', 'stap: "9.9"')))
    report = step.value.report()
    assert "fout.yaml, regel 9" in report and "'9.9'" in report
    with pytest.raises(ContentError) as none_right:
        load_question_file(write_yaml("geen-juist.yaml", OWN.replace("        correct: true\n", "")))
    assert "correct: true" in none_right.value.report()


def test_an_id_that_is_taken_and_a_file_without_questions(write_yaml: Callable[[str, str], Path]) -> None:
    with pytest.raises(ContentError) as taken:
        load_question_file(write_yaml("kopie.yaml", OWN.replace("id: eigen-vragen", "id: les-6-balans")))
    assert "bestaat al" in taken.value.report()
    casus = Path(__file__).resolve().parents[2] / "data" / "scenarios" / "balans" / "model.yaml"
    with pytest.raises(ContentError) as none:
        load_question_file(casus)
    assert "kind: oefening" in none.value.report()
    with pytest.raises(ContentError) as missing:
        load_question_file(Path("/bestaat/niet.yaml"))
    assert "bestaat niet" in missing.value.report()
