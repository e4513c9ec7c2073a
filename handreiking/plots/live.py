"""Fast repeated rendering of a figure whose frame stays the same (blitting, no pyplot).

An app that redraws a chart on every slider move spends most of its time on
the parts that never change: axes, ticks, labels, legend. :class:`LiveFigure`
draws those once, keeps the pixels, and on each update draws only the artists
that move (a marker, a bar, a line) on a copy of them before encoding the PNG.
The moving artists must stay inside the frame that was laid out at the start.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence

from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image


class LiveFigure:
    """A figure drawn once without its moving artists; :meth:`png` adds them and encodes."""

    def __init__(self, fig: Figure, moving: Sequence[Artist], dpi: int = 90) -> None:
        self.fig = fig
        self.moving = list(moving)
        fig.set_dpi(dpi)
        self.canvas = FigureCanvasAgg(fig)
        for artist in self.moving:
            artist.set_visible(False)
        self.canvas.draw()  # the layout engine places everything here, once
        fig.set_layout_engine("none")
        self.background = self.canvas.copy_from_bbox(fig.bbox)
        for artist in self.moving:
            artist.set_visible(True)

    def png(self) -> bytes:
        """The figure as PNG: the stored frame plus the moving artists as they are now."""
        self.canvas.restore_region(self.background)
        for artist in self.moving:
            self.fig.draw_artist(artist)
        width, height = self.canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), bytes(self.canvas.buffer_rgba()), "raw", "RGBA", 0, 1)
        buf = io.BytesIO()
        image.save(buf, format="png", compress_level=6)
        return buf.getvalue()

    def html(self, alt: str) -> str:
        """An ``<img>`` with the PNG and a Dutch text alternative (same markup as ``render.figure_html``)."""
        data = base64.b64encode(self.png()).decode("ascii")
        return (
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" '
            'style="max-width:100%;height:auto;display:block" />'
        )
