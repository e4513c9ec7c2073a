"""Broken files never load silently: each gives a Dutch message naming file, line and field."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from handreiking.cli import main
from handreiking.content import ContentError, check_paths, load_content

GOOD_FRAMEWORK = """\
kind: framework
id: mijn-kader
title: Mijn kader
summary: Een kader van een trainer.
stappen: ["6.1"]
items:
  - id: een
    name: Eén
    description: Het eerste onderdeel.
links:
  sources: [ondersteuning-in-vieren]
"""

Writer = Callable[[str, str | bytes], Path]


def messages(path: Path) -> list[str]:
    return [str(p) for p in check_paths([path])]


def test_good_trainer_file_passes(write_yaml: Writer) -> None:
    """A valid file of a trainer's own passes together with data/."""
    assert messages(write_yaml("kader.yaml", GOOD_FRAMEWORK)) == []


def test_missing_field(write_yaml: Writer) -> None:
    """A missing required field is named, with the line of its group."""
    path = write_yaml("kader.yaml", GOOD_FRAMEWORK.replace("summary: Een kader van een trainer.\n", ""))
    [msg] = messages(path)
    assert "kader.yaml" in msg and "veld summary" in msg and "ontbreekt" in msg


def test_wrong_type(write_yaml: Writer) -> None:
    """A list where text is expected says what was expected and what was found, at the right line."""
    path = write_yaml("kader.yaml", GOOD_FRAMEWORK.replace("title: Mijn kader", "title: [a, b]"))
    [msg] = messages(path)
    assert "regel 3" in msg and "veld title" in msg
    assert "verwacht tekst" in msg and "gevonden een lijst met 2 element(en)" in msg


def test_unknown_step(write_yaml: Writer) -> None:
    """A step that does not exist in the handreiking is rejected with the valid choices."""
    path = write_yaml("kader.yaml", GOOD_FRAMEWORK.replace('["6.1"]', '["6.3"]'))
    [msg] = messages(path)
    assert "stappen #1" in msg and "'6.3'" in msg and "'6.1'" in msg


def test_bad_yaml_syntax(write_yaml: Writer) -> None:
    """A syntax error gives the line and a hint, not a Python traceback."""
    path = write_yaml("kader.yaml", GOOD_FRAMEWORK.replace("title: Mijn kader", "title: [Mijn kader"))
    [msg] = messages(path)
    assert "YAML-syntaxfout" in msg and "regel" in msg and "inspringing" in msg


def test_duplicate_id_across_files(write_yaml: Writer) -> None:
    """Two frameworks with one id: the second is named and the first location given."""
    path = write_yaml("kader.yaml", GOOD_FRAMEWORK.replace("id: mijn-kader", "id: rollen"))
    [msg] = messages(path)
    assert "id 'rollen' bestaat al" in msg and "rollen.yaml" in msg


def test_duplicate_key_in_one_group(write_yaml: Writer) -> None:
    """A field written twice would silently lose the first value: it is reported."""
    path = write_yaml("kader.yaml", GOOD_FRAMEWORK + "title: Nog een titel\n")
    [msg] = messages(path)
    assert "'title' staat twee keer" in msg and "regel 3" in msg


def test_empty_file(write_yaml: Writer) -> None:
    """An empty file (or only comments) is reported as empty."""
    for body in ("", "   \n", "# alleen commentaar\n"):
        [msg] = messages(write_yaml("leeg.yaml", body))
        assert "leeg" in msg


def test_not_utf8(write_yaml: Writer) -> None:
    """A file saved as Latin-1 is reported as not UTF-8, with the line, and how to fix it."""
    path = write_yaml("latin.yaml", GOOD_FRAMEWORK.replace("Eén", "E\u00e9n").encode("latin-1"))
    [msg] = messages(path)
    assert "geen UTF-8" in msg and "regel 8" in msg and "UTF-8" in msg


def test_unknown_field_suggests_the_right_one(write_yaml: Writer) -> None:
    """A misspelt field name is reported with the likely intended name."""
    path = write_yaml("kader.yaml", GOOD_FRAMEWORK.replace("summary:", "sumary:"))
    msgs = messages(path)
    assert any("onbekend veld 'sumary'" in m and "Bedoelde je 'summary'" in m for m in msgs)


def test_dangling_reference(write_yaml: Writer) -> None:
    """A reference to a source that does not exist is reported with a suggestion."""
    path = write_yaml("kader.yaml", GOOD_FRAMEWORK.replace("ondersteuning-in-vieren", "ondersteuning-in-vier"))
    [msg] = messages(path)
    assert "de bron 'ondersteuning-in-vier'" in msg and "bestaat niet" in msg
    assert "Bedoelde je 'ondersteuning-in-vieren'" in msg


def test_all_problems_of_a_file_are_listed(write_yaml: Writer) -> None:
    """Several problems in one file are all reported, not just the first."""
    body = GOOD_FRAMEWORK.replace("title: Mijn kader", "title: 12").replace('["6.1"]', '["9.9"]')
    body = body.replace("summary: Een kader van een trainer.\n", "")
    msgs = messages(write_yaml("kader.yaml", body))
    assert len(msgs) == 3
    assert {m.split("veld ")[1].split(":")[0] for m in msgs} == {"title", "summary", "stappen #1"}


def test_unknown_kind(write_yaml: Writer) -> None:
    """A file without a known kind lists the kinds that exist."""
    [msg] = messages(write_yaml("x.yaml", "kind: casus\nid: x\n"))
    assert "veld kind" in msg and "framework" in msg and "'casus'" in msg


def test_missing_path() -> None:
    """A path that does not exist is reported, not ignored."""
    [msg] = [str(p) for p in check_paths([Path("/bestaat/niet.yaml")])]
    assert "bestaat niet" in msg


def test_load_content_raises_with_every_problem(tmp_path: Path) -> None:
    """Loading a folder with broken files raises one ContentError that lists them all."""
    (tmp_path / "a.yaml").write_text("kind: framework\nid: A\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_bytes(b"\xff\xfe")
    with pytest.raises(ContentError) as err:
        load_content(tmp_path)
    report = str(err.value)
    assert "a.yaml" in report and "b.yaml" in report and "Les 1 ontbreekt" in report


def test_cli_accepts_data(capsys: pytest.CaptureFixture[str]) -> None:
    """`handreiking check` exits 0 on the bundled data/."""
    assert main(["check"]) == 0
    assert "In orde" in capsys.readouterr().out


def test_cli_rejects_broken_file(write_yaml: Writer, capsys: pytest.CaptureFixture[str]) -> None:
    """`handreiking check PAD` exits non-zero and prints the Dutch messages."""
    path = write_yaml("kader.yaml", GOOD_FRAMEWORK.replace('["6.1"]', '["6.3"]'))
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Niet in orde" in err and "kader.yaml" in err and "1 probleem gevonden" in err


def test_cli_as_installed_command(write_yaml: Writer) -> None:
    """The console script runs in a fresh process and returns the exit code (no traceback)."""
    path = write_yaml("leeg.yaml", "")
    proc = subprocess.run(
        [sys.executable, "-m", "handreiking", "check", str(path)], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 1
    assert "leeg" in proc.stderr and "Traceback" not in proc.stderr
