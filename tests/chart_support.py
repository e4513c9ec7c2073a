"""Read back what each renderer drew, in data coordinates, to compare the SVG with the matplotlib figure.

:func:`mpl_view` reads a ``matplotlib.figure.Figure`` (its artists); :func:`svg_view` parses the SVG
markup and maps pixels back to data with the renderer's own layout. Both give a :class:`View`: the
texts, the bars, the data lines and the markers. Two renderers that drew the same chart give equal
views (within pixel rounding).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from handreiking.plots.chart import Chart
from handreiking.plots.svg import frame

NS = "{http://www.w3.org/2000/svg}"
SHAPES = {"D": "diamond", "<": "left", ">": "right"}


@dataclass
class View:
    texts: list[str]
    bars: list[tuple[float, float, float, float, str, str]]
    """Per bar: left, width, centre y, height, fill colour, hatch."""
    lines: list[tuple[tuple[float, ...], tuple[float, ...], str]]
    markers: list[tuple[float, float, str, str]]
    """Per marker: x, y, shape, fill colour."""
    tol: float = 0.0
    """How far a number may be off: half a hundredth of a pixel (the SVG's rounding) in data units."""


def mpl_view(fig: Figure) -> View:
    (ax,) = fig.axes
    texts = [t.get_text() for t in ax.texts if t.get_visible() and t.get_text()]
    texts += [t.get_text() for t in (*ax.get_xticklabels(), *ax.get_yticklabels()) if t.get_text()]
    texts += [t for t in (ax.get_title(loc="left"), ax.get_xlabel(), ax.get_ylabel()) if t]
    legend = ax.get_legend()
    if legend:
        texts += [t.get_text() for t in legend.get_texts()]
    bars = []
    for container in ax.containers:
        for p in container:
            x, w, y, h = (float(v) for v in (p.get_x(), p.get_width(), p.get_y(), p.get_height()))
            bars.append((x, w, y + h / 2, h, to_hex(p.get_facecolor()), str(p.get_hatch() or "")))
    lines, markers = [], []
    for line in ax.get_lines():
        if line.get_transform() != ax.transData or not line.get_visible():
            continue  # a rule across the axes (axhline/axvline), not data
        if line.get_marker() in SHAPES:
            markers.append(
                (
                    float(line.get_xdata()[0]),
                    float(line.get_ydata()[0]),
                    SHAPES[line.get_marker()],
                    to_hex(line.get_color()),
                )
            )
        else:
            xs = tuple(float(v) for v in line.get_xdata())
            lines.append((xs, tuple(float(v) for v in line.get_ydata()), to_hex(line.get_color())))
    return _view(texts, bars, lines, markers)


def _key(item: object) -> object:
    if isinstance(item, tuple | list):
        return tuple(_key(v) for v in item)
    return round(item, 3) if isinstance(item, float) else item


def _view(texts: list[str], bars: list, lines: list, markers: list, tol: float = 0.0) -> View:  # type: ignore[type-arg]
    """Sorted (numbers rounded for the order only), so the order of drawing does not matter."""
    return View(sorted(texts), sorted(bars, key=_key), sorted(lines, key=_key), sorted(markers, key=_key), tol)


def _text(element: ET.Element) -> str:
    spans = element.findall(f"{NS}tspan")
    return "\n".join(s.text or "" for s in spans) if spans else element.text or ""


def svg_view(chart: Chart, svg: str) -> View:
    root = ET.fromstring(svg)
    f = frame(chart)
    texts = [_text(t) for t in root.iter(f"{NS}text")]
    hatches = {p.get("id"): p.get("data-hatch", "") for p in root.iter(f"{NS}pattern")}
    rects = list(root.iter(f"{NS}rect"))
    bars = []
    for rect in rects:
        if rect.get("class") != "hr-bar":
            continue
        box = [float(rect.get(k, "0")) for k in ("x", "y", "width", "height")]
        overlay = next(
            (
                r
                for r in rects
                if (r.get("fill") or "").startswith("url(")
                and [float(r.get(k, "0")) for k in ("x", "y", "width", "height")] == box
            ),
            None,
        )
        hatch = hatches[overlay.get("fill", "")[5:-1]] if overlay is not None else ""
        x, y, w, h = box
        left, right = f.data_x(x), f.data_x(x + w)
        top, bottom = f.data_y(y), f.data_y(y + h)
        bars.append((left, right - left, (top + bottom) / 2, top - bottom, to_hex(rect.get("fill", "")), hatch))
    lines = []
    for path in root.iter(f"{NS}path"):
        if path.get("class") == "hr-line":
            points = [tuple(map(float, p.split(","))) for p in path.get("d", "")[1:].split("L")]
            xs = tuple(f.data_x(x) for x, _ in points)
            lines.append((xs, tuple(f.data_y(y) for _, y in points), to_hex(path.get("stroke", ""))))
    markers = []
    for path in root.iter(f"{NS}path"):
        classes = (path.get("class") or "").split()
        if "hr-mark" in classes:
            match = re.fullmatch(r"translate\(([-\d.]+),([-\d.]+)\)", path.get("transform", ""))
            assert match, path.get("transform")
            shape = next(c.removeprefix("hr-") for c in classes if c != "hr-mark")
            markers.append((f.data_x(float(match[1])), f.data_y(float(match[2])), shape, to_hex(path.get("fill", ""))))
    tol = 0.006 * max((f.x1 - f.x0) / (f.right - f.left), (f.y1 - f.y0) / (f.bottom - f.top))
    return _view(texts, bars, lines, markers, tol)


def _close(a: object, b: object, tol: float) -> bool:
    if isinstance(a, tuple | list) and isinstance(b, tuple | list):
        return len(a) == len(b) and all(_close(x, y, tol) for x, y in zip(a, b, strict=True))
    if isinstance(a, float | int) and isinstance(b, float | int):
        return abs(a - b) <= tol
    return a == b


def assert_same_view(a: View, b: View) -> None:
    """Equal texts, bars, lines and markers (numbers within pixel rounding)."""
    assert a.texts == b.texts
    for name in ("bars", "lines", "markers"):
        left, right = getattr(a, name), getattr(b, name)
        assert _close(left, right, max(a.tol, b.tol, 1e-9)), f"{name} differ:\n{left}\n{right}"
