"""A trainer's own group questions: a YAML file (or folder) of oefeningen, checked like ``handreiking check``.

The file uses the same ``kind: oefening`` schema as ``data/oefeningen/`` (multiple choice, feedback per
option that names the stap, a worked answer). It is validated together with the bundled content, so a
reference to a stap is checked and an id that is already taken is reported; every problem comes back at
once, in Dutch, with file, line and field (:class:`ContentError`).
"""

from __future__ import annotations

from pathlib import Path

from .errors import ContentError, Problem
from .oefening import Oefening


def load_question_file(path: Path | str, data_dir: Path | None = None) -> list[Oefening]:
    """The oefeningen in ``path`` (a file or a folder), checked against ``data_dir`` (default the bundled data/).

    Raises :class:`ContentError` with every problem, also when the path holds no oefening at all.
    """
    from .loader import _files, check_paths  # not at import time: the kinds registry imports this package
    from .validate import validate_files

    target = Path(path).expanduser()
    problems = check_paths([target], data_dir=data_dir)
    if problems:
        raise ContentError(problems)
    result = validate_files(_files([target]))
    found = [model for _, model in result.models if isinstance(model, Oefening)]
    if not found:
        raise ContentError(
            [
                Problem(
                    str(target),
                    None,
                    "kind",
                    "hier staat geen oefening met vragen (verwacht 'kind: oefening'). Kopieer een bestand uit "
                    "data/oefeningen/, geef het een eigen id en pas de vragen aan.",
                )
            ]
        )
    return sorted(found, key=lambda o: o.id)
