"""Cross-references: which ids a file defines, and which ids it points to, with their place in the file."""

from __future__ import annotations

from handreiking.content import Content
from handreiking.content.models import Framework, Les
from handreiking.content.references import provided, provided_kinds, references
from handreiking.content.yamlfile import YamlDocument

FRAMEWORK = {
    "kind": "framework",
    "id": "mijn-kader",
    "title": "Mijn kader",
    "summary": "Een kader.",
    "stappen": ["6.1"],
    "items": [{"id": "een", "name": "Een", "description": "Het eerste."}],
    "links": {"sources": ["bron-a", "bron-b"], "frameworks": ["ander-kader"]},
}


def test_references_are_found_with_their_path() -> None:
    """Every RefTo field yields the kind it points to, the id and where it sits (list positions included)."""
    doc = YamlDocument("kader.yaml")
    found = sorted((r.kind, r.id, r.path) for r in references(Framework.model_validate(FRAMEWORK), doc))
    assert found == [
        ("framework", "ander-kader", ("links", "frameworks", 0)),
        ("source", "bron-a", ("links", "sources", 0)),
        ("source", "bron-b", ("links", "sources", 1)),
    ]


def test_a_framework_provides_itself_and_its_items() -> None:
    """A framework defines its own id and one ``framework/item`` id per item."""
    doc = YamlDocument("kader.yaml")
    ids = [(r.kind, r.id) for r in provided(Framework.model_validate(FRAMEWORK), doc)]
    assert ids == [("framework", "mijn-kader"), ("framework-item", "mijn-kader/een")]
    assert set(provided_kinds("framework")) == {kind for kind, _ in ids}


def test_a_lesson_provides_its_steps(content: Content) -> None:
    """A lesson file defines the lesson and each of its steps."""
    les = Les.model_validate(content.lessen[1].model_dump())
    kinds = {r.kind for r in provided(les, YamlDocument("les-1.yaml"))}
    assert kinds == set(provided_kinds("les")) == {"les", "stap"}


def test_other_kinds_provide_themselves() -> None:
    """A scenario's file kind defines an id of its own kind."""
    assert provided_kinds("bril-casus") == ("bril-casus",)
