"""Pydantic's validation errors as Dutch sentences for trainers: what was expected, what was found.

:func:`dutch_message` words one error; :func:`error_path` trims pydantic's location to the
keys that exist in the user's file, so the line of the problem can be found.
"""

from __future__ import annotations

import difflib
import typing
from typing import Any

from pydantic import BaseModel

from .errors import describe_value
from .yamlfile import PathKey

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


def error_path(loc: tuple[Any, ...], data: Any) -> PathKey:
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


def dutch_message(err: dict[str, Any], model_cls: type[BaseModel]) -> str:
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
