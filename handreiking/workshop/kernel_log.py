"""A participant kernel's lines for the trainer: into the workshop server's log, never onto the page.

Inside a kernel, ``sys.stderr`` is forwarded to the page over the websocket (ipykernel sends it as a stream
message), and ipykernel usually points file descriptor 2 at that forwarding pipe too; then only its private
copy of the original descriptor still leads to the workshop server's log file (when it does not watch the
descriptor, ``sys.__stderr__`` does). :func:`server_log` writes there: a
participant who was throttled, a widget message that was refused. :func:`keep_off_the_page` sends other
loggers there as well (the ``comm`` package logs failed messages with a traceback, which would otherwise
reach the page).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from typing import IO

LOGGER_NAME = "handreiking.deelnemer"
_FORMAT = "[handreiking %(asctime)s] %(message)s"
_lock = threading.Lock()
_handler: logging.Handler | None = None


def _original_stderr() -> IO[str] | None:
    """A text stream to where stderr went before ipykernel redirected it (the server's log)."""
    stream = sys.stderr
    copy = getattr(stream, "_original_stdstream_copy", None)
    if isinstance(copy, int):  # ipykernel watches fd 2: write to its copy of the original
        try:
            return open(os.dup(copy), "w", buffering=1, encoding="utf-8", errors="replace")
        except OSError:
            return None
    if type(stream).__module__.startswith("ipykernel") and getattr(stream, "_should_watch", True):
        return None  # fd 2 is forwarded to the page and we cannot reach the original: better no line at all
    return sys.__stderr__  # fd 2 is not forwarded (or this is no kernel): the original stderr is the log


def _log_handler() -> logging.Handler:
    global _handler
    with _lock:
        if _handler is None:
            stream = _original_stderr()
            handler: logging.Handler = logging.StreamHandler(stream) if stream is not None else logging.NullHandler()
            handler.setFormatter(logging.Formatter(_FORMAT, "%H:%M:%S"))
            _handler = handler
        return _handler


def keep_off_the_page(*names: str) -> None:
    """Send these loggers' lines to the server's log only (not on to the root logger, which reaches the page)."""
    handler = _log_handler()
    for name in names:
        logger = logging.getLogger(name)
        if handler not in logger.handlers:
            logger.addHandler(handler)
        logger.propagate = False


def server_log() -> logging.Logger:
    """The logger whose lines end up in the workshop server's log (and never on a participant's page)."""
    logger = logging.getLogger(LOGGER_NAME)
    keep_off_the_page(LOGGER_NAME)
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.INFO)
    return logger
