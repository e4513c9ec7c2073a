"""The one exception the answer store raises: a Dutch message and whether trying again can help."""

from __future__ import annotations


class StoreError(Exception):
    """A problem with the answer store, explained in Dutch.

    ``retryable`` is True when the same call may succeed later without any
    change (the database is busy beyond the timeout, the connection dropped);
    False when the input or the setup must change first.
    """

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable
