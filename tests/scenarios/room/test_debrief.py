"""The debrief per case (handreiking/scenarios/room/debrief.py): pure numbers from typed answers."""

from __future__ import annotations

import statistics

from handreiking.content import Content
from handreiking.content.rollen import rollen_model, rollen_vraagstukken
from handreiking.scenarios.balans import evaluate
from handreiking.scenarios.rollen import pull_shares
from handreiking.scenarios.room.balans import BalansAntwoord
from handreiking.scenarios.room.debrief import balans_debrief, rollen_debrief
from handreiking.scenarios.room.rollen import RollenAntwoord


def _balans(casus: str, positie: float, oordeel: str, **levels: str) -> BalansAntwoord:
    valkuilen = {v: {"score": 0.5, "niveau": n} for v, n in levels.items()}
    return BalansAntwoord(casus=casus, positie=positie, oordeel=oordeel, valkuilen=valkuilen)


def test_balans_beide_apart_mean_and_the_well_judged_approach(content: Content) -> None:
    model = content.of_kind("balans-model")[0]
    cases = content.of_kind("balans-casus")
    first, second = cases[0], cases[1]
    answers = [
        _balans(first.id, -0.6, "onderschatten", overnemen="hoog", overvragen="laag", overspoelen="midden"),
        _balans(first.id, 0.05, "beide", overnemen="hoog", overvragen="hoog", overspoelen="hoog"),
        _balans(first.id, 0.1, "in-balans", overnemen="laag", overvragen="laag", overspoelen="laag"),
        _balans(second.id, 0.9, "overvragen", overvragen="hoog"),
        _balans("onbekende-casus", 0.0, "in-balans"),
    ]
    debrief = balans_debrief(model, cases, answers)
    assert [d.casus for d in debrief] == [first.id, second.id]  # case order, unknown case left out
    one = debrief[0]
    assert one.count == 3 and one.beide == (0.05,) and one.posities == (-0.6, 0.1)
    assert one.mean == round(statistics.fmean([-0.6, 0.1]), 3)  # "beide" does not pull the mean to the middle
    assert one.goed_positie == evaluate(model, first, first.goed_aanpak).positie
    assert one.oordelen["beide"] == 1 and sum(one.oordelen.values()) == 3
    assert one.top_pitfall is not None and one.top_pitfall.id == "overnemen"
    assert (one.top_pitfall.hoog, one.top_pitfall.midden) == (2, 0)
    text = one.describe()
    assert "3 antwoorden." in text and "1 antwoord is uit balans aan twee kanten" in text
    assert model.overnemen.naam.lower() in text and "-0,25" in text  # Dutch decimal comma
    assert debrief[1].describe().startswith("1 antwoord.")


def test_balans_no_pitfall_is_said_so(content: Content) -> None:
    model = content.of_kind("balans-model")[0]
    casus = content.of_kind("balans-casus")[0]
    (one,) = balans_debrief(model, [casus], [_balans(casus.id, 0.0, "in-balans", overnemen="laag")])
    assert one.top_pitfall is None and "Geen enkel antwoord kwam in een valkuil terecht." in one.describe()


def test_rollen_room_mix_next_to_the_factors(content: Content) -> None:
    model = rollen_model(content)
    vraagstuk = rollen_vraagstukken(content)[0]
    mixes = [
        {"rechtmatig": 10, "presterend": 20, "netwerkend": 30, "responsief": 40},
        {"rechtmatig": 30, "presterend": 20, "netwerkend": 30, "responsief": 20},
    ]
    answers = [RollenAntwoord(casus=vraagstuk.id, mix=m, gestapeld=4, totaal=60 + 10 * i) for i, m in enumerate(mixes)]
    (item,) = rollen_debrief(model, [vraagstuk], answers)
    assert item.count == 2 and item.stacked == 2 and item.fit == 65
    rechtmatig = item.rollen[0]
    assert (rechtmatig.mean, rechtmatig.stdev, rechtmatig.low, rechtmatig.high) == (20, 10, 10, 30)
    weights = {f.id: f.gewicht for f in model.factoren}
    asks = {f: pull_shares(vraagstuk.factor(f).trek)["rechtmatig"] for f in weights}
    assert rechtmatig.asks == {f: round(v, 1) for f, v in asks.items()}
    assert rechtmatig.ask == round(sum(asks[f] * w for f, w in weights.items()) / sum(weights.values()), 1)
    assert "2 deelnemers; 2 keer een gestapelde mix." in item.describe()
    assert rollen_debrief(model, [vraagstuk], []) == ()
