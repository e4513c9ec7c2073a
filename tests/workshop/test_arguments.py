"""The workshop command line: --opslag for the answers (also in `sessie`), the old names give a Dutch hint."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from handreiking.cli import main
from handreiking.workshop.arguments import workshop_env
from handreiking.workshop.server import add_parser, settings_from_args


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers())
    return parser.parse_args(["workshop", "--adres", "127.0.0.1", *argv])


def test_opslag_folder_holds_database_and_logs(tmp_path: Path) -> None:
    """--opslag MAP: the database and the logs go into that folder."""
    settings = settings_from_args(_parse("--opslag", str(tmp_path / "map")))
    assert settings.data_dir == (tmp_path / "map").resolve()
    assert Path(settings.store_target).parent == (tmp_path / "map").resolve()


def test_opslag_database_server_keeps_logs_in_the_default_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    """--opslag postgresql://...: answers go to the server; logs stay in the default data folder."""
    settings = settings_from_args(_parse("--opslag", "postgresql://trainer@localhost/workshop"))
    assert settings.store_target == "postgresql://trainer@localhost/workshop"
    assert settings.data_dir.name == "handreiking"


def test_environment_gives_the_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without --opslag, HANDREIKING_OPSLAG decides; --sessie and --verversen fall back the same way."""
    monkeypatch.setenv("HANDREIKING_OPSLAG", str(tmp_path / "uit-env"))
    monkeypatch.setenv("HANDREIKING_VERVERSEN", "7")
    args = _parse()
    assert workshop_env(args).opslag == str(tmp_path / "uit-env")
    assert settings_from_args(args).refresh_seconds == 7.0
    assert settings_from_args(_parse("--verversen", "2")).refresh_seconds == 2.0


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["workshop", "--data", "/tmp/x"], "de optie --data heet nu --opslag"),
        (["workshop", "--database", "postgresql://x"], "de optie --database heet nu --opslag"),
        (["sessie", "lijst", "--database", "x"], "heet nu --opslag"),
        (["check", "--data", "map"], "de optie --data heet nu --inhoud"),
    ],
)
def test_old_option_names_give_a_dutch_hint(argv: list[str], hint: str, capsys: pytest.CaptureFixture[str]) -> None:
    """An option that was renamed stops with exit code 2 and names the new option."""
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2 and hint in capsys.readouterr().err


def test_check_takes_a_content_folder_with_inhoud(capsys: pytest.CaptureFixture[str]) -> None:
    """`handreiking check --inhoud MAP` checks that folder."""
    from handreiking.content import DATA_DIR

    assert main(["check", "--inhoud", str(DATA_DIR)]) == 0
    assert "In orde" in capsys.readouterr().out
