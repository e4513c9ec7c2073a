"""Who takes part in a session, and within which bounds: signing secrets, pseudonyms handed out, throttle counts.

The participant server signs the pseudonym cookies it hands out with a secret made once per session and kept
here (:func:`session_secret`), so a workshop resumed with ``--sessie`` still accepts its participants' cookies.
Every pseudonym it hands out is recorded (:func:`issue_pseudonym`): never twice in one session, and at most
:data:`MAX_PSEUDONYMS_PER_SESSION` of them. A participant whose shares were held back by the kernel's write
throttle gets a count (:func:`record_throttled`): one row per participant, never one per event.

The bounds on answers (:func:`check_room_for`) hold for every save: at most :data:`MAX_PARTICIPANTS_PER_SESSION`
participants with answers in a session and :data:`MAX_SCENARIOS_PER_PARTICIPANT` scenario keys per participant.
With the store's bounded history (:data:`~handreiking.workshop.store.repository.MAX_HISTORY_VERSIONS`) and the
size limits of :mod:`.cleaning`, nothing a participant does grows a session without bound.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, distinct, func, select, update
from sqlalchemy.engine import Connection

from handreiking.workshop.pseudonym import new_pseudonym

from . import cleaning
from .engine import Database, insert_if_absent
from .errors import StoreError
from .moments import now, parse_stamp, stamp
from .schema import answers, pseudonyms, session_keys, sessions

MAX_PSEUDONYMS_PER_SESSION = 2000
"""Pseudonyms the server hands out in one session (people who open the join page, whether they share or not)."""
MAX_PARTICIPANTS_PER_SESSION = 500
"""Different participants whose answers one session keeps."""
MAX_SCENARIOS_PER_PARTICIPANT = 64
"""Scenario keys one participant can have answers under in one session."""
SECRET_BYTES = 32

_COUNT_PSEUDONYMS = select(func.count()).select_from(pseudonyms).where(pseudonyms.c.session_code == bindparam("code"))
_HAS_ANSWERS = (
    select(func.count())
    .select_from(answers)
    .where(answers.c.session_code == bindparam("k_session"), answers.c.participant == bindparam("k_participant"))
)
_COUNT_PARTICIPANTS = select(func.count(distinct(answers.c.participant))).where(
    answers.c.session_code == bindparam("k_session")
)
_ADD_THROTTLED = (
    update(pseudonyms)
    .where(pseudonyms.c.session_code == bindparam("code"), pseudonyms.c.pseudonym == bindparam("who"))
    .values(throttled=pseudonyms.c.throttled + bindparam("clicks"), throttled_at=bindparam("moment"))
)


@dataclass(frozen=True)
class ThrottleRecord:
    """How often a participant's shares were held back and merged (the kernel saves at most once per window)."""

    participant: str
    clicks: int
    """Clicks that were merged into a later save, in total this session."""
    last_at: datetime | None


def session_secret(db: Database, session: str) -> str:
    """The session's signing secret, made (randomly, once) on first use. Raises for an unknown session."""
    code = cleaning.normalise_code(session)
    statement = select(session_keys.c.secret).where(session_keys.c.session_code == code)
    found = db.read(statement)
    if found:
        return str(found[0][0])
    with db.transaction(write=True) as conn:
        if conn.execute(select(sessions.c.code).where(sessions.c.code == code)).first() is None:
            raise StoreError(f"De sessie {code} bestaat niet (meer). Controleer de sessiecode.")
        values = {"session_code": code, "secret": secrets.token_urlsafe(SECRET_BYTES), "created_at": stamp(now())}
        insert_if_absent(conn, session_keys, values, ("session_code",))
        return str(conn.execute(statement).scalar_one())


def issue_pseudonym(
    db: Database,
    session: str,
    make: Callable[[], str] = new_pseudonym,
    *,
    limit: int = MAX_PSEUDONYMS_PER_SESSION,
) -> str:
    """A pseudonym no one else in this session has, recorded as handed out.

    Raises a :class:`StoreError` once the session has handed out ``limit`` pseudonyms (a script that throws
    its cookies away cannot fill the store), or when no free pseudonym turns up in a few tries.
    """
    code = cleaning.normalise_code(session)
    with db.transaction(write=True) as conn:
        if int(conn.execute(_COUNT_PSEUDONYMS, {"code": code}).scalar() or 0) >= limit:
            raise StoreError(
                f"In sessie {code} zijn al {limit} schuilnamen uitgedeeld; er kunnen geen nieuwe deelnemers bij. "
                "Vraag de trainer om een nieuwe sessie."
            )
        moment = stamp(now())
        for _attempt in range(20):
            candidate = cleaning.check_participant(make())
            values = {"session_code": code, "pseudonym": candidate, "issued_at": moment, "throttled": 0}
            if insert_if_absent(conn, pseudonyms, values, ("session_code", "pseudonym")):
                return candidate
    raise StoreError("Er kon geen vrije schuilnaam worden gevonden; laad de pagina opnieuw.", retryable=True)


def pseudonym_count(db: Database, session: str) -> int:
    """How many pseudonyms the server handed out in this session."""
    return int(db.read(_COUNT_PSEUDONYMS.params(code=cleaning.normalise_code(session)))[0][0])


def record_throttled(db: Database, session: str, participant: str, clicks: int) -> None:
    """Add ``clicks`` merged shares to the participant's count (one row per participant, however many events)."""
    if clicks <= 0:
        return
    code = cleaning.normalise_code(session)
    participant = cleaning.check_participant(participant)
    moment = stamp(now())
    with db.transaction(write=True) as conn:
        values = {"session_code": code, "pseudonym": participant, "issued_at": moment, "throttled": 0}
        insert_if_absent(conn, pseudonyms, values, ("session_code", "pseudonym"))
        conn.execute(_ADD_THROTTLED, {"code": code, "who": participant, "clicks": int(clicks), "moment": moment})


def throttled(db: Database, session: str) -> list[ThrottleRecord]:
    """Participants whose shares were held back in this session, most recent first."""
    p = pseudonyms.c
    statement = (
        select(p.pseudonym, p.throttled, p.throttled_at)
        .where(p.session_code == cleaning.normalise_code(session), p.throttled > 0)
        .order_by(p.throttled_at.desc(), p.pseudonym)
    )
    return [ThrottleRecord(row[0], int(row[1]), parse_stamp(row[2])) for row in db.read(statement)]


def check_room_for(conn: Connection, key: dict[str, str]) -> None:
    """Before a participant's FIRST answer under a scenario key: refuse when the session or participant is full.

    ``key`` holds ``k_session``, ``k_participant`` (and ``k_scenario``), as the repository's save uses them.
    Runs inside the save's write transaction.
    """
    mine = int(conn.execute(_HAS_ANSWERS, key).scalar() or 0)
    if mine >= MAX_SCENARIOS_PER_PARTICIPANT:
        raise StoreError(
            f"Je hebt al antwoorden bij {mine} verschillende apps gedeeld; meer kan niet in deze sessie. "
            "Deel opnieuw in een app die je al gebruikte (dan wordt je antwoord bijgewerkt)."
        )
    if mine == 0 and int(conn.execute(_COUNT_PARTICIPANTS, key).scalar() or 0) >= MAX_PARTICIPANTS_PER_SESSION:
        raise StoreError(
            f"Deze sessie bewaart al antwoorden van {MAX_PARTICIPANTS_PER_SESSION} deelnemers; meer kan niet. "
            "Vraag de trainer om hulp."
        )
