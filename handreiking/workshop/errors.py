"""The one error the workshop command reports to the trainer: a Dutch message that says how to fix it."""

from __future__ import annotations


class WorkshopError(Exception):
    """A problem the trainer can fix; the message is Dutch and says how."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
