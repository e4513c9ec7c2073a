"""The kinds registry: every kind module is found, and finding them makes no import cycle."""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import handreiking.content.kinds as kinds_module
from handreiking.content.kinds import CORE_MODULES, KIND_LABELS, KINDS, find_kinds
from handreiking.content.references import provided_kinds

CONTENT_DIR = Path(kinds_module.__file__).parent
MODULES = sorted(p.stem for p in CONTENT_DIR.glob("*.py") if not p.stem.startswith("_"))
KIND_MODULES = [m for m in MODULES if m not in CORE_MODULES]
MAY_IMPORT = {"models", "container", "errors"}
"""What a kind module may import from the loading machinery: never the registry or what imports it."""


def content_imports(module: str) -> Iterator[tuple[str, int]]:
    """The modules of ``handreiking.content`` that ``module`` imports (also inside functions), with their line."""
    tree = ast.parse((CONTENT_DIR / f"{module}.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:
                names = [node.module] if node.module else [a.name for a in node.names]
            elif node.level == 0 and (node.module or "").startswith("handreiking.content."):
                names = [node.module.removeprefix("handreiking.content.")]
            elif node.level == 0 and node.module == "handreiking.content":
                names = ["__init__"]
            else:
                continue
        elif isinstance(node, ast.Import):
            names = [
                a.name.removeprefix("handreiking.content.")
                for a in node.names
                if a.name.startswith("handreiking.content.")
            ]
        else:
            continue
        for name in names:
            yield name.split(".")[0], node.lineno


def import_graph() -> dict[str, set[str]]:
    """Static imports between the content modules, plus the registry's own: ``kinds`` imports every kind module."""
    graph = {m: {dst for dst, _ in content_imports(m) if dst != m} for m in MODULES}
    graph["kinds"] |= set(KIND_MODULES)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle in ``graph`` as a path (first node repeated at the end), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_content_modules_import_without_a_cycle() -> None:
    """No content module reaches itself through its imports, counting the registry's search for kind modules."""
    cycle = find_cycle(import_graph())
    assert cycle is None, "importkring: " + " -> ".join(cycle or [])


def test_cycle_check_finds_a_cycle() -> None:
    """The check itself reports the loop a kind module would make by importing the loader."""
    graph = import_graph()
    graph["bril"] = graph["bril"] | {"loader"}
    assert find_cycle(graph) == ["bril", "loader", "kinds", "bril"]


@pytest.mark.parametrize("module", KIND_MODULES)
def test_kind_module_imports_no_loading_machinery(module: str) -> None:
    """A kind module reads its documents through ``container``; it never imports the registry or the loader."""
    bad = [
        f"regel {line}: importeert {dst}"
        for dst, line in content_imports(module)
        if (dst in CORE_MODULES and dst not in MAY_IMPORT) or dst == "__init__"
    ]
    assert bad == []


@pytest.mark.parametrize("module", KIND_MODULES)
def test_every_other_module_defines_kinds(module: str) -> None:
    """A module outside CORE_MODULES defines KINDS (a new helper module belongs in CORE_MODULES or gets a '_')."""
    tree = ast.parse((CONTENT_DIR / f"{module}.py").read_text(encoding="utf-8"))
    assigned = {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
    }
    assert {"KINDS", "KIND_LABELS"} <= assigned


@pytest.mark.parametrize("module", KIND_MODULES)
def test_kind_module_is_registered(module: str) -> None:
    """Every kind a kind module defines is in the registry, with the module's own model."""
    defined = sys.modules[f"handreiking.content.{module}"].KINDS
    assert {kind: KINDS.get(kind) for kind in defined} == defined


def test_every_kind_of_id_has_a_dutch_label() -> None:
    """Messages about duplicate or missing ids name the kind in Dutch ("het kader", "de bril-casus")."""
    missing = sorted({k for kind in KINDS for k in provided_kinds(kind)} - set(KIND_LABELS))
    assert missing == []


# --- the search itself, on a package of its own ---------------------------------------------

KIND_MODULE = """
from pydantic import BaseModel


class Begrip(BaseModel):
    kind: str
    id: str


KINDS = {"begrip": Begrip}
KIND_LABELS = {"begrip": "het begrip"}
"""


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, str]], str]:
    """Write a throwaway package with the given modules and make it importable; returns its name."""

    def _make(modules: dict[str, str]) -> str:
        name = f"kinds_pkg_{len(list(tmp_path.iterdir()))}"
        folder = tmp_path / name
        folder.mkdir()
        (folder / "__init__.py").write_text("", encoding="utf-8")
        for module, source in modules.items():
            (folder / f"{module}.py").write_text(source, encoding="utf-8")
        monkeypatch.syspath_prepend(str(tmp_path))
        for key in [k for k in sys.modules if k.startswith(name)]:
            monkeypatch.delitem(sys.modules, key)
        return name

    return _make


def test_a_new_kind_module_is_found(package: Callable[[dict[str, str]], str]) -> None:
    """A module that defines KINDS is picked up; helpers, private and core modules are left alone."""
    name = package(
        {
            "begrippen": KIND_MODULE,
            "helper": "X = 1\n",
            "_private": "raise RuntimeError('a private module is never imported')\n",
            "loader": "raise RuntimeError('a core module is never imported')\n",
        }
    )
    found, labels = find_kinds(name, known={})
    assert [(kind, model.__name__) for kind, model in found.items()] == [("begrip", "Begrip")]
    assert labels == {"begrip": "het begrip"}


def test_a_kind_defined_twice_is_refused(package: Callable[[dict[str, str]], str]) -> None:
    """Two modules that define the same kind with different models stop the search with the module's name."""
    name = package({"begrippen": KIND_MODULE, "woorden": KIND_MODULE})
    with pytest.raises(RuntimeError, match=r"kind 'begrip' is defined twice \(.*woorden\)"):
        find_kinds(name, known={})
