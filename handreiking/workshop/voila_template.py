"""Install the participant page as the named Voila template ``handreiking``.

Plain ``voila`` (and Voila on Binder) finds templates by name in ``<prefix>/share/jupyter/voila/templates/``;
the repository's ``voila.json`` asks for ``handreiking``, so Binder and ``voila`` started from the repository
serve the same Dutch, local-only page as the workshop server (which reads the folder from the package).

A regular ``pip install .`` puts a copy there (pyproject's data-files); an editable install does not, so
``make install`` and Binder's ``postBuild`` run ``python -m handreiking.workshop.voila_template``, which links
the folder into the environment (edits to the template then show without reinstalling).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from .config import TEMPLATE_DIR

TEMPLATE_NAME = "handreiking"
"""The name voila.json and ``voila --template=handreiking`` use."""


def template_target(prefix: str | Path = sys.prefix) -> Path:
    """Where Voila looks for the named template in the environment at ``prefix``."""
    return Path(prefix) / "share" / "jupyter" / "voila" / "templates" / TEMPLATE_NAME


def is_installed(prefix: str | Path = sys.prefix) -> bool:
    """True when the environment has the template and its page is the same as the package's."""
    page = template_target(prefix) / "index.html.j2"
    ours = TEMPLATE_DIR / "index.html.j2"
    try:
        return page.read_bytes() == ours.read_bytes()
    except OSError:
        return False


def install(prefix: str | Path = sys.prefix) -> Path:
    """Link (or, where links are not possible, copy) the template folder into the environment."""
    target = template_target(prefix)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_symlink():
        if target.resolve() == TEMPLATE_DIR.resolve():
            return target
        target.unlink()
    elif target.exists():
        shutil.rmtree(target)
    try:
        target.symlink_to(TEMPLATE_DIR, target_is_directory=True)
    except OSError:
        shutil.copytree(TEMPLATE_DIR, target)
    return target


def main() -> int:
    target = install()
    print(f"Voila-sjabloon '{TEMPLATE_NAME}' staat klaar in {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
