"""Load ``data/``: check a folder, load all of it, or load only the kinds one app needs.

Every function takes the content folder as an argument; without one it uses the bundled
``data/`` (:data:`DATA_DIR`). Nothing here reads the environment: a caller that wants a
trainer's own folder passes it (``handreiking check --inhoud MAP``, a test's ``tmp_path``).
Validation itself lives in :mod:`.validate`; this module only chooses the files and turns
the result into a :class:`~.container.Content` or a :class:`~.errors.ContentError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from pydantic import BaseModel

from .container import Content
from .errors import ContentError, Problem
from .kinds import KINDS
from .oefening import Oefening
from .references import provided_kinds
from .validate import LoadResult, completeness_problems, validate_files, yaml_files

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
"""The bundled content. Another folder is passed as ``data_dir`` to the functions below."""


def _files(paths: Iterable[Path]) -> list[Path]:
    """The YAML files in ``paths``: a folder gives its files, a file itself."""
    files: list[Path] = []
    for p in paths:
        p = Path(p)
        files.extend(yaml_files(p) if p.is_dir() else [p])
    return files


def check_paths(paths: Iterable[Path] = (), data_dir: Path | None = None) -> list[Problem]:
    """What ``handreiking check`` reports: ``data_dir`` (default the bundled ``data/``) alone, or plus the given files.

    Given files are validated together with ``data_dir`` so that their references
    (a step, a framework, a source) resolve against the handreiking's content.
    """
    folder = data_dir or DATA_DIR
    extra = [Path(p) for p in paths]
    missing = [Problem(str(p), None, "", "dit bestand of deze map bestaat niet.") for p in extra if not p.exists()]
    result = validate_files([*_files(p for p in extra if p.exists()), *yaml_files(folder)])
    problems = missing + result.problems
    if not extra:
        problems += completeness_problems(result, folder)
    return sorted(problems)


def build_content(result: LoadResult) -> Content:
    """The :class:`Content` of validated documents (the introduction and background must be among them)."""
    by_kind: dict[str, list[BaseModel]] = {}
    for _, model in result.models:
        by_kind.setdefault(str(model.kind), []).append(model)
    examples = {e.id: e for doc in by_kind.get("examples", []) for e in doc.examples}  # type: ignore[attr-defined]
    sources = {s.id: s for doc in by_kind.get("sources", []) for s in doc.sources}  # type: ignore[attr-defined]
    return Content(
        introduction=by_kind["introduction"][0],  # type: ignore[arg-type]
        background=by_kind["background"][0],  # type: ignore[arg-type]
        lessen={les.number: les for les in sorted(by_kind.get("les", []), key=lambda x: x.number)},  # type: ignore[attr-defined]
        frameworks={f.id: f for f in by_kind.get("framework", [])},  # type: ignore[attr-defined]
        examples=examples,
        sources=sources,
        documents=by_kind,
    )


def load_content(data_dir: Path | None = None, extra: Iterable[Path] = ()) -> Content:
    """Load and validate all of ``data_dir`` (default the bundled ``data/``), plus ``extra`` files or folders.

    ``extra`` is e.g. a trainer's own cases. Raises :class:`ContentError` listing every problem;
    never returns partial content.
    """
    folder = data_dir or DATA_DIR
    result = validate_files([*yaml_files(folder), *_files(extra)])
    problems = result.problems + completeness_problems(result, folder)
    if problems:
        raise ContentError(problems)
    return build_content(result)


@cache
def bundled_content() -> Content:
    """The bundled ``data/``, loaded once per process (what apps and notebooks use)."""
    return load_content()


# --- only what one app needs -------------------------------------------------------

ALWAYS_LOADED = ("introduction", "background")
"""Kinds :func:`load_documents` always loads, so that a :class:`Content` is always complete in type."""

_KIND_LINE = re.compile(r"^kind:[ \t]*[\"']?([A-Za-z0-9_-]+)", re.MULTILINE)


def file_kind(path: Path) -> str | None:
    """The ``kind`` on the file's top-level ``kind:`` line, found without parsing the YAML (``None``: none found)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    match = _KIND_LINE.search(text)
    return match.group(1) if match else None


def load_documents(kinds: Iterable[str], data_dir: Path | None = None) -> Content:
    """Load only the files of ``kinds`` (plus the introduction and background): what one app needs.

    ``data_dir`` is the content folder (default the bundled ``data/``). Much cheaper than
    :func:`load_content` when an app uses a few files: the other files are not parsed. The files
    loaded are validated exactly as :func:`load_content` does (schema, the models' own checks,
    duplicate ids), and so are their references to loaded kinds and to steps. References to kinds
    not loaded, and the completeness of the lessons, are left to the full check (``handreiking
    check`` and the tests): an app only resolves references to kinds it loads.
    ``Content.documents`` holds only the loaded kinds; ``lessen``, ``frameworks``, ``examples`` and
    ``sources`` are filled only when ``les``, ``framework``, ``examples`` or ``sources`` is asked for.

    Raises :class:`ContentError` listing every problem, also when an asked-for kind has no file.
    """
    wanted = {*kinds, *ALWAYS_LOADED}
    unknown = sorted(wanted - set(KINDS))
    if unknown:
        raise ValueError(f"unknown kind(s): {', '.join(unknown)}")
    folder = data_dir or DATA_DIR
    files = [p for p in yaml_files(folder) if file_kind(p) in wanted]
    ref_kinds = {"stap", *(k for kind in wanted for k in provided_kinds(kind))}
    result = validate_files(files, ref_kinds=ref_kinds)
    found = {str(getattr(m, "kind", "")) for _, m in result.models}
    problems = result.problems + [
        Problem(str(folder), None, "", f"er is geen bestand met 'kind: {kind}'.") for kind in sorted(wanted - found)
    ]
    if problems:
        raise ContentError(problems)
    return build_content(result)


def bundled_documents(*kinds: str) -> Content:
    """The bundled files of ``kinds`` (see :func:`load_documents`), loaded once per process.

    What an app's ``from_data()`` uses. When the whole of ``data/`` is loaded already (a lesson notebook
    that also shows an app), that is returned instead of reading files again.
    """
    if bundled_content.cache_info().currsize:
        return bundled_content()
    return _bundled_documents(frozenset(kinds))


@cache
def _bundled_documents(kinds: frozenset[str]) -> Content:
    return load_documents(sorted(kinds))


# --- a trainer's own group questions ------------------------------------------------


def load_question_file(path: Path | str, data_dir: Path | None = None) -> list[Oefening]:
    """A trainer's own group questions: the oefeningen in ``path`` (a file or a folder), checked like
    ``handreiking check PAD`` against ``data_dir`` (default the bundled ``data/``).

    The file uses the ``kind: oefening`` schema of ``data/oefeningen/`` (multiple choice, feedback per option
    that names the stap, a worked answer); a reference to a stap is checked and an id that is already taken is
    reported. Raises :class:`ContentError` with every problem, also when the path holds no oefening at all.
    """
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
