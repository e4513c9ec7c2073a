"""nbconvert preprocessors that turn an executed lesson notebook into a static, code-free page or slide deck.

- :class:`AppFigures`: an app's widget output becomes a figure (screenshot, caption, link, QR code); an
  oefening becomes a pointer to the questions at the end;
- :class:`StaticOutputs`: warnings and code cells without visible output go;
- :class:`HeadingLevels`: headings go down one level at a time (a cell whose first heading skips a level is
  lifted, with the headings below it), so a screen reader's outline has no gaps;
- :class:`LocalLinks`: links between notebooks point at the other hand-outs (relative, so the book works from
  a USB stick); links to apps and other files of the repository open them on Binder;
- :class:`SlideStructure`: where a cell has no ``slideshow`` metadata, H1/H2 headings start a slide, other
  headings and long cells a sub-slide, and short cells appear as fragments.

The exporters leave out the code itself and the prompts (``exclude_input``, ``exclude_*_prompt``).
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

import nbformat
from nbconvert.preprocessors import Preprocessor
from traitlets import Dict, Int, Unicode

from .catalog import binder_app_url, binder_lab_url, embedded_apps

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
MD_LINK = re.compile(r"(?<!!)(\[[^\]]*\]\()([^)\s]+)")
HTML_HREF = re.compile(r"""(<a\s[^>]*href=")([^"]+)(")""")
HEADING = re.compile(r"^(#{1,6})\s", re.M)
TAG = re.compile(r"<[^>]+>")


def _html_output(html: str) -> Any:
    return nbformat.v4.new_output("display_data", data={"text/html": html})


class AppFigures(Preprocessor):
    """Replace each app's widget output by its static figure; an oefening by a pointer to the questions."""

    figures = Dict(value_trait=Unicode(), help="HTML figure per app module (``balans``, ``rollen``)").tag(config=True)
    oefeningen = Dict(value_trait=Unicode(), help="HTML pointer per oefening id").tag(config=True)
    fallback = Unicode(
        "<p><em>Hier staat in het notebook een interactief onderdeel; open het notebook om het te gebruiken.</em></p>",
        help="HTML for a widget output that belongs to no known app",
    ).tag(config=True)

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        apps = embedded_apps(nb)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or not any(WIDGET_VIEW in o.get("data", {}) for o in cell.outputs):
                continue
            app = apps.get(index)
            if app is None:
                html = self.fallback
            elif app.is_oefening:
                html = self.oefeningen.get(app.argument or "", self.fallback)
            else:
                html = self.figures.get(app.module, self.fallback)
            outputs, replaced = [], False
            for output in cell.outputs:
                if WIDGET_VIEW in output.get("data", {}):
                    if not replaced:
                        outputs.append(_html_output(html))
                        replaced = True
                else:
                    outputs.append(output)
            cell.outputs = outputs
        nb.metadata.pop("widgets", None)  # no widget state: nothing to render, no widget manager from a CDN
        return nb, resources


class StaticOutputs(Preprocessor):
    """Drop warnings (stderr) and code cells that show nothing: a reader sees only text, tables and figures."""

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        cells = []
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = [
                    o for o in cell.outputs if not (o.output_type == "stream" and o.get("name") == "stderr")
                ]
                if not cell.outputs:
                    continue
            if cell.cell_type == "raw":
                continue
            cells.append(cell)
        nb.cells = cells
        return nb, resources


class HeadingLevels(Preprocessor):
    """Lift the headings of a cell whose first heading skips a level (``##`` then ``####``) by the gap.

    The lesson helpers render frameworks at level 4 by default; under a level-2 section that leaves out level 3.
    The notebook still reads fine, but a page's outline must not skip levels (WCAG 1.3.1, axe ``heading-order``).
    """

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        level = 0
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source, level = _lift(cell.source, level)
            elif cell.cell_type == "code":
                for output in cell.outputs:
                    data = output.get("data", {})
                    if "text/markdown" in data:
                        data["text/markdown"], level = _lift(data["text/markdown"], level)
        return nb, resources


def _lift(markdown: str, previous: int) -> tuple[str, int]:
    """``markdown`` with its headings lifted so the first one is at most one below ``previous``; the last level."""
    levels = [len(m.group(1)) for m in HEADING.finditer(markdown)]
    if not levels:
        return markdown, previous
    gap = max(0, levels[0] - (previous + 1))
    if gap:
        markdown = HEADING.sub(lambda m: "#" * max(1, len(m.group(1)) - gap) + " ", markdown)
    return markdown, max(1, levels[-1] - gap)


class LocalLinks(Preprocessor):
    """Rewrite relative links in Markdown: to another book notebook -> its page; anything else -> Binder."""

    pages = Dict(value_trait=Unicode(), help="notebook name -> page file (``les-2`` -> ``les-2.html``)").tag(
        config=True
    )
    folder = Unicode("notebooks", help="where the notebooks are, relative to the repository root").tag(config=True)

    def target(self, href: str) -> str:
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:|#|//)", href, re.I):
            return href
        path, _, anchor = href.partition("#")
        repo_path = posixpath.normpath(posixpath.join(self.folder, path)) if path else self.folder
        stem = repo_path.removeprefix(self.folder + "/").removesuffix(".ipynb")
        if repo_path.endswith(".ipynb") and stem in self.pages:
            return self.pages[stem] + (f"#{anchor}" if anchor else "")
        app = re.fullmatch(rf"{re.escape(self.folder)}/apps/([\w-]+)\.ipynb", repo_path)
        if app:
            return binder_app_url(app.group(1))
        return binder_lab_url(repo_path + ("/" if href.split("#")[0].endswith("/") else ""))

    def rewrite(self, text: str) -> str:
        text = MD_LINK.sub(lambda m: m.group(1) + self.target(m.group(2)), text)
        return HTML_HREF.sub(lambda m: m.group(1) + self.target(m.group(2)) + m.group(3), text)

    def preprocess_cell(self, cell: Any, resources: dict[str, Any], index: int) -> tuple[Any, dict[str, Any]]:
        if cell.cell_type == "markdown":
            cell.source = self.rewrite(cell.source)
        elif cell.cell_type == "code":
            for output in cell.outputs:
                data = output.get("data", {})
                if "text/markdown" in data:
                    data["text/markdown"] = self.rewrite(data["text/markdown"])
        return cell, resources


def _visible_text(cell: Any) -> str:
    """The Markdown a cell shows: its source, or for a code cell its Markdown/HTML outputs."""
    if cell.cell_type == "markdown":
        return str(cell.source)
    parts = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        parts.append(str(data.get("text/markdown") or data.get("text/html") or data.get("text/plain") or ""))
    return "\n".join(parts)


class SlideStructure(Preprocessor):
    """Give every cell a slide type, unless the notebook already says (``metadata.slideshow.slide_type``).

    An H1 or H2 heading at the top of a cell starts a new slide; a lower heading, or a cell that would make the
    current slide too long, starts a sub-slide; a short cell without a heading is a fragment of the current one.
    """

    budget = Int(700, help="characters of text on one slide before the next cell goes to a sub-slide").tag(config=True)

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        used = 0
        for index, cell in enumerate(nb.cells):
            text = _visible_text(cell)
            size = len(TAG.sub("", text)) + 600 * text.count("<img")
            explicit = cell.metadata.get("slideshow", {}).get("slide_type")
            if explicit:
                used = size if explicit in {"slide", "subslide"} else used + size
                continue
            first = HEADING.match(text.lstrip())
            if first and len(first.group(1)) <= 2:
                kind = "slide"
            elif first or used + size > self.budget:
                kind = "subslide"
            else:
                kind = "fragment"
            if kind in {"slide", "subslide"} or used == 0:
                used = size
            else:
                used += size
            if index == 0:
                kind = "slide"
            cell.metadata["slideshow"] = {"slide_type": kind}
        return nb, resources
