"""Which model validates which ``kind`` of file in ``data/``.

A scenario adds its own kinds (its parameters, its cases) in its own module
under ``handreiking/content/`` and lists them in that module's ``KINDS``.
"""

from __future__ import annotations

from pydantic import BaseModel

from . import balans, beleidsnotitie, oefening, rollen, zelfscan
from .models import Background, Examples, Framework, Introduction, Les, Sources

KINDS: dict[str, type[BaseModel]] = {
    "introduction": Introduction,
    "background": Background,
    "les": Les,
    "framework": Framework,
    "examples": Examples,
    "sources": Sources,
    **balans.KINDS,
    **oefening.KINDS,
    **rollen.KINDS,
    **zelfscan.KINDS,
    **beleidsnotitie.KINDS,
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
    **balans.KIND_LABELS,
    **oefening.KIND_LABELS,
    **rollen.KIND_LABELS,
    **zelfscan.KIND_LABELS,
    **beleidsnotitie.KIND_LABELS,
}
"""Dutch names used in messages ("verwijst naar het kader 'x', maar die bestaat niet")."""
