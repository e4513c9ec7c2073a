"""Dutch for counts and dates: one plural helper and Babel's Dutch date format, instead of hand-written variants.

``count(1, "deelnemer", "deelnemers")`` -> ``"1 deelnemer"``; the verb can ride along:
``count(n, "deelnemer deelde", "deelnemers deelden")``. Dates and times are shown in Dutch time
(Europe/Amsterdam) with Dutch month names (Babel's ``nl`` locale, imported only when a date is formatted).
"""

from __future__ import annotations

from datetime import datetime, tzinfo

TIMEZONE = "Europe/Amsterdam"


def plural(n: int, one: str, many: str) -> str:
    """``one`` for exactly 1, ``many`` otherwise (Dutch: "0 antwoorden", "1 antwoord", "2 antwoorden")."""
    return one if n == 1 else many


def count(n: int, one: str, many: str) -> str:
    """The number and the right form of the words after it: ``count(1, "antwoord", "antwoorden")`` -> "1 antwoord"."""
    return f"{n} {plural(n, one, many)}"


def _zone() -> tzinfo | None:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(TIMEZONE)
    except Exception:  # no tz database: the machine's local time
        return None


def local(moment: datetime) -> datetime:
    """``moment`` in Dutch time (or the machine's local time when there is no tz database)."""
    zone = _zone()
    return moment.astimezone(zone) if zone is not None else moment.astimezone()


def date_time(moment: datetime) -> str:
    """E.g. "26 november 2026, 14:05" (Dutch time)."""
    from babel.dates import format_datetime

    return format_datetime(local(moment), "d MMMM y, HH:mm", locale="nl")


def date(moment: datetime) -> str:
    """E.g. "26 november 2026" (Dutch time)."""
    from babel.dates import format_date

    return format_date(local(moment), "d MMMM y", locale="nl")


def stamp(moment: datetime) -> str:
    """Sortable date and time in Dutch time, for tables and CSV: "2026-11-26 14:05"."""
    return local(moment).strftime("%Y-%m-%d %H:%M")


def clock(moment: datetime) -> str:
    """Hours and minutes in Dutch time: "14:05"."""
    return local(moment).strftime("%H:%M")


def number(value: float, decimals: int = 2, *, sign: bool = False) -> str:
    """A number with a Dutch decimal comma: ``number(0.25)`` -> "0,25"; ``sign=True`` -> "+0,25"."""
    text = f"{value:+.{decimals}f}" if sign else f"{value:.{decimals}f}"
    return text.replace(".", ",")
