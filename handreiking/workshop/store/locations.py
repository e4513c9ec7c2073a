"""Where the answers live: the default data folder, and the caller's target turned into a database URL.

The store reads no environment variable: the caller says where the answers
live (the workshop's settings object does that for the CLI and the server).
A target is one of

- ``None``: ``workshop.sqlite3`` in the platform's user data folder
  (:func:`default_data_dir`);
- a folder, existing or a new name without an extension: ``workshop.sqlite3``
  inside it;
- a file path, or ``sqlite:///relatief.db`` / ``sqlite:////absoluut/pad.db``
  (as in SQLAlchemy);
- ``postgresql://gebruiker@host:poort/db`` (also ``postgres://`` and
  ``postgresql+psycopg://``), always driven by psycopg 3.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import platformdirs
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from .errors import StoreError

APP_NAME = "handreiking"
DATABASE_FILENAME = "workshop.sqlite3"
POSTGRES_DRIVER = "postgresql+psycopg"

_POSTGRES_SCHEMES = ("postgresql", "postgres", POSTGRES_DRIVER)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*)://", re.IGNORECASE)


def default_data_dir() -> Path:
    """The platform's user data folder for handreiking (outside anything a web server serves).

    Linux: ``$XDG_DATA_HOME/handreiking`` (default ``~/.local/share/handreiking``); macOS:
    ``~/Library/Application Support/handreiking``; Windows: ``%LOCALAPPDATA%\\handreiking``.
    """
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database_path() -> Path:
    """The default SQLite file: ``<default_data_dir()>/workshop.sqlite3``."""
    return default_data_dir() / DATABASE_FILENAME


def resolve_target(target: str | os.PathLike[str] | None, data_dir: str | os.PathLike[str] | None = None) -> URL:
    """The SQLAlchemy URL for a target (see the module docstring); ``data_dir`` replaces the default folder.

    SQLite URLs always carry an absolute path, PostgreSQL URLs the psycopg driver.
    """
    if target is None or (isinstance(target, str) and not target.strip()):
        folder = Path(data_dir).expanduser() if data_dir is not None else default_data_dir()
        return _sqlite_url(folder / DATABASE_FILENAME)
    if not isinstance(target, str):
        return _sqlite_url(_file_for(Path(target).expanduser()))
    text = target.strip()
    match = _SCHEME.match(text)
    if match is None:
        return _sqlite_url(_file_for(Path(text).expanduser()))
    scheme = match.group(1).lower()
    if scheme in _POSTGRES_SCHEMES:
        return _parse(text).set(drivername=POSTGRES_DRIVER)
    if scheme == "sqlite":
        database = _parse(text).database
        if not database or database == ":memory:":
            raise StoreError(
                "Een SQLite-adres heeft een bestand nodig, bijvoorbeeld sqlite:///workshop.sqlite3; "
                "een database in het geheugen bewaart de antwoorden niet."
            )
        return _sqlite_url(_file_for(Path(database).expanduser()))
    raise StoreError(
        f"Onbekend soort database-adres: {scheme}://. Gebruik een bestandspad, sqlite:///pad of postgresql://..."
    )


def prepare_folder(path: Path) -> None:
    """Create the SQLite file's folder (private to this user) and check that we can write there.

    SQLite also writes ``-wal`` and ``-shm`` files next to the database, so the folder itself must be writable.
    """
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)  # answers are private to this user
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".schrijftest-", delete=True):
            pass
    except OSError as exc:
        raise StoreError(
            f"De map voor de workshopgegevens is niet beschrijfbaar: {folder} ({exc.strerror or exc}). "
            "Kies een andere map of geef een ander pad op voor de opslag."
        ) from exc
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise StoreError(f"Het databasebestand {path} is niet lees- of schrijfbaar.")


def _parse(text: str) -> URL:
    try:
        return make_url(text)
    except (ArgumentError, ValueError) as exc:
        raise StoreError(
            f"Het database-adres is niet te lezen ({exc}). Voorbeeld: postgresql://gebruiker@host/db"
        ) from exc


def _file_for(target: Path) -> Path:
    """A folder (existing, or a new name without an extension) gets ``workshop.sqlite3``; a file stays."""
    if target.is_dir() or (not target.exists() and not target.suffix):
        return target / DATABASE_FILENAME
    return target


def _sqlite_url(path: Path) -> URL:
    return URL.create("sqlite", database=str(path.expanduser().resolve()))
