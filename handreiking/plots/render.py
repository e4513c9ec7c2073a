"""Turn a matplotlib Figure into an accessible HTML image, without pyplot.

Figures are built with ``matplotlib.figure.Figure`` directly (no pyplot, no
inline backend, no Output widget): faster in a Voila kernel and no global state.
"""

from __future__ import annotations

import base64
import html
import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # matplotlib is imported only when a figure is drawn: apps without charts stay lean
    from matplotlib.figure import Figure

PALETTE = {
    "ink": "#1a1a1a",
    "muted": "#595959",
    "good": "#1b7a3d",
    "warn": "#a05a00",
    "bad": "#b3261e",
    "accent": "#1f4e99",
    "light": "#e8eef7",
}
"""Colours with at least 4.5:1 contrast on white (WCAG AA), used by every plot."""


def new_figure(width: float = 6.4, height: float = 3.2) -> Figure:
    """A figure with the project's defaults (readable on a projector)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    return fig


def figure_to_png(fig: Figure, dpi: int = 110) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def figure_html(fig: Figure, alt: str, dpi: int = 110) -> str:
    """An ``<img>`` with the figure as PNG data and a Dutch text alternative, scaling to its container."""
    data = base64.b64encode(figure_to_png(fig, dpi)).decode("ascii")
    return (
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" '
        'style="max-width:100%;height:auto;display:block" />'
    )
