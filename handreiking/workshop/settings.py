"""Every ``HANDREIKING_*`` setting of the workshop, read here and nowhere else.

One name per setting: the command-line option, the environment variable and the README use the same word.

============  ==========================  ==================================================================
option        environment variable        what
============  ==========================  ==================================================================
--sessie      HANDREIKING_SESSIE          the session code; set in a kernel only in workshop mode
--opslag      HANDREIKING_OPSLAG          where answers are stored: a folder, a SQLite file,
                                          ``sqlite:///pad`` or ``postgresql://...`` (empty: the default folder)
--verversen   HANDREIKING_VERVERSEN       seconds between two dashboard refreshes
(derived)     HANDREIKING_DEELNEMERS_URL  the address participants open (the dashboard shows it as QR code;
                                          host 0.0.0.0: the laptop's LAN address of the moment)
--les         HANDREIKING_LES             the session's lesson: the dashboard offers its oefeningen as group questions
--vragen      HANDREIKING_VRAGEN          a trainer's own question file (``kind: oefening``), checked at start
(derived)     HANDREIKING_SESSIE_APPS     the session's apps in order (from --les or --app): the session page's menu
============  ==========================  ==================================================================

The workshop command reads them once (command-line values win over the environment) and hands them to
the servers, which pass them to their kernels as environment variables (:func:`kernel_environment`);
a kernel reads them back with :func:`workshop_settings`. Everything else gets the values passed in.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "HANDREIKING_"
_APP_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


class WorkshopEnvironment(BaseSettings):
    """The workshop's settings from the environment (``HANDREIKING_<NAME>``), overridable by keyword."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", frozen=True, case_sensitive=False)

    sessie: str = ""
    """Session code ("" outside a workshop)."""
    opslag: str | None = None
    """Answer store: folder, file, ``sqlite:///...`` or ``postgresql://...``; None = the default data folder."""
    verversen: Annotated[float, Field(ge=0.5, le=3600)] = 3.0
    """Seconds between two refreshes of the dashboard."""
    deelnemers_url: str = ""
    """The address participants open; with host ``0.0.0.0`` the laptop's LAN address of the moment
    (:func:`handreiking.workshop.network.current_join_url`)."""
    les: int | None = None
    """The session's lesson (its oefeningen are the group questions on the dashboard); None: every lesson."""
    vragen: str | None = None
    """A trainer's own question file or folder (``kind: oefening``), checked when the workshop starts."""
    sessie_apps: str = ""
    """The session's apps, comma-separated in order of use (the apps the launcher chose with --les or --app):
    the session page (``notebooks/apps/sessie.ipynb``) offers these. "": the page offers every app."""

    @field_validator("sessie", mode="before")
    @classmethod
    def _code(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("sessie_apps", mode="before")
    @classmethod
    def _app_names(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            value = ",".join(str(v) for v in value)
        if not isinstance(value, str):
            return value
        names = [n.strip().lower() for n in value.split(",") if n.strip()]
        bad = [n for n in names if not _APP_NAME.fullmatch(n)]
        if bad:
            raise ValueError(f"geen app-naam: {', '.join(bad)} (alleen letters, cijfers, '-' en '_')")
        return ",".join(dict.fromkeys(names))

    @field_validator("opslag", "vragen", "les", mode="before")
    @classmethod
    def _target(cls, value: Any) -> Any:
        if isinstance(value, str):
            return value.strip() or None
        return value

    @property
    def session_apps(self) -> tuple[str, ...]:
        """:attr:`sessie_apps` as names, in order (empty: not chosen)."""
        return tuple(n for n in self.sessie_apps.split(",") if n)

    @property
    def in_workshop(self) -> bool:
        """True in a kernel that a workshop server started (a session is set)."""
        return bool(self.sessie)


def workshop_settings(**overrides: Any) -> WorkshopEnvironment:
    """The settings from the environment; keyword arguments that are not None take precedence (the CLI's)."""
    return WorkshopEnvironment(**{k: v for k, v in overrides.items() if v is not None})


def kernel_environment(settings: WorkshopEnvironment) -> dict[str, str]:
    """The environment variables that carry ``settings`` to a kernel (read back by :func:`workshop_settings`)."""
    values = settings.model_dump()
    return {
        f"{ENV_PREFIX}{name.upper()}": "" if value is None else str(value)
        for name, value in values.items()
        if value not in (None, "")
    }


def setting_variables(**values: Any) -> dict[str, str]:
    """Environment variables for some settings only (``les=6`` -> ``HANDREIKING_LES=6``); None and "" are left out."""
    unknown = sorted(set(values) - set(WorkshopEnvironment.model_fields))
    if unknown:
        raise ValueError(f"unknown settings: {', '.join(unknown)}")
    return {f"{ENV_PREFIX}{name.upper()}": str(value) for name, value in values.items() if value not in (None, "")}


_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def data_folder(opslag: str | None) -> Path | None:
    """The local folder the workshop keeps its files in (database, logs, exports) for this store target.

    The folder itself, the SQLite file's folder, or the default data folder when no target is given;
    None for a database server (``postgresql://...``).
    """
    if opslag is None or not opslag.strip():
        from .store import default_data_dir

        return default_data_dir()
    text = opslag.strip()
    if text.lower().startswith("sqlite:///"):
        return Path(text[len("sqlite:///") :]).expanduser().parent
    if _URL.match(text):
        return None
    path = Path(text).expanduser()
    if path.is_dir() or (not path.exists() and not path.suffix):
        return path
    return path.parent
