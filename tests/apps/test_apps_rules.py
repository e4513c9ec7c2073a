"""Participant apps avoid what hangs Voila under load: no Output widget, no pyplot, no display() calls."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted(
    [
        *(ROOT / "handreiking" / "apps").rglob("*.py"),
        *(ROOT / "handreiking" / "plots").rglob("*.py"),
        *(ROOT / "handreiking" / "scenarios").rglob("*.py"),
    ]
)


def _problems(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names]
            module = getattr(node, "module", None) or ""
            if (
                "matplotlib.pyplot" in names
                or module == "matplotlib.pyplot"
                or (module == "matplotlib" and "pyplot" in names)
            ):
                found.append(f"line {node.lineno}: imports pyplot")
            if module == "IPython.display" and "display" in names:
                found.append(f"line {node.lineno}: imports display")
        if isinstance(node, ast.Attribute) and node.attr == "Output":
            found.append(f"line {node.lineno}: uses an Output widget")
        if isinstance(node, ast.Name) and node.id in ("Output", "plt"):
            found.append(f"line {node.lineno}: uses {node.id}")
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_output_widget_or_pyplot(path: Path) -> None:
    """Output widgets with inline matplotlib left pages stuck at "Executing 3 of 4" under load."""
    assert _problems(ast.parse(path.read_text(encoding="utf-8"))) == []


def test_rule_catches_offenders() -> None:
    """The check itself finds an Output widget and a pyplot import."""
    bad = "import matplotlib.pyplot as plt\nimport ipywidgets as w\nout = w.Output()\n"
    assert len(_problems(ast.parse(bad))) >= 2
