"""Shared fixtures: the bundled content, and a helper that writes a trainer's YAML file.

Tests mirror the package (``tests/content/``, ``tests/scenarios/``, ``tests/apps/``, ``tests/workshop/``;
``tests/workshop/test_settings.py`` tests ``handreiking/workshop/settings.py``); basenames stay unique across
folders. The helper modules in ``tests/`` (``support``, ``workshop_support``) are importable from every folder:
this file puts ``tests/`` on ``sys.path``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from handreiking.content import Content, bundled_content  # noqa: E402

ROOT = TESTS.parent

# No time limit per hypothesis example (a wall-clock assert): on a busy machine one slow example
# failed a correct model. Tests that set their own settings keep them.
settings.register_profile("handreiking", deadline=None)
settings.load_profile("handreiking")


@pytest.fixture(scope="session")
def content() -> Content:
    """The bundled data/, loaded and validated once."""
    return bundled_content()


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write a YAML file (text or raw bytes) into a temp folder and return its path."""

    def _write(name: str, body: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body, encoding="utf-8")
        return path

    return _write
