"""Slide decks from the lesson notebooks: nbconvert's SlidesExporter with our template, reveal.js from npm.

The slide structure is derived at build time (:class:`.preprocessors.SlideStructure`), so the notebooks need
no slide metadata; a cell that has ``slideshow`` metadata keeps it. reveal.js is never loaded from a CDN: the
package.json in the repository pins it, ``npm ci`` installs it, and each build copies the few files a deck
needs into ``<map>/reveal.js/`` (with its licence), next to the decks.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from nbconvert import SlidesExporter

from .catalog import Handout, HandoutError
from .html import TEMPLATES, mark_external_links, without_cell_tabstops

REVEAL_DIR = "reveal.js"
"""Where a deck finds reveal.js, relative to the deck (the build copies it there)."""
REVEAL_FILES = (
    "LICENSE",
    "dist/reveal.js",
    "dist/reveal.css",
    "dist/reset.css",
    "dist/theme/white.css",
    "dist/theme/fonts/source-sans-pro",
    "plugin/notes/notes.js",
)


def default_reveal_source() -> Path:
    """``node_modules/reveal.js`` of the repository (``npm ci`` at its root; ``make slides`` does that)."""
    here = Path(__file__).resolve().parents[2] / "node_modules" / "reveal.js"
    return here if here.is_dir() else Path.cwd() / "node_modules" / "reveal.js"


def copy_reveal(source: Path, out_dir: Path) -> Path:
    """Copy the reveal.js files a deck needs from ``source`` to ``out_dir/reveal.js``."""
    missing = [f for f in REVEAL_FILES if not (source / f).exists()]
    if missing:
        raise HandoutError(
            f"reveal.js ontbreekt of is onvolledig in {source} (mist {missing[0]}). Installeer het met `npm ci` in de "
            "map van het project (make slides doet dat zelf); de dia's laden reveal.js nooit van internet."
        )
    target = out_dir / REVEAL_DIR
    shutil.rmtree(target, ignore_errors=True)
    for name in REVEAL_FILES:
        src, dst = source / name, target / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst)
        else:
            shutil.copy2(src, dst)
    return target


def exporter() -> SlidesExporter:
    """nbconvert's slides exporter with our template, in Dutch, without code or prompts, reveal.js next door."""
    return SlidesExporter(
        template_name="handout-slides",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        language_code="nl",
        reveal_url_prefix=REVEAL_DIR,
        reveal_theme="white",
        reveal_transition="none",
        reveal_width="1280",
        reveal_height="760",
    )


def render_slides(nb: Any, handout: Handout) -> str:
    """The deck for an executed notebook whose cells carry slide types (see :class:`.preprocessors.SlideStructure`)."""
    nb.metadata["title"] = handout.title
    resources = {"metadata": {"name": handout.name, "path": str(handout.notebook.parent)}}
    body, _ = exporter().from_notebook_node(nb, resources=resources)
    return mark_external_links(without_cell_tabstops(body))
