"""The route-kiezer (Les 3, Stap 3.3): which aanbestedingsroute fits, why, and always 'geen juridisch advies'."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handreiking.content import DATA_DIR, Content, check_paths
from handreiking.content.routekiezer import Routekiezer, routekiezer_data
from handreiking.scenarios.routekiezer import evaluate, explain_routekiezer

KIEZER_FILE = DATA_DIR / "scenarios" / "routekiezer" / "routekiezer.yaml"
NOTICE = "Dit is geen juridisch advies; overleg met je inkoop- of juridisch adviseur."

SITUATIES: dict[str, dict[str, str]] = {
    "route-1": {"verplichting": "opdracht", "omvang": "klein", "aanbesteding": "nee"},
    "route-2": {"verplichting": "opdracht", "omvang": "groot", "samenwerking": "intensief"},
    "route-3": {"verplichting": "opdracht", "doelgroep": "diensten", "samenwerking": "afgebakend"},
    "route-4": {"omvang": "middel", "aanbesteding": "ja", "lokale-kennis": "essentieel"},
    "route-5": {"aanbesteding": "ja", "ervaring": "geen", "lokale-kennis": "nee"},
}
"""A fitting (invented) situation per route: question id -> answer id."""


@pytest.fixture(scope="module")
def kiezer(content: Content) -> Routekiezer:
    return routekiezer_data(content)


def broken_file(write_yaml: Callable[[str, str], Path], change: Callable[[dict], None]) -> Path:
    data = yaml.safe_load(KIEZER_FILE.read_text(encoding="utf-8"))
    data["id"] = "kapotte-routekiezer"
    change(data)
    return write_yaml("kapot.yaml", yaml.safe_dump(data, allow_unicode=True))


def test_data_file_validates() -> None:
    """data/scenarios/routekiezer/routekiezer.yaml passes the content check."""
    assert check_paths([KIEZER_FILE]) == []


def test_the_five_routes_of_stap_3_3(kiezer: Routekiezer, content: Content) -> None:
    """The tool knows exactly the five routes of the framework aanbestedingsroutes, in order."""
    framework = content.frameworks[kiezer.framework]
    assert kiezer.stap == "3.3" and kiezer.framework == "aanbestedingsroutes"
    assert [r.item.split("/")[1] for r in kiezer.routes] == [i.id for i in framework.items]


@pytest.mark.parametrize("route_id", sorted(SITUATIES))
def test_each_route_comes_out_on_top_for_a_fitting_situation(
    kiezer: Routekiezer, content: Content, route_id: str
) -> None:
    """For a situation that fits a route, that route ranks first and is among the best fitting."""
    uitkomst = evaluate(kiezer, SITUATIES[route_id], content.sources)
    assert uitkomst.ranking[0].route.id == route_id
    assert uitkomst.beste[0].route.id == route_id
    assert uitkomst.ranking[0].voor, "the top route comes with at least one reason"


@pytest.mark.parametrize("route_id", sorted(SITUATIES))
def test_every_reason_names_stap_3_3_and_the_source(kiezer: Routekiezer, content: Content, route_id: str) -> None:
    """Each route advice names Stap 3.3 and the Handreiking Burgerinitiatieven & het aanbestedingsrecht."""
    uitkomst = evaluate(kiezer, SITUATIES[route_id], content.sources)
    for advies in uitkomst.ranking:
        assert advies.stap == "3.3" and advies.bron == "did-aanbestedingsrecht"
        assert "Stap 3.3" in advies.verwijzing
        assert "Handreiking Burgerinitiatieven & het aanbestedingsrecht" in advies.verwijzing
        assert advies.bron_url.startswith("https://")
        for reden in (*advies.voor, *advies.tegen):
            assert "(Stap 3.3)" in reden.regel


def test_a_route_that_does_not_fit_gets_a_reason_against(kiezer: Routekiezer) -> None:
    """A large contract counts against direct award (route 1), with the reason shown as 'tegen'."""
    uitkomst = evaluate(kiezer, {"omvang": "groot", "samenwerking": "intensief"})
    route1 = next(a for a in uitkomst.ranking if a.route.id == "route-1")
    assert route1.punten < 0 and route1.tegen and not route1.voor


def test_same_answers_give_the_same_result(kiezer: Routekiezer, content: Content) -> None:
    """The tool is deterministic: the same answers give an identical result."""
    first = evaluate(kiezer, SITUATIES["route-5"], content.sources)
    assert first == evaluate(kiezer, dict(SITUATIES["route-5"]), content.sources)


def test_ties_keep_the_order_of_the_routes(kiezer: Routekiezer) -> None:
    """Routes with equal points keep the order 1-5 of the data, so the ranking never flips at random."""
    uitkomst = evaluate(kiezer, {})
    assert [a.route.id for a in uitkomst.ranking] == [r.id for r in kiezer.routes]


def test_too_few_answers_name_no_route(kiezer: Routekiezer) -> None:
    """With fewer counted answers than min_beantwoord the tool asks for more and names no route."""
    uitkomst = evaluate(kiezer, {"omvang": "klein"})
    assert uitkomst.beste == () and uitkomst.melding == kiezer.te_weinig


def test_dont_know_does_not_count(kiezer: Routekiezer) -> None:
    """'Weet ik niet' gives no points and does not count as answered, but is remembered."""
    antwoorden = {v.id: next(a.id for a in v.antwoorden if not a.telt) for v in kiezer.vragen}
    uitkomst = evaluate(kiezer, antwoorden)
    assert uitkomst.beantwoord == 0 and len(uitkomst.onbekend) == len(kiezer.vragen)
    assert all(a.punten == 0 for a in uitkomst.ranking)


def test_subsidy_answer_adds_a_remark(kiezer: Routekiezer) -> None:
    """Saying it is a subsidy (no enforceable obligation) adds the remark that procurement routes hardly apply."""
    uitkomst = evaluate(kiezer, {"verplichting": "subsidie", "omvang": "klein"})
    assert any("subsidie" in o.text and o.stap == "3.3" for o in uitkomst.opmerkingen)


def test_no_route_with_points_gives_the_no_preference_message(kiezer: Routekiezer) -> None:
    """Answers that count but favour nothing give the 'geen voorkeur' message instead of a route."""
    uitkomst = evaluate(kiezer, {"verplichting": "opdracht", "lokale-kennis": "nee"})
    assert uitkomst.beste == () and uitkomst.melding == kiezer.geen_voorkeur


def test_close_runner_up_is_shown_as_fitting_too(kiezer: Routekiezer) -> None:
    """A route within 'marge' points of the best one also counts as fitting best."""
    uitkomst = evaluate(kiezer, SITUATIES["route-5"])
    top = uitkomst.beste[0].punten
    assert all(top - a.punten <= kiezer.marge and a.punten > 0 for a in uitkomst.beste)
    assert all(a in uitkomst.beste for a in uitkomst.ranking if a.punten > 0 and top - a.punten <= kiezer.marge)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_answers_keep_the_notice_and_a_sorted_ranking(kiezer: Routekiezer, data: st.DataObject) -> None:
    """Whatever is answered: the not-legal-advice notice is there, all five routes are ranked high to low."""
    antwoorden = {
        v.id: data.draw(st.sampled_from([None, *(a.id for a in v.antwoorden)]), label=v.id) for v in kiezer.vragen
    }
    uitkomst = evaluate(kiezer, antwoorden)
    assert uitkomst.disclaimer == NOTICE
    assert len(uitkomst.ranking) == len(kiezer.routes)
    punten = [a.punten for a in uitkomst.ranking]
    assert punten == sorted(punten, reverse=True)
    assert bool(uitkomst.beste) != bool(uitkomst.melding)
    assert all(a.punten > 0 for a in uitkomst.beste)


def test_unknown_answer_ids_are_ignored(kiezer: Routekiezer) -> None:
    """An answer id that does not exist counts as not answered."""
    uitkomst = evaluate(kiezer, {"omvang": "reusachtig"})
    assert uitkomst.antwoorden["omvang"] is None and uitkomst.beantwoord == 0


def test_explanation_is_written_from_the_data(kiezer: Routekiezer) -> None:
    """'Hoe werkt de route-kiezer?' names the notice, every route, every question and what it leaves out."""
    text = explain_routekiezer(kiezer)
    assert NOTICE in text
    for item in (*(r.naam for r in kiezer.routes), *(v.prompt for v in kiezer.vragen), *kiezer.laat_weg):
        assert item in text


def test_effect_on_unknown_route_is_reported_in_dutch(write_yaml: Callable[[str, str], Path]) -> None:
    """An answer that gives points to a route that does not exist: a Dutch message naming the field."""

    def change(data: dict) -> None:
        data["vragen"][1]["antwoorden"][0]["effecten"][0]["route"] = "route-9"

    problems = check_paths([broken_file(write_yaml, change)])
    assert any(
        p.location == "vragen #2 › antwoorden #1 › effecten #1 › route" and "route 'route-9' bestaat niet" in p.message
        for p in problems
    ), problems


def test_missing_notice_is_reported_in_dutch(write_yaml: Callable[[str, str], Path]) -> None:
    """A route-kiezer without its 'disclaimer' does not load: the field is named as missing."""

    def change(data: dict) -> None:
        del data["disclaimer"]

    problems = check_paths([broken_file(write_yaml, change)])
    assert any(p.location == "disclaimer" and "ontbreekt" in p.message for p in problems), problems


def test_notice_must_say_not_legal_advice(write_yaml: Callable[[str, str], Path]) -> None:
    """A notice that drops 'geen juridisch advies' is rejected."""

    def change(data: dict) -> None:
        data["disclaimer"] = "Overleg met je inkoper."

    problems = check_paths([broken_file(write_yaml, change)])
    assert any(p.location == "disclaimer" and "geen juridisch advies" in p.message for p in problems), problems


def test_points_out_of_range_are_reported(write_yaml: Callable[[str, str], Path]) -> None:
    """Points must lie between -3 and 3; a 5 is reported at its field."""

    def change(data: dict) -> None:
        data["vragen"][1]["antwoorden"][0]["effecten"][0]["punten"] = 5

    problems = check_paths([broken_file(write_yaml, change)])
    assert any(
        p.location == "vragen #2 › antwoorden #1 › effecten #1 › punten" and "hoogstens 3" in p.message
        for p in problems
    ), problems
