"""The rollen teaching model (Les 1, Stap 1.1): pulls, fit, tensions, feedback, and the weights that stay at 100."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handreiking.content import STAP_IDS, bundled_content
from handreiking.content.rollen import FACTOR_IDS, ROL_IDS, RollenModel, RollenVraagstuk
from handreiking.scenarios.rollen import (
    evaluate,
    explain_model,
    fit_score,
    pull_shares,
    pulls_table,
    rebalance,
    validate_mix,
)

CONTENT = bundled_content()
MODEL: RollenModel = CONTENT.of_kind("rollen-model")[0]
CASES: dict[str, RollenVraagstuk] = {v.id: v for v in CONTENT.of_kind("rollen-vraagstuk")}


def only(rol: str) -> dict[str, int]:
    return {r: 100 if r == rol else 0 for r in ROL_IDS}


EVEN = {r: 25 for r in ROL_IDS}

mixes = (
    st.lists(st.integers(0, 100), min_size=3, max_size=3)
    .filter(lambda xs: sum(xs) <= 100)
    .map(lambda xs: dict(zip(ROL_IDS, [*xs, 100 - sum(xs)], strict=True)))
)


# --- each factor's pull ------------------------------------------------------------


@pytest.mark.parametrize("case_id", sorted(CASES))
@pytest.mark.parametrize("factor", FACTOR_IDS)
def test_top_role_per_factor_follows_the_data(case_id: str, factor: str) -> None:
    """The role(s) a factor pulls toward most, as the model reports them, are the case file's highest pull(s)."""
    case = CASES[case_id]
    trek = case.factor(factor).trek
    expected = {r for r in ROL_IDS if trek[r] == max(trek.values())}
    assert set(evaluate(MODEL, case, EVEN).factor(factor).top_rollen) == expected


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_what_a_factor_asks_adds_up_to_100(case_id: str) -> None:
    """A factor's pull, turned into shares, asks for 100% in all."""
    for f in evaluate(MODEL, CASES[case_id], EVEN).factoren:
        assert sum(f.gevraagd.values()) == pytest.approx(100)


def test_pull_shares_and_fit_by_hand() -> None:
    """A pull of 3, 1, 0, 2 asks 50/17/0/33%; a mix 40/40/0/20 overlaps 40 + 16.7 + 0 + 20 = 76.7%."""
    shares = pull_shares({"rechtmatig": 3, "presterend": 1, "netwerkend": 0, "responsief": 2})
    assert [round(shares[r]) for r in ROL_IDS] == [50, 17, 0, 33]
    mix = {"rechtmatig": 40, "presterend": 40, "netwerkend": 0, "responsief": 20}
    assert fit_score(mix, shares) == pytest.approx(76.67, abs=0.01)


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_mix_that_matches_a_factor_fits_it_best(case_id: str) -> None:
    """Putting all weight on a factor's top role fits that factor better than putting it on its weakest role."""
    case = CASES[case_id]
    for factor in FACTOR_IDS:
        trek = case.factor(factor).trek
        top = max(ROL_IDS, key=lambda r: trek[r])
        low = min(ROL_IDS, key=lambda r: trek[r])
        assert evaluate(MODEL, case, only(top)).factor(factor).fit > evaluate(MODEL, case, only(low)).factor(factor).fit


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_start_mix_is_a_valid_mix(case_id: str) -> None:
    """Every case starts from a mix that adds up to 100."""
    assert sum(validate_mix(CASES[case_id].start_mix.as_dict()).values()) == 100


def test_cases_pull_in_different_directions() -> None:
    """The vraagstukken differ: their 'vraagstuk' factors do not all pull toward the same role."""
    tops = {max(ROL_IDS, key=lambda r: c.factor("vraagstuk").trek[r]) for c in CASES.values()}
    assert len(CASES) >= 5 and len(tops) >= 3


# --- consistency of the weights ----------------------------------------------------


@given(mix=mixes, rol=st.sampled_from(ROL_IDS), value=st.integers(-20, 130))
def test_rebalance_keeps_the_mix_whole(mix: dict[str, int], rol: str, value: int) -> None:
    """Moving one role always leaves four whole numbers in 0..100 that add up to exactly 100."""
    out = rebalance(mix, rol, value)
    assert list(out) == list(ROL_IDS)
    assert sum(out.values()) == 100
    assert all(isinstance(v, int) and 0 <= v <= 100 for v in out.values())


@given(mix=mixes, rol=st.sampled_from(ROL_IDS), value=st.integers(0, 100))
def test_rebalance_gives_the_moved_role_its_value(mix: dict[str, int], rol: str, value: int) -> None:
    """The role the participant moved gets exactly the value they chose."""
    assert rebalance(mix, rol, value)[rol] == value


@given(mix=mixes, rol=st.sampled_from(ROL_IDS), value=st.integers(0, 100))
def test_rebalance_keeps_the_order_of_the_others(mix: dict[str, int], rol: str, value: int) -> None:
    """A role that had more than another before the move never ends up with less."""
    out = rebalance(mix, rol, value)
    others = [r for r in ROL_IDS if r != rol]
    for a in others:
        for b in others:
            if mix[a] > mix[b]:
                assert out[a] >= out[b]


def test_rebalance_scales_the_others_proportionally() -> None:
    """Raising responsief from 25 to 40 takes 5 points from each of the three equal others."""
    assert rebalance(EVEN, "responsief", 40) == {"rechtmatig": 20, "presterend": 20, "netwerkend": 20, "responsief": 40}


def test_rebalance_when_all_others_are_zero() -> None:
    """From 100% on one role, lowering it shares the rest equally (whole numbers, still 100)."""
    assert rebalance(only("rechtmatig"), "rechtmatig", 70) == {
        "rechtmatig": 70,
        "presterend": 10,
        "netwerkend": 10,
        "responsief": 10,
    }
    out = rebalance(only("rechtmatig"), "rechtmatig", 0)
    assert out == {"rechtmatig": 0, "presterend": 34, "netwerkend": 33, "responsief": 33}


def test_rebalance_rejects_an_unknown_role() -> None:
    """A role that does not exist is refused with a Dutch message."""
    with pytest.raises(ValueError, match="Onbekende rol"):
        rebalance(EVEN, "sturend", 50)


@pytest.mark.parametrize(
    "mix, words",
    [
        ({"rechtmatig": 50, "presterend": 50, "netwerkend": 0, "responsief": 10}, "samen 100"),
        ({"rechtmatig": 50, "presterend": 50, "netwerkend": 0}, "ontbreekt: responsief"),
        ({"rechtmatig": 50.5, "presterend": 49.5, "netwerkend": 0, "responsief": 0}, "geheel getal"),
    ],
)
def test_invalid_mix_is_refused_in_dutch(mix: dict[str, float], words: str) -> None:
    """A mix that is not four whole numbers adding up to 100 is refused, saying what is wrong."""
    with pytest.raises(ValueError, match=words):
        validate_mix(mix)


# --- determinism -------------------------------------------------------------------


@given(mix=mixes, case_id=st.sampled_from(sorted(CASES)))
def test_same_input_same_outcome(mix: dict[str, int], case_id: str) -> None:
    """The model is deterministic: the same case and mix always give the same outcome."""
    assert evaluate(MODEL, CASES[case_id], mix) == evaluate(MODEL, CASES[case_id], dict(mix))


@given(mix=mixes, rol=st.sampled_from(ROL_IDS), value=st.integers(0, 100))
def test_rebalance_is_deterministic(mix: dict[str, int], rol: str, value: int) -> None:
    """Rebalancing the same mix twice gives the same mix."""
    assert rebalance(mix, rol, value) == rebalance(dict(mix), rol, value)


# --- tensions ----------------------------------------------------------------------


def test_all_responsief_in_the_windpark_names_rechtmatig_and_its_reason() -> None:
    """100% responsief for the windpark: a tension that names rechtmatig, its minimum and the permit reason."""
    case = CASES["windpark-lokaal-eigendom"]
    u = evaluate(MODEL, case, only("responsief"))
    [minimum] = [s for s in u.spanningen if s.id == "minimum-rechtmatig"]
    assert minimum.rollen == ("rechtmatig",) and minimum.grens == case.minimum[0].aandeel
    assert "rechtmatig" in minimum.tekst and "vergunning" in minimum.tekst
    assert "Stap 1.2" in minimum.tekst


def test_minimum_met_gives_no_minimum_tension() -> None:
    """At or above the case's minimum share, the minimum tension disappears."""
    case = CASES["windpark-lokaal-eigendom"]
    needed = case.minimum[0].aandeel
    mix = rebalance(only("responsief"), "rechtmatig", needed)
    assert not [s for s in evaluate(MODEL, case, mix).spanningen if s.id.startswith("minimum-")]


def test_subsidy_minimum_rests_on_stap_3_3() -> None:
    """The energieloket's minimum (public money) names Stap 3.3 and says it is not legal advice."""
    u = evaluate(MODEL, CASES["energieloket-uitdaagrecht"], only("responsief"))
    [minimum] = [s for s in u.spanningen if s.id == "minimum-rechtmatig"]
    assert "3.3" in minimum.stappen and "geen juridisch advies" in minimum.tekst


def test_all_rechtmatig_behind_the_front_door() -> None:
    """100% rechtmatig for home insulation: a tension about 'achter de voordeur'."""
    u = evaluate(MODEL, CASES["isolatie-vogelbuurt"], only("rechtmatig"))
    [spanning] = [s for s in u.spanningen if s.id == "achter-de-voordeur"]
    assert "achter de voordeur" in spanning.tekst and spanning.aandeel == 0


def test_front_door_rule_only_for_cases_behind_the_front_door() -> None:
    """The windpark plays in public space: all on rechtmatig there raises no 'achter de voordeur' tension."""
    u = evaluate(MODEL, CASES["windpark-lokaal-eigendom"], only("rechtmatig"))
    assert "achter-de-voordeur" not in {s.id for s in u.spanningen}


@pytest.mark.parametrize("rol", ROL_IDS)
def test_a_single_role_asks_to_stack(rol: str) -> None:
    """A single role at 100% always raises the stacking tension, naming that role."""
    u = evaluate(MODEL, CASES["warmtenet-kanaaldorp"], only(rol))
    [spanning] = [s for s in u.spanningen if s.id == "stapelen"]
    assert spanning.rollen == (rol,) and "stapelen" in spanning.tekst
    assert u.gestapeld == 1


def test_even_mix_raises_no_stacking_tension() -> None:
    """Four roles at 25% are stacked: no stacking tension."""
    assert "stapelen" not in {s.id for s in evaluate(MODEL, CASES["warmtenet-kanaaldorp"], EVEN).spanningen}


def test_little_experience_and_all_network_is_a_learning_step() -> None:
    """With little experience, 80% netwerkend + responsief is flagged as a learning process, not elsewhere."""
    mix = {"rechtmatig": 10, "presterend": 10, "netwerkend": 40, "responsief": 40}
    weinig = evaluate(MODEL, CASES["energieloket-uitdaagrecht"], mix)
    veel = evaluate(MODEL, CASES["warmtenet-kanaaldorp"], mix)
    assert "leerproces" in {s.id for s in weinig.spanningen}
    assert "leerproces" not in {s.id for s in veel.spanningen}


def test_no_rechtmatig_without_a_minimum_names_the_rules() -> None:
    """Zero rechtmatig in a case without a minimum still reminds that rules apply; with a minimum only once."""
    mix = {"rechtmatig": 0, "presterend": 20, "netwerkend": 40, "responsief": 40}
    zonder = evaluate(MODEL, CASES["isolatie-vogelbuurt"], mix)
    met = evaluate(MODEL, CASES["warmtenet-kanaaldorp"], mix)
    assert "regels-uit-beeld" in {s.id for s in zonder.spanningen}
    assert {s.id for s in met.spanningen} & {"regels-uit-beeld", "minimum-rechtmatig"} == {"minimum-rechtmatig"}


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_start_mix_fits_at_least_partly(case_id: str) -> None:
    """Each case's start mix is a reasonable stacked mix: at least partly fitting, more than one role."""
    case = CASES[case_id]
    u = evaluate(MODEL, case, case.start_mix.as_dict())
    assert u.fit >= 50 and u.gestapeld >= 2


# --- feedback ----------------------------------------------------------------------


@given(mix=mixes, case_id=st.sampled_from(sorted(CASES)))
def test_every_feedback_names_a_valid_step(mix: dict[str, int], case_id: str) -> None:
    """Every feedback item rests on at least one real step and says so in its text."""
    u = evaluate(MODEL, CASES[case_id], mix)
    assert u.feedback
    for item in u.feedback:
        assert item.stappen and set(item.stappen) <= set(STAP_IDS)
        for stap in item.stappen:
            assert f"Stap {stap}" in item.tekst


def test_feedback_names_steps_beyond_1_1_where_relevant() -> None:
    """Politics points to Stap 1.2 and personal style to Stap 6.2."""
    u = evaluate(MODEL, CASES["isolatie-vogelbuurt"], EVEN)
    assert "1.2" in u.factor("politieke-voorkeur").stappen
    assert "6.2" in u.factor("persoonlijke-stijl").stappen


def test_poor_fit_adds_the_factor_tip() -> None:
    """A factor the mix fits poorly carries the model's tip; a good fit does not."""
    case = CASES["windpark-lokaal-eigendom"]
    poor = evaluate(MODEL, case, only("responsief")).factor("persoonlijke-stijl")
    good = evaluate(MODEL, case, case.start_mix.as_dict()).factor("persoonlijke-stijl")
    assert poor.tip and poor.oordeel == "schuurt"
    assert good.tip is None and good.oordeel == "goed"


def test_reflection_names_the_case_and_the_weakest_factor() -> None:
    """The overall reflection names the vraagstuk and the factor with the lowest fit."""
    case = CASES["energieloket-uitdaagrecht"]
    u = evaluate(MODEL, case, case.start_mix.as_dict())
    weakest = min(u.factoren, key=lambda f: f.fit)
    assert case.title in u.reflectie and weakest.naam in u.reflectie


def test_outcome_is_plain_data() -> None:
    """The outcome converts to plain dicts and lists (for storing or exporting)."""
    import json

    data = evaluate(MODEL, CASES["isolatie-vogelbuurt"], EVEN).as_dict()
    assert json.loads(json.dumps(data))["vraagstuk"] == "isolatie-vogelbuurt"


# --- explaining the model ----------------------------------------------------------


def test_explain_model_comes_from_the_data() -> None:
    """'Hoe werkt dit model?' lists the roles, factors, thresholds, rules and what the model leaves out."""
    text = explain_model(MODEL, CONTENT.sources)
    for item in [*MODEL.rollen, *MODEL.factoren]:
        assert item.naam in text
    for regel in MODEL.spanningen:
        assert regel.titel in text
    for item in MODEL.laat_weg:
        assert item in text
    assert CONTENT.sources[MODEL.bron].url in text


def test_pulls_table_has_a_row_per_factor() -> None:
    """The notebook's table of pulls has the four factors as rows and the four roles as columns."""
    table = pulls_table(MODEL, CASES["isolatie-vogelbuurt"])
    assert table.shape == (4, 4)
    assert (
        table.loc["Het vraagstuk", "Responsief"] == CASES["isolatie-vogelbuurt"].factor("vraagstuk").trek["responsief"]
    )
