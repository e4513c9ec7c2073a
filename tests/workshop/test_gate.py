"""Signed pseudonym cookies and the pace of newcomers (handreiking/workshop/gate.py), without a server."""

from __future__ import annotations

import base64
import itertools

import pytest
from clock_support import ManualClock

from handreiking.workshop.gate import (
    BUSY_MESSAGE,
    COOKIE_DAYS,
    JoinPace,
    ParticipantGate,
    PseudonymSigner,
    join_pace,
)
from handreiking.workshop.store import StoreError

SECRET = "s" * 43
OTHER_SECRET = "t" * 43


def test_a_signed_pseudonym_reads_back() -> None:
    signer = PseudonymSigner(SECRET, "K7QW3M")
    cookie = signer.sign("Groene-Uil-42")
    assert cookie.startswith("2|") and cookie.endswith(cookie.split("|")[-1])  # tornado's signed format
    assert signer.verify(cookie) == "Groene-Uil-42"


@pytest.mark.parametrize(
    "cookie",
    [None, "", "Groene-Uil-42", "Rode-Vos-17", "2|1:0|10:1700000000|12:hr_deelnemer|0:|", "x" * 5000, "2|" * 40],
)
def test_a_plain_or_malformed_cookie_is_not_a_pseudonym(cookie: str | None) -> None:
    assert PseudonymSigner(SECRET, "K7QW3M").verify(cookie) is None


def test_a_tampered_cookie_is_refused() -> None:
    """Changing the pseudonym inside the cookie (or one character of the signature) breaks it."""
    signer = PseudonymSigner(SECRET, "K7QW3M")
    cookie = signer.sign("Groene-Uil-42")
    fields = cookie.split("|")
    length, _, payload = fields[4].partition(":")
    forged_value = base64.b64encode(b"K7QW3M/Rode-Vos-17").decode()
    fields[4] = f"{len(forged_value)}:{forged_value}"
    assert signer.verify("|".join(fields)) is None
    flipped = cookie[:-1] + ("0" if cookie[-1] != "0" else "1")
    assert signer.verify(flipped) is None
    assert length and payload  # the field we replaced held the signed value


def test_a_cookie_from_another_session_or_secret_is_foreign() -> None:
    cookie = PseudonymSigner(SECRET, "K7QW3M").sign("Groene-Uil-42")
    assert PseudonymSigner(SECRET, "ANDER2").verify(cookie) is None
    assert PseudonymSigner(OTHER_SECRET, "K7QW3M").verify(cookie) is None


def test_a_cookie_expires_after_the_days_it_is_valid() -> None:
    clock = ManualClock(start=1_700_000_000.0)
    signer = PseudonymSigner(SECRET, "K7QW3M", clock=clock)
    cookie = signer.sign("Groene-Uil-42")
    clock.advance(COOKIE_DAYS * 86400 - 60)
    assert signer.verify(cookie) == "Groene-Uil-42"
    clock.advance(120)
    assert signer.verify(cookie) is None


def test_only_pseudonyms_are_signed_and_secrets_are_long() -> None:
    with pytest.raises(ValueError):
        PseudonymSigner(SECRET, "K7QW3M").sign("Jan Jansen")
    with pytest.raises(ValueError):
        PseudonymSigner("kort", "K7QW3M")


def test_the_pace_allows_a_burst_then_so_many_per_minute() -> None:
    clock = ManualClock()
    pace = JoinPace(burst=3, per_minute=6, clock=clock)
    assert [pace.allow() for _ in range(4)] == [True, True, True, False]
    assert pace.wait_seconds() == 10
    clock.advance(10)
    assert [pace.allow() for _ in range(2)] == [True, False]
    clock.advance(3600)
    assert sum(pace.allow() for _ in range(10)) == 3  # refilled to the burst, not beyond


def test_the_pace_grows_with_the_room() -> None:
    assert join_pace(10) == (60, 30.0)
    assert join_pace(40) == (120, 40.0)


def _gate(clock: ManualClock, issue=None, burst: int = 2) -> ParticipantGate:
    names = (f"Groene-Uil-{n}" for n in itertools.count(10))
    signer = PseudonymSigner(SECRET, "K7QW3M")
    return ParticipantGate(signer, JoinPace(burst, 6, clock=clock), issue or (lambda: next(names)), clock=clock)


def test_a_valid_cookie_keeps_its_pseudonym_without_a_new_one() -> None:
    issued: list[str] = []
    gate = _gate(ManualClock(), issue=lambda: issued.append("x") or "Rode-Vos-17")
    cookie = gate.signer.sign("Groene-Uil-42")
    for _ in range(5):  # reloads never use up the pace
        admission = gate.admit(cookie)
        assert (admission.pseudonym, admission.new) == ("Groene-Uil-42", False)
        assert gate.signer.verify(admission.cookie) == "Groene-Uil-42"
    assert issued == []


def test_a_forged_cookie_gets_a_fresh_pseudonym_never_the_claimed_one() -> None:
    gate = _gate(ManualClock())
    forged = PseudonymSigner(OTHER_SECRET, "K7QW3M").sign("Rode-Vos-17")
    for cookie in ("Rode-Vos-17", forged):
        admission = gate.admit(cookie)
        assert admission.new and admission.pseudonym not in (None, "Rode-Vos-17")
        assert gate.signer.verify(admission.cookie) == admission.pseudonym


def test_too_many_newcomers_are_asked_to_wait() -> None:
    clock = ManualClock()
    gate = _gate(clock, burst=2)
    assert gate.admit(None).new and gate.admit(None).new
    refused = gate.admit(None)
    assert (refused.pseudonym, refused.cookie, refused.status) == (None, None, 429)
    assert refused.message == BUSY_MESSAGE and refused.retry_after >= 5
    known = gate.signer.sign("Groene-Uil-42")
    assert gate.admit(known).pseudonym == "Groene-Uil-42"  # who already has a pseudonym is never refused
    clock.advance(10)
    assert gate.admit(None).new


def test_a_full_session_says_so() -> None:
    def full() -> str:
        raise StoreError("In sessie K7QW3M zijn al 2000 schuilnamen uitgedeeld.")

    refused = _gate(ManualClock(), issue=full).admit(None)
    assert (refused.pseudonym, refused.status) == (None, 503) and "2000 schuilnamen" in refused.message


def test_refusals_are_logged_now_and_then(caplog: pytest.LogCaptureFixture) -> None:
    clock = ManualClock()
    gate = _gate(clock, burst=1)
    gate.admit(None)
    with caplog.at_level("WARNING", logger="handreiking.workshop.gate"):
        for _ in range(50):
            gate.admit(None)
        clock.advance(11)  # one newcomer's worth of pace comes back, and the log may speak again
        assert gate.admit(None).new
        assert gate.admit(None).status == 429
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2 and lines[0].startswith("Afgeremd: 1 nieuwe") and "Afgeremd: 50 nieuwe" in lines[1]
