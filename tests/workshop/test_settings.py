"""The workshop's HANDREIKING_* settings: read in one place, one name per setting, carried to the kernels."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from pydantic import ValidationError

from handreiking.workshop import settings
from handreiking.workshop.config import WorkshopSettings, kernel_env
from handreiking.workshop.kernel import kernel_workshop
from handreiking.workshop.settings import WorkshopEnvironment, data_folder, kernel_environment, workshop_settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SESSIE", "OPSLAG", "VERVERSEN", "DEELNEMERS_URL", "SESSIE_APPS"):
        monkeypatch.delenv(f"HANDREIKING_{name}", raising=False)


def test_defaults_outside_a_workshop() -> None:
    """Without variables: no session (so no workshop mode), the default store, a 3-second refresh."""
    found = workshop_settings()
    assert (found.sessie, found.opslag, found.verversen, found.in_workshop) == ("", None, 3.0, False)


def test_environment_is_read_and_the_command_line_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    """HANDREIKING_OPSLAG and friends are read; a value given on the command line takes precedence."""
    monkeypatch.setenv("HANDREIKING_OPSLAG", "/srv/antwoorden")
    monkeypatch.setenv("HANDREIKING_SESSIE", " abcd23 ")
    monkeypatch.setenv("HANDREIKING_VERVERSEN", "5")
    found = workshop_settings(opslag=None, verversen=2.0)
    assert (found.opslag, found.sessie, found.verversen) == ("/srv/antwoorden", "ABCD23", 2.0)


def test_a_bad_value_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A refresh interval that is not a sensible number of seconds is refused, not used."""
    monkeypatch.setenv("HANDREIKING_VERVERSEN", "nul")
    with pytest.raises(ValidationError):
        workshop_settings()


def test_kernel_environment_round_trip(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the server gives its kernels reads back as the same settings inside the kernel."""
    sent = WorkshopEnvironment(sessie="ABCD23", opslag="/tmp/x.sqlite3", verversen=1.5, deelnemers_url="http://a/")
    env = kernel_environment(sent)
    assert set(env) == {
        "HANDREIKING_SESSIE",
        "HANDREIKING_OPSLAG",
        "HANDREIKING_VERVERSEN",
        "HANDREIKING_DEELNEMERS_URL",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert workshop_settings() == sent


def test_servers_hand_the_session_and_store_to_their_kernels(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """kernel_env carries the session, the store target, the join address and the refresh to every kernel."""
    plan = WorkshopSettings(apps_dir=tmp_path, data_dir=tmp_path / "data", port=9001, refresh_seconds=2.0)
    for name, value in kernel_env(plan, "ABCD23").items():
        monkeypatch.setenv(name, value)
    kernel_workshop.cache_clear()
    try:
        workshop = kernel_workshop()
        assert workshop is not None and workshop.session == "ABCD23"
        assert workshop.settings.opslag == plan.store_target and workshop.settings.verversen == 2.0
        assert workshop.settings.deelnemers_url == "http://127.0.0.1:9001/"
    finally:
        kernel_workshop.cache_clear()


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("{tmp}/map", "{tmp}/map"),
        ("{tmp}/w.sqlite3", "{tmp}"),
        ("sqlite:///{tmp}/w.db", "{tmp}"),
        ("postgresql://gebruiker@host/db", None),
    ],
)
def test_data_folder_of_each_kind_of_target(tmp_path: Path, target: str, expected: str | None) -> None:
    """A folder is the data folder; a file's folder is; a database server has no local folder."""
    found = data_folder(target.format(tmp=tmp_path))
    assert found == (Path(expected.format(tmp=tmp_path)) if expected else None)


WORKSHOP_SIDE = ("handreiking/workshop", "handreiking/apps", "handreiking/cli.py")


def test_only_the_settings_module_reads_handreiking_variables() -> None:
    """No other module of the workshop side (workshop, apps, CLI) names a HANDREIKING_* variable."""
    offenders = []
    paths = [
        p for part in WORKSHOP_SIDE for p in ([ROOT / part] if part.endswith(".py") else (ROOT / part).rglob("*.py"))
    ]
    for path in paths:
        if path == Path(settings.__file__):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("HANDREIKING_"):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value}")
    assert offenders == []


def test_the_session_apps_are_names_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """HANDREIKING_SESSIE_APPS: app names, comma-separated, in the launcher's order (a name once); anything else
    (a path, markup) is refused, not passed on to the session page."""
    assert WorkshopEnvironment().session_apps == ()
    assert WorkshopEnvironment(sessie_apps=("balans", "rollen")).sessie_apps == "balans,rollen"
    monkeypatch.setenv("HANDREIKING_SESSIE_APPS", " rollen,zelfscan, ,Rollen,beleidsnotitie ")
    assert workshop_settings().session_apps == ("rollen", "zelfscan", "beleidsnotitie")
    for bad in ("../geheim", "<b>rollen</b>", "rollen;balans"):
        monkeypatch.setenv("HANDREIKING_SESSIE_APPS", bad)
        with pytest.raises(ValidationError):
            workshop_settings()
