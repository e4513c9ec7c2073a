"""Where the answers live (handreiking/workshop/store/locations.py): default folder and every accepted target."""

from __future__ import annotations

from pathlib import Path

import pytest

from handreiking.workshop.store import DATABASE_FILENAME, StoreError, default_data_dir, open_store
from handreiking.workshop.store.locations import resolve_target


def test_default_location_is_the_data_dir_outside_the_project(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without arguments the store lives in the platform's user data folder (~/.local/share/handreiking)."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert default_data_dir() == tmp_path / ".local" / "share" / "handreiking"
    s = open_store()
    try:
        assert s.path == (tmp_path / ".local" / "share" / "handreiking" / "workshop.sqlite3").resolve()
    finally:
        s.close()
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_data_dir() == tmp_path / "xdg" / "handreiking"


def test_the_store_reads_no_environment_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The old HANDREIKING_STORE / HANDREIKING_DATA_DIR no longer move the store: the caller passes the target."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HANDREIKING_STORE", str(tmp_path / "via-store"))
    monkeypatch.setenv("HANDREIKING_DATA_DIR", str(tmp_path / "via-data-dir"))
    with open_store() as s:
        assert s.path == (default_data_dir() / DATABASE_FILENAME).resolve()
    assert not (tmp_path / "via-store").exists() and not (tmp_path / "via-data-dir").exists()
    with open_store(tmp_path / "gekozen") as s:
        assert s.path == (tmp_path / "gekozen" / DATABASE_FILENAME).resolve()


def test_data_dir_argument_replaces_the_default_folder(tmp_path: Path) -> None:
    """open_store(data_dir=...) puts workshop.sqlite3 in that folder when no target is given."""
    with open_store(data_dir=tmp_path / "eigen") as s:
        assert s.path == (tmp_path / "eigen" / DATABASE_FILENAME).resolve()


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("{tmp}", "{tmp}/workshop.sqlite3"),  # an existing folder
        ("{tmp}/nieuwe-map", "{tmp}/nieuwe-map/workshop.sqlite3"),  # a new name without an extension
        ("{tmp}/eigen.db", "{tmp}/eigen.db"),  # a file
        ("  {tmp}/spaties.db  ", "{tmp}/spaties.db"),
        ("sqlite:///{tmp}/via-url.sqlite3", "{tmp}/via-url.sqlite3"),  # sqlite:////absolute/path
        ("sqlite:///relatief.sqlite3", "{tmp}/relatief.sqlite3"),  # relative to the working folder
        ("sqlite:///{tmp}/map-via-url", "{tmp}/map-via-url/workshop.sqlite3"),
        ("relatief-bestand.db", "{tmp}/relatief-bestand.db"),
    ],
)
def test_sqlite_target_forms(target: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Folders, files and sqlite:/// URLs all end at one absolute SQLite file, which the store opens."""
    monkeypatch.chdir(tmp_path)
    tmp = str(tmp_path.resolve())
    url = resolve_target(target.format(tmp=tmp))
    assert (url.drivername, url.database) == ("sqlite", expected.format(tmp=tmp))
    with open_store(target.format(tmp=tmp)) as s:
        assert s.backend == "sqlite" and str(s.path) == expected.format(tmp=tmp)
        assert s.url == f"sqlite:///{expected.format(tmp=tmp)}"


def test_path_objects_and_blank_text_are_accepted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Path works like its text; blank text means the default folder, like None."""
    assert resolve_target(tmp_path).database == str(tmp_path.resolve() / DATABASE_FILENAME)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert resolve_target("   ").database == str(default_data_dir().resolve() / DATABASE_FILENAME)


@pytest.mark.parametrize(
    "target",
    [
        "postgresql://wie:geheim@db.example:6543/workshop",
        "postgres://wie:geheim@db.example:6543/workshop",
        "postgresql+psycopg://wie:geheim@db.example:6543/workshop",
        "POSTGRESQL://wie:geheim@db.example:6543/workshop",
    ],
)
def test_postgres_target_forms_use_psycopg(target: str) -> None:
    """Every PostgreSQL spelling becomes a psycopg 3 URL with host, port, database and credentials intact."""
    url = resolve_target(target)
    assert url.drivername == "postgresql+psycopg"
    assert (url.username, url.password, url.host, url.port, url.database) == (
        "wie",
        "geheim",
        "db.example",
        6543,
        "workshop",
    )


@pytest.mark.postgres
@pytest.mark.parametrize("scheme", ["postgresql", "postgres", "postgresql+psycopg"])
def test_postgres_target_forms_open_the_server(scheme: str, pg_url: str) -> None:
    """Each PostgreSQL spelling opens the real server (and the store's url opens it again)."""
    with open_store(scheme + pg_url.removeprefix("postgresql")) as s:
        assert s.backend == "postgresql" and s.path is None
        code = s.create_session().code
        with open_store(s.url) as again:
            assert again.get_session(code) is not None


@pytest.mark.parametrize(
    ("target", "fragment"),
    [
        ("mysql://localhost/db", "Onbekend soort database-adres"),
        ("sqlite://", "heeft een bestand nodig"),
        ("sqlite:///:memory:", "heeft een bestand nodig"),
        ("postgresql://wie@db.example:poort/db", "niet te lezen"),
    ],
)
def test_unusable_targets_are_refused_in_dutch(target: str, fragment: str) -> None:
    """An address of an unknown kind, without a file or that cannot be read is refused with a Dutch hint."""
    with pytest.raises(StoreError, match=fragment) as info:
        open_store(target)
    assert info.value.retryable is False


def test_unknown_url_scheme_is_refused(tmp_path: Path) -> None:
    """A database address of an unknown kind is refused with a Dutch hint."""
    with pytest.raises(StoreError, match="Onbekend soort database-adres"):
        open_store("mysql://localhost/db")


def test_unwritable_folder_gives_dutch_error_naming_it(tmp_path: Path) -> None:
    """A data folder that cannot be created or written is reported in Dutch, with the folder's path."""
    blocker = tmp_path / "een-bestand"
    blocker.write_text("geen map")
    folder = blocker / "data"
    with pytest.raises(StoreError) as info:
        open_store(folder / "workshop.sqlite3")
    assert "niet beschrijfbaar" in info.value.message and str(folder) in info.value.message
    assert info.value.retryable is False
