"""Each participant app starts lean: its Voila cell imports no pandas, matplotlib, numpy or PIL, nor any report or
template code (also in a workshop kernel, where the share panel is added). The session page stays lean with every
app it holds opened."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = (
    "pandas",
    "matplotlib",
    "numpy",
    "PIL",
    "jinja2",
    "handreiking.workshop.export",
    "handreiking.templating",
)
"""Modules a participant kernel must not load at start: the live figures are SVG, the report is the trainer's."""
APP_NOTEBOOKS = sorted((ROOT / "notebooks" / "apps").glob("*.ipynb"))

CHECK = """
import sys
{cell}
print("LOADED=" + ",".join(m for m in {heavy!r} if m in sys.modules))
"""


def app_cell(notebook: Path) -> str:
    """The notebook's code, as Voila runs it (one cell: import the app, build it)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


def loaded(done: subprocess.CompletedProcess[str]) -> str:
    return done.stdout.rsplit("LOADED=", 1)[1].split("\n", 1)[0].strip()


def test_app_notebooks_are_found() -> None:
    """The apps folder holds the participant apps, each a cell that imports from handreiking.apps."""
    assert len(APP_NOTEBOOKS) >= 5
    assert all("from handreiking.apps." in app_cell(nb) for nb in APP_NOTEBOOKS)


SESSION_NOTEBOOK = ROOT / "notebooks" / "apps" / "sessie.ipynb"


def session_cell_with_every_app_open() -> str:
    """The session page's cell as Voila runs it, then every app of its menu opened, as a participant would."""
    *start, last = app_cell(SESSION_NOTEBOOK).rstrip().splitlines()
    opening = "for _name in _page.names:\n    assert _page.show_app(_name) is not None, _name\n"
    return "\n".join([*start, f"_page = {last}", opening])


@functools.cache
def start_app(notebook: Path, workshop: bool = False, cell: str = "") -> subprocess.CompletedProcess[str]:
    """Run the app's cell (or ``cell``) in a fresh interpreter once; report which heavy modules it loaded.

    ``workshop``: as in a workshop kernel (a session set), so the app adds its share panel.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANDREIKING_")}
    if workshop:
        env |= {"HANDREIKING_SESSIE": "TEST23", "HANDREIKING_OPSLAG": os.devnull + ".sqlite3"}
    return subprocess.run(
        [sys.executable, "-c", CHECK.format(cell=cell or app_cell(notebook), heavy=HEAVY)],
        capture_output=True,
        text=True,
        cwd=notebook.parent,
        env=env,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("workshop", [False, True], ids=["plain", "workshop"])
@pytest.mark.parametrize("notebook", APP_NOTEBOOKS, ids=lambda nb: nb.stem)
def test_app_start_imports_nothing_heavy(notebook: Path, workshop: bool) -> None:
    """Every app, balans and rollen with their live SVG figures included, leaves pandas, matplotlib, numpy, PIL
    and the report/template code unimported (about 45 MB less per participant kernel)."""
    done = start_app(notebook, workshop)
    assert done.returncode == 0, done.stderr[-2000:]
    assert loaded(done) == "", f"{notebook.stem} imports {loaded(done)} at start"


@pytest.mark.parametrize("workshop", [False, True], ids=["plain", "workshop"])
def test_the_session_page_with_every_app_open_imports_nothing_heavy(workshop: bool) -> None:
    """One kernel for the whole session: the session page with every app of its menu opened (outside a workshop:
    all of them; in a workshop kernel with their share panels and the page's question panel) stays lean too."""
    done = start_app(SESSION_NOTEBOOK, workshop, session_cell_with_every_app_open())
    assert done.returncode == 0, done.stderr[-2000:]
    assert loaded(done) == "", f"the session page with every app open imports {loaded(done)}"


def test_the_check_sees_a_heavy_import() -> None:
    """The same check, on a cell that does import numpy, reports it (so a pass above means something)."""
    done = subprocess.run(
        [sys.executable, "-c", CHECK.format(cell="import numpy", heavy=HEAVY)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert loaded(done) == "numpy"
