"""The rollen figures: the mix and what each factor asks, the same in SVG (apps) and matplotlib (notebooks)."""

from __future__ import annotations

import pytest
from chart_support import assert_same_view, mpl_view, svg_view

from handreiking.content import bundled_content
from handreiking.content.rollen import ROL_IDS, RollenModel, RollenVraagstuk, rollen_model, rollen_vraagstukken
from handreiking.plots.chart import Bar, Label
from handreiking.plots.rollen import (
    INSIDE,
    ROL_COLOURS,
    ROL_HATCHES,
    MixPicture,
    factors_alt,
    factors_chart,
    factors_figure,
    factors_svg,
    mix_alt,
    mix_chart,
    mix_figure,
)
from handreiking.plots.svg import chart_svg
from handreiking.scenarios.rollen import evaluate, pull_shares

CONTENT = bundled_content()
MODEL: RollenModel = rollen_model(CONTENT)
VRAAGSTUKKEN: list[RollenVraagstuk] = rollen_vraagstukken(CONTENT)
MIXES = [
    {"rechtmatig": 25, "presterend": 25, "netwerkend": 25, "responsief": 25},
    {"rechtmatig": 100, "presterend": 0, "netwerkend": 0, "responsief": 0},
    {"rechtmatig": 17, "presterend": 18, "netwerkend": 5, "responsief": 60},
]


@pytest.mark.parametrize("mix", MIXES, ids=lambda m: "-".join(str(v) for v in m.values()))
@pytest.mark.parametrize("vraagstuk", VRAAGSTUKKEN, ids=lambda v: v.id)
def test_svg_and_matplotlib_draw_the_same_mix(vraagstuk: RollenVraagstuk, mix: dict[str, int]) -> None:
    """Per case and mix: the same bars (length, colour, hatch), numbers, minimum marks and labels in both."""
    u = evaluate(MODEL, vraagstuk, mix)
    chart = mix_chart(MODEL, vraagstuk, u)
    svg = svg_view(chart, chart_svg(chart))
    assert_same_view(svg, mpl_view(mix_figure(MODEL, vraagstuk, u)))
    assert {f"{u.mix[r]}%" for r in ROL_IDS} <= set(svg.texts)
    assert {r.kort for r in MODEL.rollen} <= set(svg.texts)
    assert {f"minimum {m.aandeel}%" for m in vraagstuk.minimum} <= set(svg.texts)
    assert len(svg.lines) == len(vraagstuk.minimum)  # one dashed mark per minimum share
    drawn = {(round(left + width), fill, hatch) for left, width, _, _, fill, hatch in svg.bars}
    assert drawn == {(u.mix[r], ROL_COLOURS[r], ROL_HATCHES[r]) for r in ROL_IDS if u.mix[r] > 0}


def test_mix_numbers_sit_inside_a_long_bar_and_beside_a_short_one() -> None:
    """A bar of at least INSIDE% carries its number in white on a box of its colour; a shorter one beside it."""
    vraagstuk = VRAAGSTUKKEN[0]
    u = evaluate(MODEL, vraagstuk, MIXES[2])
    labels = {m.text: m for m in mix_chart(MODEL, vraagstuk, u).marks if isinstance(m, Label) and m.bold}
    for rol in ROL_IDS:
        label = labels[f"{u.mix[rol]}%"]
        if u.mix[rol] >= INSIDE:
            assert (label.colour, label.box, label.ha) == ("white", ROL_COLOURS[rol], "right")
            assert label.x < u.mix[rol]
        else:
            assert (label.box, label.ha) == ("", "left") and label.x > u.mix[rol]


@pytest.mark.parametrize("vraagstuk", VRAAGSTUKKEN, ids=lambda v: v.id)
def test_svg_and_matplotlib_draw_the_same_factors(vraagstuk: RollenVraagstuk) -> None:
    """Per case: the same stacked bars, numbers, wrapped factor names, title and legend in both renderers."""
    chart = factors_chart(MODEL, vraagstuk)
    svg = svg_view(chart, chart_svg(chart))
    assert_same_view(svg, mpl_view(factors_figure(MODEL, vraagstuk)))
    assert {r.kort for r in MODEL.rollen} <= set(svg.texts)  # the legend names every role
    for f in MODEL.factoren:
        shares = pull_shares(vraagstuk.factor(f.id).trek)
        bars = [m for m in chart.marks if isinstance(m, Bar) and m.key.startswith(f"{f.id}-")]
        assert [b.width for b in bars] == [shares[r] for r in ROL_IDS if shares[r] > 0]
        assert sum(b.width for b in bars) == pytest.approx(100)


def test_alt_texts_are_carried_by_the_svg() -> None:
    """Both charts keep the Dutch text alternative they had as images: role="img", aria-label and title."""
    vraagstuk = VRAAGSTUKKEN[0]
    u = evaluate(MODEL, vraagstuk, MIXES[0])
    mix = MixPicture(MODEL, vraagstuk).html(u)
    assert f'role="img" aria-label="{mix_alt(MODEL, vraagstuk, u)}"' in mix
    assert f"<title>{factors_alt(MODEL, vraagstuk)}</title>" in factors_svg(MODEL, vraagstuk)
