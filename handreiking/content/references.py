"""Cross-references between files: which ids a document defines, and which it points to.

A field typed with :class:`~.models.RefTo` (``FrameworkRef``, ``SourceRef``, ``StapId``, ...)
is a reference; :func:`references` walks a model and yields each one with its place in the
file. :func:`provided` yields the ids a document defines. :mod:`.validate` matches the two.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from .models import Framework, Les, RefTo
from .yamlfile import PathKey, YamlDocument


@dataclass(frozen=True)
class Ref:
    """A reference from one file to an id of some kind."""

    kind: str
    id: str
    doc: YamlDocument
    path: PathKey


_PROVIDES: dict[str, tuple[str, ...]] = {
    "framework": ("framework", "framework-item"),
    "les": ("les", "stap"),
    "examples": ("example",),
    "sources": ("source",),
}
"""The kinds of id a file of some kind defines, where they differ from the file's kind (see :func:`provided`)."""


def provided_kinds(kind: str) -> tuple[str, ...]:
    """The kinds of id a file of ``kind`` defines: ``les`` defines lessons and steps, most kinds themselves."""
    return _PROVIDES.get(kind, (kind,))


def _ref_kind(annotation: Any) -> str | None:
    for meta in getattr(annotation, "__metadata__", ()):
        if isinstance(meta, RefTo):
            return meta.kind
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _ref_kind(typing.get_args(annotation)[0])
    if origin in (list, tuple, set, frozenset, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            kind = _ref_kind(arg)
            if kind:
                return kind
    return None


def references(model: BaseModel, doc: YamlDocument, path: PathKey = ()) -> Iterator[Ref]:
    """Every reference (fields typed with :class:`RefTo`) inside ``model``."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        kind = _ref_kind(info.annotation)
        if kind:
            if isinstance(value, str):
                yield Ref(kind, value, doc, (*path, name))
            elif isinstance(value, list | tuple):
                for i, item in enumerate(value):
                    if isinstance(item, str):
                        yield Ref(kind, item, doc, (*path, name, i))
            continue
        if isinstance(value, BaseModel):
            yield from references(value, doc, (*path, name))
        elif isinstance(value, list | tuple):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from references(item, doc, (*path, name, i))


def provided(model: BaseModel, doc: YamlDocument) -> Iterator[Ref]:
    """The ids a document defines, with where it defines them."""
    if isinstance(model, Framework):
        yield Ref("framework", model.id, doc, ("id",))
        for i, item in enumerate(model.items):
            yield Ref("framework-item", f"{model.id}/{item.id}", doc, ("items", i, "id"))
    elif isinstance(model, Les):
        yield Ref("les", str(model.number), doc, ("number",))
        for i, stap in enumerate(model.stappen):
            yield Ref("stap", stap.id, doc, ("stappen", i, "id"))
    elif hasattr(model, "examples") and getattr(model, "kind", None) == "examples":
        for i, ex in enumerate(model.examples):  # type: ignore[attr-defined]
            yield Ref("example", ex.id, doc, ("examples", i, "id"))
    elif getattr(model, "kind", None) == "sources":
        for i, src in enumerate(model.sources):  # type: ignore[attr-defined]
            yield Ref("source", src.id, doc, ("sources", i, "id"))
    else:
        kind = str(model.kind)
        ident = getattr(model, "id", None)
        yield Ref(kind, str(ident) if ident is not None else kind, doc, ("id",) if ident is not None else ("kind",))
