"""The balans teaching model (Les 6, Stap 6.1) behaves as the handreiking says."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handreiking.content import STAP_IDS, bundled_content
from handreiking.content.balans import VORMEN, Aanpak, BalansCasus, BalansModel
from handreiking.scenarios.balans import NIVEAUS, evaluate, explain_model, play_out, play_out_frame

CONTENT = bundled_content()
MODEL: BalansModel = CONTENT.of_kind("balans-model")[0]
CASES: list[BalansCasus] = CONTENT.of_kind("balans-casus")
HIGH = MODEL.niveaus.hoog_vanaf.waarde
IN_BALANS = MODEL.positie.in_balans.waarde

levels = st.integers(min_value=0, max_value=3)
pens = st.sampled_from(["collectief", "samen", "gemeente"])
aanpakken = st.builds(
    lambda o, r, v, p, pen, pb: Aanpak(
        ondersteuning=dict(zip(VORMEN, o, strict=True)),
        rapportage=r,
        vergaderingen=v,
        procedures=p,
        pen=pen,
        procesbegeleider=pb,
    ),
    st.tuples(levels, levels, levels, levels),
    levels,
    levels,
    levels,
    pens,
    st.booleans(),
)
cases = st.sampled_from(CASES)
PEN_ORDER = ["collectief", "samen", "gemeente"]


def needy_case() -> BalansCasus:
    return next(c for c in CASES if c.id == "buurtwarmte-vlinderbuurt")


def self_steering_case() -> BalansCasus:
    return next(c for c in CASES if c.zelfsturing == 3)


def score(casus: BalansCasus, aanpak: Aanpak, valkuil: str) -> float:
    return evaluate(MODEL, casus, aanpak).valkuil(valkuil).score


@pytest.mark.parametrize("casus", CASES, ids=lambda c: c.id)
def test_goed_aanpak_lands_in_balance(casus: BalansCasus) -> None:
    """Each case's well-judged approach lands near the middle, verdict in balans, no pitfall high."""
    u = evaluate(MODEL, casus, casus.goed_aanpak)
    assert abs(u.positie) <= IN_BALANS
    assert u.oordeel == "in-balans"
    assert all(v.niveau != "hoog" for v in u.valkuilen), [(v.id, v.niveau) for v in u.valkuilen]


@pytest.mark.parametrize("casus", CASES, ids=lambda c: c.id)
def test_start_aanpak_is_not_in_balance(casus: BalansCasus) -> None:
    """Each case starts from an approach that leaves something to improve."""
    assert evaluate(MODEL, casus, casus.start_aanpak).oordeel != "in-balans"


def test_best_approach_differs_between_cases() -> None:
    """The cases differ enough that no single approach is in balance for all of them."""
    for casus in CASES:
        others = [c for c in CASES if c.id != casus.id]
        assert any(evaluate(MODEL, other, casus.goed_aanpak).oordeel != "in-balans" for other in others), casus.id


def test_no_support_for_a_needy_case_is_onderschatten() -> None:
    """Leaving a collective that needs help without support is onderschatten."""
    u = evaluate(MODEL, needy_case(), Aanpak())
    assert u.oordeel == "onderschatten"
    assert u.positie < -IN_BALANS


def test_letting_go_of_a_self_sufficient_case_is_not_onderschatten() -> None:
    """A collective that needs little can be left alone without onderschatten."""
    u = evaluate(MODEL, self_steering_case(), Aanpak(ondersteuning={"institutioneel-verbinden": 2}))
    assert u.oordeel == "in-balans"


@pytest.mark.parametrize("casus", CASES, ids=lambda c: c.id)
def test_huge_asks_are_overvragen(casus: BalansCasus) -> None:
    """Asking everything (reporting, meetings, procedures at most) lands on overvragen."""
    huge = casus.goed_aanpak.model_copy(update={"rapportage": 3, "vergaderingen": 3, "procedures": 3})
    u = evaluate(MODEL, casus, huge)
    assert u.oordeel == "overvragen"
    assert u.valkuil("overspoelen").niveau == "hoog"


def test_asking_more_hours_than_volunteers_have_is_overvragen_high() -> None:
    """When the asks cost more hours than the volunteers have, overvragen is high."""
    casus = needy_case()
    u = evaluate(MODEL, casus, Aanpak(rapportage=3, vergaderingen=3, procedures=3))
    assert u.uren_gevraagd > casus.uren_per_week
    assert u.valkuil("overvragen").niveau == "hoog"


def test_paying_a_procesbegeleider_relieves_volunteers() -> None:
    """A paid resident as process guide (Wageningen) adds hours and lowers overvragen."""
    casus = needy_case()
    asks = Aanpak(rapportage=1, vergaderingen=2, procedures=1)
    assert score(casus, asks.model_copy(update={"procesbegeleider": True}), "overvragen") < score(
        casus, asks, "overvragen"
    )


def test_pen_with_gemeente_for_self_steering_case_is_overnemen_high() -> None:
    """Taking the pen from a collective that wants to steer itself is overnemen, high."""
    casus = self_steering_case()
    u = evaluate(MODEL, casus, casus.goed_aanpak.model_copy(update={"pen": "gemeente"}))
    assert u.valkuil("overnemen").niveau == "hoog"
    assert u.oordeel == "overvragen"


def test_piling_on_procedures_is_overspoelen() -> None:
    """Procedures at the top level flood an inexperienced collective: overspoelen high."""
    assert evaluate(MODEL, needy_case(), Aanpak(procedures=3)).valkuil("overspoelen").niveau == "hoog"


@settings(max_examples=200, deadline=None)
@given(cases, aanpakken, st.sampled_from(["rapportage", "vergaderingen", "procedures"]))
def test_more_asks_never_lower_their_pitfalls(casus: BalansCasus, aanpak: Aanpak, ask: str) -> None:
    """Raising reporting, meetings or procedures never lowers hours asked, overvragen, overspoelen or the axis."""
    level = getattr(aanpak, ask)
    if level == 3:
        return
    before = evaluate(MODEL, casus, aanpak)
    after = evaluate(MODEL, casus, aanpak.model_copy(update={ask: level + 1}))
    assert after.uren_gevraagd > before.uren_gevraagd
    assert after.valkuil("overvragen").score >= before.valkuil("overvragen").score
    assert after.valkuil("overspoelen").score >= before.valkuil("overspoelen").score
    assert after.positie >= before.positie


@settings(max_examples=200, deadline=None)
@given(cases, aanpakken, st.floats(min_value=0, max_value=100))
def test_fewer_volunteer_hours_never_lower_overvragen(casus: BalansCasus, aanpak: Aanpak, minder: float) -> None:
    """The same asks weigh at least as heavily on a group with fewer hours."""
    kleiner = casus.model_copy(update={"uren_per_week": max(0.0, casus.uren_per_week - minder)})
    assert score(kleiner, aanpak, "overvragen") >= score(casus, aanpak, "overvragen")


@settings(max_examples=200, deadline=None)
@given(cases, aanpakken)
def test_moving_the_pen_to_the_gemeente_never_lowers_overnemen(casus: BalansCasus, aanpak: Aanpak) -> None:
    """Moving the pen toward the municipality never lowers overnemen."""
    i = PEN_ORDER.index(aanpak.pen)
    for pen in PEN_ORDER[i + 1 :]:
        assert score(casus, aanpak.model_copy(update={"pen": pen}), "overnemen") >= score(casus, aanpak, "overnemen")


@settings(max_examples=200, deadline=None)
@given(cases, aanpakken)
def test_outputs_are_bounded(casus: BalansCasus, aanpak: Aanpak) -> None:
    """The axis stays in [-1, 1], scores in [0, 1], levels in the allowed set, play-out in [0, 100]."""
    u = evaluate(MODEL, casus, aanpak)
    assert -1 <= u.positie <= 1
    assert 0 <= u.onderschatten <= 1 and 0 <= u.teveel <= 1
    assert u.oordeel in {"onderschatten", "in-balans", "overvragen", "beide"}
    for v in u.valkuilen:
        assert 0 <= v.score <= 1 and v.niveau in NIVEAUS
    records = play_out(MODEL, casus, aanpak)
    assert len(records) == int(MODEL.verloop.maanden.waarde) + 1
    for r in records:
        for key in ("energie", "voortgang", "eigenaarschap"):
            assert 0 <= r[key] <= 100


@settings(max_examples=100, deadline=None)
@given(cases, aanpakken)
def test_every_feedback_item_names_a_valid_step(casus: BalansCasus, aanpak: Aanpak) -> None:
    """Every piece of feedback names a step of the handreiking and has no unfilled placeholder."""
    for item in evaluate(MODEL, casus, aanpak).feedback:
        assert item.stap in STAP_IDS
        assert "{" not in item.tekst and "}" not in item.tekst


@settings(max_examples=50, deadline=None)
@given(cases, aanpakken)
def test_same_input_same_output(casus: BalansCasus, aanpak: Aanpak) -> None:
    """The model is deterministic: the same case and approach give the same outcome and play-out."""
    assert evaluate(MODEL, casus, aanpak) == evaluate(MODEL, casus, aanpak.model_copy())
    assert play_out(MODEL, casus, aanpak) == play_out(MODEL, casus, aanpak)


def test_the_three_pitfalls_are_named_with_reasons() -> None:
    """The outcome lists the three pitfalls of Stap 6.1, each with a reason."""
    u = evaluate(MODEL, needy_case(), needy_case().start_aanpak)
    assert [v.id for v in u.valkuilen] == ["overvragen", "overnemen", "overspoelen"]
    assert all(v.reden and v.stap == "6.1" for v in u.valkuilen)


def test_in_balance_feedback_is_positive_and_out_of_balance_names_the_pitfall() -> None:
    """In balans gives the 'goed' feedback; taking the pen gives the overnemen feedback."""
    casus = self_steering_case()
    good = {f.id for f in evaluate(MODEL, casus, casus.goed_aanpak).feedback}
    bad = {f.id for f in evaluate(MODEL, casus, casus.goed_aanpak.model_copy(update={"pen": "gemeente"})).feedback}
    assert "goed" in good and "overnemen" not in good
    assert "overnemen" in bad and "goed" not in bad


def test_play_out_shows_the_consequences() -> None:
    """Overvragen drains energy; the well-judged approach keeps energy and makes progress."""
    casus = needy_case()
    good = play_out(MODEL, casus, casus.goed_aanpak)[-1]
    bad = play_out(MODEL, casus, Aanpak(rapportage=3, vergaderingen=3, procedures=3))[-1]
    assert good["energie"] > bad["energie"] + 30
    assert good["voortgang"] > bad["voortgang"] + 30


def test_taking_over_costs_ownership() -> None:
    """The pen with the municipality lowers the ownership residents keep after a year."""
    casus = self_steering_case()
    eigen = play_out(MODEL, casus, casus.goed_aanpak)[-1]["eigenaarschap"]
    overgenomen = play_out(MODEL, casus, casus.goed_aanpak.model_copy(update={"pen": "gemeente"}))[-1]
    assert overgenomen["eigenaarschap"] < eigen - 20


def test_play_out_frame_matches_records() -> None:
    """The DataFrame has one row per month with the same numbers as the records."""
    casus = needy_case()
    frame = play_out_frame(MODEL, casus, casus.goed_aanpak)
    records = play_out(MODEL, casus, casus.goed_aanpak)
    assert list(frame.columns) == ["energie", "voortgang", "eigenaarschap"]
    assert frame.loc[12, "voortgang"] == records[12]["voortgang"]


def test_explain_model_covers_every_parameter_and_what_is_left_out() -> None:
    """'Hoe werkt dit model?' shows each parameter's value and every omission."""
    text = explain_model(MODEL, CONTENT.sources)
    assert "versterking** = 1.5" in text
    assert "Wat laat dit model weg?" in text
    for w in MODEL.weglatingen:
        assert w.wat in text
    for section in (MODEL.overvragen, MODEL.overnemen, MODEL.overspoelen, MODEL.verloop):
        for name in type(section).model_fields:
            if name not in {"titel", "uitleg", "naam", "reden", "teveel_gewichten"}:
                assert f"**{name.replace('_', ' ')}**" in text, name
