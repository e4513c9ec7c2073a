"""Notebooks are thin, committed without outputs, and their links resolve.

Executing them is nbval's job: `pytest` collects every notebook in notebooks/ and
exercises/ (``--nbval-lax``), so each one must run top to bottom in a fresh kernel.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(
    [*ROOT.glob("notebooks/**/*.ipynb"), *ROOT.glob("exercises/**/*.ipynb"), *ROOT.glob("handreiking/**/*.ipynb")]
)
NOTEBOOKS = [p for p in NOTEBOOKS if ".ipynb_checkpoints" not in p.parts]
APPS = sorted(ROOT.glob("notebooks/apps/*.ipynb"))


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_there_are_notebooks() -> None:
    """The lesson notebooks and the app entry points exist."""
    assert len(APPS) >= 1
    assert (ROOT / "notebooks" / "apps" / "overzicht.ipynb").is_file()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_committed_without_outputs(path: Path) -> None:
    """No outputs or execution counts are committed (they are generated, and leak into diffs)."""
    dirty = [
        i for i, c in enumerate(_cells(path)) if c["cell_type"] == "code" and (c["outputs"] or c["execution_count"])
    ]
    assert dirty == [], f"cellen met uitvoer: {dirty}; wis de uitvoer voor je commit"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_uses_the_python3_kernel(path: Path) -> None:
    """Every notebook runs on the standard python3 kernel (Binder, nbval and Voila alike)."""
    meta = json.loads(path.read_text(encoding="utf-8"))["metadata"]
    assert meta.get("kernelspec", {}).get("name") == "python3"


@pytest.mark.parametrize("path", APPS, ids=_id)
def test_app_entry_point_is_one_short_cell(path: Path) -> None:
    """A Voila entry point is one code cell that imports an app and ends with `App.from_data(...)`."""
    code = [c for c in _cells(path) if c["cell_type"] == "code"]
    assert len(code) == 1
    lines = [ln for ln in _source(code[0]).splitlines() if ln.strip()]
    assert len(lines) <= 4
    assert re.match(r"^from handreiking\.apps\.\w+ import \w+App$", lines[0])
    assert re.match(r"^\w+App\.from_data\(.*\)$", lines[-1])


LINK = re.compile(r"\]\(((?!https?://|#|mailto:)[^)\s]+)\)")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_relative_links_resolve(path: Path) -> None:
    """Every relative link or image in a Markdown cell points to a file that exists."""
    missing = []
    for cell in _cells(path):
        if cell["cell_type"] != "markdown":
            continue
        for target in LINK.findall(_source(cell)):
            file = target.split("#")[0]
            if file and not (path.parent / file).exists():
                missing.append(target)
    assert missing == []
