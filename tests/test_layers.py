"""The layers of the package are checked: content <- scenarios <- plots <- workshop <- apps <- cli.

`make test` and `make lint` run ``lint-imports`` (contracts in pyproject.toml); these tests run it too, and
show that it fails on the first import against the layers (a copy of the package with one bad import added).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": str(Path(sys.executable).parent)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_package_keeps_its_layers() -> None:
    """Every import-linter contract is kept."""
    done = _lint(ROOT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "broken" in done.stdout and " 0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "bad_import", "contract"),
    [
        ("plots/room.py", "from handreiking.workshop import store", "Layers"),
        ("workshop/export/model.py", "import handreiking.apps.base", "The workshop"),
        ("scenarios/room/balans.py", "import ipywidgets", "Content and scenario rules"),
        ("apps/share.py", "import handreiking.workshop.export", "Participant kernels"),
    ],
)
def test_an_import_against_the_layers_fails(tmp_path: Path, module: str, bad_import: str, contract: str) -> None:
    """One import against a contract, added to a copy of the package, makes lint-imports fail and name it."""
    shutil.copytree(ROOT / "handreiking", tmp_path / "handreiking", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "handreiking" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{bad_import}  # against the layers\n", encoding="utf-8")
    done = _lint(tmp_path)
    assert done.returncode != 0
    broken = [line for line in done.stdout.splitlines() if line.endswith("BROKEN")]
    assert any(line.startswith(contract) for line in broken), done.stdout[-3000:]
