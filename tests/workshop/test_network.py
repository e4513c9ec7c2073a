"""The room's network: the join address of the moment, the check page, and what the trainer reads at start."""

from __future__ import annotations

import pytest

from handreiking.workshop import config, network
from handreiking.workshop.config import WorkshopSettings, kernel_env, served_join_url
from handreiking.workshop.network import Network, check_url, current_join_url, describe, local_base_url


def test_wildcard_join_address_follows_the_laptop(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --adres the kernels get 0.0.0.0; the dashboard turns it into today's LAN address each time."""
    monkeypatch.setattr(config, "lan_address", lambda: "192.168.1.23")
    assert current_join_url("http://0.0.0.0:8866/") == "http://192.168.1.23:8866/"
    monkeypatch.setattr(config, "lan_address", lambda: "10.0.0.7")  # after sleep, another Wi-Fi
    assert current_join_url("http://0.0.0.0:8866/") == "http://10.0.0.7:8866/"
    assert current_join_url("http://192.168.5.5:9000/") == "http://192.168.5.5:9000/"  # --adres: as given


def test_kernels_get_the_wildcard_when_the_server_listens_everywhere(tmp_path) -> None:  # type: ignore[no-untyped-def]
    everywhere = WorkshopSettings(apps_dir=tmp_path, data_dir=tmp_path, address="0.0.0.0", port=8870)
    assert served_join_url(everywhere) == "http://0.0.0.0:8870/"
    assert kernel_env(everywhere, "ABCD23")["HANDREIKING_DEELNEMERS_URL"] == "http://0.0.0.0:8870/"
    fixed = WorkshopSettings(apps_dir=tmp_path, data_dir=tmp_path, address="192.168.1.9", port=8870)
    assert served_join_url(fixed) == "http://192.168.1.9:8870/"


def test_cli_default_listens_on_every_network(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import argparse

    from handreiking.workshop.server import add_parser, settings_from_args

    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers())
    settings = settings_from_args(parser.parse_args(["workshop", "--opslag", str(tmp_path)]))
    assert settings.address == "0.0.0.0" and settings.dashboard_address == "127.0.0.1"


def test_local_base_and_check_page() -> None:
    assert local_base_url("http://0.0.0.0:8866/") == "http://127.0.0.1:8866/"
    assert local_base_url("http://192.168.1.9:8866/") == "http://192.168.1.9:8866/"
    assert check_url("http://192.168.1.9:8866/") == "http://192.168.1.9:8866/verbinding"


def test_start_lists_more_than_one_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two networks: both listed, the chosen one marked, and what to do when the room is on the other."""
    found = [Network("docker0", "172.17.0.1"), Network("wlan0", "192.168.1.23")]
    monkeypatch.setattr(network, "networks", lambda: found)
    monkeypatch.setattr(config, "lan_address", lambda: "192.168.1.23")
    text = "\n".join(describe("0.0.0.0", 8866))
    assert "bereiken op 192.168.1.23, poort 8866" in text
    assert "2 netwerken" in text and "wlan0 192.168.1.23 (gekozen)" in text and "docker0 172.17.0.1 (virtueel)" in text
    assert "--adres" in text


def test_start_without_network_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(network, "networks", lambda: [])
    assert "geen netwerk" in "\n".join(describe("0.0.0.0", 8866))


def test_loopback_address_is_only_for_this_laptop() -> None:
    assert "alleen op deze laptop" in "\n".join(describe("127.0.0.1", 8866))


def test_networks_of_this_machine_are_real_addresses() -> None:
    for net in network.networks():
        assert not net.address.startswith(("127.", "169.254."))
