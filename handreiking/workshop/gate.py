"""Who joins as whom: signed pseudonym cookies, and a bounded pace of new pseudonyms.

The participant server hands every participant a random pseudonym in the cookie ``hr_deelnemer``. The cookie
is signed (tornado's signed-value format, HMAC-SHA256) with a secret made once per session and kept in the
store, and it names the session: a cookie someone typed, changed or brought from another session (another
secret) is not accepted, and its holder gets a fresh pseudonym, never the one the cookie claims. A workshop
resumed with ``--sessie`` uses the same secret, so cookies handed out before the restart stay valid.

New pseudonyms cost a row in the store, so they come at a bounded pace (:class:`JoinPace`: a burst as large as
a room joining at once, then a steady number per minute) and up to a bound per session
(:data:`~handreiking.workshop.store.MAX_PSEUDONYMS_PER_SESSION`). A script that throws its cookies away is told
to wait, and the trainer sees it in the server log.

Nothing here knows about tornado handlers: :mod:`.voila_app` asks :meth:`ParticipantGate.admit` and sets the
cookie it returns.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from tornado.web import create_signed_value, decode_signed_value

from .participant import PARTICIPANT_COOKIE
from .pseudonym import is_pseudonym, new_pseudonym

COOKIE_DAYS = 2
"""How long a pseudonym cookie is valid after the participant's last visit."""
MAX_COOKIE_CHARS = 400
"""Longer cookie values are not even checked (a signed pseudonym is about 120 characters)."""
DEFAULT_BURST = 60
"""New pseudonyms the server hands out at once (a room joining in the same minute)."""
DEFAULT_PER_MINUTE = 30.0
"""New pseudonyms per minute after the burst is used up."""
LOG_EVERY = 10.0
"""Seconds between two log lines about refused newcomers (the lines in between are counted)."""


class PseudonymSigner:
    """Signs a pseudonym for one session, and reads it back only from a cookie this signer made."""

    def __init__(self, secret: str, session: str, *, clock: Callable[[], float] | None = None) -> None:
        if len(secret) < 16:
            raise ValueError("the signing secret is too short")
        self._secret = secret
        self.session = session
        self._clock = clock

    def sign(self, pseudonym: str) -> str:
        """The cookie value for ``pseudonym``: session and pseudonym, timestamped and signed."""
        if not is_pseudonym(pseudonym):
            raise ValueError(f"not a pseudonym: {pseudonym!r}")
        value = f"{self.session}/{pseudonym}"
        value += "/" * (-len(value.encode()) % 3)  # no base64 padding ("="): the cookie needs no quotes
        return create_signed_value(self._secret, PARTICIPANT_COOKIE, value, version=2, clock=self._clock).decode()

    def verify(self, cookie: str | None) -> str | None:
        """The pseudonym in ``cookie`` when this signer signed it for this session (within COOKIE_DAYS), else None."""
        if not cookie or len(cookie) > MAX_COOKIE_CHARS:
            return None
        if len(cookie) > 1 and cookie[0] == cookie[-1] == '"':  # a quoted cookie value, as some clients keep it
            cookie = cookie[1:-1]
        try:
            raw = decode_signed_value(
                self._secret, PARTICIPANT_COOKIE, cookie, max_age_days=COOKIE_DAYS, clock=self._clock, min_version=2
            )
        except Exception:  # malformed beyond what tornado checks: the same as a bad signature
            return None
        if raw is None:
            return None
        try:
            session, _, pseudonym = raw.decode("utf-8").rstrip("/").partition("/")
        except UnicodeDecodeError:
            return None
        if session != self.session or not is_pseudonym(pseudonym):
            return None
        return pseudonym


class JoinPace:
    """A token bucket: ``burst`` newcomers at once, then ``per_minute`` more each minute (thread-safe)."""

    def __init__(
        self,
        burst: int = DEFAULT_BURST,
        per_minute: float = DEFAULT_PER_MINUTE,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if burst < 1 or per_minute <= 0:
            raise ValueError("burst and per_minute must be positive")
        self.burst = burst
        self.per_minute = per_minute
        self._clock = clock
        self._tokens = float(burst)
        self._at = clock()
        self._lock = threading.Lock()

    def allow(self) -> bool:
        """True (and one newcomer counted) when a new pseudonym may be handed out now."""
        with self._lock:
            now = self._clock()
            self._tokens = min(float(self.burst), self._tokens + (now - self._at) * self.per_minute / 60.0)
            self._at = now
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return True
            return False

    def wait_seconds(self) -> int:
        """About how long until the next newcomer is let in (for the Retry-After header)."""
        with self._lock:
            missing = max(0.0, 1.0 - self._tokens)
        return max(1, int(missing * 60.0 / self.per_minute + 0.999))


def join_pace(deelnemers: int) -> tuple[int, float]:
    """(burst, per minute) for a room of ``deelnemers``: the whole room three times over at once, then the room
    (at least :data:`DEFAULT_PER_MINUTE`) per minute. Reloads with a valid cookie never count."""
    return max(DEFAULT_BURST, 3 * deelnemers), max(DEFAULT_PER_MINUTE, float(deelnemers))


@dataclass(frozen=True)
class Admission:
    """The outcome of :meth:`ParticipantGate.admit`: a pseudonym and the cookie to set, or why not."""

    pseudonym: str | None
    cookie: str | None = None
    """The (re-)signed cookie value to set on the response (None when refused)."""
    new: bool = False
    """True when the pseudonym was handed out just now."""
    status: int = 200
    """HTTP status for a refusal: 429 (too many newcomers now) or 503 (no more pseudonyms in this session)."""
    message: str = ""
    """A Dutch sentence for the participant when refused."""
    retry_after: int = 0


BUSY_MESSAGE = (
    "Er melden zich nu veel nieuwe deelnemers tegelijk. Wacht een halve minuut en laad de pagina dan opnieuw."
)


class ParticipantGate:
    """Reads the pseudonym from a signed cookie, or hands out a new one (at a bounded pace)."""

    def __init__(
        self,
        signer: PseudonymSigner,
        pace: JoinPace,
        issue: Callable[[], str] = new_pseudonym,
        *,
        log: logging.Logger | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.signer = signer
        self.pace = pace
        self._issue = issue
        self.log = log or logging.getLogger(__name__)
        self._clock = clock
        self._refused = 0
        self._logged_at: float | None = None
        self._lock = threading.Lock()

    @classmethod
    def for_session(
        cls,
        session: str,
        secret: str | None,
        issue: Callable[[], str] = new_pseudonym,
        *,
        burst: int = DEFAULT_BURST,
        per_minute: float = DEFAULT_PER_MINUTE,
        log: logging.Logger | None = None,
    ) -> ParticipantGate:
        """A gate for ``session`` with its kept secret (None outside a workshop: a secret for this process only)."""
        signer = PseudonymSigner(secret or secrets.token_urlsafe(32), session)
        return cls(signer, JoinPace(burst, per_minute), issue, log=log)

    def known(self, cookie: str | None) -> Admission | None:
        """The admission of a participant whose cookie this server signed (cheap: no store); else None."""
        pseudonym = self.signer.verify(cookie)
        if pseudonym is None:
            return None
        return Admission(pseudonym, self.signer.sign(pseudonym))  # re-signed: valid for COOKIE_DAYS from now

    def admit(self, cookie: str | None) -> Admission:
        """The participant's pseudonym: the one in a valid cookie, else a new one if the pace allows.

        A new pseudonym is handed out by ``issue`` (the store: unique in the session, bounded); this may
        block, so the server calls it off its event loop. A refusal comes with a status and a Dutch message.
        """
        found = self.known(cookie)
        if found is not None:
            return found
        if not self.pace.allow():
            self._note_refusal()
            wait = self.pace.wait_seconds()
            return Admission(None, status=429, message=BUSY_MESSAGE, retry_after=max(wait, 5))
        try:
            pseudonym = self._issue()
        except Exception as exc:  # the store's Dutch message (a full session), or a busy database
            message = getattr(exc, "message", "") or "Er ging iets mis bij het maken van je schuilnaam."
            retryable = bool(getattr(exc, "retryable", False))
            self.log.warning("Geen nieuwe schuilnaam uitgedeeld: %s", message)
            return Admission(None, status=503, message=str(message), retry_after=30 if retryable else 0)
        return Admission(pseudonym, self.signer.sign(pseudonym), new=True)

    def _note_refusal(self) -> None:
        with self._lock:
            self._refused += 1
            now = self._clock()
            if self._logged_at is not None and now - self._logged_at < LOG_EVERY:
                return
            count, self._refused, self._logged_at = self._refused, 0, now
        self.log.warning(
            "Afgeremd: %d nieuwe bezoeker(s) zonder geldige schuilnaam geweigerd (meer dan %d tegelijk, daarna "
            "%g per minuut). Blijft dit komen, dan haalt iemand steeds een nieuwe schuilnaam op.",
            count,
            self.pace.burst,
            self.pace.per_minute,
        )
