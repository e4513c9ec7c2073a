"""Who the participant in this kernel is: the pseudonym the participant server put in the request.

The participant server sets the pseudonym in a cookie and passes it to the kernel as the request header
``X-Handreiking-Deelnemer`` (``HTTP_X_HANDREIKING_DEELNEMER`` in the kernel's environment, as Voila hands
request headers over). A preheated kernel ran the notebook before the request came, so it asks Voila for
the request (what ``voila.utils.wait_for_request`` does) in a background thread and tells its listeners
once the pseudonym arrives. Outside Voila the kernel makes up a pseudonym of its own.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

from .pseudonym import is_pseudonym, new_pseudonym

PARTICIPANT_COOKIE = "hr_deelnemer"
"""Cookie holding the participant's random pseudonym, so a reload keeps it."""
PARTICIPANT_HEADER = "X-Handreiking-Deelnemer"
"""Request header the server sets from the cookie (a client's own value is overwritten)."""
PARTICIPANT_ENV = "HTTP_X_HANDREIKING_DEELNEMER"
"""The same header as Voila hands it to the kernel (rfc3875 naming)."""
WAIT_FOR_PSEUDONYM = 10.0
"""Seconds a click waits for the pseudonym of a preheated kernel before saying so."""


class ParticipantIdentity:
    """The participant's pseudonym in this kernel, looked up once (in the background for a preheated kernel)."""

    def __init__(self) -> None:
        self._pseudonym: str | None = None
        self._ready = threading.Event()
        self._listeners: list[Callable[[str], None]] = []
        self._lock = threading.Lock()
        self._started = False

    def start(self) -> None:
        with self._lock:
            if self._started:
                return
            self._started = True
        found = os.environ.get(PARTICIPANT_ENV, "")
        if is_pseudonym(found) or os.environ.get("VOILA_PREHEAT") != "True":
            self._set(found if is_pseudonym(found) else new_pseudonym())
            return
        threading.Thread(target=self._wait_for_voila, name="hr-pseudoniem", daemon=True).start()

    def _wait_for_voila(self) -> None:
        try:
            found = str(voila_request_info().get(PARTICIPANT_ENV, ""))
        except Exception:  # no request info: fall back to a pseudonym of this kernel
            found = ""
        self._set(found if is_pseudonym(found) else new_pseudonym())

    def _set(self, pseudonym: str) -> None:
        self._pseudonym = pseudonym
        self._ready.set()
        for listener in list(self._listeners):
            listener(pseudonym)

    def on_ready(self, listener: Callable[[str], None]) -> None:
        """Call ``listener(pseudonym)`` once the pseudonym is known (at once if it is)."""
        self._listeners.append(listener)
        if self._ready.is_set() and self._pseudonym:
            listener(self._pseudonym)

    def get(self, timeout: float = WAIT_FOR_PSEUDONYM) -> str | None:
        """The pseudonym, waiting up to ``timeout`` seconds for it; None if it did not come."""
        self.start()
        self._ready.wait(timeout)
        return self._pseudonym


def voila_request_info(timeout: float | None = None) -> dict[str, str]:
    """The request that took this preheated kernel, from Voila's ``/voila/query/<kernel>`` websocket.

    Does what ``voila.utils.wait_for_request`` does (blocks until a participant's page took the kernel)
    without importing ``voila.utils``, which pulls in the Jupyter server (~40 MB more per kernel).
    """
    import json

    from websockets.sync.client import connect

    host = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_WS_BASE_URL") or os.environ.get("VOILA_SERVER_URL", "/")
    url = f"ws://{host}:{port}{base}voila/query/{os.environ.get('VOILA_KERNEL_ID', '')}"
    with connect(url, open_timeout=10, max_size=2**20) as ws:
        info = json.loads(ws.recv(timeout))
    return {str(k): str(v) for k, v in info.items()} if isinstance(info, dict) else {}
