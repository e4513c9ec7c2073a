"""Each participant app starts lean: its Voila cell imports no pandas, pyplot, matplotlib, numpy or PIL."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APP_NOTEBOOKS = sorted((ROOT / "notebooks" / "apps").glob("*.ipynb"))

CHECK = """
import sys
{cell}
print("LOADED=" + ",".join(m for m in ("pandas", "matplotlib.pyplot", "pylab") if m in sys.modules))
print("HEAVY=" + ",".join(m for m in ("matplotlib", "numpy", "PIL") if m in sys.modules))
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
def start_app(notebook: Path) -> subprocess.CompletedProcess[str]:
    """Run the app's cell in a fresh interpreter once; report which heavy modules it loaded."""
    return subprocess.run(
        [sys.executable, "-c", CHECK.format(cell=app_cell(notebook))],
        capture_output=True,
        text=True,
        cwd=notebook.parent,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("notebook", APP_NOTEBOOKS, ids=lambda nb: nb.stem)
def test_app_start_imports_neither_pandas_nor_pyplot(notebook: Path) -> None:
    """Starting the app in a fresh interpreter leaves pandas and matplotlib.pyplot unimported."""
    done = start_app(notebook)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = done.stdout.rsplit("LOADED=", 1)[1].split("\n", 1)[0].strip()
    assert loaded == "", f"{notebook.stem} imports {loaded} at start"


@pytest.mark.parametrize("notebook", APP_NOTEBOOKS, ids=lambda nb: nb.stem)
def test_app_start_loads_no_matplotlib_numpy_or_pil(notebook: Path) -> None:
    """Every app, also balans and rollen with their live figures (drawn as SVG), keeps matplotlib, numpy
    and PIL out of its kernel: about 45 MB less per participant kernel."""
    done = start_app(notebook)
    assert done.returncode == 0, done.stderr[-2000:]
    heavy = done.stdout.rsplit("HEAVY=", 1)[1].split("\n", 1)[0].strip()
    assert heavy == "", f"{notebook.stem} loads {heavy} at start"


def test_the_check_sees_a_heavy_import() -> None:
    """The same check, on a cell that does import numpy, reports it (so a pass above means something)."""
    done = subprocess.run(
        [sys.executable, "-c", CHECK.format(cell="import numpy")], capture_output=True, text=True, timeout=120
    )
    assert "HEAVY=numpy" in done.stdout
