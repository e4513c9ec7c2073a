"""The SVG renderer: well-formed XML, a text alternative, text escaped, scaling, ids that do not clash."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from chart_support import NS, assert_same_view, mpl_view, svg_view

from handreiking.content import bundled_content
from handreiking.content.rollen import rollen_model, rollen_vraagstukken
from handreiking.plots.balans import BalancePicture, PlayOutPicture, balance_chart, play_out_chart
from handreiking.plots.chart import Axis, Chart, Label, Legend, LegendEntry, nice_ticks, number_label
from handreiking.plots.mpl import chart_figure
from handreiking.plots.rollen import MixPicture, factors_chart, factors_svg, mix_chart
from handreiking.plots.svg import chart_svg
from handreiking.scenarios.balans import evaluate as evaluate_balans
from handreiking.scenarios.balans import play_out
from handreiking.scenarios.rollen import evaluate as evaluate_rollen

CONTENT = bundled_content()
BALANS = CONTENT.of_kind("balans-model")[0]
ROLLEN = rollen_model(CONTENT)
EVIL = "<script>alert(\"x\")</script> & 'co'"


def charts() -> list[Chart]:
    """Every figure of the apps, for a few states (also 'beide' and a case with a minimum share)."""
    out = []
    for casus in CONTENT.of_kind("balans-casus")[:3]:
        out += [balance_chart(BALANS, evaluate_balans(BALANS, casus, casus.start_aanpak))]
        out += [play_out_chart(BALANS, play_out(BALANS, casus, casus.start_aanpak))]
    for v in rollen_vraagstukken(CONTENT):
        out += [mix_chart(ROLLEN, v, evaluate_rollen(ROLLEN, v, v.start_mix.as_dict())), factors_chart(ROLLEN, v)]
    return out


@pytest.mark.parametrize("chart", charts(), ids=lambda c: c.name)
def test_svg_is_well_formed_scales_and_carries_its_text_alternative(chart: Chart) -> None:
    """Parses as XML; role="img" with the alt text as aria-label and <title>; a viewBox, width 100%, no height."""
    svg = chart_svg(chart)
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img" and root.get("aria-label") == chart.alt
    title = root.find(f"{NS}title")
    assert title is not None and title.text == chart.alt and len(chart.alt) > 40
    assert root.get("viewBox") == f"0 0 {chart.width * 100:g} {chart.height * 100:g}"
    assert root.get("width") == "100%" and root.get("height") is None
    assert "height:auto" in (root.get("style") or "")


@pytest.mark.parametrize("chart", charts()[:4], ids=lambda c: c.name)
def test_every_hatch_refers_to_a_pattern_in_the_same_svg(chart: Chart) -> None:
    """url(#id) fills resolve inside the SVG itself, so one figure never depends on another's patterns."""
    root = ET.fromstring(chart_svg(chart))
    ids = {p.get("id") for p in root.iter(f"{NS}pattern")}
    used = {m for e in root.iter() for m in re.findall(r"url\(#([^)]+)\)", e.get("fill", ""))}
    assert used <= ids


def test_two_pictures_on_one_page_use_different_ids() -> None:
    """Two pictures (two apps in one page) never share an id; one picture keeps its ids from update to update."""
    v = rollen_vraagstukken(CONTENT)[0]
    u = evaluate_rollen(ROLLEN, v, v.start_mix.as_dict())
    first, second = MixPicture(ROLLEN, v), MixPicture(ROLLEN, v)
    ids = [set(re.findall(r'id="([^"]+)"', p.html(u))) for p in (first, second)]
    assert ids[0] and not ids[0] & ids[1]
    assert first.html(u) == first.html(u)
    assert not set(re.findall(r'id="([^"]+)"', factors_svg(ROLLEN, v))) & ids[0]


def test_all_text_is_escaped() -> None:
    """Markup in a label, tick, title, legend or the alt text arrives as text, never as elements."""
    chart = Chart(
        name="test",
        width=4,
        height=2,
        x=Axis(0, 1, ((0, EVIL), (1, "1"))),
        y=Axis(0, 1, ((0.5, EVIL),)),
        marks=(Label(0.5, 0.5, EVIL, box="#1f4e99"),),
        alt=EVIL,
        title=EVIL,
        legend=Legend((LegendEntry(EVIL, "#1f4e99", "patch", hatch="xx"),)),
    )
    svg = chart_svg(chart)
    assert "<script" not in svg and "&lt;script&gt;" in svg
    root = ET.fromstring(svg)
    assert root.get("aria-label") == EVIL
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert texts.count(EVIL) == 5  # the label, two ticks, the title, the legend
    assert not [e for e in root.iter() if e.tag.endswith("script")]


def test_case_text_from_a_trainers_file_is_escaped_in_the_apps_figures() -> None:
    """A role name or factor name with markup (a trainer's own file) shows as text in both rollen charts."""
    model = ROLLEN.model_copy(
        update={"rollen": [r.model_copy(update={"kort": f"{r.kort} <b>&</b>"}) for r in ROLLEN.rollen]}
    )
    v = rollen_vraagstukken(CONTENT)[0]
    for svg in (MixPicture(model, v).html(evaluate_rollen(model, v, v.start_mix.as_dict())), factors_svg(model, v)):
        root = ET.fromstring(svg)
        assert any(t.text and t.text.endswith(" <b>&</b>") for t in root.iter(f"{NS}text"))
        assert "<b>" not in svg


def test_the_comparison_sees_a_difference() -> None:
    """The check the per-figure tests use fails when the two renderers drew different data."""
    v = rollen_vraagstukken(CONTENT)[0]
    one = mix_chart(
        ROLLEN, v, evaluate_rollen(ROLLEN, v, {"rechtmatig": 40, "presterend": 30, "netwerkend": 20, "responsief": 10})
    )
    other = mix_chart(
        ROLLEN, v, evaluate_rollen(ROLLEN, v, {"rechtmatig": 40, "presterend": 31, "netwerkend": 19, "responsief": 10})
    )
    with pytest.raises(AssertionError):
        assert_same_view(svg_view(one, chart_svg(one)), mpl_view(chart_figure(other)))
    casus = CONTENT.of_kind("balans-casus")[0]
    records = play_out(BALANS, casus, casus.start_aanpak)
    moved = [dict(r, energie=r["energie"] + 1) for r in records]
    a, b = play_out_chart(BALANS, records), play_out_chart(BALANS, moved)
    with pytest.raises(AssertionError):
        assert_same_view(svg_view(a, chart_svg(a)), mpl_view(chart_figure(b)))


def test_pictures_of_the_apps_redraw_with_new_data() -> None:
    """The app pictures give a new SVG for new data (what the app puts in its HTML widget)."""
    casussen = CONTENT.of_kind("balans-casus")
    balance, verloop = BalancePicture(BALANS), PlayOutPicture(BALANS)
    a, b = (evaluate_balans(BALANS, c, c.start_aanpak) for c in casussen[:2])
    assert balance.html(a) != balance.html(b)
    ra, rb = (play_out(BALANS, c, c.start_aanpak) for c in casussen[:2])
    assert verloop.html(ra) != verloop.html(rb)


def test_ticks_and_their_labels() -> None:
    """Round tick steps, and labels as matplotlib writes them (a real minus sign, no '-0')."""
    assert nice_ticks(0, 12) == (0, 2, 4, 6, 8, 10, 12)
    assert nice_ticks(0, 100) == (0, 20, 40, 60, 80, 100)
    assert nice_ticks(0, 6) == (0, 1, 2, 3, 4, 5, 6)
    assert [number_label(v, 1) for v in (-1, -0.0001, 0.5)] == ["\N{MINUS SIGN}1.0", "0.0", "0.5"]
