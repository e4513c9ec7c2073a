"""Which notebooks become hand-outs, in which order, which apps they hold, and which questions they end with.

Everything is read from the notebooks and from ``data/``: the title of a hand-out is the first heading of its
notebook, an app is a code cell that calls ``SomethingApp.from_data()`` (imported from
``handreiking.apps.<name>``), and the questions are the oefeningen in ``data/oefeningen/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

BINDER = "https://mybinder.org/v2/gh/handreiking/handreiking/main"
"""The project's Binder address (the README's badges use the same one; a test checks that)."""

ORDER = ("00-introductie", *(f"les-{n}" for n in range(1, 8)), "achtergrond", "begrippen")
"""The hand-outs of the lesson book, in reading order (notebook names without ``.ipynb``)."""

REQUIRED = ORDER[:-1]
"""Hand-outs the book cannot do without; the glossary (``begrippen``) is added once its notebook exists."""

LABELS = {"00-introductie": "Introductie", "achtergrond": "Achtergrond", "begrippen": "Begrippenlijst"}

APP_CALL = re.compile(r"\b(\w+App)\.from_data\(([^)]*)\)")
APP_IMPORT = re.compile(r"^from handreiking\.apps\.(\w+) import ([\w, ]+)$", re.M)
QUOTED = re.compile(r"""^\s*["']([\w-]+)["']\s*$""")


class HandoutError(Exception):
    """A problem the user can fix; the message is Dutch and says what to do."""


@dataclass(frozen=True)
class Handout:
    """One notebook that becomes a hand-out (and a slide deck)."""

    name: str
    """File name without extension: ``les-6`` gives ``les-6.html`` and ``les-6.pdf``."""
    notebook: Path
    label: str
    """Short name in lists and page footers: ``Les 6``, ``Introductie``."""
    title: str
    """The notebook's first heading."""
    les: int | None


@dataclass(frozen=True)
class EmbeddedApp:
    """A code cell that shows an interactive app."""

    module: str
    """``handreiking.apps.<module>``: ``balans``, ``rollen``, ``oefening``."""
    argument: str | None
    """The literal passed to ``from_data`` (an oefening id), if any."""

    @property
    def is_oefening(self) -> bool:
        return self.module == "oefening"


def default_notebooks_dir() -> Path:
    """``notebooks/`` next to the package (a source checkout), else in the current folder."""
    here = Path(__file__).resolve().parents[2] / "notebooks"
    return here if here.is_dir() else Path.cwd() / "notebooks"


def label_for(name: str) -> str:
    match = re.fullmatch(r"les-(\d)", name)
    return f"Les {match.group(1)}" if match else LABELS.get(name, name)


def notebook_title(nb: Any, fallback: str) -> str:
    """The text of the notebook's first level-1 heading."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def discover(notebooks_dir: Path, names: Sequence[str] = ()) -> list[Handout]:
    """The hand-outs in book order; ``names`` picks some of them. Missing required notebooks are an error."""
    if not notebooks_dir.is_dir():
        raise HandoutError(f"De map met notebooks bestaat niet: {notebooks_dir}. Geef de juiste map met --notebooks.")
    unknown = [n for n in names if n not in ORDER]
    if unknown:
        raise HandoutError(
            f"Onbekende hand-out: {', '.join(unknown)}. Kies uit: {', '.join(ORDER)} (de naam van het notebook)."
        )
    wanted = list(names) or list(ORDER)
    missing = [n for n in wanted if n in REQUIRED and not (notebooks_dir / f"{n}.ipynb").is_file()]
    if missing:
        raise HandoutError(
            f"Deze notebooks ontbreken in {notebooks_dir}: {', '.join(m + '.ipynb' for m in missing)}. "
            "Elke les hoort een notebook te hebben; zet ze terug of kies met de naam alleen de hand-outs die er zijn."
        )
    handouts = []
    for name in ORDER:
        path = notebooks_dir / f"{name}.ipynb"
        if name not in wanted or not path.is_file():
            continue
        nb = nbformat.read(path, as_version=4)
        match = re.fullmatch(r"les-(\d)", name)
        handouts.append(
            Handout(
                name=name,
                notebook=path,
                label=label_for(name),
                title=notebook_title(nb, label_for(name)),
                les=int(match.group(1)) if match else None,
            )
        )
    return handouts


def embedded_apps(nb: Any) -> dict[int, EmbeddedApp]:
    """The code cells (by index) that show an app: ``XApp.from_data(...)`` with ``X`` imported from an app module."""
    modules: dict[str, str] = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            for module, names in APP_IMPORT.findall(cell.source):
                for cls in names.split(","):
                    modules[cls.strip()] = module
    found: dict[int, EmbeddedApp] = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for cls, arg in APP_CALL.findall(cell.source):
            if cls in modules:
                literal = QUOTED.match(arg)
                found[index] = EmbeddedApp(modules[cls], literal.group(1) if literal else None)
    return found


def app_title(apps_dir: Path, app: str) -> str:
    """The title in an app notebook's metadata (what Voila shows in the browser tab), else its name."""
    path = apps_dir / f"{app}.ipynb"
    if path.is_file():
        title = nbformat.read(path, as_version=4).metadata.get("title")
        if title:
            return str(title)
    return app


def binder_app_url(app: str) -> str:
    """The app on Binder, in Voila (no code), as the README's badges open it."""
    return f"{BINDER}?urlpath=voila/render/notebooks/apps/{app}.ipynb"


def binder_lab_url(path: str) -> str:
    """A file of the repository (``notebooks/les-6.ipynb``, ``exercises/``) opened in JupyterLab on Binder."""
    return f"{BINDER}?urlpath=lab/tree/{path.lstrip('/')}"


def oefeningen_per_handout(
    handouts: Iterable[Handout], oefeningen: Sequence[Any], notebooks_dir: Path
) -> dict[str, list[Any]]:
    """The oefeningen that end each hand-out.

    An oefening that a book notebook shows (``OefeningApp.from_data("id")``) belongs to that notebook's hand-out;
    every other oefening belongs to the lesson named by its ``les``. So the background's questions stay with the
    background, and new oefening files with their own exercise notebook join their lesson without any change here.
    """
    shown: dict[str, str] = {}
    for name in ORDER:
        path = notebooks_dir / f"{name}.ipynb"
        if path.is_file():
            for app in embedded_apps(nbformat.read(path, as_version=4)).values():
                if app.is_oefening and app.argument:
                    shown.setdefault(app.argument, name)
    out: dict[str, list[Any]] = {h.name: [] for h in handouts}
    for oefening in oefeningen:
        owner = shown.get(oefening.id, f"les-{oefening.les}")
        if owner in out:
            out[owner].append(oefening)
    return out
