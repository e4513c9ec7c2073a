"""What the trainer reads in the terminal: the addresses, the preheated apps with the right plural, the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from handreiking.workshop.banner import banner
from handreiking.workshop.config import WorkshopSettings
from handreiking.workshop.supervisor import WorkshopServers


@pytest.mark.parametrize(("deelnemers", "words"), [(1, "(1 deelnemer;"), (12, "(12 deelnemers;")])
def test_banner_names_the_room_and_the_store(tmp_path: Path, deelnemers: int, words: str) -> None:
    """The banner gives the join address, the dashboard, the apps with the room size, and where answers go."""
    settings = WorkshopSettings(
        apps_dir=tmp_path, data_dir=tmp_path / "d", deelnemers=deelnemers, focus_apps=("rollen",)
    )
    text = banner(WorkshopServers(settings, "ABCD23", tmp_path))
    assert "Sessiecode: ABCD23" in text and "Deelnemers openen:  http://127.0.0.1:8866/" in text
    assert f"{deelnemers} voor rollen, 1 voor de andere apps {words}" in text
    assert f"Antwoorden:         {settings.store_target}" in text
