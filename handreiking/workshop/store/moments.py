"""Moments as the store keeps them: made in Python (UTC), stored as ISO 8601 text, shown in Dutch time.

Making timestamps here rather than in the database means SQLite and
PostgreSQL store exactly the same values.
"""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    """The current moment in UTC."""
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    """A moment as stored: ISO 8601 text with microseconds and the UTC offset."""
    return moment.isoformat(timespec="microseconds")


def parse_stamp(text: str | None) -> datetime | None:
    """A stored moment back as a datetime (None stays None)."""
    return None if text is None else datetime.fromisoformat(text)


def to_local(moment: datetime) -> datetime:
    """A stored (UTC) moment in Dutch time (Europe/Amsterdam), or the machine's local time without tz data."""
    try:
        from zoneinfo import ZoneInfo

        return moment.astimezone(ZoneInfo("Europe/Amsterdam"))
    except Exception:
        return moment.astimezone()
