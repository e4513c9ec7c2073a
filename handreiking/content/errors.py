"""Problems found in ``data/`` files, worded in Dutch for trainers.

A :class:`Problem` says which file, where in it (the field path and, when
known, the line), what was expected and what was found. Loading never stops
at the first problem: :class:`ContentError` carries all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file."""

    file: str
    line: int | None
    location: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}, regel {self.line}"
        field = f" — veld {self.location}" if self.location else ""
        return f"{where}{field}: {self.message}"


class ContentError(Exception):
    """Raised when ``data/`` (or a trainer's file) does not validate; lists every problem."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.problems)
        files = len({p.file for p in self.problems})
        head = f"{n} probleem" if n == 1 else f"{n} problemen"
        lines = [f"{head} gevonden in {files} bestand(en):"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


def describe_value(value: Any) -> str:
    """A short Dutch description of a value as the user typed it."""
    if value is None:
        return "niets (leeg veld)"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int | float):
        return f"het getal {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"de tekst '{shown}'" if value.strip() else "een lege tekst"
    if isinstance(value, list):
        return f"een lijst met {len(value)} element(en)"
    if isinstance(value, dict):
        return f"een groep met {len(value)} veld(en)"
    return type(value).__name__
