"""Which model validates which ``kind`` of file in ``data/``.

The core kinds (lessons, frameworks, ...) are listed here. A scenario or tool
adds its own kinds in its own module under ``handreiking/content/`` by
defining ``KINDS`` (kind -> model) and ``KIND_LABELS`` (kind -> Dutch name);
every such module is picked up automatically, so adding a scenario never
means editing this file.
"""

from __future__ import annotations

import importlib
import pkgutil

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

_CORE = {"errors", "kinds", "loader", "models", "yamlfile"}


def _register_scenario_kinds() -> None:
    package = __name__.rsplit(".", 1)[0]
    for info in sorted(pkgutil.iter_modules(importlib.import_module(package).__path__)):
        if info.name in _CORE or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        kinds = getattr(module, "KINDS", None)
        if not isinstance(kinds, dict):
            continue
        for kind, model in kinds.items():
            if kind in KINDS and KINDS[kind] is not model:
                raise RuntimeError(f"kind '{kind}' is defined twice ({module.__name__})")
            KINDS[kind] = model
        KIND_LABELS.update(getattr(module, "KIND_LABELS", {}))


_register_scenario_kinds()
