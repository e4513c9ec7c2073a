"""An app loads only the files it needs, validated like the full load."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import pytest

import handreiking.content as content_package
from handreiking.content import Content, ContentError, check_paths, load_content, load_documents
from handreiking.content.loader import DATA_DIR, file_kind

Writer = Callable[[str, str | bytes], Path]
ENV_NAMES = {"environ", "getenv", "environb"}
"""How Python code reads environment variables (``os.environ``, ``os.getenv``)."""

FRAMEWORK = """kind: framework
id: kader
title: Een kader
summary: Een korte samenvatting.
items:
  - id: een
    name: Een
    description: Het eerste onderdeel.
"""

INTRODUCTION = """kind: introduction
title: Introductie
context: [Context.]
purpose: Doel.
audience: [Ambtenaren.]
uitnodigende_overheid: Uitleg.
uitnodigende_kenmerken: [Kenmerk.]
contents: [Inhoud.]
vuistregels:
  - {id: een, title: Een, explanation: Uitleg een.}
  - {id: twee, title: Twee, explanation: Uitleg twee.}
  - {id: drie, title: Drie, explanation: Uitleg drie.}
"""

BACKGROUND = """kind: background
title: Achtergrond
summary: Samenvatting.
key_points: [Punt.]
"""


def copy_core(write_yaml: Writer) -> None:
    """The two files every load includes, without links (so a test folder needs no frameworks)."""
    write_yaml("introduction.yaml", INTRODUCTION)
    write_yaml("background.yaml", BACKGROUND)


@pytest.mark.parametrize(
    "kinds",
    [("balans-model", "balans-casus"), ("rollen-model", "rollen-vraagstuk"), ("zelfscan",), ("les",), ("framework",)],
)
def test_same_documents_as_the_full_load(content: Content, kinds: tuple[str, ...]) -> None:
    """For the kinds asked for, the partial load gives exactly the documents of the full load."""
    part = load_documents(kinds)
    for kind in kinds:
        assert part.of_kind(kind) == content.of_kind(kind)
    assert set(part.documents) == {*kinds, "introduction", "background"}


def test_lessons_and_frameworks_only_when_asked(content: Content) -> None:
    """A balans load has no lessons or frameworks; a 'les' load has all seven lessons and their steps."""
    balans = load_documents(["balans-model", "balans-casus"])
    assert balans.lessen == {} and balans.frameworks == {}
    lessen = load_documents(["les"])
    assert lessen.lessen == content.lessen
    assert lessen.stap("6.1") == content.stap("6.1")


def test_kind_line_is_read_without_parsing() -> None:
    """The kind of a bundled file is found from its top-level 'kind:' line."""
    assert file_kind(DATA_DIR / "scenarios" / "balans" / "model.yaml") == "balans-model"
    assert file_kind(DATA_DIR / "introduction.yaml") == "introduction"


def test_schema_errors_of_loaded_files_are_reported(write_yaml: Writer, tmp_path: Path) -> None:
    """A broken file of an asked-for kind stops the load with its file and field named."""
    copy_core(write_yaml)
    write_yaml("kader.yaml", FRAMEWORK.replace("title: Een kader\n", ""))
    with pytest.raises(ContentError) as err:
        load_documents(["framework"], tmp_path)
    assert "kader.yaml" in err.value.report() and "title" in err.value.report()


def test_dangling_reference_to_a_loaded_kind_is_reported(write_yaml: Writer, tmp_path: Path) -> None:
    """A reference to a framework that does not exist is an error when frameworks are loaded."""
    copy_core(write_yaml)
    write_yaml("kader.yaml", FRAMEWORK + "links:\n  frameworks: [bestaat-niet]\n")
    with pytest.raises(ContentError) as err:
        load_documents(["framework"], tmp_path)
    assert "bestaat-niet" in err.value.report()


def test_files_of_other_kinds_are_not_read(write_yaml: Writer, tmp_path: Path) -> None:
    """A broken file of a kind the app does not use does not stop the app (the full check reports it)."""
    copy_core(write_yaml)
    write_yaml("kader.yaml", FRAMEWORK)
    write_yaml("kapot.yaml", "kind: les\nnumber: [\n")
    assert [f.id for f in load_documents(["framework"], tmp_path).of_kind("framework")] == ["kader"]


def test_missing_kind_is_reported(write_yaml: Writer, tmp_path: Path) -> None:
    """Asking for a kind that has no file names that kind in Dutch."""
    copy_core(write_yaml)
    with pytest.raises(ContentError) as err:
        load_documents(["framework"], tmp_path)
    assert "er is geen bestand met 'kind: framework'" in err.value.report()


def test_unknown_kind_is_a_programming_error() -> None:
    """Asking for a kind no schema knows is a mistake in the code, not in the data."""
    with pytest.raises(ValueError, match="balans-casuss"):
        load_documents(["balans-casuss"])


def environment_reads(source: str) -> list[int]:
    """Lines of ``source`` that touch the environment (``os.environ``, ``os.getenv``, ``from os import environ``)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute):
            name = node.attr
        elif isinstance(node, ast.Name):
            name = node.id
        elif isinstance(node, ast.ImportFrom):
            name = next((a.name for a in node.names if a.name in ENV_NAMES), "")
        else:
            continue
        if name in ENV_NAMES:
            lines.append(node.lineno)
    return lines


def test_content_layer_reads_no_environment() -> None:
    """The content folder is an argument, never an environment variable read somewhere in the content layer."""
    package = Path(content_package.__file__).parent
    reads = {p.name: environment_reads(p.read_text(encoding="utf-8")) for p in sorted(package.glob("*.py"))}
    assert {name: lines for name, lines in reads.items() if lines} == {}


def test_environment_check_finds_a_read() -> None:
    """The check itself catches the way the loader used to pick its folder."""
    assert environment_reads('import os\nDATA = os.environ.get("HANDREIKING_DATA")\n') == [2]
    assert environment_reads("from os import getenv\n") == [1]


def test_another_folder_is_passed_not_configured(tmp_path: Path) -> None:
    """``check_paths`` and ``load_content`` read the folder they are given, not the bundled one."""
    problems = [str(p) for p in check_paths(data_dir=tmp_path)]
    assert any("Les 1 ontbreekt" in p for p in problems)
    with pytest.raises(ContentError, match="Les 1 ontbreekt"):
        load_content(tmp_path)
