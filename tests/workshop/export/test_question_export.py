"""The group questions in the export: the report's section (tallies, the reveal), the second CSV, the CLI,
the dashboard's export button; a trainer's own question with markup or a formula stays text everywhere."""

from __future__ import annotations

import argparse
import base64
import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest

from handreiking.apps.dashboard import DashboardApp
from handreiking.content import bundled_content
from handreiking.scenarios.room.questions import GroupQuestion, QuestionOption, questions_of
from handreiking.workshop import sessions_cli
from handreiking.workshop.export import (
    build_report,
    csv_bytes,
    question_answer_count,
    questions_csv_text,
    questions_path,
    report_html,
    report_markdown,
)
from handreiking.workshop.export.question_sheet import HEADER
from handreiking.workshop.store import Store, open_store
from handreiking.workshop.store.questions import GroupQuestions

CODE = "VRG234"
P1, P2, P3 = "Groene-Uil-42", "Rustige-Vos-17", "Snelle-Das-18"
XSS = '<img src=x onerror="alert(1)">'
FORMULA = '=HYPERLINK("http://voorbeeld.invalid","klik")'


def _lesson_questions() -> tuple[GroupQuestion, ...]:
    return questions_of(next(o for o in bundled_content().of_kind("oefening") if o.id == "les-6-balans"))


def _hostile() -> GroupQuestion:
    return GroupQuestion(
        oefening="eigen",
        oefening_title=f"Eigen {XSS}",
        les=6,
        vraag="v1",
        prompt=f"Vraag {XSS}",
        stap="6.1",
        options=(
            QuestionOption(id="a", text=FORMULA, correct=True, feedback=f"{XSS} (Stap 6.1)"),
            QuestionOption(id="b", text="@SUM(1+1)*cmd|' /C calc'!A0", feedback="-2+3 (Stap 6.1)"),
        ),
        worked_answer=f"**vet** {XSS}",
        own=True,
    )


@pytest.fixture
def store(tmp_path: Path) -> Any:
    s = open_store(tmp_path / "opslag")
    s.create_session("Vragen", code=CODE)
    yield s
    s.close()


def _play(store: Store) -> tuple[GroupQuestion, GroupQuestion]:
    """Round 1: three answers (one changed), revealed. Round 2: the hostile question, one answer, closed."""
    desk = GroupQuestions(store)
    first = _lesson_questions()[0]
    desk.open(CODE, first)
    right = first.correct_ids[0]
    wrong = next(o for o in first.option_ids if o != right)
    desk.answer(CODE, 1, P1, wrong)
    desk.answer(CODE, 1, P1, right)
    desk.answer(CODE, 1, P2, right)
    desk.answer(CODE, 1, P3, wrong)
    desk.reveal(CODE)
    hostile = _hostile()
    desk.open(CODE, hostile)
    desk.answer(CODE, 2, P1, "a")
    desk.close(CODE)
    return first, hostile


def test_the_report_has_every_round_with_its_tally_and_the_reveal(store: Store) -> None:
    first, _ = _play(store)
    report = build_report(store, CODE, charts=False)
    section = next(s for s in report.sections if s.id == "groepsvragen")
    tables = [b for b in section.blocks if hasattr(b, "header")]
    assert len(tables) == 2
    counts = {row[0]: row[2] for row in tables[0].rows}
    right = first.letter(first.correct_ids[0])
    assert counts[right] == "2 (67%)"
    assert [row[3] for row in tables[0].rows].count("ja") == len(first.correct_ids)
    assert "3 deelnemers antwoordden" in tables[0].caption
    html = report_html(store, CODE)
    assert "<h2" in html and "Groepsvragen</h2>" in html
    assert "Het antwoord is in de sessie getoond om" in html
    assert "gesloten zonder dat het antwoord in de sessie is getoond" in html
    assert html.count('alt="') >= 2 and "Antwoorden in ronde 1" in html
    for name in (P1, P2, P3):
        assert name not in html.split("Groepsvragen</h2>")[1]  # counts only, no names


def test_the_report_shows_a_trainers_markup_and_formulas_as_text(store: Store) -> None:
    _play(store)
    html = report_html(store, CODE)
    assert XSS not in html and "<img src=x" not in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html
    markdown = report_markdown(store, CODE)
    assert XSS not in markdown and "<img" not in markdown and "\\*\\*vet\\*\\*" in markdown


def test_the_second_csv_has_one_row_per_answer_and_neutralised_formulas(store: Store) -> None:
    first, _ = _play(store)
    assert question_answer_count(store, CODE) == 4
    text = questions_csv_text(store, CODE)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert tuple(rows[0]) == HEADER
    assert not [h for h in rows[0] if re.search(r"\w\.\w|_", h)]
    body = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert len(body) == 4
    p1 = next(r for r in body if r["Schuilnaam"] == P1 and r["Ronde"] == "1")
    assert p1["Gekozen antwoord"] == first.letter(first.correct_ids[0]) and p1["Juist"] == "ja"
    assert p1["Keer veranderd"] == "1" and p1["Stap"] == "6.1" and p1["Les"] == "6"
    hostile = next(r for r in body if r["Ronde"] == "2")
    assert hostile["Tekst van het antwoord"] == "'" + FORMULA
    for row in body:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value
    answers_csv = csv_bytes(store, CODE).decode("utf-8-sig")
    assert "Gekozen antwoord" not in answers_csv  # the scenario answers' CSV stays as it was


def test_the_cli_writes_the_second_file_next_to_the_first(store: Store, tmp_path: Path, capsys: Any) -> None:
    _play(store)
    target = tmp_path / "uit" / "antwoorden.csv"
    target.parent.mkdir()
    parser = argparse.ArgumentParser(prog="handreiking")
    sessions_cli.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["sessie", "export", CODE, "--csv", str(target), "--opslag", str(tmp_path / "opslag")])
    assert sessions_cli.run(args) == 0
    out = capsys.readouterr().out
    second = questions_path(target)
    assert second.name == "antwoorden-groepsvragen.csv" and second.exists()
    assert f"CSV van de groepsvragen geschreven: {second} (4 antwoorden)" in out
    assert second.read_bytes().decode("utf-8-sig").splitlines()[0].startswith("Sessie;Ronde;Oefening")


def test_no_questions_no_second_file(store: Store, tmp_path: Path) -> None:
    assert question_answer_count(store, CODE) == 0
    assert not [s for s in build_report(store, CODE, charts=False).sections if s.id == "groepsvragen"]


def test_the_dashboard_offers_both_files(store: Store, tmp_path: Path) -> None:
    _play(store)
    dash = DashboardApp(store, CODE, autostart=False, export_dir=tmp_path / "exports")
    dash.export_csv()
    links = re.findall(r'download="([^"]+)" href="data:text/csv;base64,([^"]+)"', dash.export_html.value)
    assert [name.endswith("-groepsvragen.csv") for name, _ in links] == [False, True]
    assert base64.b64decode(links[1][1]).decode("utf-8-sig").startswith("Sessie;Ronde")
    assert len(list((tmp_path / "exports").glob("*.csv"))) == 2
