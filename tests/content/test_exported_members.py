"""The public surface of ``handreiking.content`` is what ``__all__`` says."""

from __future__ import annotations

import types

import handreiking.content as content_package


def test_all_names_exist() -> None:
    """Every name in ``__all__`` can be imported from the package."""
    assert [name for name in content_package.__all__ if not hasattr(content_package, name)] == []


def test_every_public_name_is_in_all() -> None:
    """Nothing public is exported by accident: the package's own public names are exactly ``__all__``."""
    public = {
        name
        for name, value in vars(content_package).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public == set(content_package.__all__)
