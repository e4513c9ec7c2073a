"""The :class:`Content` container: everything loaded from ``data/``, by kind and by id.

Kept apart from the loader on purpose: the modules that define a kind (``bril.py``,
``zelfscan.py``, ...) read their documents from a :class:`Content` they are given and
import only this module and :mod:`.models`, never the loader. So the loader can find
those modules (see :mod:`.kinds`) without an import cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from .models import Background, Example, Framework, Introduction, Les, Source, Stap


@dataclass
class Content:
    """Everything in ``data/``, validated and cross-referenced."""

    introduction: Introduction
    background: Background
    lessen: dict[int, Les]
    frameworks: dict[str, Framework]
    examples: dict[str, Example]
    sources: dict[str, Source]
    documents: dict[str, list[BaseModel]] = field(default_factory=dict)

    @property
    def stappen(self) -> dict[str, Stap]:
        return {s.id: s for les in self.lessen.values() for s in les.stappen}

    def stap(self, stap_id: str) -> Stap:
        return self.stappen[stap_id]

    def les_of(self, stap_id: str) -> Les:
        return self.lessen[int(stap_id.split(".")[0])]

    def of_kind(self, kind: str) -> list[Any]:
        """All validated documents of ``kind`` (e.g. ``"balans-casus"``), in file order."""
        return list(self.documents.get(kind, []))


def documents_of(kind: str, content: Content) -> list[Any]:
    """All documents of ``kind`` in ``content``; a Dutch KeyError when there are none."""
    found = content.of_kind(kind)
    if not found:
        raise KeyError(f"Er is geen bestand met 'kind: {kind}' in data/.")
    return found


def document_of(kind: str, content: Content) -> Any:
    """The (first) document of ``kind`` in ``content``, e.g. a scenario's model file."""
    return documents_of(kind, content)[0]
