"""Draw a :class:`~handreiking.plots.chart.Chart` as inline SVG, with the standard library only.

What the participant apps show: no matplotlib, numpy or PIL in the kernel, a few kilobytes
per figure, sharp on every screen. The SVG scales with its column (``viewBox``, ``width="100%"``)
up to its natural size, carries the chart's Dutch text alternative (``role="img"``,
``aria-label`` and ``<title>``), and every text in it is escaped.

User units are pixels of a figure at 100 dpi, so the proportions follow the matplotlib
renderer (:mod:`handreiking.plots.mpl`): sizes in points become ``points * 100 / 72``.
Text widths are estimated from the widths of DejaVu Sans (matplotlib's font, wide enough for
the fonts a phone falls back to), only to leave room for tick labels and the legend.
"""

from __future__ import annotations

import html
import itertools
import math
from dataclasses import dataclass

from .chart import LAYER, Band, Bar, Chart, Dash, Hatch, Label, Legend, Line, Marker, Rule
from .render import PALETTE

DPI = 100.0
PT = DPI / 72
"""SVG user units per point."""
PAD = 6.0
TICK = 3.5 * PT
"""Length of a tick mark and the gap between it and its label (matplotlib's defaults)."""
FONT = "DejaVu Sans, Verdana, Geneva, sans-serif"
ASCENT, DESCENT, LINE = 0.76, 0.24, 1.2
"""Font metrics as fractions of the font size: above and below the baseline, and the line spacing."""
DASHES: dict[str, tuple[float, ...]] = {"dashed": (3.7, 1.6), "dashdot": (6.4, 1.6, 1.0, 1.6), "dotted": (1.0, 1.65)}
"""Matplotlib's dash patterns, in line widths."""
HATCH_SPACING = {"////": 6.0, "//": 12.0, "xx": 12.0, "..": 6.0}
"""Horizontal distance between hatch lines (dots) in points, as matplotlib draws them."""

_ids = itertools.count(1)


def new_uid(name: str) -> str:
    """A fresh prefix for the ids inside one SVG (its hatch patterns), unique in this kernel."""
    return f"hr-{name}-{next(_ids)}"


def esc(text: object) -> str:
    """Escape text for an XML text node or attribute value."""
    return html.escape(str(text), quote=True)


def _n(value: float) -> str:
    """A coordinate with at most two decimals."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


_WIDTHS = {
    **dict.fromkeys("0123456789", 0.64),
    **dict.fromkeys(" .,:;!|'", 0.32),
    **dict.fromkeys("ijlI", 0.28),
    **dict.fromkeys("ftr()[]-", 0.39),
    **dict.fromkeys("mMW%", 0.95),
    **dict.fromkeys("w", 0.82),
    **dict.fromkeys("\N{MINUS SIGN}+=<>", 0.84),
    **dict.fromkeys("\u25c0\u25b6", 0.77),
    **dict.fromkeys("ABCDEFGHJKLNOPQRSTUVXYZ", 0.70),
}


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width of one line of ``text`` at ``size`` user units."""
    width = sum(_WIDTHS.get(ch, 0.61) for ch in text) * size
    return width * 1.1 if bold else width


def _lines_width(text: str, size: float, bold: bool = False) -> float:
    return max((text_width(line, size, bold) for line in text.split("\n")), default=0.0)


def _lines_height(text: str, size: float) -> float:
    return ((text.count("\n")) * LINE + ASCENT + DESCENT) * size


@dataclass(frozen=True)
class Frame:
    """Where the axes sit in the SVG, and how data coordinates map onto it."""

    width: float
    height: float
    left: float
    top: float
    right: float
    bottom: float
    x0: float
    x1: float
    y0: float
    y1: float
    legend_top: float

    def x(self, value: float) -> float:
        return self.left + (value - self.x0) / (self.x1 - self.x0) * (self.right - self.left)

    def y(self, value: float) -> float:
        return self.bottom - (value - self.y0) / (self.y1 - self.y0) * (self.bottom - self.top)

    def data_x(self, px: float) -> float:
        """The inverse of :meth:`x` (for tests that read values back from the SVG)."""
        return self.x0 + (px - self.left) / (self.right - self.left) * (self.x1 - self.x0)

    def data_y(self, px: float) -> float:
        return self.y0 + (self.bottom - px) / (self.bottom - self.top) * (self.y1 - self.y0)


def _legend_size(legend: Legend) -> tuple[list[float], int, float, float]:
    """Column widths, rows, row height and total width of a legend."""
    size = legend.size * PT
    rows = math.ceil(len(legend.entries) / legend.columns)
    columns = [0.0] * legend.columns
    for i, entry in enumerate(legend.entries):
        column = i % legend.columns
        columns[column] = max(columns[column], 2.8 * size + text_width(entry.label, size))
    total = sum(columns) + 2.0 * size * (legend.columns - 1)
    return columns, rows, 1.5 * size, total


def frame(chart: Chart) -> Frame:
    """Lay out the chart: room for the title, the tick labels, the axis title and the legend."""
    width, height = chart.width * DPI, chart.height * DPI
    x, y = chart.x, chart.y
    xt, yt = x.tick_size * PT, y.tick_size * PT
    top = PAD + (chart.title_size * PT * (ASCENT + DESCENT) + 6 * PT if chart.title else 0.0)
    if y.ticks:
        top = max(top, PAD + _lines_height(y.ticks[-1][1], yt) / 2)
    left = PAD + (max(_lines_width(t, yt) for _, t in y.ticks) + 2 * TICK if y.ticks else 0.0)
    right = PAD
    if x.ticks:
        first, last = x.ticks[0], x.ticks[-1]
        if first[0] <= x.lo:
            left = max(left, PAD + text_width(first[1], xt) / 2)
        if last[0] >= x.hi:
            right = PAD + text_width(last[1], xt) / 2
    below = 2 * TICK + xt * (ASCENT + DESCENT) if x.ticks else 0.0
    if x.label:
        below += 4 * PT + x.label_size * PT * (ASCENT + DESCENT)
    legend_height = 0.0
    if chart.legend:
        _, rows, row, _ = _legend_size(chart.legend)
        legend_height = 0.5 * row + rows * row
    bottom = height - PAD - below - legend_height
    return Frame(width, height, left, top, width - right, bottom, x.lo, x.hi, y.lo, y.hi, bottom + below)


def _pattern(pid: str, hatch: Hatch, colour: str) -> str:
    d = HATCH_SPACING[hatch] * PT
    stroke = f'stroke="{esc(colour)}" stroke-width="{_n(PT)}"'
    half = f"l{_n(d / 2)},{_n(-d / 2)}"  # "/" lines d apart; the two halves join the line across the tile corners
    forward = f"M{_n(-d / 4)},{_n(d / 4)}{half}M0,{_n(d)}l{_n(d)},{_n(-d)}M{_n(3 * d / 4)},{_n(5 * d / 4)}{half}"
    if hatch == "..":
        r = _n(1.1 * PT)
        dots = f'<circle cx="{_n(d / 2)}" cy="{_n(d / 2)}" r="{r}"/><circle cx="0" cy="{_n(1.5 * d)}" r="{r}"/>'
        dots += f'<circle cx="{_n(d)}" cy="{_n(1.5 * d)}" r="{r}"/>'
        return (
            f'<pattern id="{pid}" data-hatch="{hatch}" patternUnits="userSpaceOnUse" '
            f'width="{_n(d)}" height="{_n(2 * d)}">'
            f'<g fill="{esc(colour)}">{dots}</g></pattern>'
        )
    paths = f'<path d="{forward}" {stroke}/>'
    if hatch == "xx":
        paths += f'<path d="{forward}" {stroke} transform="matrix(-1 0 0 1 {_n(d)} 0)"/>'
    size = f'width="{_n(d)}" height="{_n(d)}"'
    return f'<pattern id="{pid}" data-hatch="{hatch}" patternUnits="userSpaceOnUse" {size}>{paths}</pattern>'


class _Patterns:
    """The hatch patterns one SVG needs, each defined once."""

    def __init__(self, uid: str) -> None:
        self.uid = uid
        self.defs: dict[tuple[str, str], str] = {}

    def fill(self, hatch: Hatch, colour: str) -> str:
        key = (hatch, colour)
        if key not in self.defs:
            self.defs[key] = f"{self.uid}-p{len(self.defs) + 1}"
        return f"url(#{self.defs[key]})"

    def svg(self) -> str:
        if not self.defs:
            return ""
        return "<defs>" + "".join(_pattern(pid, h, c) for (h, c), pid in self.defs.items()) + "</defs>"


def _stroke(colour: str, width: float, dash: Dash = "solid", cap: str = "butt") -> str:
    attrs = f'fill="none" stroke="{esc(colour)}" stroke-width="{_n(width * PT)}"'
    if dash != "solid":
        attrs += f' stroke-dasharray="{" ".join(_n(p * width * PT) for p in DASHES[dash])}"'
    if cap != "butt":
        attrs += f' stroke-linecap="{"square" if cap == "projecting" else cap}"'
    return attrs


def _rect(x0: float, y0: float, x1: float, y1: float, extra: str) -> str:
    left, top = min(x0, x1), min(y0, y1)
    return f'<rect x="{_n(left)}" y="{_n(top)}" width="{_n(abs(x1 - x0))}" height="{_n(abs(y1 - y0))}" {extra}/>'


def _text(
    x: float,
    y: float,
    text: str,
    size: float,
    colour: str,
    ha: str = "left",
    va: str = "center",
    bold: bool = False,
    css_class: str = "",
) -> str:
    """A text at ``(x, y)`` px, aligned like matplotlib's ``ha``/``va``; lines split on newlines."""
    lines = text.split("\n")
    extra = (len(lines) - 1) * LINE * size
    if va == "top":
        baseline = y + ASCENT * size
    elif va == "bottom":
        baseline = y - DESCENT * size - extra
    else:
        baseline = y + (ASCENT - DESCENT) / 2 * size - extra / 2
    anchor = {"left": "start", "center": "middle", "right": "end"}[ha]
    attrs = f'x="{_n(x)}" y="{_n(baseline)}" font-size="{_n(size)}" fill="{esc(colour)}"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if bold:
        attrs += ' font-weight="bold"'
    if css_class:
        attrs += f' class="{css_class}"'
    if len(lines) == 1:
        return f"<text {attrs}>{esc(text)}</text>"
    spans = "".join(
        f'<tspan x="{_n(x)}" dy="{_n(0 if i == 0 else LINE * size)}">{esc(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f"<text {attrs}>{spans}</text>"


def _marker(m: Marker, x: float, y: float) -> str:
    s = m.size * PT
    if m.shape == "diamond":
        r = s * math.sqrt(2) / 2
        d = f"M0,{_n(-r)}L{_n(r)},0L0,{_n(r)}L{_n(-r)},0Z"
    else:
        h = s / 2
        tip = -h if m.shape == "left" else h
        d = f"M{_n(tip)},0L{_n(-tip)},{_n(-h)}L{_n(-tip)},{_n(h)}Z"
    return (
        f'<path class="hr-mark hr-{m.shape}" transform="translate({_n(x)},{_n(y)})" d="{d}" '
        f'fill="{esc(m.fill)}" stroke="{esc(m.edge)}" stroke-width="{_n(m.edge_width * PT)}" stroke-linejoin="miter"/>'
    )


def _mark(mark: object, f: Frame, patterns: _Patterns) -> str:
    if isinstance(mark, Band):
        return _rect(f.x(mark.x0), f.top, f.x(mark.x1), f.bottom, f'fill="{esc(mark.colour)}"')
    if isinstance(mark, Bar):
        if mark.width == 0:
            return ""
        box = (
            f.x(mark.left),
            f.y(mark.y + mark.height / 2),
            f.x(mark.left + mark.width),
            f.y(mark.y - mark.height / 2),
        )
        out = _rect(*box, f'class="hr-bar" fill="{esc(mark.fill)}"')
        if mark.hatch:
            out += _rect(*box, f'fill="{patterns.fill(mark.hatch, mark.edge)}"')
        if mark.edge_width > 0:
            out += _rect(*box, _stroke(mark.edge, mark.edge_width))
        return out
    if isinstance(mark, Rule):
        if mark.horizontal:
            at = _n(f.y(mark.at))
            return f'<path d="M{_n(f.left)},{at}H{_n(f.right)}" {_stroke(mark.colour, mark.width, mark.dash)}/>'
        at = _n(f.x(mark.at))
        return f'<path d="M{at},{_n(f.top)}V{_n(f.bottom)}" {_stroke(mark.colour, mark.width, mark.dash)}/>'
    if isinstance(mark, Line):
        points = "L".join(f"{_n(f.x(x))},{_n(f.y(y))}" for x, y in zip(mark.xs, mark.ys, strict=True))
        style = _stroke(mark.colour, mark.width, mark.dash, mark.cap)
        return f'<path class="hr-line" d="M{points}" {style} stroke-linejoin="round"/>'
    if isinstance(mark, Marker):
        return _marker(mark, f.x(mark.x), f.y(mark.y))
    if isinstance(mark, Label):
        size = mark.size * PT
        x, y = f.x(mark.x), f.y(mark.y)
        out = ""
        if mark.box:
            w, h, pad = _lines_width(mark.text, size, mark.bold), _lines_height(mark.text, size), mark.pad * PT
            x0 = {"left": x, "center": x - w / 2, "right": x - w}[mark.ha]
            y0 = {"top": y, "center": y - h / 2, "bottom": y - h}[mark.va]
            out = _rect(x0 - pad, y0 - pad, x0 + w + pad, y0 + h + pad, f'fill="{esc(mark.box)}"')
        return out + _text(x, y, mark.text, size, mark.colour, mark.ha, mark.va, mark.bold, "hr-label")
    raise TypeError(f"unknown mark: {mark!r}")


def _axes(chart: Chart, f: Frame) -> tuple[str, str]:
    """Grid lines (drawn behind the lines) and the spines, ticks and their labels (drawn on top)."""
    x, y = chart.x, chart.y
    grid, out = [], []
    thin = 0.8
    for value, text in x.ticks:
        px = f.x(value)
        out.append(f'<path d="M{_n(px)},{_n(f.bottom)}v{_n(TICK)}" {_stroke(x.tick_colour, thin)}/>')
        out.append(_text(px, f.bottom + 2 * TICK, text, x.tick_size * PT, x.tick_colour, "center", "top"))
    for value, text in y.ticks:
        py = f.y(value)
        if y.grid:
            grid.append(f'<path d="M{_n(f.left)},{_n(py)}H{_n(f.right)}" {_stroke(y.grid, thin)}/>')
        out.append(f'<path d="M{_n(f.left)},{_n(py)}h{_n(-TICK)}" {_stroke(y.tick_colour, thin)}/>')
        out.append(_text(f.left - 2 * TICK, py, text, y.tick_size * PT, y.tick_colour, "right", "center"))
    if x.spine:
        out.append(f'<path d="M{_n(f.left)},{_n(f.bottom)}H{_n(f.right)}" {_stroke(PALETTE["ink"], thin)}/>')
    if y.spine:
        out.append(f'<path d="M{_n(f.left)},{_n(f.top)}V{_n(f.bottom)}" {_stroke(PALETTE["ink"], thin)}/>')
    if x.label:
        below = f.bottom + (2 * TICK + x.tick_size * PT * (ASCENT + DESCENT) if x.ticks else 0) + 4 * PT
        out.append(_text((f.left + f.right) / 2, below, x.label, x.label_size * PT, PALETTE["ink"], "center", "top"))
    if chart.title:
        out.append(_text(f.left, f.top - 6 * PT, chart.title, chart.title_size * PT, PALETTE["ink"], "left", "bottom"))
    return "".join(grid), "".join(out)


def _legend(legend: Legend, f: Frame, patterns: _Patterns) -> str:
    size = legend.size * PT
    columns, _, row, total = _legend_size(legend)
    anchor = f.left + legend.x * (f.right - f.left)
    start = anchor if legend.align == "left" else anchor - total / 2
    start = max(PAD, min(start, f.width - PAD - total))
    out = []
    for i, entry in enumerate(legend.entries):
        column, line = i % legend.columns, i // legend.columns
        x = start + sum(columns[:column]) + 2.0 * size * column
        y = f.legend_top + 0.5 * row + line * row + row / 2
        if entry.kind == "line":
            style = _stroke(entry.colour, entry.width, entry.dash)
            out.append(f'<path d="M{_n(x)},{_n(y)}h{_n(2 * size)}" {style}/>')
        else:
            box = (x, y - 0.35 * size, x + 2 * size, y + 0.35 * size)
            out.append(_rect(*box, f'fill="{esc(entry.colour)}"'))
            if entry.hatch:
                out.append(_rect(*box, f'fill="{patterns.fill(entry.hatch, entry.edge)}"'))
        out.append(_text(x + 2.8 * size, y, entry.label, size, PALETTE["ink"], "left", "center", css_class="hr-legend"))
    return "".join(out)


def chart_svg(chart: Chart, uid: str | None = None) -> str:
    """The chart as an inline ``<svg>`` element with its text alternative; ``uid`` prefixes its ids."""
    uid = uid or new_uid(chart.name)
    f = frame(chart)
    patterns = _Patterns(uid)
    grid, axes = _axes(chart, f)
    layers = {1: "", 2: "", 3: ""}
    for mark in chart.layered():
        layers[LAYER[type(mark)]] += _mark(mark, f, patterns)
    legend = _legend(chart.legend, f, patterns) if chart.legend else ""
    body = layers[1] + grid + layers[2] + axes + layers[3] + legend
    alt = esc(chart.alt)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(f.width)} {_n(f.height)}" width="100%" '
        f'role="img" aria-label="{alt}" font-family="{FONT}" '
        f'style="max-width:{_n(f.width)}px;height:auto;display:block">'
        f"<title>{alt}</title>{patterns.svg()}"
        f'<rect width="{_n(f.width)}" height="{_n(f.height)}" fill="#fff"/>{body}</svg>'
    )
