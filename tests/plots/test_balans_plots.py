"""The balans figures: both pulls drawn, 'beide' never drawn like 'in balans', and both renderers agree."""

from __future__ import annotations

import dataclasses

import pytest
from chart_support import assert_same_view, mpl_view, svg_view

from handreiking.content import bundled_content
from handreiking.content.balans import BalansCasus, BalansModel
from handreiking.plots.balans import (
    BalancePicture,
    PlayOutPicture,
    balance_alt,
    balance_chart,
    balance_figure,
    play_out_chart,
    play_out_figure,
)
from handreiking.plots.chart import Bar, Line, Marker
from handreiking.plots.svg import chart_svg
from handreiking.scenarios.balans import Uitkomst, evaluate, play_out

CONTENT = bundled_content()
MODEL: BalansModel = CONTENT.of_kind("balans-model")[0]
CASES = {c.id: c for c in CONTENT.of_kind("balans-casus")}


def outcome(casus_id: str, which: str) -> tuple[BalansCasus, Uitkomst]:
    casus = CASES[casus_id]
    return casus, evaluate(MODEL, casus, casus.start_aanpak if which == "start" else casus.goed_aanpak)


def marks(uitkomst: Uitkomst) -> dict[str, list[object]]:
    """The moving marks of the balance chart by kind and key."""
    chart = balance_chart(MODEL, uitkomst)
    out: dict[str, list[object]] = {}
    for m in chart.marks:
        if isinstance(m, Bar | Marker | Line):
            out.setdefault(f"{type(m).__name__}:{m.key}", []).append(m)
    return out


ALL_OUTCOMES = [(c, w) for c in CASES for w in ("start", "goed")]


def test_bars_show_each_pull_and_the_part_that_pulls_both_ways() -> None:
    """Solid bars reach the strongest part of each side; striped bars reach overspoelen, on both sides."""
    _, u = outcome("energieloket-uitdaagrecht", "start")
    m = marks(u)
    (left,), (right,) = m["Bar:onderschatten"], m["Bar:overvragen"]
    assert left.left == pytest.approx(-u.strongest("onderschatten")) and left.left + left.width == 0
    assert right.left == 0 and right.width == pytest.approx(u.strongest("overvragen"))
    s = u.valkuil("overspoelen").score
    assert s > 0
    (lb,), (rb,) = m["Bar:beide-onderschatten"], m["Bar:beide-overvragen"]
    assert (lb.left, lb.width, lb.hatch) == (pytest.approx(-s), pytest.approx(s), "////")
    assert (rb.left, rb.width, rb.hatch) == (0, pytest.approx(s), "////")


def test_a_one_sided_verdict_has_one_diamond_where_it_lands() -> None:
    """Onderschatten, overvragen and in balans: one diamond at the position, no stretched line."""
    for casus_id, which in (("zonnedak-energiecooperatie", "start"), ("buurtwarmte-vlinderbuurt", "start")):
        _, u = outcome(casus_id, which)
        m = marks(u)
        (diamond,) = m["Marker:positie"]
        assert isinstance(diamond, Marker) and (diamond.x, diamond.shape) == (u.positie, "diamond")
        assert "Line:beide" not in m and "Marker:onderschatten" not in m


def test_beide_is_drawn_as_two_pointers_not_a_diamond_in_the_middle() -> None:
    """For 'beide' there is no diamond; a line reaches from one pull to the other, a pointer at each end."""
    _, u = outcome("cpo-groep", "start")
    assert u.oordeel == "beide"
    m = marks(u)
    assert "Marker:positie" not in m
    (line,) = m["Line:beide"]
    assert isinstance(line, Line) and line.xs == (-u.onderschatten, u.overvragen)
    (left,), (right,) = m["Marker:onderschatten"], m["Marker:overvragen"]
    assert (left.x, left.shape) == (-u.onderschatten, "left")  # type: ignore[attr-defined]
    assert (right.x, right.shape) == (u.overvragen, "right")  # type: ignore[attr-defined]
    assert "aan elke kant een" in BalancePicture(MODEL).html(u)
    _, u = outcome("cpo-groep", "goed")  # the next, one-sided outcome brings the diamond back
    assert "Marker:positie" in marks(u) and "Line:beide" not in marks(u)


def test_beide_and_in_balans_look_different_even_at_the_same_position() -> None:
    """Two outcomes at the same position, one 'beide' and one 'in balans', give different pictures."""
    picture = BalancePicture(MODEL)
    _, beide = outcome("cpo-groep", "start")
    _, balans = outcome("zonnedak-energiecooperatie", "goed")
    quiet = dataclasses.replace(balans, positie=beide.positie)
    assert picture.html(beide) != picture.html(quiet)
    assert picture.html(quiet) == picture.html(quiet)  # the same outcome gives the same picture


def test_alt_text_names_both_pulls_and_the_verdict() -> None:
    """The text alternative gives the position, the verdict and both pulls; the SVG carries it."""
    _, u = outcome("zonnedak-energiecooperatie", "start")
    alt = balance_alt(MODEL, u)
    assert f"{u.positie:+.2f}" in alt and u.oordeel_tekst in alt
    assert f"Trek naar onderschatten: {u.onderschatten:.2f}" in alt
    assert f"trek naar overvragen: {u.overvragen:.2f}" in alt
    assert balance_chart(MODEL, u).alt == alt


@pytest.mark.parametrize(("casus_id", "which"), ALL_OUTCOMES)
def test_svg_and_matplotlib_draw_the_same_balance(casus_id: str, which: str) -> None:
    """For every case (start and good approach), the SVG and the matplotlib figure show the same texts,
    bars (place, length, colour, hatch), line and markers."""
    _, u = outcome(casus_id, which)
    chart = balance_chart(MODEL, u)
    assert_same_view(svg_view(chart, chart_svg(chart)), mpl_view(balance_figure(MODEL, u)))


@pytest.mark.parametrize(("casus_id", "which"), ALL_OUTCOMES[:4])
def test_svg_and_matplotlib_draw_the_same_play_out(casus_id: str, which: str) -> None:
    """The play-out: the same three lines (every month), tick labels, axis title and legend in both renderers."""
    casus, _ = outcome(casus_id, which)
    records = play_out(MODEL, casus, casus.start_aanpak if which == "start" else casus.goed_aanpak)
    chart = play_out_chart(MODEL, records)
    svg, mpl = svg_view(chart, chart_svg(chart)), mpl_view(play_out_figure(MODEL, records))
    assert_same_view(svg, mpl)
    assert len(svg.lines) == 3 and all(len(xs) == len(records) for xs, _, _ in svg.lines)
    assert set(MODEL.labels.reeksen.values()) <= set(svg.texts) and MODEL.labels.maand in svg.texts
    energie = next(ys for _, ys, colour in svg.lines if colour == "#a05a00")
    assert energie == pytest.approx([r["energie"] for r in records], abs=0.2)
    assert PlayOutPicture(MODEL).html(records).count("<svg") == 1
