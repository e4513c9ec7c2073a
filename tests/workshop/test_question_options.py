"""`handreiking workshop --les N --vragen PAD`: the group questions' settings, checked before anything starts."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from handreiking.workshop.errors import WorkshopError
from handreiking.workshop.kernel import KernelWorkshop
from handreiking.workshop.server import add_parser, settings_from_args
from handreiking.workshop.settings import workshop_settings

ROOT = Path(__file__).resolve().parents[2]
OWN = ROOT / "data" / "oefeningen" / "les-6-lenigheid.yaml"


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers())
    return parser.parse_args(["workshop", "--adres", "127.0.0.1", *argv])


def test_lesson_and_question_file_reach_the_kernels(monkeypatch: pytest.MonkeyPatch) -> None:
    assert settings_from_args(_parse()).extra_env == {}
    settings = settings_from_args(_parse("--les", "6", "--vragen", str(OWN)))
    assert settings.extra_env == {"HANDREIKING_LES": "6", "HANDREIKING_VRAGEN": str(OWN.resolve())}
    for name, value in settings.extra_env.items():
        monkeypatch.setenv(name, value)
    kernel = workshop_settings()
    assert kernel.les == 6 and kernel.vragen == str(OWN.resolve())


def test_a_missing_or_broken_question_file_stops_the_start_in_dutch(tmp_path: Path) -> None:
    with pytest.raises(WorkshopError) as missing:
        settings_from_args(_parse("--vragen", str(tmp_path / "weg.yaml")))
    assert "bestaat niet (--vragen)" in missing.value.message
    broken = tmp_path / "vragen.yaml"
    broken.write_text(OWN.read_text(encoding="utf-8").replace('stap: "6.1"', 'stap: "8.1"', 1), encoding="utf-8")
    with pytest.raises(WorkshopError) as error:
        settings_from_args(_parse("--vragen", str(broken)))
    message = error.value.message
    assert "klopt niet (--vragen)" in message and "vragen.yaml, regel" in message
    assert "handreiking check" in message
    not_questions = ROOT / "data" / "scenarios" / "balans" / "model.yaml"
    with pytest.raises(WorkshopError) as wrong:
        settings_from_args(_parse("--vragen", str(not_questions)))
    assert "kind: oefening" in wrong.value.message


def test_a_lesson_outside_one_to_seven_is_refused() -> None:
    with pytest.raises(WorkshopError) as error:
        settings_from_args(_parse("--les", "9"))
    assert "--les moet een les van 1 tot en met 7 zijn." in error.value.message


def test_the_kernel_workshop_gives_the_group_questions(tmp_path: Path) -> None:
    kernel = KernelWorkshop(workshop_settings(sessie="ABCD23", opslag=str(tmp_path)))
    questions = kernel.group_questions()
    kernel.store().create_session(code="ABCD23")
    assert questions.latest("ABCD23") is None
    assert KernelWorkshop.page_connected() is None  # not in a Voila kernel: unknown, so polling goes on
    kernel.store().close()
