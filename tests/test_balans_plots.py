"""The balans picture: both pulls drawn, and 'beide' never drawn like 'in balans'."""

from __future__ import annotations

import dataclasses

import pytest

from handreiking.content import bundled_content
from handreiking.content.balans import BalansCasus, BalansModel
from handreiking.plots.balans import BalancePicture, balance_alt, balance_figure, play_out_figure
from handreiking.scenarios.balans import Uitkomst, evaluate, play_out

CONTENT = bundled_content()
MODEL: BalansModel = CONTENT.of_kind("balans-model")[0]
CASES = {c.id: c for c in CONTENT.of_kind("balans-casus")}


def outcome(casus_id: str, which: str) -> tuple[BalansCasus, Uitkomst]:
    casus = CASES[casus_id]
    return casus, evaluate(MODEL, casus, casus.start_aanpak if which == "start" else casus.goed_aanpak)


@pytest.fixture
def picture() -> BalancePicture:
    return BalancePicture(MODEL)


def test_bars_show_each_pull_and_the_part_that_pulls_both_ways(picture: BalancePicture) -> None:
    """Solid bars reach the strongest part of each side; striped bars reach overspoelen, on both sides."""
    _, u = outcome("energieloket-uitdaagrecht", "start")
    picture.html(u)
    a = picture.artists
    assert a.left.get_width() == pytest.approx(-u.strongest("onderschatten"))
    assert a.right.get_width() == pytest.approx(u.strongest("overvragen"))
    s = u.valkuil("overspoelen").score
    assert s > 0
    assert a.left_both.get_width() == pytest.approx(-s) and a.right_both.get_width() == pytest.approx(s)


def test_a_one_sided_verdict_has_one_diamond_where_it_lands(picture: BalancePicture) -> None:
    """Onderschatten, overvragen and in balans: one diamond at the position, no stretched line."""
    for casus_id, which in (("zonnedak-energiecooperatie", "start"), ("buurtwarmte-vlinderbuurt", "start")):
        _, u = outcome(casus_id, which)
        picture.html(u)
        a = picture.artists
        assert a.marker.get_visible() and list(a.marker.get_xdata()) == [u.positie]
        assert not a.stretch.get_visible() and not a.pointer_left.get_visible()


def test_beide_is_drawn_as_two_pointers_not_a_diamond_in_the_middle(picture: BalancePicture) -> None:
    """For 'beide' the middle diamond is hidden; a line reaches from one pull to the other, a pointer at each end."""
    _, u = outcome("cpo-groep", "start")
    assert u.oordeel == "beide"
    html = picture.html(u)
    a = picture.artists
    assert not a.marker.get_visible()
    assert a.stretch.get_visible() and list(a.stretch.get_xdata()) == [-u.onderschatten, u.overvragen]
    assert list(a.pointer_left.get_xdata()) == [-u.onderschatten]
    assert list(a.pointer_right.get_xdata()) == [u.overvragen]
    assert "aan elke kant een" in html
    # the next, one-sided outcome brings the diamond back
    _, u = outcome("cpo-groep", "goed")
    picture.html(u)
    assert a.marker.get_visible() and not a.stretch.get_visible()


def test_beide_and_in_balans_look_different_even_at_the_same_position(picture: BalancePicture) -> None:
    """Two outcomes at the same position, one 'beide' and one 'in balans', give different pictures."""
    _, beide = outcome("cpo-groep", "start")
    _, balans = outcome("zonnedak-energiecooperatie", "goed")
    quiet = dataclasses.replace(balans, positie=beide.positie)
    assert picture.html(beide) != picture.html(quiet)


def test_alt_text_names_both_pulls_and_the_verdict() -> None:
    """The text alternative gives the position, the verdict and both pulls."""
    _, u = outcome("zonnedak-energiecooperatie", "start")
    alt = balance_alt(MODEL, u)
    assert f"{u.positie:+.2f}" in alt and u.oordeel_tekst in alt
    assert f"Trek naar onderschatten: {u.onderschatten:.2f}" in alt
    assert f"trek naar overvragen: {u.overvragen:.2f}" in alt


def test_static_figures_build() -> None:
    """The one-off figure builders (used in notebooks) give a figure with one axes each."""
    casus, u = outcome("cpo-groep", "start")
    assert len(balance_figure(MODEL, u).axes) == 1
    assert len(play_out_figure(MODEL, play_out(MODEL, casus, casus.start_aanpak)).axes) == 1
