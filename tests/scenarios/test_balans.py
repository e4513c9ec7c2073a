"""The balans teaching model (Les 6, Stap 6.1) behaves as the handreiking says."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handreiking.content import STAP_IDS, bundled_content
from handreiking.content.balans import BEHOEFTEN, VORMEN, Aanpak, BalansCasus, BalansModel
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
    return next(c for c in CASES if c.id == "zonnedak-energiecooperatie")


def score(casus: BalansCasus, aanpak: Aanpak, valkuil: str) -> float:
    return evaluate(MODEL, casus, aanpak).valkuil(valkuil).score


def with_level(aanpak: Aanpak, vorm: str, level: int) -> Aanpak:
    return aanpak.model_copy(update={"ondersteuning": {**aanpak.ondersteuning, vorm: level}})


# --- the cases ---------------------------------------------------------------------------------


@pytest.mark.parametrize("casus", CASES, ids=lambda c: c.id)
def test_goed_aanpak_lands_in_balance(casus: BalansCasus) -> None:
    """Each case's well-judged approach lands near the middle, verdict in balans, no part high."""
    u = evaluate(MODEL, casus, casus.goed_aanpak)
    assert abs(u.positie) <= IN_BALANS
    assert u.oordeel == "in-balans"
    assert all(v.niveau != "hoog" for v in u.onderdelen), [(v.id, v.niveau) for v in u.onderdelen]


WORDS = {"onderschatten": "onderschat", "overvragen": "overvra", "beide": "twee kanten"}


@pytest.mark.parametrize("casus", CASES, ids=lambda c: c.id)
def test_start_aanpak_is_off_the_way_its_discussion_says(casus: BalansCasus) -> None:
    """Each case starts off balance, on the side its file declares and its trainer discussion names."""
    assert casus.start_oordeel is not None, "a bundled case says where its start approach is off"
    assert evaluate(MODEL, casus, casus.start_aanpak).oordeel == casus.start_oordeel
    assert WORDS[casus.start_oordeel] in casus.discussion.lower()


def test_the_cases_cover_both_ends_and_both_at_once() -> None:
    """The starting approaches show onderschatten, overvragen and 'beide' somewhere among the cases."""
    assert {evaluate(MODEL, c, c.start_aanpak).oordeel for c in CASES} >= {"onderschatten", "overvragen", "beide"}


def test_an_experienced_cooperative_undervalued_in_pure_form() -> None:
    """The fifth case: an experienced, self-steering cooperative; the start takes over and asks little."""
    casus = next(c for c in CASES if c.id == "isolatie-ervaren-cooperatie")
    assert casus.ervaring == 3 and casus.zelfsturing == 3
    u = evaluate(MODEL, casus, casus.start_aanpak)
    assert u.oordeel == "onderschatten" and u.positie < -0.67
    assert u.valkuil("overnemen").niveau == "hoog"
    assert u.valkuil("overvragen").niveau == u.te_weinig_steun.niveau == "laag"


def test_best_approach_differs_between_cases() -> None:
    """The cases differ enough that no single approach is in balance for all of them."""
    for casus in CASES:
        others = [c for c in CASES if c.id != casus.id]
        assert any(evaluate(MODEL, other, casus.goed_aanpak).oordeel != "in-balans" for other in others), casus.id


# --- the two ends ------------------------------------------------------------------------------


def test_the_mapping_of_the_three_pitfalls() -> None:
    """Overnemen pulls toward onderschatten, overvragen toward overvragen, overspoelen toward both."""
    u = evaluate(MODEL, needy_case(), needy_case().start_aanpak)
    assert {v.id: v.kant for v in u.onderdelen} == {
        "overvragen": "overvragen",
        "overnemen": "onderschatten",
        "overspoelen": "beide",
        "te-weinig-steun": "overvragen",
    }


def test_no_support_for_a_needy_case_is_overvragen() -> None:
    """Leaving a collective that asks for help to carry everything alone lands on the overvragen side."""
    u = evaluate(MODEL, needy_case(), Aanpak())
    assert u.oordeel == "overvragen"
    assert u.positie > IN_BALANS
    assert u.te_weinig_steun.niveau == "hoog"


needy_cases = st.builds(
    lambda casus, b, ervaring, zelfsturing, uren: casus.model_copy(
        update={
            "behoeften": casus.behoeften.model_copy(update=dict(zip(BEHOEFTEN, b, strict=True))),
            "ervaring": ervaring,
            "zelfsturing": zelfsturing,
            "uren_per_week": uren,
        }
    ),
    cases,
    st.tuples(*[st.integers(min_value=2, max_value=3)] * 4),
    st.integers(min_value=0, max_value=1),
    st.integers(min_value=0, max_value=3),
    st.floats(min_value=0, max_value=400),
)


@settings(max_examples=200, deadline=None)
@given(needy_cases, levels, levels, levels, st.booleans())
def test_a_needy_group_that_gets_nothing_lands_on_overvragen(
    casus: BalansCasus, rapportage: int, vergaderingen: int, procedures: int, pb: bool
) -> None:
    """A group that needs a lot and gets no support, with the pen left to it, is overvraagd (whatever is asked)."""
    aanpak = Aanpak(rapportage=rapportage, vergaderingen=vergaderingen, procedures=procedures, procesbegeleider=pb)
    u = evaluate(MODEL, casus, aanpak)
    assert u.positie > IN_BALANS
    assert u.oordeel == "overvragen"


self_steering_cases = st.builds(
    lambda casus, ervaring, zelfsturing, uren: casus.model_copy(
        update={"ervaring": ervaring, "zelfsturing": zelfsturing, "uren_per_week": uren}
    ),
    cases,
    st.integers(min_value=2, max_value=3),
    st.integers(min_value=2, max_value=3),
    st.floats(min_value=0, max_value=400),
)


@settings(max_examples=200, deadline=None)
@given(self_steering_cases, st.booleans())
def test_a_self_steering_group_whose_gemeente_holds_the_pen_and_gives_everything_is_onderschat(
    casus: BalansCasus, pb: bool
) -> None:
    """An experienced group that wants to steer itself, pen with the gemeente, every support form at most."""
    aanpak = Aanpak(ondersteuning=dict.fromkeys(VORMEN, 3), pen="gemeente", procesbegeleider=pb)
    u = evaluate(MODEL, casus, aanpak)
    assert u.positie < -IN_BALANS
    assert u.oordeel == "onderschatten"
    assert u.valkuil("overnemen").niveau == "hoog"


@settings(max_examples=200, deadline=None)
@given(cases, aanpakken)
def test_more_take_over_never_moves_toward_overvragen(casus: BalansCasus, aanpak: Aanpak) -> None:
    """The pen toward the gemeente, or more of any support form, never moves the position toward overvragen."""
    before = evaluate(MODEL, casus, aanpak)
    for pen in PEN_ORDER[PEN_ORDER.index(aanpak.pen) + 1 :]:
        after = evaluate(MODEL, casus, aanpak.model_copy(update={"pen": pen}))
        assert after.positie <= before.positie
        assert after.valkuil("overnemen").score >= before.valkuil("overnemen").score
    for vorm in VORMEN:
        if aanpak.level(vorm) < 3:
            after = evaluate(MODEL, casus, with_level(aanpak, vorm, aanpak.level(vorm) + 1))
            assert after.positie <= before.positie, vorm
            assert after.valkuil("overnemen").score >= before.valkuil("overnemen").score, vorm
            assert after.te_weinig_steun.score <= before.te_weinig_steun.score, vorm


@settings(max_examples=200, deadline=None)
@given(cases, aanpakken, st.sampled_from(["rapportage", "vergaderingen", "procedures"]))
def test_more_hours_asked_never_move_toward_onderschatten(casus: BalansCasus, aanpak: Aanpak, ask: str) -> None:
    """Raising reporting, meetings or procedures asks more hours and never moves the position toward onderschatten."""
    level = getattr(aanpak, ask)
    if level == 3:
        return
    before = evaluate(MODEL, casus, aanpak)
    after = evaluate(MODEL, casus, aanpak.model_copy(update={ask: level + 1}))
    assert after.uren_gevraagd > before.uren_gevraagd
    assert after.valkuil("overvragen").score >= before.valkuil("overvragen").score
    assert after.valkuil("overspoelen").score >= before.valkuil("overspoelen").score
    assert after.positie >= before.positie
    assert after.overvragen >= before.overvragen


@settings(max_examples=200, deadline=None)
@given(cases, aanpakken, st.floats(min_value=0, max_value=100))
def test_fewer_volunteer_hours_never_lower_overvragen(casus: BalansCasus, aanpak: Aanpak, minder: float) -> None:
    """The same asks weigh at least as heavily on a group with fewer hours, and push at least as far right."""
    kleiner = casus.model_copy(update={"uren_per_week": max(0.0, casus.uren_per_week - minder)})
    assert score(kleiner, aanpak, "overvragen") >= score(casus, aanpak, "overvragen")
    assert evaluate(MODEL, kleiner, aanpak).positie >= evaluate(MODEL, casus, aanpak).positie


@settings(max_examples=200, deadline=None)
@given(cases, aanpakken)
def test_overspoelen_pulls_both_ways_and_beide_is_never_a_quiet_middle(casus: BalansCasus, aanpak: Aanpak) -> None:
    """Both pulls are at least overspoelen; 'beide' means both pulls are at least midden, 'in balans' does not."""
    u = evaluate(MODEL, casus, aanpak)
    s = u.valkuil("overspoelen").score
    assert u.onderschatten >= s and u.overvragen >= s
    midden = MODEL.niveaus.midden_vanaf.waarde
    if u.oordeel == "beide":
        assert min(u.onderschatten, u.overvragen) >= midden and abs(u.positie) <= IN_BALANS
    if u.oordeel == "in-balans":
        assert min(u.onderschatten, u.overvragen) < midden


def test_rules_on_a_group_with_time_to_spare_are_beide() -> None:
    """Heavy procedures and reporting on an experienced group with ample hours: both pulls high, verdict beide."""
    casus = self_steering_case()
    u = evaluate(MODEL, casus, casus.goed_aanpak.model_copy(update={"procedures": 3, "rapportage": 3}))
    assert u.valkuil("overspoelen").niveau == "hoog"
    assert u.oordeel == "beide"
    assert u.onderschatten >= HIGH and u.overvragen >= HIGH
    assert any(f.id == "beide" for f in u.feedback)


def test_letting_go_of_a_self_sufficient_case_is_in_balans() -> None:
    """A collective that needs little can be left alone: no support beyond connecting is still in balans."""
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


def test_pen_with_gemeente_for_self_steering_case_is_onderschatten() -> None:
    """Taking the pen from a collective that wants to steer itself is overnemen, high: onderschatten."""
    casus = self_steering_case()
    u = evaluate(MODEL, casus, casus.goed_aanpak.model_copy(update={"pen": "gemeente"}))
    assert u.valkuil("overnemen").niveau == "hoog"
    assert u.oordeel == "onderschatten"


def test_piling_on_procedures_is_overspoelen() -> None:
    """Procedures at the top level flood an inexperienced collective: overspoelen high."""
    assert evaluate(MODEL, needy_case(), Aanpak(procedures=3)).valkuil("overspoelen").niveau == "hoog"


# --- general properties ------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(cases, aanpakken)
def test_outputs_are_bounded(casus: BalansCasus, aanpak: Aanpak) -> None:
    """The axis stays in [-1, 1], scores and pulls in [0, 1], levels in the allowed set, play-out in [0, 100]."""
    u = evaluate(MODEL, casus, aanpak)
    assert -1 <= u.positie <= 1
    assert 0 <= u.onderschatten <= 1 and 0 <= u.overvragen <= 1
    assert u.oordeel in {"onderschatten", "in-balans", "overvragen", "beide"}
    for v in u.onderdelen:
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


def test_every_feedback_rule_names_its_step_and_side() -> None:
    """Each rule in the model file names a step; a rule about a fault says which side it belongs to."""
    sides = {"te-weinig-steun": "overvragen", "overvragen": "overvragen", "hand-zonder-pen": "overvragen"}
    sides |= {"overnemen": "onderschatten", "teveel-aanvullen": "onderschatten", "overspoelen": "beide"}
    sides |= {"beide": "beide", "in-balans": "goed"}
    for rule in MODEL.feedback:
        assert rule.stap in STAP_IDS
        if rule.soort != "tip":
            assert rule.soort == sides[rule.signaal], rule.id


@settings(max_examples=50, deadline=None)
@given(cases, aanpakken)
def test_same_input_same_output(casus: BalansCasus, aanpak: Aanpak) -> None:
    """The model is deterministic: the same case and approach give the same outcome and play-out."""
    assert evaluate(MODEL, casus, aanpak) == evaluate(MODEL, casus, aanpak.model_copy())
    assert play_out(MODEL, casus, aanpak) == play_out(MODEL, casus, aanpak)


def test_the_three_pitfalls_are_named_with_reasons() -> None:
    """The outcome lists the three pitfalls of Stap 6.1 and too little support, each with a reason."""
    u = evaluate(MODEL, needy_case(), needy_case().start_aanpak)
    assert [v.id for v in u.valkuilen] == ["overvragen", "overnemen", "overspoelen"]
    assert all(v.reden and v.stap == "6.1" for v in u.onderdelen)
    assert "{" not in u.te_weinig_steun.reden


def test_in_balance_feedback_is_positive_and_out_of_balance_names_the_pitfall() -> None:
    """In balans gives the 'goed' feedback; taking the pen gives the overnemen feedback, on the onderschatten side."""
    casus = self_steering_case()
    good = {f.id for f in evaluate(MODEL, casus, casus.goed_aanpak).feedback}
    bad = evaluate(MODEL, casus, casus.goed_aanpak.model_copy(update={"pen": "gemeente"})).feedback
    assert "goed" in good and "overnemen" not in good
    assert "goed" not in {f.id for f in bad}
    assert next(f for f in bad if f.id == "overnemen").soort == "onderschatten"


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
    for section in (MODEL.te_weinig_steun, MODEL.overvragen, MODEL.overnemen, MODEL.overspoelen, MODEL.verloop):
        for name in type(section).model_fields:
            if name not in {"titel", "uitleg", "naam", "reden", "teveel_gewichten"}:
                assert f"**{name.replace('_', ' ')}**" in text, name


def test_explain_model_explains_the_two_ends_and_the_mapping_of_the_pitfalls() -> None:
    """'Hoe werkt dit model?' marks the reading as the training's, names the source, and tables the mapping."""
    text = explain_model(MODEL, CONTENT.sources)
    assert "deze training" in text and "Oude Vrielink en Wijdeven" in text
    rows = {
        MODEL.overnemen.naam: "onderschatten",
        MODEL.overvragen.naam: "overvragen",
        MODEL.overspoelen.naam: "beide kanten",
        MODEL.te_weinig_steun.naam: "overvragen",
    }
    lines = text.splitlines()
    for naam, kant in rows.items():
        row = next(line for line in lines if line.startswith(f"| {naam} |"))
        assert kant in row.split("|")[2], row
    assert "beide" in MODEL.positie.oordelen and "beide" in text
