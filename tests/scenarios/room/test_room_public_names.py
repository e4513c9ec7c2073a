"""The public names of the room and the export are what their ``__all__`` claims, and nothing is missing."""

from __future__ import annotations

import importlib

import pytest


@pytest.mark.parametrize("module", ["handreiking.scenarios.room", "handreiking.workshop.export"])
def test_all_names_exist(module: str) -> None:
    """Every name in __all__ can be imported, and every public class or function defined there is listed."""
    mod = importlib.import_module(module)
    assert all(hasattr(mod, name) for name in mod.__all__)
    public = {
        n for n, v in vars(mod).items() if not n.startswith("_") and getattr(v, "__module__", "").startswith(module)
    }
    assert public <= set(mod.__all__), public - set(mod.__all__)
