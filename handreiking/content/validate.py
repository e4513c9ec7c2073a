"""Validate YAML files: each against the model of its ``kind``, then together (duplicate ids, references).

Validation collects *all* problems (syntax, schema, the models' own ``check()``, duplicate
ids, dangling references, missing lessons or steps) as :class:`~.errors.Problem` s in Dutch,
with file, line and field. It never raises for bad input; :mod:`.loader` decides what to do
with the problems.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from .errors import Problem, describe_value
from .kinds import KIND_LABELS, KINDS
from .models import STAP_IDS, Les
from .references import Ref, provided, references
from .translate import dutch_message, error_path
from .yamlfile import PathKey, YamlDocument, format_path, read_yaml


@dataclass
class LoadResult:
    """The documents that validated on their own, and every problem found."""

    models: list[tuple[YamlDocument, BaseModel]]
    problems: list[Problem]


def yaml_files(folder: Path) -> list[Path]:
    """Every ``.yaml``/``.yml`` file under ``folder``, sorted."""
    return sorted(p for p in folder.rglob("*") if p.suffix in {".yaml", ".yml"} and p.is_file())


def validate_document(doc: YamlDocument) -> BaseModel | None:
    """Validate parsed data against the model of its ``kind``; problems go into ``doc``."""
    if doc.problems:
        return None
    data = doc.data
    if not isinstance(data, dict):
        doc.problems.append(
            Problem(
                doc.display,
                doc.line(()),
                "",
                f"verwacht een groep velden (sleutel: waarde), gevonden {describe_value(data)}.",
            )
        )
        return None
    kind = data.get("kind")
    if kind not in KINDS:
        known = ", ".join(sorted(KINDS))
        found = "geen veld 'kind'" if "kind" not in data else describe_value(kind)
        doc.problems.append(
            Problem(doc.display, doc.line(("kind",)), "kind", f"verwacht een van: {known}; gevonden {found}.")
        )
        return None
    model_cls = KINDS[kind]
    try:
        model = model_cls.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            path = error_path(err["loc"], data)
            doc.problems.append(Problem(doc.display, doc.line(path), format_path(path), dutch_message(err, model_cls)))
        return None
    for path, message in _own_checks(model, ()):
        doc.problems.append(Problem(doc.display, doc.line(path), format_path(path), message))
    return model


def _own_checks(model: BaseModel, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    """Run ``check()`` on the model and every nested model that defines it."""
    check = getattr(model, "check", None)
    if callable(check):
        for sub, message in check():
            yield path + tuple(sub), message
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            yield from _own_checks(value, (*path, name))
        elif isinstance(value, list | tuple):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _own_checks(item, (*path, name, i))


def validate_files(paths: Iterable[Path], ref_kinds: Collection[str] | None = None) -> LoadResult:
    """Read and validate ``paths`` together: schema, duplicate ids and cross-references.

    ``ref_kinds`` limits the reference check to references to those kinds (``None``: all of them).
    """
    models: list[tuple[YamlDocument, BaseModel]] = []
    problems: list[Problem] = []
    seen_paths: set[Path] = set()
    for path in paths:
        key = path.resolve()
        if key in seen_paths:
            continue
        seen_paths.add(key)
        doc = read_yaml(path)
        model = validate_document(doc)
        problems.extend(doc.problems)
        if model is not None:
            models.append((doc, model))

    defined: dict[tuple[str, str], Ref] = {}
    for doc, model in models:
        for ref in provided(model, doc):
            first = defined.get((ref.kind, ref.id))
            if first is not None:
                label = KIND_LABELS.get(ref.kind, ref.kind)
                where = f"{first.doc.display}, regel {first.doc.line(first.path)}"
                problems.append(
                    Problem(
                        doc.display,
                        doc.line(ref.path),
                        format_path(ref.path),
                        f"{label} met id '{ref.id}' bestaat al ({where}). Kies een andere id.",
                    )
                )
            else:
                defined[(ref.kind, ref.id)] = ref
    for stap_id in STAP_IDS:  # steps are also known without their lesson file, so refs can resolve
        defined.setdefault(("stap", stap_id), Ref("stap", stap_id, YamlDocument("(handreiking)"), ()))

    for doc, model in models:
        for ref in references(model, doc):
            if (ref.kind, ref.id) in defined or (ref_kinds is not None and ref.kind not in ref_kinds):
                continue
            label = KIND_LABELS.get(ref.kind, ref.kind)
            known = sorted(i for (k, i) in defined if k == ref.kind)
            hint = difflib.get_close_matches(ref.id, known, n=1)
            tip = f" Bedoelde je '{hint[0]}'?" if hint else ""
            problems.append(
                Problem(
                    doc.display,
                    doc.line(ref.path),
                    format_path(ref.path),
                    f"verwijst naar {label} '{ref.id}', maar die bestaat niet.{tip}",
                )
            )
    return LoadResult(models, problems)


def completeness_problems(result: LoadResult, folder: Path) -> list[Problem]:
    """Whole-folder checks: every lesson and step present once, the singletons present."""
    problems: list[Problem] = []
    where = str(folder)
    lessen = [m for _, m in result.models if isinstance(m, Les)]
    numbers = sorted(les.number for les in lessen)
    for n in range(1, 8):
        if n not in numbers:
            problems.append(
                Problem(where, None, "", f"Les {n} ontbreekt (verwacht een bestand met 'kind: les' en 'number: {n}').")
            )
    stap_count: dict[str, int] = {}
    for les in lessen:
        for stap in les.stappen:
            stap_count[stap.id] = stap_count.get(stap.id, 0) + 1
    for stap_id in STAP_IDS:
        if stap_count.get(stap_id, 0) == 0:
            problems.append(Problem(where, None, "", f"Stap {stap_id} ontbreekt in Les {stap_id.split('.')[0]}."))
    for kind in ("introduction", "background", "examples", "sources"):
        if not any(getattr(m, "kind", None) == kind for _, m in result.models):
            problems.append(Problem(where, None, "", f"er is geen bestand met 'kind: {kind}'."))
    return problems
