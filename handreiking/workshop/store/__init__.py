"""The workshop's answer store: sessions and participants' answers in SQLite or PostgreSQL.

One job per module:

- :mod:`.locations`: where the answers live (default data folder, the caller's target as a URL);
- :mod:`.engine`: the SQLAlchemy engine per backend (pragmas, ``BEGIN IMMEDIATE``, lock timeout,
  pooling, Dutch error translation);
- :mod:`.schema`: the tables and the ordered, explicit migrations;
- :mod:`.cleaning`: input checks before anything is written;
- :mod:`.queries`: the statements a save and the session counts run, built once;
- :mod:`.repository`: the :class:`Store` and :func:`open_store`;
- :mod:`.participants`: signing secrets, pseudonyms handed out, throttle counts, the bounds per session;
- :mod:`.records`, :mod:`.moments`, :mod:`.errors`: what the store hands back.

The store reads no environment variable: ``open_store(target)`` is told where the answers live.
"""

from __future__ import annotations

from .cleaning import (
    CODE_ALPHABET,
    CODE_LENGTH,
    MAX_ANSWER_BYTES,
    MAX_REFLECTIE_CHARS,
    MAX_TITLE_CHARS,
    SCENARIO_PATTERN,
    clean_reflectie,
    normalise_code,
)
from .engine import DEFAULT_BUSY_TIMEOUT_MS
from .errors import StoreError
from .locations import DATABASE_FILENAME, default_data_dir, default_database_path
from .moments import to_local
from .participants import (
    MAX_PARTICIPANTS_PER_SESSION,
    MAX_PSEUDONYMS_PER_SESSION,
    MAX_SCENARIOS_PER_PARTICIPANT,
    ThrottleRecord,
)
from .records import AnswerRow, SaveResult, SessionInfo
from .repository import MAX_HISTORY_VERSIONS, Store, open_store
from .schema import MIGRATIONS, SCHEMA_VERSION

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "DATABASE_FILENAME",
    "DEFAULT_BUSY_TIMEOUT_MS",
    "MAX_ANSWER_BYTES",
    "MAX_HISTORY_VERSIONS",
    "MAX_PARTICIPANTS_PER_SESSION",
    "MAX_PSEUDONYMS_PER_SESSION",
    "MAX_REFLECTIE_CHARS",
    "MAX_SCENARIOS_PER_PARTICIPANT",
    "MAX_TITLE_CHARS",
    "MIGRATIONS",
    "SCENARIO_PATTERN",
    "SCHEMA_VERSION",
    "AnswerRow",
    "SaveResult",
    "SessionInfo",
    "Store",
    "StoreError",
    "ThrottleRecord",
    "clean_reflectie",
    "default_data_dir",
    "default_database_path",
    "normalise_code",
    "open_store",
    "to_local",
]
