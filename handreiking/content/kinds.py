"""Which model validates which ``kind`` of file in ``data/``.

The core kinds (lessons, frameworks, ...) are listed here. A scenario or tool
adds its own kinds in its own module under ``handreiking/content/`` by
defining ``KINDS`` (kind -> model) and ``KIND_LABELS`` (kind -> Dutch name);
every such module is picked up automatically, so adding a scenario never
means editing this file.

A kind module imports only :mod:`.models` and :mod:`.container` (never the
loader or the validator, which import this registry): it reads its documents
from a :class:`~.container.Content` it is given. ``tests/content/test_kinds.py``
checks that rule, and that every module here is either a kind module or one of
the loading machinery's own (:data:`CORE_MODULES`).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping

from pydantic import BaseModel

from .models import Background, Examples, Framework, Introduction, Les, Sources

KINDS: dict[str, type[BaseModel]] = {
    "introduction": Introduction,
    "background": Background,
    "les": Les,
    "framework": Framework,
    "examples": Examples,
    "sources": Sources,
}

KIND_LABELS: dict[str, str] = {
    "framework": "het kader",
    "framework-item": "het onderdeel van een kader",
    "example": "het voorbeeld",
    "source": "de bron",
    "stap": "stap",
    "les": "les",
    "introduction": "de introductie",
    "background": "de achtergrond",
}
"""Dutch names used in messages ("verwijst naar het kader 'x', maar die bestaat niet")."""

CORE_MODULES = frozenset(
    {"container", "dutch", "errors", "kinds", "loader", "models", "references", "translate", "validate", "yamlfile"}
)
"""The loading machinery and the Dutch-language helpers: not searched for kinds (they define none)."""


def find_kinds(
    package: str, known: Mapping[str, type[BaseModel]] = KINDS
) -> tuple[dict[str, type[BaseModel]], dict[str, str]]:
    """The kinds (kind -> model) and their labels defined by the modules of ``package``.

    Imports every module of ``package`` except the :data:`CORE_MODULES` and private ones
    (``_name``); a module that defines ``KINDS`` contributes its kinds and ``KIND_LABELS``.
    A kind that two modules (or a module and ``known``) define with different models is an error.
    """
    found: dict[str, type[BaseModel]] = {}
    labels: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(importlib.import_module(package).__path__), key=lambda m: m.name):
        if info.name in CORE_MODULES or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        kinds = getattr(module, "KINDS", None)
        if not isinstance(kinds, dict):
            continue
        for kind, model in kinds.items():
            earlier = found.get(kind, known.get(kind))
            if earlier is not None and earlier is not model:
                raise RuntimeError(f"kind '{kind}' is defined twice ({module.__name__})")
            found[kind] = model
        labels.update(getattr(module, "KIND_LABELS", {}))
    return found, labels


_found, _labels = find_kinds(__package__)
KINDS.update(_found)
KIND_LABELS.update(_labels)
