"""``handreiking sessie lijst | nieuw | export | verwijder``: output, files, confirmation and exit codes."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import pytest

from handreiking.apps.share import store_answer
from handreiking.scenarios.room.balans import BalansAntwoord
from handreiking.scenarios.room.rollen import RollenAntwoord
from handreiking.workshop import sessions_cli
from handreiking.workshop.store import Store, open_store

P1, P2 = "Groene-Uil-42", "Rustige-Vos-17"


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="handreiking")
    sessions_cli.add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(list(argv))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A store folder with one session holding three answers from two participants."""
    folder = tmp_path / "opslag"
    mix = {"rechtmatig": 40, "presterend": 20, "netwerkend": 20, "responsief": 20}
    with open_store(folder) as store:
        store.create_session("Ochtend", code="WRK234")
        store_answer(
            store, "WRK234", P1, "balans", BalansAntwoord(casus="=cmd", positie=0.1, oordeel="beide"), "<b>vet</b>"
        )
        store_answer(store, "WRK234", P1, "rollen", RollenAntwoord(casus="v", mix=mix, gestapeld=4), None)
        store_answer(store, "WRK234", P2, "balans", BalansAntwoord(casus="c", positie=-0.2, oordeel="in-balans"), None)
    return folder


def _store(db: Path) -> Store:
    return open_store(db)


def test_lijst_shows_sessions_with_counts(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The list shows code, counts and title, and the command exits 0."""
    assert sessions_cli.run(_parse("sessie", "lijst", "--opslag", str(db))) == 0
    out = capsys.readouterr().out
    line = next(row for row in out.splitlines() if row.startswith("WRK234"))
    assert line.split()[3:6] == ["2", "3", "Ochtend"]
    assert "1 sessie." in out


def test_lijst_on_an_empty_store_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An empty store gives a clear sentence instead of an empty table."""
    assert sessions_cli.run(_parse("sessie", "lijst", "--opslag", str(tmp_path))) == 0
    assert "nog geen sessies" in capsys.readouterr().out


def test_nieuw_creates_a_session(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``nieuw`` prints a new code that the store then knows."""
    assert sessions_cli.run(_parse("sessie", "nieuw", "--titel", "Middag", "--opslag", str(tmp_path))) == 0
    code = capsys.readouterr().out.strip().split()[-1]
    with open_store(tmp_path) as store:
        assert store.get_session(code).title == "Middag"


def test_export_writes_csv_and_reports(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Export writes the CSV, the HTML report and a Markdown report where asked, all escaped."""
    csv_path, html_path, md_path = tmp_path / "a.csv", tmp_path / "r.html", tmp_path / "r.md"
    args = _parse(
        "sessie", "export", "wrk234", "--csv", str(csv_path), "--rapport", str(html_path), "--opslag", str(db)
    )
    assert sessions_cli.run(args) == 0
    assert "3 antwoorden" in capsys.readouterr().out
    assert "'=cmd" in csv_path.read_text(encoding="utf-8-sig")
    report = html_path.read_text(encoding="utf-8")
    assert report.startswith("<!DOCTYPE html>") and "&lt;b&gt;vet&lt;/b&gt;" in report and "<b>vet" not in report
    assert sessions_cli.run(_parse("sessie", "export", "WRK234", "--rapport", str(md_path), "--opslag", str(db))) == 0
    assert md_path.read_text(encoding="utf-8").startswith("# Verslag workshopsessie WRK234")


def test_export_defaults_to_both_files_in_the_current_folder(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --csv/--rapport both sessie-CODE.csv and sessie-CODE.html land in the current folder."""
    monkeypatch.chdir(tmp_path)
    assert sessions_cli.run(_parse("sessie", "export", "WRK234", "--opslag", str(db))) == 0
    assert (tmp_path / "sessie-WRK234.csv").is_file() and (tmp_path / "sessie-WRK234.html").is_file()


def test_export_of_unknown_session_fails(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown code exits 1 with a Dutch hint and writes nothing."""
    assert sessions_cli.run(_parse("sessie", "export", "NOPE99", "--opslag", str(db))) == 1
    assert "bestaat niet" in capsys.readouterr().err


@pytest.mark.parametrize(("reply", "code", "kept"), [("ja", 0, False), ("nee", 1, True), ("", 1, True)])
def test_verwijder_asks_for_confirmation(
    db: Path, capsys: pytest.CaptureFixture[str], reply: str, code: int, kept: bool
) -> None:
    """Without --ja the command asks; only 'ja' deletes, and it says how many answers went."""
    prompts: list[str] = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return reply

    assert sessions_cli.run(_parse("sessie", "verwijder", "WRK234", "--opslag", str(db)), ask=ask) == code
    assert len(prompts) == 1 and "3 antwoorden" in prompts[0] and "niet ongedaan" in prompts[0]
    out = capsys.readouterr().out
    with _store(db) as store:
        assert (store.get_session("WRK234") is not None) is kept
    assert ("Niet verwijderd" in out) is kept
    if not kept:
        assert "met 3 antwoorden" in out


def test_verwijder_with_ja_does_not_ask(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--ja deletes at once and reports the number of answers removed."""
    ask: Callable[[str], str] = lambda prompt: pytest.fail("must not ask")  # noqa: E731
    assert sessions_cli.run(_parse("sessie", "verwijder", "WRK234", "--ja", "--opslag", str(db)), ask=ask) == 0
    assert "met 3 antwoorden" in capsys.readouterr().out
    with _store(db) as store:
        assert store.list_sessions() == [] and store.answers("WRK234") == []


def test_verwijder_without_a_terminal_cancels(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """When nobody can answer the question (no input), nothing is deleted."""

    def no_input(prompt: str) -> str:
        raise EOFError

    assert sessions_cli.run(_parse("sessie", "verwijder", "WRK234", "--opslag", str(db)), ask=no_input) == 1
    with _store(db) as store:
        assert store.get_session("WRK234") is not None


def test_verwijder_unknown_session_fails(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Deleting a code that does not exist exits 1 and says nothing was deleted."""
    assert sessions_cli.run(_parse("sessie", "verwijder", "NOPE99", "--ja", "--opslag", str(db))) == 1
    assert "niets verwijderd" in capsys.readouterr().err


def test_unusable_store_exits_1_with_dutch_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A store that cannot be opened is reported in Dutch with exit code 1, not a traceback."""
    blocker = tmp_path / "bestand"
    blocker.write_text("x")
    assert sessions_cli.run(_parse("sessie", "lijst", "--opslag", str(blocker / "map"))) == 1
    assert "niet beschrijfbaar" in capsys.readouterr().err


def test_main_cli_dispatches_to_sessie(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``handreiking sessie lijst`` through the real command-line entry point reaches this module."""
    from handreiking.cli import main

    assert main(["sessie", "lijst", "--opslag", str(db)]) == 0
    assert "WRK234" in capsys.readouterr().out
