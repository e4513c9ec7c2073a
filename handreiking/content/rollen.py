"""Schemas of the rollen scenario's files in ``data/scenarios/rollen/``."""

from __future__ import annotations

from pydantic import BaseModel

KINDS: dict[str, type[BaseModel]] = {}
KIND_LABELS: dict[str, str] = {}
