"""The workshop servers' settings: sized to the room, stable under load, nothing from other hosts."""

from __future__ import annotations

import argparse
import ipaddress
import json
import re
from pathlib import Path

import pytest

from handreiking.workshop import config
from handreiking.workshop.config import WorkshopSettings, dashboard_config, participant_config
from handreiking.workshop.server import add_parser, settings_from_args


def _settings(tmp_path: Path, **kw: object) -> WorkshopSettings:
    return WorkshopSettings(apps_dir=tmp_path / "apps", data_dir=tmp_path / "data", **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("deelnemers", [1, 12, 30])
def test_pool_size_follows_the_room(tmp_path: Path, deelnemers: int) -> None:
    """--deelnemers N preheats N kernels per app (default pool and Voila's own setting)."""
    cfg = participant_config(_settings(tmp_path, deelnemers=deelnemers), tmp_path)
    assert cfg["VoilaConfiguration"]["preheat_kernel"] is True
    assert cfg["VoilaConfiguration"]["default_pool_size"] == deelnemers
    assert cfg["VoilaKernelManager"]["kernel_pools_config"]["default"]["pool_size"] == deelnemers


def test_refill_is_delayed_and_takes_turns(tmp_path: Path) -> None:
    """The pool refills after a delay, one kernel at a time, so a burst of joins is served first."""
    cfg = participant_config(_settings(tmp_path), tmp_path)
    assert cfg["VoilaKernelManager"]["fill_delay"] >= 3
    assert cfg["WorkshopKernelManager"]["fill_concurrency"] == 1


@pytest.mark.parametrize(("deelnemers", "bound"), [(1, 3), (25, 27), (60, 66)])
def test_no_second_room_is_preheated(tmp_path: Path, deelnemers: int, bound: int) -> None:
    """Per app at most the room and a small reserve (a tenth, at least 2) of kernels in use and ready together
    (tests/workshop/test_room_kernels.py shows the server keeping to it); a larger explicit pool is never cut."""
    cfg = participant_config(_settings(tmp_path, deelnemers=deelnemers), tmp_path)
    assert cfg["WorkshopKernelManager"]["room_kernels"] == bound == config.room_kernels(deelnemers)
    big = participant_config(_settings(tmp_path, deelnemers=deelnemers, pool=100), tmp_path)
    assert big["WorkshopKernelManager"]["room_kernels"] == 100


def test_stability_settings(tmp_path: Path) -> None:
    """No tracebacks, no progressive rendering, ipc transport, generous iopub and cell timeouts."""
    cfg = participant_config(_settings(tmp_path, cell_timeout=77), tmp_path)
    assert cfg["VoilaConfiguration"]["show_tracebacks"] is False
    assert cfg["VoilaConfiguration"]["progressive_rendering"] is False
    assert cfg["KernelManager"]["transport"] == "ipc"
    assert cfg["Voila"]["connection_dir_root"] == str(tmp_path)
    assert cfg["VoilaExecutor"]["iopub_timeout"] >= 20  # the default 4 s dropped outputs under load
    assert cfg["VoilaExecutor"]["raise_on_iopub_timeout"] is False
    assert cfg["VoilaExecutor"]["timeout"] == 77


def test_culling_frees_closed_pages_only(tmp_path: Path) -> None:
    """Kernels of closed pages are culled after the chosen minutes; an open page keeps its kernel."""
    cfg = participant_config(_settings(tmp_path, cull_minutes=15), tmp_path)["MappingKernelManager"]
    assert cfg["cull_idle_timeout"] == 900
    assert 0 < cfg["cull_interval"] <= 300
    assert cfg["cull_connected"] is False


def test_printed_address_is_the_real_one(tmp_path: Path) -> None:
    """port_retries 0: Voila never moves to another port than the one printed."""
    settings = _settings(tmp_path, port=9123, dashboard_port=9124)
    assert participant_config(settings, tmp_path)["Voila"]["port_retries"] == 0
    assert dashboard_config(settings, tmp_path)["Voila"]["port_retries"] == 0
    assert participant_config(settings, tmp_path)["Voila"]["port"] == 9123


def test_participants_cannot_pick_another_template(tmp_path: Path) -> None:
    """?template= and ?theme= are ignored, so every page uses our Dutch template."""
    cfg = participant_config(_settings(tmp_path), tmp_path)["VoilaConfiguration"]
    assert cfg["allow_template_override"] == "NO"
    assert cfg["allow_theme_override"] == "NO"


def test_dashboard_serves_only_its_notebook_on_localhost(tmp_path: Path) -> None:
    """The dashboard server serves one notebook, outside notebooks/apps, on 127.0.0.1 by default."""
    cfg = dashboard_config(_settings(tmp_path), tmp_path)["Voila"]
    assert cfg["ip"] == "127.0.0.1"
    assert Path(cfg["notebook_path"]) == config.DASHBOARD_NOTEBOOK
    assert "notebooks/apps" not in cfg["notebook_path"]
    assert config.DASHBOARD_NOTEBOOK.is_file()


def test_config_is_json(tmp_path: Path) -> None:
    """The configuration travels to the server process as JSON, unchanged (no tuples, paths or other objects)."""
    for cfg in (participant_config(_settings(tmp_path), tmp_path), dashboard_config(_settings(tmp_path), tmp_path)):
        assert json.loads(json.dumps(cfg)) == cfg


TEMPLATE_FILES = sorted(p for p in config.TEMPLATE_DIR.iterdir() if p.is_file())
"""Our own template files. The built front end in static/ holds other packages' strings (an SVG namespace, links
in error texts); that the page asks no other host is checked in the browser (tests/browser, the benchmarks)."""


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: p.name)
def test_template_loads_nothing_from_other_hosts(path: Path) -> None:
    """Our template files name no external URL (no CDN: it leaks addresses and fails offline)."""
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.I)


def test_template_is_dutch() -> None:
    """Every page of our template says it is Dutch."""
    for name in ("index.html.j2", "page.html"):
        assert '<html lang="nl">' in (config.TEMPLATE_DIR / name).read_text(encoding="utf-8")


def test_template_has_retry_message() -> None:
    """A participant whose app does not start sees a Dutch message and a retry button."""
    text = (config.TEMPLATE_DIR / "index.html.j2").read_text(encoding="utf-8")
    assert "De app start niet" in text
    assert "Probeer opnieuw" in text
    assert "location.reload()" in text


class _FakeSocket:
    """Stands in for the UDP socket lan_address() uses to find the outgoing interface."""

    def __init__(self, address: str | None) -> None:
        self.address = address

    def __call__(self, *args: object) -> _FakeSocket:
        return self

    def __enter__(self) -> _FakeSocket:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def connect(self, target: tuple[str, int]) -> None:
        assert ipaddress.ip_address(target[0]) in ipaddress.ip_network("192.0.2.0/24")  # never contacted
        if self.address is None:
            raise OSError("Network is unreachable")

    def getsockname(self) -> tuple[str, int]:
        return (str(self.address), 40000)


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        ("192.168.1.20", "192.168.1.20"),
        ("10.0.0.5", "10.0.0.5"),
        ("127.0.1.1", "127.0.0.1"),
        ("169.254.3.4", "127.0.0.1"),
        ("0.0.0.0", "127.0.0.1"),
        (None, "127.0.0.1"),
    ],
)
def test_lan_address_picks_the_network_address(
    monkeypatch: pytest.MonkeyPatch, found: str | None, expected: str
) -> None:
    """The machine's LAN address is used; loopback, link-local, unspecified or no network give 127.0.0.1."""
    monkeypatch.setattr(config.socket, "socket", _FakeSocket(found))
    assert config.lan_address() == expected


def test_cli_options(tmp_path: Path) -> None:
    """--deelnemers, --adres, --poort and --sessie reach the settings."""
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers())
    options = ["--deelnemers", "25", "--adres", "127.0.0.1", "--poort", "9001", "--sessie", "ABCD23"]
    args = parser.parse_args(["workshop", *options, "--opslag", str(tmp_path)])
    settings = settings_from_args(args)
    assert (settings.deelnemers, settings.address, settings.port) == (25, "127.0.0.1", 9001)
    assert args.sessie == "ABCD23"
    assert settings.dashboard_address == "127.0.0.1" and settings.dashboard_token == ""
    assert settings.data_dir == tmp_path.resolve() and settings.store_target.startswith(str(tmp_path))


def test_dashboard_on_network_gets_a_token(tmp_path: Path) -> None:
    """A dashboard reachable from the network is protected by a token in its address."""
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers())
    args = parser.parse_args(["workshop", "--adres", "127.0.0.1", "--dashboard-adres", "0.0.0.0"])
    settings = settings_from_args(args)
    assert len(settings.dashboard_token) >= 20
    assert dashboard_config(settings, tmp_path)["Voila"]["token"] == settings.dashboard_token


def test_template_recognises_the_configured_cell_errors() -> None:
    """The template spots a failed start by the Dutch instruction Voila is configured to show."""
    text = (config.TEMPLATE_DIR / "index.html.j2").read_text(encoding="utf-8")
    markers = re.findall(r'set cell_(?:error|timeout)_marker = "([^"]+)"', text)
    assert len(markers) == 2
    assert config.CELL_ERROR_NL.startswith(markers[0]) and config.CELL_TIMEOUT_NL.startswith(markers[1])


def test_explicit_pool_wins(tmp_path: Path) -> None:
    """--voorverwarmd N sets the pool per app directly."""
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers())
    args = parser.parse_args(["workshop", "--adres", "127.0.0.1", "--deelnemers", "30", "--voorverwarmd", "4"])
    settings = settings_from_args(args)
    pools = participant_config(settings, tmp_path)["VoilaKernelManager"]["kernel_pools_config"]
    assert pools["sessie.ipynb"] == {"pool_size": 4}  # the session page: every participant's one kernel


def _args(*extra: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers())
    return parser.parse_args(["workshop", "--adres", "127.0.0.1", "--deelnemers", "25", "--voorverwarmd", "25", *extra])


def _apps_dir(folder: Path, *names: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / f"{name}.ipynb").write_text("{}", encoding="utf-8")
    return folder


def test_the_session_page_gets_the_full_pool_every_app_a_small_one(tmp_path: Path) -> None:
    """With the session page in the apps folder, it alone is preheated for every participant (one kernel each
    for all the session's apps); every other app, the session's own apps included, gets one kernel."""
    settings = settings_from_args(_args("--les", "1"))
    assert (settings.apps_dir / config.SESSION_NOTEBOOK).is_file()
    cfg = participant_config(settings, tmp_path)
    assert cfg["VoilaKernelManager"]["kernel_pools_config"] == {
        "default": {"pool_size": 1},
        "sessie.ipynb": {"pool_size": 25},
    }
    assert cfg["VoilaConfiguration"]["default_pool_size"] == 1


def test_the_session_page_carries_the_focus_apps_to_its_kernels(tmp_path: Path) -> None:
    """The launcher's apps reach every kernel as the sessie_apps setting, in order: the session page's menu."""
    from handreiking.workshop.settings import WorkshopEnvironment

    settings = settings_from_args(_args("--les", "1"))
    env = config.kernel_env(settings, "ABCD23")
    assert env["HANDREIKING_SESSIE_APPS"] == ",".join(settings.focus_apps)
    sent = WorkshopEnvironment(**{k.removeprefix("HANDREIKING_").lower(): v for k, v in env.items()})
    assert sent.session_apps == settings.focus_apps == ("zelfscan", "rollen", "beleidsnotitie")


def test_apps_in_use_get_the_full_pool_others_one(tmp_path: Path) -> None:
    """Without a session page: --app NAAM preheats a kernel per participant for that app and one for every
    other app."""
    apps = _apps_dir(tmp_path / "apps", "overzicht", "balans", "rollen", "zelfscan")
    settings = settings_from_args(_args("--apps", str(apps), "--app", "zelfscan", "--app", "rollen"))
    assert settings.focus_apps == ("zelfscan", "rollen")
    cfg = participant_config(settings, tmp_path)
    pools = cfg["VoilaKernelManager"]["kernel_pools_config"]
    assert pools == {
        "default": {"pool_size": 1},
        "zelfscan.ipynb": {"pool_size": 25},
        "rollen.ipynb": {"pool_size": 25},
    }
    assert cfg["VoilaConfiguration"]["default_pool_size"] == 1


def test_lesson_picks_the_apps_of_its_sessieplan() -> None:
    """--les 6 preheats the apps that Les 6's session plan uses (the balans app)."""
    assert settings_from_args(_args("--les", "6")).focus_apps == ("balans",)
    assert set(settings_from_args(_args("--les", "1")).focus_apps) >= {"rollen", "zelfscan", "beleidsnotitie"}


def test_default_focus_is_the_two_headline_scenarios() -> None:
    """Without --les or --app the two headline scenario apps get the full pool."""
    assert settings_from_args(_args()).focus_apps == ("balans", "rollen")


def test_unknown_app_is_a_clear_error() -> None:
    """Naming an app that does not exist stops with a Dutch message listing the apps that do."""
    from handreiking.workshop.server import WorkshopError

    with pytest.raises(WorkshopError) as err:
        settings_from_args(_args("--app", "balanss"))
    assert "Onbekende app: balanss" in err.value.message and "balans" in err.value.message


def test_workshop_kernels_start_lean(tmp_path: Path) -> None:
    """The workshop's python3 kernelspec runs a working kernel without debugpy or a history database."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    jupyter_path = config.write_lean_kernelspec(tmp_path)
    ksm = KernelSpecManager(kernel_dirs=[str(jupyter_path / "kernels")])
    assert "--HistoryManager.enabled=False" in ksm.get_kernel_spec("python3").argv
    km = KernelManager(kernel_name="python3", kernel_spec_manager=ksm)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    out: list[str] = []
    try:
        kc.wait_for_ready(timeout=60)
        code = "import sys; print(sys.modules.get('debugpy') is not None, 'IPython' in sys.modules, 6 * 7)"
        reply = kc.execute_interactive(
            code,
            timeout=60,
            output_hook=lambda msg: out.append(msg["content"].get("text", "")) if msg["msg_type"] == "stream" else None,
        )
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    assert reply["content"]["status"] == "ok"
    assert "".join(out).strip() == "False True 42"
