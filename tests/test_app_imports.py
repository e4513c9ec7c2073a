"""Each participant app starts lean: its Voila cell imports neither pandas nor pyplot, nor any report or
template code (also in a workshop kernel, where the share panel is added)."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("pandas", "matplotlib.pyplot", "pylab", "jinja2", "handreiking.workshop.export", "handreiking.templating")
APP_NOTEBOOKS = sorted((ROOT / "notebooks" / "apps").glob("*.ipynb"))

CHECK = """
import sys
{cell}
print("LOADED=" + ",".join(m for m in {heavy!r} if m in sys.modules))
print("MATPLOTLIB=" + str("matplotlib" in sys.modules))
"""


def app_cell(notebook: Path) -> str:
    """The notebook's code, as Voila runs it (one cell: import the app, build it)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


def test_app_notebooks_are_found() -> None:
    """The apps folder holds the participant apps, each a cell that imports from handreiking.apps."""
    assert len(APP_NOTEBOOKS) >= 5
    assert all("from handreiking.apps." in app_cell(nb) for nb in APP_NOTEBOOKS)


@functools.cache
def start_app(notebook: Path, workshop: bool = False) -> subprocess.CompletedProcess[str]:
    """Run the app's cell in a fresh interpreter once; report which heavy modules it loaded.

    ``workshop``: as in a workshop kernel (a session set), so the app adds its share panel.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANDREIKING_")}
    if workshop:
        env |= {"HANDREIKING_SESSIE": "TEST23", "HANDREIKING_OPSLAG": os.devnull + ".sqlite3"}
    return subprocess.run(
        [sys.executable, "-c", CHECK.format(cell=app_cell(notebook), heavy=HEAVY)],
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
    """Starting the app in a fresh interpreter leaves pandas, pyplot and the report/template code unimported."""
    done = start_app(notebook, workshop)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = done.stdout.rsplit("LOADED=", 1)[1].split("\n", 1)[0].strip()
    assert loaded == "", f"{notebook.stem} imports {loaded} at start"


CHART_APPS = {"balans", "rollen"}
"""Apps that draw matplotlib charts; every other app must start without matplotlib (about 40 MB less)."""


@pytest.mark.parametrize("notebook", [nb for nb in APP_NOTEBOOKS if nb.stem not in CHART_APPS], ids=lambda nb: nb.stem)
def test_apps_without_charts_do_not_load_matplotlib(notebook: Path) -> None:
    """An app that shows no chart keeps matplotlib (and numpy's weight) out of its kernel."""
    done = start_app(notebook)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "MATPLOTLIB=False" in done.stdout, f"{notebook.stem} loads matplotlib at start"
