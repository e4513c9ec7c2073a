"""Load and validate ``data/``: one loader for every kind of file.

Each YAML file names its ``kind``; :data:`handreiking.content.kinds.KINDS` maps
that to a model. Loading collects *all* problems (syntax, schema, duplicate
ids, dangling references, missing lessons or steps) and raises a single
:class:`ContentError` that lists them in Dutch, with file, line and field.
"""

from __future__ import annotations

import difflib
import os
import re
import types
import typing
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import ContentError, Problem, describe_value
from .kinds import KIND_LABELS, KINDS
from .models import STAP_IDS, Background, Example, Framework, Introduction, Les, RefTo, Source, Stap
from .yamlfile import PathKey, YamlDocument, format_path, read_yaml

DATA_DIR = Path(os.environ.get("HANDREIKING_DATA", Path(__file__).resolve().parents[2] / "data"))
"""The bundled content. ``HANDREIKING_DATA`` points elsewhere (tests, a trainer's copy)."""


@dataclass(frozen=True)
class Ref:
    """A reference from one file to an id of some kind."""

    kind: str
    id: str
    doc: YamlDocument
    path: PathKey


@dataclass
class Content:
    """Everything in ``data/``, validated and cross-referenced."""

    introduction: Introduction
    background: Background
    lessen: dict[int, Les]
    frameworks: dict[str, Framework]
    examples: dict[str, Example]
    sources: dict[str, Source]
    documents: dict[str, list[BaseModel]] = field(default_factory=dict)

    @property
    def stappen(self) -> dict[str, Stap]:
        return {s.id: s for les in self.lessen.values() for s in les.stappen}

    def stap(self, stap_id: str) -> Stap:
        return self.stappen[stap_id]

    def les_of(self, stap_id: str) -> Les:
        return self.lessen[int(stap_id.split(".")[0])]

    def of_kind(self, kind: str) -> list[Any]:
        """All validated documents of ``kind`` (e.g. ``"balans-casus"``), in file order."""
        return list(self.documents.get(kind, []))


# --- reading and validating single files -------------------------------------------


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
            path = _data_path(err["loc"], data)
            doc.problems.append(Problem(doc.display, doc.line(path), format_path(path), _dutch(err, model_cls)))
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


def _data_path(loc: tuple[Any, ...], data: Any) -> PathKey:
    """Pydantic's error location, trimmed to the keys that exist in the user's data."""
    out: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            out.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            out.append(part)
            node = node[part]
        elif isinstance(part, str) and isinstance(node, dict) and not out[-1:] == [part]:
            out.append(part)  # a missing or unknown field: name it
            node = None
        else:
            continue
    return tuple(out)


_EXPECTED = {
    "string_type": "verwacht tekst",
    "int_type": "verwacht een geheel getal",
    "int_parsing": "verwacht een geheel getal",
    "int_from_float": "verwacht een geheel getal (zonder komma)",
    "float_type": "verwacht een getal",
    "float_parsing": "verwacht een getal",
    "bool_type": "verwacht ja of nee (true/false)",
    "bool_parsing": "verwacht ja of nee (true/false)",
    "list_type": "verwacht een lijst (regels die met '- ' beginnen)",
    "dict_type": "verwacht een groep velden (sleutel: waarde)",
    "model_type": "verwacht een groep velden (sleutel: waarde)",
    "model_attributes_type": "verwacht een groep velden (sleutel: waarde)",
}


def _dutch(err: dict[str, Any], model_cls: type[BaseModel]) -> str:
    """Translate one pydantic error into a Dutch sentence: what was expected, what was found."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    found = describe_value(err.get("input"))
    if kind == "missing":
        return "dit verplichte veld ontbreekt."
    if kind == "extra_forbidden":
        field_name = str(err["loc"][-1]) if err["loc"] else "?"
        allowed = _allowed_fields(model_cls, err["loc"][:-1])
        hint = difflib.get_close_matches(field_name, allowed, n=1)
        tip = f" Bedoelde je '{hint[0]}'?" if hint else ""
        return f"onbekend veld '{field_name}'.{tip} Toegestaan: {', '.join(allowed)}."
    if kind in _EXPECTED:
        return f"{_EXPECTED[kind]}, gevonden {found}."
    if kind == "string_too_short":
        return "mag niet leeg zijn."
    if kind == "too_short":
        return f"verwacht minstens {ctx.get('min_length')} element(en), gevonden {ctx.get('actual_length')}."
    if kind == "too_long":
        return f"verwacht hoogstens {ctx.get('max_length')} element(en), gevonden {ctx.get('actual_length')}."
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", " of ")
        return f"verwacht een van: {expected}; gevonden {found}."
    if kind == "string_pattern_mismatch":
        return (
            "ongeldige id: gebruik alleen kleine letters, cijfers en koppeltekens (zoals 'mijn-casus'); "
            f"gevonden {found}."
        )
    if kind in {"greater_than_equal", "greater_than"}:
        return f"verwacht een waarde van minstens {ctx.get('ge', ctx.get('gt'))}, gevonden {found}."
    if kind in {"less_than_equal", "less_than"}:
        return f"verwacht een waarde van hoogstens {ctx.get('le', ctx.get('lt'))}, gevonden {found}."
    if kind == "value_error":
        message = str(ctx.get("error", err.get("msg", "")))
        if message == "url_format":
            return f"verwacht een volledig webadres dat begint met https:// of http://, gevonden {found}."
        return f"{message} (gevonden {found})."
    return f"{err.get('msg')} (gevonden {found})."


def _allowed_fields(model_cls: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names of the (nested) model at ``loc``."""
    cls: Any = model_cls
    for part in loc:
        if isinstance(part, int) or not (isinstance(cls, type) and issubclass(cls, BaseModel)):
            continue
        info = cls.model_fields.get(part)
        if info is None:
            break
        cls = _inner_model(info.annotation)
    if isinstance(cls, type) and issubclass(cls, BaseModel):
        return list(cls.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


# --- references --------------------------------------------------------------------


def _ref_kind(annotation: Any) -> str | None:
    for meta in getattr(annotation, "__metadata__", ()):
        if isinstance(meta, RefTo):
            return meta.kind
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _ref_kind(typing.get_args(annotation)[0])
    if origin in (list, tuple, set, frozenset, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            kind = _ref_kind(arg)
            if kind:
                return kind
    return None


def references(model: BaseModel, doc: YamlDocument, path: PathKey = ()) -> Iterator[Ref]:
    """Every reference (fields typed with :class:`RefTo`) inside ``model``."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        kind = _ref_kind(info.annotation)
        if kind:
            if isinstance(value, str):
                yield Ref(kind, value, doc, (*path, name))
            elif isinstance(value, list | tuple):
                for i, item in enumerate(value):
                    if isinstance(item, str):
                        yield Ref(kind, item, doc, (*path, name, i))
            continue
        if isinstance(value, BaseModel):
            yield from references(value, doc, (*path, name))
        elif isinstance(value, list | tuple):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from references(item, doc, (*path, name, i))


def provided(model: BaseModel, doc: YamlDocument) -> Iterator[Ref]:
    """The ids a document defines, with where it defines them."""
    if isinstance(model, Framework):
        yield Ref("framework", model.id, doc, ("id",))
        for i, item in enumerate(model.items):
            yield Ref("framework-item", f"{model.id}/{item.id}", doc, ("items", i, "id"))
    elif isinstance(model, Les):
        yield Ref("les", str(model.number), doc, ("number",))
        for i, stap in enumerate(model.stappen):
            yield Ref("stap", stap.id, doc, ("stappen", i, "id"))
    elif hasattr(model, "examples") and getattr(model, "kind", None) == "examples":
        for i, ex in enumerate(model.examples):  # type: ignore[attr-defined]
            yield Ref("example", ex.id, doc, ("examples", i, "id"))
    elif getattr(model, "kind", None) == "sources":
        for i, src in enumerate(model.sources):  # type: ignore[attr-defined]
            yield Ref("source", src.id, doc, ("sources", i, "id"))
    else:
        kind = str(model.kind)
        ident = getattr(model, "id", None)
        yield Ref(kind, str(ident) if ident is not None else kind, doc, ("id",) if ident is not None else ("kind",))


# --- whole sets of files -----------------------------------------------------------


@dataclass
class LoadResult:
    models: list[tuple[YamlDocument, BaseModel]]
    problems: list[Problem]


def yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in {".yaml", ".yml"} and p.is_file())


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


def check_paths(paths: Iterable[Path] = (), data_dir: Path | None = None) -> list[Problem]:
    """What ``handreiking check`` reports: ``data/`` alone, or ``data/`` plus the given files.

    Given files are validated together with ``data/`` so that their references
    (a step, a framework, a source) resolve against the handreiking's content.
    """
    folder = data_dir or DATA_DIR
    extra = [Path(p) for p in paths]
    missing = [Problem(str(p), None, "", "dit bestand of deze map bestaat niet.") for p in extra if not p.exists()]
    files: list[Path] = []
    for p in extra:
        if p.is_dir():
            files.extend(yaml_files(p))
        elif p.exists():
            files.append(p)
    result = validate_files([*files, *yaml_files(folder)])
    problems = missing + result.problems
    if not extra:
        problems += completeness_problems(result, folder)
    return sorted(problems)


def build_content(result: LoadResult) -> Content:
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
    """Load and validate all of ``data/`` (plus ``extra`` files or folders, e.g. a trainer's cases).

    Raises :class:`ContentError` listing every problem; never returns partial content.
    """
    folder = data_dir or DATA_DIR
    files: list[Path] = []
    for p in extra:
        p = Path(p)
        files.extend(yaml_files(p) if p.is_dir() else [p])
    result = validate_files([*yaml_files(folder), *files])
    problems = result.problems + completeness_problems(result, folder)
    if problems:
        raise ContentError(problems)
    return build_content(result)


def documents_of(kind: str, content: Content | None = None) -> list[Any]:
    """All documents of ``kind`` in ``content`` (default: the bundled data/); a Dutch KeyError when none."""
    found = (content if content is not None else bundled_content()).of_kind(kind)
    if not found:
        raise KeyError(f"Er is geen bestand met 'kind: {kind}' in data/.")
    return found


def document_of(kind: str, content: Content | None = None) -> Any:
    """The (first) document of ``kind``, e.g. a scenario's model file."""
    return documents_of(kind, content)[0]


@cache
def bundled_content() -> Content:
    """The bundled ``data/``, loaded once per process (what apps and notebooks use)."""
    return load_content()


# --- only what one app needs -------------------------------------------------------

ALWAYS_LOADED = ("introduction", "background")
"""Kinds :func:`load_documents` always loads, so that a :class:`Content` is always complete in type."""

_PROVIDES: dict[str, tuple[str, ...]] = {
    "framework": ("framework", "framework-item"),
    "les": ("les", "stap"),
    "examples": ("example",),
    "sources": ("source",),
}
"""The kinds of id a file of some kind defines, where they differ from the file's kind (see :func:`provided`)."""

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

    Much cheaper than :func:`load_content` when an app uses a few files: the other files are not
    parsed. The files loaded are validated exactly as :func:`load_content` does (schema, the models'
    own checks, duplicate ids), and so are their references to loaded kinds and to steps. References
    to kinds not loaded, and the completeness of the lessons, are left to the full check
    (``handreiking check`` and the tests): an app only resolves references to kinds it loads.
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
    ref_kinds = {"stap", *(k for kind in wanted for k in _PROVIDES.get(kind, (kind,)))}
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
