"""Read one YAML file, keeping the line of every field so errors can point at it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Problem

try:  # the C loader is several times faster; fall back where libyaml is missing
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

PathKey = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """The data of one file and the line (1-based) of each field path in it."""

    display: str
    data: Any = None
    lines: dict[PathKey, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line(self, path: PathKey) -> int | None:
        """The line of ``path`` or of its nearest parent that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_yaml(path: Path) -> YamlDocument:
    """Parse ``path``; problems (not UTF-8, empty, bad syntax, duplicate keys) go in ``.problems``."""
    doc = YamlDocument(display=display_path(path))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        doc.problems.append(Problem(doc.display, None, "", f"het bestand kan niet worden gelezen ({exc.strerror})."))
        return doc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        doc.problems.append(
            Problem(
                doc.display,
                line,
                "",
                f"het bestand is geen UTF-8-tekst (byte 0x{raw[exc.start]:02x} op positie {exc.start} "
                "is ongeldig). Sla het bestand op met de codering UTF-8.",
            )
        )
        return doc
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        doc.problems.append(
            Problem(
                doc.display, None, "", "het bestand is leeg; verwacht een YAML-document dat begint met 'kind: ...'."
            )
        )
        return doc
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            doc.problems.append(Problem(doc.display, None, "", "het bestand bevat geen gegevens."))
            return doc
        _collect_lines(node, (), doc)
        doc.data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = f", kolom {mark.column + 1}" if mark else ""
        what = exc.problem or "onbekende fout"
        doc.problems.append(
            Problem(
                doc.display,
                line,
                "",
                f"YAML-syntaxfout{col}: {what}. Controleer inspringing, dubbele punten en aanhalingstekens.",
            )
        )
    except yaml.YAMLError as exc:
        doc.problems.append(Problem(doc.display, None, "", f"YAML-fout: {exc}"))
    finally:
        loader.dispose()
    return doc


def _collect_lines(node: Node, path: PathKey, doc: YamlDocument) -> None:
    doc.lines[path] = node.start_mark.line + 1
    if isinstance(node, MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                doc.problems.append(
                    Problem(
                        doc.display,
                        line,
                        _format((*path, key)),
                        f"het veld '{key}' staat twee keer in dezelfde groep (eerder op regel {seen[key]}); "
                        "de eerste waarde zou stil verloren gaan. Houd er één over.",
                    )
                )
            seen[key] = line
            doc.lines[(*path, key)] = line
            _collect_lines(value_node, (*path, key), doc)
            doc.lines[(*path, key)] = line
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            _collect_lines(item, (*path, i), doc)


def _format(path: PathKey) -> str:
    return format_path(path)


def format_path(path: PathKey) -> str:
    """``("stappen", 0, "title")`` -> ``stappen #1 › title`` (list positions count from 1)."""
    parts: list[str] = []
    for part in path:
        if isinstance(part, int):
            parts.append(f"#{part + 1}")
        else:
            parts.append(str(part))
    out = ""
    for part in parts:
        if not out:
            out = part
        elif part.startswith("#"):
            out += f" {part}"
        else:
            out += f" › {part}"
    return out
